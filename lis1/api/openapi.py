"""The OpenAPI 3.1 description, generated from the route declarations and their pydantic models.

Nothing is written by hand: a route that exists is described, with who may call it (its
security and the ``x-access`` extension) and every error it can answer with our error body.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from ..i18n import N_, _
from .errors import ErrorBody
from .inputs import PATH_PARAMS, Param
from .pipeline import IDEMPOTENCY_KEY
from .registry import FORM, HTML, JSON, LOCAL, RouteSpec

REF = "#/components/schemas/{model}"
ERROR_TEXT = {
    400: N_("Feil i forespørselen (feltene er forklart i «fields»)."),
    401: N_("Ikke innlogget, eller ugyldig token."),
    403: N_("Ingen tilgang, eller manglende/feil CSRF-kode."),
    404: N_("Finnes ikke."),
    405: N_("Metoden er ikke tillatt på denne adressen."),
    409: N_("Konflikt med det som allerede er lagret."),
    413: N_("Forespørselen er for stor."),
    415: N_("Feil innholdstype."),
    422: N_("Idempotensnøkkelen er brukt for en annen forespørsel."),
    500: N_("Uventet feil hos oss."),
    503: N_("Midlertidig utilgjengelig."),
}


def _models(routes: list[RouteSpec]) -> list[type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {"ErrorBody": ErrorBody}
    for spec in routes:
        for model in (spec.body, spec.response):
            if model is not None:
                found[model.__name__] = model
    return list(found.values())


def _error_statuses(spec: RouteSpec) -> list[int]:
    # Any caller may send a bearer token that is refused (401), and the store may be down (503).
    statuses = set(spec.errors) | {401, 405, 500, 503}
    if spec.access.needs_sign_in:
        statuses |= {403}
    if spec.method in ("POST", "PUT", "PATCH", "DELETE"):
        statuses |= {403, 413, 415}
    if spec.body is not None or spec.query or "{" in spec.path:
        statuses |= {400}
    if spec.idempotent:
        statuses |= {400, 409, 422}
    if spec.access in LOCAL:
        statuses |= {404}
    return sorted(statuses)


def _param(where: str, param: Param, *, required: bool) -> dict[str, Any]:
    described: dict[str, Any] = {
        "name": param.name,
        "in": where,
        "required": required,
        "schema": {"type": "string", "pattern": f"^(?:{param.pattern})$"},
    }
    if param.description or param.expected:
        described["description"] = (
            _(param.description) if param.description else (_(param.expected).capitalize())
        )
    return described


def _parameters(spec: RouteSpec) -> list[dict[str, Any]]:
    found = [
        _param("path", PATH_PARAMS[name], required=True)
        for name in re.findall(r"{(\w+)}", spec.path)
    ]
    found += [_param("query", param, required=False) for param in spec.query]
    if spec.idempotent:
        found.append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "description": _(
                    "Sendes forespørselen igjen med samme nøkkel, utføres den bare én gang: "
                    "svaret er det første så lenge det står ved lag, ellers 409. Samme nøkkel "
                    "med annet innhold gir 422. Skjemaer sender den som feltet idempotency_key."
                ),
                "schema": {"type": "string", "pattern": f"^{IDEMPOTENCY_KEY}$"},
            }
        )
    return found


def _operation(spec: RouteSpec) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": spec.name,
        "summary": _(spec.summary),
        "description": _("Tilgang: {access}").format(access=_(spec.access.description)),
        "x-access": spec.access.name,
        "security": (
            [{"sessionCookie": []}, {"bearerToken": []}] if spec.access.needs_sign_in else []
        ),
    }
    parameters = _parameters(spec)
    if parameters:
        operation["parameters"] = parameters
    if spec.body is not None:
        ref = {"$ref": REF.format(model=spec.body.__name__)}
        operation["requestBody"] = {
            "required": True,
            "content": {JSON: {"schema": ref}, FORM: {"schema": ref}},
        }
    ok: dict[str, Any] = {"description": "OK"}
    content: dict[str, Any] = {}
    if spec.response is not None:
        content[JSON] = {"schema": {"$ref": REF.format(model=spec.response.__name__)}}
    for media in spec.media:
        content[media] = {"schema": {"type": "string"}}
    if content:
        ok["content"] = content
    responses: dict[str, Any] = {str(spec.status): ok}
    if spec.forms:
        responses["303"] = {
            "description": _("Skjema sendt uten JavaScript: videre til siden med resultatet."),
            "headers": {"Location": {"schema": {"type": "string"}}},
        }
    if spec.method == "GET" and spec.access.needs_sign_in:
        responses["303"] = {
            "description": _(
                "Nettleser som ikke er logget inn (Accept: text/html): videre til innloggingen."
            ),
            "headers": {"Location": {"schema": {"type": "string"}}},
        }
    for status in _error_statuses(spec):
        responses[str(status)] = {"$ref": f"#/components/responses/E{status}"}
    operation["responses"] = responses
    return operation


def describe(routes: list[RouteSpec], server_url: str) -> dict[str, Any]:
    models = [(m, "serialization") for m in _models(routes)]
    _refs, schemas = models_json_schema(models, ref_template=REF)  # type: ignore[arg-type]
    paths: dict[str, dict[str, Any]] = {}
    for spec in routes:
        paths.setdefault(f"/api{spec.path}", {})[spec.method.lower()] = _operation(spec)
    error_ref = {"$ref": REF.format(model="ErrorBody")}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "LIS1 API",
            "version": "1",
            "description": _(
                "Søknader, tilbud og kompetanseportefølje for LIS1. Alle feil har kroppen "
                "ErrorBody med en maskinlesbar kode og en norsk melding."
            ),
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
                    "description": _(
                        "Settes ved innlogging i nettleseren. Endringer krever i tillegg "
                        "X-CSRF-Token eller skjemafeltet csrf_token."
                    ),
                },
                "bearerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": _("Tilgangstoken fra HelseID (lokalt: utviklingsutstederen)."),
                },
            },
            "responses": {
                f"E{status}": {
                    "description": _(text),
                    "content": {
                        JSON: {"schema": error_ref},
                        HTML: {"schema": {"type": "string"}},  # for browsers, Accept: text/html
                    },
                }
                for status, text in ERROR_TEXT.items()
            },
        },
    }
