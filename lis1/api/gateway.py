"""Calls the Chalice app the way API Gateway does, for the local server and the API tests.

Chalice's own gateway emulation answers unknown paths itself (403 "Missing Authentication
Token", as API Gateway does); here that becomes our 404 error body. In AWS the same is done by
the gateway responses configured in infra/.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from chalice.app import Chalice
from chalice.config import Config as ChaliceConfig
from chalice.local import LocalGateway, LocalGatewayException

from .errors import NoSuchPath, error_body, rewrite_foreign_error, status_of


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
        self._gateway = LocalGateway(app, ChaliceConfig())

    def handle(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> GatewayResponse:
        try:
            result = self._gateway.handle_request(
                method=method.upper(), path=path, headers=headers, body=body
            )
        except LocalGatewayException as error:
            ours = rewrite_foreign_error(error.CODE, error.body) or NoSuchPath()
            return GatewayResponse(
                status_of(ours),
                [("Content-Type", "application/json; charset=utf-8")],
                json.dumps(error_body(ours), ensure_ascii=False).encode(),
            )
        pairs = [(k, str(v)) for k, v in (result.get("headers") or {}).items()]
        for name, values in (result.get("multiValueHeaders") or {}).items():
            pairs += [(name, str(v)) for v in values]
        raw = result.get("body") or ""
        data = base64.b64decode(raw) if result.get("isBase64Encoded") else raw.encode("utf-8")
        return GatewayResponse(int(result["statusCode"]), pairs, data)
