"""Calls the Chalice app the way API Gateway does, for the local server and the API tests.

The request becomes the same proxy event API Gateway sends Lambda: the route is matched on the
raw path, path parameters and query values are percent-decoded, HEAD runs the GET route without
a body. An unknown path gets our 404 error body, as the gateway responses configured in infra/
give it in AWS.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from chalice.app import Chalice
from chalice.local import LambdaContext, RouteMatcher

from ..i18n import locale
from .errors import NoSuchPath, error_body, status_of
from .localized_links import localized_page, request_language
from .pipeline import prefers_html
from .presenters.viewer import viewer
from .views import error_page


@dataclass(frozen=True)
class GatewayResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def json(self) -> object:
        return json.loads(self.body)


class ApiGateway:
    def __init__(self, app: Chalice) -> None:
        self._app = app
        self._matcher = RouteMatcher(list(app.routes))

    def mount(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """:meth:`handle` in the shape the local server mounts a handler (lis1/serve.py)."""
        reply = self.handle(method, target, headers, body)
        return reply.status, reply.headers, reply.body

    def handle(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> GatewayResponse:
        """``path`` as sent (percent-encoded, with its query string)."""
        parts = urlsplit(path)
        try:
            matched = self._matcher.match_route(parts.path)
        except ValueError:
            return _no_such_path(headers, path)
        query = parse_qs(parts.query, keep_blank_values=True)
        decoded_path = unquote(parts.path, errors="replace")
        event: dict[str, Any] = {
            "resource": matched.route,
            "path": decoded_path,
            "httpMethod": method.upper(),
            "requestContext": {
                "httpMethod": method.upper(),
                "resourcePath": matched.route,
                "path": decoded_path,
                "identity": {"sourceIp": "127.0.0.1"},
                "requestId": uuid.uuid4().hex,
            },
            "headers": {k.lower(): v for k, v in headers.items()},
            "pathParameters": {
                name: unquote(value, errors="replace") for name, value in matched.captured.items()
            }
            or None,
            "multiValueQueryStringParameters": query or None,
            "stageVariables": {},
            # Bytes that are not UTF-8 arrive base64-encoded, as API Gateway sends them.
            "body": base64.b64encode(body).decode("ascii") if body else None,
            "isBase64Encoded": bool(body),
        }
        result = self._app(event, LambdaContext("lis1", 512))
        pairs = [(k, str(v)) for k, v in (result.get("headers") or {}).items()]
        for name, values in (result.get("multiValueHeaders") or {}).items():
            pairs += [(name, str(v)) for v in values]
        raw = result.get("body") or ""
        data = base64.b64decode(raw) if result.get("isBase64Encoded") else raw.encode("utf-8")
        if method.upper() == "HEAD":
            pairs = [(k, v) for k, v in pairs if k.lower() != "content-length"]
            pairs.append(("Content-Length", str(len(data))))
            data = b""
        return GatewayResponse(int(result["statusCode"]), pairs, data)


def _no_such_path(headers: dict[str, str], path: str) -> GatewayResponse:
    """Our 404 in the caller's language; a page in the shell, as the app's own pages are."""
    lowered = {name.lower(): value for name, value in headers.items()}
    language = request_language(lowered)
    with locale(language):
        error = NoSuchPath()
        if prefers_html(lowered):
            page = error_page(error, viewer(None, "", path))
            address, _sep, query = path.partition("?")
            html = localized_page(
                str(page.body), path=unquote(address), query=query, language=language
            )
            return GatewayResponse(
                page.status_code,
                [("Content-Type", "text/html; charset=utf-8")],
                html.encode("utf-8"),
            )
        body = error_body(error)
    return GatewayResponse(
        status_of(error),
        [("Content-Type", "application/json; charset=utf-8")],
        json.dumps(body, ensure_ascii=False).encode(),
    )
