"""The one error table: every failure becomes ``{"code", "message", "fields"}`` with one status.

Domain errors map by class, never by matching message text. Errors that arise before our code
runs (unknown paths, wrong methods, Chalice's own checks) are rewritten into the same body.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, Field

from ..errors import (
    Conflict,
    DeadlinePassed,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    Unauthenticated,
    Unavailable,
    Unprocessable,
)
from ..i18n import N_


class ErrorBody(BaseModel):
    """Every error response of the API has exactly this body."""

    code: str = Field(description="Maskinlesbar kode, f.eks. ugyldig_forespørsel.")
    message: str = Field(description="Forklaring på norsk, til den som bruker tjenesten.")
    fields: dict[str, str] = Field(
        default_factory=dict, description="Felt med feil, og hva som er galt med hvert."
    )


class PayloadTooLarge(DomainError):
    code = "for_stor_forespørsel"
    message = N_("Forespørselen er for stor.")


class UnsupportedMediaType(DomainError):
    code = "feil_innholdstype"
    message = N_(
        "Send data som JSON (application/json) eller som skjema "
        "(application/x-www-form-urlencoded)."
    )


class MethodNotAllowed(DomainError):
    code = "metode_ikke_tillatt"
    message = N_("Denne adressen støtter ikke denne metoden.")


class NoSuchPath(DomainError):
    code = "finnes_ikke"
    message = N_("Denne adressen finnes ikke i API-et.")


class Throttled(DomainError):
    code = "for_mange_forespørsler"
    message = N_("Tjenesten har svært mange forespørsler akkurat nå. Vent litt og prøv igjen.")


class GatewayTimeout(DomainError):
    code = "tidsavbrudd"
    message = N_(
        "Svaret tok for lang tid. Se etter om det du sendte er lagret før du prøver igjen."
    )


class InternalError(DomainError):
    code = "intern_feil"
    message = N_("Noe gikk galt hos oss. Prøv igjen om litt; vedvarer feilen, kontakt oss.")


STATUS: dict[type[DomainError], int] = {
    InvalidInput: 400,
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    NoSuchPath: 404,
    MethodNotAllowed: 405,
    Conflict: 409,
    DeadlinePassed: 409,
    PayloadTooLarge: 413,
    UnsupportedMediaType: 415,
    Unprocessable: 422,
    Throttled: 429,
    InternalError: 500,
    Unavailable: 503,
    GatewayTimeout: 504,
}

# API Gateway's answers before our code runs (unknown path, throttling …), by response type.
# None keeps the status API Gateway chose and gives only the body.
_GATEWAY: dict[str, tuple[type[DomainError], int | None]] = {
    "MISSING_AUTHENTICATION_TOKEN": (NoSuchPath, 404),
    "RESOURCE_NOT_FOUND": (NoSuchPath, 404),
    "THROTTLED": (Throttled, 429),
    "QUOTA_EXCEEDED": (Throttled, 429),
    "REQUEST_TOO_LARGE": (PayloadTooLarge, 413),
    "UNSUPPORTED_MEDIA_TYPE": (UnsupportedMediaType, 415),
    "INTEGRATION_TIMEOUT": (GatewayTimeout, 504),
    "DEFAULT_4XX": (InvalidInput, None),
    "DEFAULT_5XX": (InternalError, None),
}


def status_of(error: DomainError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def error_body(error: DomainError) -> dict[str, Any]:
    return ErrorBody(code=error.code, message=error.message, fields=error.fields).model_dump()


# Chalice answers some requests itself, with {"Code": ..., "Message": ...}.
_CHALICE_CODES: dict[str, type[DomainError]] = {
    "MethodNotAllowedError": MethodNotAllowed,
    "UnsupportedMediaType": UnsupportedMediaType,
    "BadRequest": InvalidInput,
    "BadRequestError": InvalidInput,
    "NotFoundError": NoSuchPath,
    "InternalServerError": InternalError,
}


def gateway_responses() -> dict[str, tuple[int | None, str]]:
    """API Gateway's response types with the status and the JSON body of our error table."""
    return {
        kind: (status, json.dumps(error_body(error())))
        for kind, (error, status) in _GATEWAY.items()
    }


def rewrite_foreign_error(status: int, body: str | bytes | None) -> DomainError | None:
    """Our error for a body that Chalice or the gateway produced; None for any other body
    (ours, or an HTML page we rendered on purpose)."""
    try:
        parsed = json.loads(body or b"")
    except (ValueError, TypeError):
        parsed = None
    if isinstance(parsed, dict) and {"code", "message"} <= parsed.keys():
        return None
    if isinstance(parsed, dict) and "Code" in parsed:
        return _CHALICE_CODES.get(str(parsed["Code"]), InternalError)()
    if status == 403 and isinstance(parsed, dict) and set(parsed) == {"message"}:
        return NoSuchPath()  # API Gateway's "Missing Authentication Token" for unknown paths
    return None
