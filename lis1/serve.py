"""The project's own small server: site, feeds and API on one origin, 127.0.0.1 only.

Static files come from the built site (feeds as text/calendar). Paths below a mounted prefix
(``/api/``, and locally ``/dev-issuer/``) go to a handler in the same process. Nothing
personal is logged: method, path without query, status.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

CONTENT_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".xml": "application/xml",
}
MAX_BODY = 1024 * 1024

Headers = list[tuple[str, str]]
Mounted = Callable[[str, str, dict[str, str], dict[str, str], bytes], tuple[int, Headers, bytes]]
"""(method, path, query, headers, body) -> (status, headers, body)."""


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    mounts: dict[str, Mounted]

    def __init__(self, address: tuple[str, int], site: Path) -> None:
        super().__init__(address, partial(SiteHandler, site=site))
        self.mounts = {}


class SiteHandler(SimpleHTTPRequestHandler):
    server: SiteServer

    def __init__(self, *args: Any, site: Path, **kwargs: Any) -> None:
        # Set before the base class handles the request, which it does inside __init__.
        self.extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}
        super().__init__(*args, directory=str(site), **kwargs)

    def _mounted(self) -> bool:
        parts = urlsplit(self.path)
        for prefix, handler in self.server.mounts.items():
            if parts.path == prefix.rstrip("/") or parts.path.startswith(prefix):
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_BODY:
                    self._json(
                        413,
                        {
                            "code": "for_stor_forespørsel",
                            "message": "Forespørselen er for stor.",
                            "fields": {},
                        },
                    )
                    return True
                body = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                query = dict(parse_qsl(parts.query))
                status, reply_headers, reply = handler(
                    self.command, parts.path, query, headers, body
                )
                self.send_response(status)
                for name, value in reply_headers:
                    if name.lower() not in ("content-length", "connection"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(reply)
                return True
        return False

    def do_GET(self) -> None:
        if not self._mounted():
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._mounted():
            super().do_HEAD()

    def _write(self) -> None:
        if not self._mounted():
            self._json(
                405,
                {
                    "code": "metode_ikke_tillatt",
                    "message": "Denne adressen støtter ikke denne metoden.",
                    "fields": {},
                },
            )

    do_POST = do_PUT = do_PATCH = do_DELETE = _write

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        missing = Path(self.directory) / "404.html"
        if code == 404 and missing.is_file():
            body = missing.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def _json(self, status: int, document: dict[str, Any]) -> None:
        body = json.dumps(document, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        status = args[1] if len(args) > 1 and self.command else ""
        print(f"{self.command} {urlsplit(self.path).path} -> {status}", flush=True)


def api_not_here(
    method: str, path: str, query: dict[str, str], headers: dict[str, str], body: bytes
) -> tuple[int, Headers, bytes]:
    """What /api/ answers when only the static site is served."""
    document = {"code": "api_ikke_tilgjengelig", "message": "API-et kjører ikke her.", "fields": {}}
    return (
        501,
        [("Content-Type", "application/json; charset=utf-8")],
        json.dumps(document, ensure_ascii=False).encode(),
    )


def make_server(site: Path, port: int, mounts: dict[str, Mounted] | None = None) -> SiteServer:
    server = SiteServer(("127.0.0.1", port), site)
    server.mounts = dict(mounts or {"/api/": api_not_here})
    return server


def port_from_env(port: int | None) -> int:
    return port if port is not None else int(os.environ.get("PORT", "8000"))
