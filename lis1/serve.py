"""The local server: site, feeds and API on one origin, served by waitress on 127.0.0.1 only.

waitress reads requests asynchronously (a half-sent request holds no thread), keeps a real
listen backlog, times out idle connections and refuses malformed framing (a bad Content-Length)
with a 400, which is worded here in Norwegian like every other error. Only the configured host
names are served, so a page on another site cannot reach this one through DNS rebinding.

Static files come from the built site (feeds as text/calendar, the site's 404 page for unknown
paths), every answer with the security headers CloudFront adds in production, from the same
source (:func:`lis1.site.headers.static_headers`), so the browser tests meet its CSP. Paths
below a mounted prefix (``/api/``, and locally ``/dev-issuer/``) go, as sent and still
percent-encoded, to a handler in the same process. ``/en/api/...`` goes to the ``/api/``
handler with ``/en`` stripped and ``X-Lis1-Sprak: en`` added, as the CloudFront function does in
production; that header is the address's alone, so one a client sends is dropped. Nothing
personal is logged: method, path without query, status.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import os
from collections.abc import Callable, Iterable
from http import HTTPStatus
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote_to_bytes, urlsplit

from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import ErrorTask

from .site.headers import static_headers

log = logging.getLogger("lis1.serve")

CONTENT_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
}
MAX_BODY = 1024 * 1024
ENGLISH_API = "/en/api/"
LANGUAGE_HEADER = "x-lis1-sprak"
"""As :data:`lis1.api.localized_links.LANGUAGE_HEADER` (not imported: the static server loads
no API code)."""
STATIC_METHODS = ("GET", "HEAD", "OPTIONS")

Headers = list[tuple[str, str]]
Mounted = Callable[[str, str, dict[str, str], bytes], tuple[int, Headers, bytes]]
"""(method, target as sent: path and query, percent-encoded; headers; body) -> answer."""


def error_document(code: str, message: str) -> bytes:
    return json.dumps({"code": code, "message": message, "fields": {}}, ensure_ascii=False).encode()


def _json(
    status: int, code: str, message: str, extra: Iterable[tuple[str, str]] = ()
) -> tuple[int, Headers, bytes]:
    return (
        status,
        [("Content-Type", "application/json; charset=utf-8"), *extra],
        error_document(code, message),
    )


# Framing errors waitress answers before the application sees the request, in our words.
_FRAMING = {
    400: ("ugyldig_forespørsel", "Forespørselen kunne ikke leses (feil i HTTP-hodene)."),
    413: ("for_stor_forespørsel", f"Forespørselen er for stor: høyst {MAX_BODY // 1024} kB."),
    431: ("for_store_hoder", "HTTP-hodene i forespørselen er for store."),
    500: ("intern_feil", "Noe gikk galt hos oss. Prøv igjen om litt."),
}


class _NorwegianErrors(ErrorTask):
    def execute(self) -> None:
        status = int(getattr(self.request, "error").code)  # noqa: B009  (not in the stubs)
        code, message = _FRAMING.get(status, _FRAMING[400])
        body = error_document(code, message)
        self.status = f"{status} {HTTPStatus(status).phrase}"
        self.response_headers = [
            *self.response_headers,
            ("Content-Type", "application/json; charset=utf-8"),
        ]
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _Channel(HTTPChannel):
    error_task_class = _NorwegianErrors


class SiteApp:
    """The WSGI application: host check, mounted handlers, then the built site."""

    def __init__(self, site: Path, mounts: dict[str, Mounted] | None = None) -> None:
        self.site = site.resolve()
        self.static_headers: Headers = list(static_headers(self.site).items())
        """What CloudFront's response headers policy adds in production (the CSP allows the
        inline scripts of the site as built now; ``make serve`` restarts after a rebuild)."""
        self.mounts: dict[str, Mounted] = dict(mounts or {"/api/": api_not_here})
        self.host = ""
        """The Host header served (127.0.0.1:PORT); empty until the port is known."""
        self.alias = ""
        """localhost:PORT: sent on to :attr:`host`."""

    @property
    def origin(self) -> str:
        return f"http://{self.host}"

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        target = _target(environ)
        try:
            status, headers, body = self._answer(environ, method, target)
        except Exception:
            log.exception("Uventet feil i den lokale serveren: %s", method)
            status, headers, body = _json(500, *_FRAMING[500])
        given = [v for k, v in headers if k.lower() == "content-length"]
        # A HEAD the API already answered without a body says the length GET would have.
        length = given[0] if method == "HEAD" and given and not body else str(len(body))
        headers = [(k, v) for k, v in headers if k.lower() not in ("content-length", "connection")]
        headers.append(("Content-Length", length))
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        print(f"{method} {urlsplit(target).path} -> {status}", flush=True)
        return [b"" if method == "HEAD" else body]

    def _answer(
        self, environ: dict[str, Any], method: str, target: str
    ) -> tuple[int, Headers, bytes]:
        host = str(environ.get("HTTP_HOST", "")).lower()
        if host == self.alias and method in ("GET", "HEAD"):
            # Sign-in cookies and the Origin check belong to one address: lead there.
            return 308, [("Location", self.origin + target)], b""
        if host == self.alias:
            return _json(
                421,
                "bruk_127_0_0_1",
                f"Bruk adressen {self.origin}/ (innlogging og skjemaer virker bare der).",
            )
        if host != self.host:
            return _json(
                421,
                "ukjent_vert",
                "Denne serveren svarer bare på adressen den skrev ut da den startet.",
            )
        path = urlsplit(target).path
        sent = _headers(environ)
        sent.pop(LANGUAGE_HEADER, None)
        if path == ENGLISH_API.rstrip("/") or path.startswith(ENGLISH_API):
            target, path = target.removeprefix("/en"), path.removeprefix("/en")
            sent[LANGUAGE_HEADER] = "en"
        for prefix, handler in self.mounts.items():
            if path == prefix.rstrip("/") or path.startswith(prefix):
                body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
                return handler(method, target, sent, body)
        status, headers, body = self._static_answer(method, target)
        return status, [*headers, *self.static_headers], body

    def _static_answer(self, method: str, target: str) -> tuple[int, Headers, bytes]:
        if method == "OPTIONS":
            return 204, [("Allow", ", ".join(STATIC_METHODS))], b""
        if method not in STATIC_METHODS:
            return _json(
                405,
                "metode_ikke_tillatt",
                "Denne adressen støtter ikke denne metoden.",
                [("Allow", ", ".join(STATIC_METHODS))],
            )
        return self._static(target)

    def _static(self, target: str) -> tuple[int, Headers, bytes]:
        parts = urlsplit(target)
        try:
            path = unquote_to_bytes(parts.path).decode("utf-8")
        except UnicodeDecodeError:
            return self._missing("/")
        segments = path.split("/")
        if "\x00" in path or "\\" in path or ".." in segments or not path.startswith("/"):
            return self._missing(path)
        file = (self.site / path.lstrip("/")).resolve()
        if not file.is_relative_to(self.site):
            return self._missing(path)
        if file.is_dir():
            if not path.endswith("/"):
                query = f"?{parts.query}" if parts.query else ""
                return 301, [("Location", parts.path + "/" + query)], b""
            file = file / "index.html"
        if not file.is_file():
            return self._missing(path)
        kind = CONTENT_TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0]
        return (
            200,
            [("Content-Type", kind or "application/octet-stream")],
            (file.read_bytes()),
        )

    def _missing(self, path: str) -> tuple[int, Headers, bytes]:
        """The site's 404 page in the address's language, as the CloudFront function does."""
        english = path == "/en" or path.startswith("/en/")
        page = self.site / ("en/404.html" if english else "404.html")
        body = page.read_bytes() if page.is_file() else b"<!doctype html><title>Fant ikke siden"
        return 404, [("Content-Type", "text/html; charset=utf-8")], body


def _target(environ: dict[str, Any]) -> str:
    """The request target as sent (percent-encoding kept): API Gateway decodes path parameters
    only after matching the route, so an encoded slash stays inside its segment."""
    raw = str(environ.get("REQUEST_URI") or environ.get("PATH_INFO") or "/")
    if raw.startswith(("http://", "https://")):  # absolute form
        parts = urlsplit(raw)
        raw = parts.path + (f"?{parts.query}" if parts.query else "")
    return raw


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    headers = {
        key[5:].replace("_", "-").lower(): str(value)
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").lower()] = str(environ[key])
    return headers


def api_not_here(
    method: str, target: str, headers: dict[str, str], body: bytes
) -> tuple[int, Headers, bytes]:
    """What /api/ answers when only the static site is served."""
    return _json(501, "api_ikke_tilgjengelig", "API-et kjører ikke her.")


class LocalServer:
    """waitress on 127.0.0.1:``port`` (0: a free port) serving :class:`SiteApp`."""

    def __init__(self, site: Path, port: int, mounts: dict[str, Mounted] | None = None) -> None:
        self.app = SiteApp(site, mounts)
        # Any: the waitress stubs lack effective_port and channel_class on the server.
        self._server = cast(
            Any,
            create_server(
                self.app,
                host="127.0.0.1",
                port=port,
                ident="lis1",
                threads=8,
                backlog=2048,
                connection_limit=1000,
                channel_timeout=30,
                max_request_body_size=MAX_BODY,
                max_request_header_size=64 * 1024,
                asyncore_use_poll=True,
                expose_tracebacks=False,
                clear_untrusted_proxy_headers=True,
            ),
        )
        self._server.channel_class = _Channel
        self.port = int(self._server.effective_port)
        self.app.host, self.app.alias = f"127.0.0.1:{self.port}", f"localhost:{self.port}"

    @property
    def origin(self) -> str:
        return self.app.origin

    @property
    def mounts(self) -> dict[str, Mounted]:
        return self.app.mounts

    @mounts.setter
    def mounts(self, value: dict[str, Mounted]) -> None:
        self.app.mounts = dict(value)

    def serve_forever(self) -> None:
        """Serve until :meth:`shutdown` (another thread) or KeyboardInterrupt (this one)."""
        self._server.run()

    def shutdown(self) -> None:
        self._server.close()


def make_server(site: Path, port: int, mounts: dict[str, Mounted] | None = None) -> LocalServer:
    return LocalServer(site, port, mounts)


def port_from_env(port: int | None) -> int:
    return port if port is not None else int(os.environ.get("PORT", "8000"))
