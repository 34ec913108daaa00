"""The OpenAPI 3.1 description, generated from the route declarations and their pydantic models.

Nothing is written by hand: a route that exists is described, with who may call it (its
security and the ``x-access`` extension) and every error it can answer with our error body.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from .errors import ErrorBody
from .routing import FORM, JSON, RouteSpec

REF = "#/components/schemas/{model}"
ERROR_TEXT = {
    400: "Feil i forespørselen (feltene er forklart i «fields»).",
    401: "Ikke innlogget, eller ugyldig token.",
    403: "Ingen tilgang, eller manglende/feil CSRF-kode.",
    404: "Finnes ikke.",
    405: "Metoden er ikke tillatt på denne adressen.",
    409: "Konflikt med det som allerede er lagret.",
    413: "Forespørselen er for stor.",
    415: "Feil innholdstype.",
    422: "Idempotensnøkkelen er brukt for en annen forespørsel.",
    500: "Uventet feil hos oss.",
    503: "Midlertidig utilgjengelig.",
}


def _models(routes: list[RouteSpec]) -> list[type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {"ErrorBody": ErrorBody}
    for spec in routes:
        for model in (spec.body, spec.response):
            if model is not None:
                found[model.__name__] = model
    return list(found.values())


def _error_statuses(spec: RouteSpec) -> list[int]:
    statuses = set(spec.errors) | {405, 500}
    if spec.access.needs_sign_in:
        statuses |= {401, 403}
    if spec.method in ("POST", "PUT", "PATCH", "DELETE"):
        statuses |= {403, 413, 415}
    if spec.body is not None:
        statuses |= {400}
    if spec.access.name == "local_only":
        statuses |= {404}
    return sorted(statuses)


def _operation(spec: RouteSpec) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": spec.name,
        "summary": spec.summary,
        "description": f"Tilgang: {spec.access.description}",
        "x-access": spec.access.name,
        "security": (
            [{"sessionCookie": []}, {"bearerToken": []}] if spec.access.needs_sign_in else []
        ),
    }
    params = re.findall(r"{(\w+)}", spec.path)
    if params:
        operation["parameters"] = [
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": {"type": "string", "maxLength": 200},
            }
            for name in params
        ]
    if spec.body is not None:
        ref = {"$ref": REF.format(model=spec.body.__name__)}
        operation["requestBody"] = {
            "required": True,
            "content": {JSON: {"schema": ref}, FORM: {"schema": ref}},
        }
    ok: dict[str, Any] = {"description": "OK"}
    if spec.response is not None:
        ok["content"] = {JSON: {"schema": {"$ref": REF.format(model=spec.response.__name__)}}}
    responses: dict[str, Any] = {str(spec.status): ok}
    for status in _error_statuses(spec):
        responses[str(status)] = {"$ref": f"#/components/responses/E{status}"}
    operation["responses"] = responses
    return operation


def describe(server_url: str) -> dict[str, Any]:
    from .app import all_routes

    routes = all_routes()
    models = [(m, "serialization") for m in _models(routes)]
    _, schemas = models_json_schema(models, ref_template=REF)  # type: ignore[arg-type]
    paths: dict[str, dict[str, Any]] = {}
    for spec in routes:
        paths.setdefault(f"/api{spec.path}", {})[spec.method.lower()] = _operation(spec)
    error_ref = {"$ref": REF.format(model="ErrorBody")}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "LIS1 API",
            "version": "1",
            "description": "Søknader, tilbud og kompetanseportefølje for LIS1. Alle feil har "
            "kroppen ErrorBody med en maskinlesbar kode og en norsk melding.",
        },
        "servers": [{"url": server_url}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": schemas.get("$defs", {}),
            "securitySchemes": {
                "sessionCookie": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "lis1_session",
                    "description": "Settes ved innlogging i nettleseren. Endringer "
                    "krever i tillegg X-CSRF-Token eller skjemafeltet csrf_token.",
                },
                "bearerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "Tilgangstoken fra HelseID (lokalt: utviklingsutstederen).",
                },
            },
            "responses": {
                f"E{status}": {"description": text, "content": {JSON: {"schema": error_ref}}}
                for status, text in ERROR_TEXT.items()
            },
        },
    }
