"""The project's own small server: the built site (with its feeds) on one origin, 127.0.0.1 only.

Feeds are served as text/calendar so calendar programs subscribe as they would in production.
``/api/`` is reserved for the API, which answers in the same origin.
"""

from __future__ import annotations

import json
import os
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CONTENT_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".xml": "application/xml",
}


class SiteHandler(SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, site: Path, **kwargs: Any) -> None:
        # Set before the base class handles the request, which it does inside __init__.
        self.extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}
        super().__init__(*args, directory=str(site), **kwargs)

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0].startswith("/api/"):
            self._api_not_here()
            return
        super().do_GET()

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

    def _api_not_here(self) -> None:
        body = json.dumps(
            {
                "code": "api_ikke_tilgjengelig",
                "message": "API-et er ikke tatt i bruk ennå.",
                "fields": {},
            },
            ensure_ascii=False,
        ).encode()
        self.send_response(501)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        # Paths only, no client addresses: nothing personal in logs.
        print(f"{self.command} {self.path.split('?', 1)[0]} -> {args[1] if len(args) > 1 else ''}")


def make_server(site: Path, port: int) -> ThreadingHTTPServer:
    return ThreadingHTTPServer(("127.0.0.1", port), partial(SiteHandler, site=site))


def serve_forever(site: Path, port: int | None) -> int:
    port = port if port is not None else int(os.environ.get("PORT", "8000"))
    server = make_server(site, port)
    print(f"Nettstedet: http://127.0.0.1:{server.server_port}/  (Ctrl-C for å stoppe)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nStoppet.")
    finally:
        server.server_close()
    return 0
