"""Errors the services raise, each with a machine-readable code and a Norwegian message.

The API turns each class into one HTTP status (lis1/api/errors.py); nothing matches on text.
"""

from __future__ import annotations


class DomainError(Exception):
    code = "feil"
    message = "Noe gikk galt."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        fields: dict[str, str] | None = None,
    ) -> None:
        self.message = message or type(self).message
        self.code = code or type(self).code
        self.fields = fields or {}
        super().__init__(self.message)


class InvalidInput(DomainError):
    code = "ugyldig_forespørsel"
    message = "Forespørselen har feil. Se feltene som er markert."


class Unauthenticated(DomainError):
    code = "ikke_innlogget"
    message = "Du må logge inn for å gjøre dette."


class Forbidden(DomainError):
    code = "ingen_tilgang"
    message = "Du har ikke tilgang til dette."


class NotFound(DomainError):
    code = "finnes_ikke"
    message = "Fant ikke det du ba om."


class Conflict(DomainError):
    code = "konflikt"
    message = "Dette er allerede gjort, eller noen andre har endret det i mellomtiden."


class Unprocessable(DomainError):
    """Well-formed, but it cannot be done as asked (an idempotency key reused for another
    request)."""

    code = "kan_ikke_utføres"
    message = "Forespørselen kan ikke utføres slik den er."


class DeadlinePassed(DomainError):
    code = "fristen_er_ute"
    message = "Fristen er ute."


class Unavailable(DomainError):
    code = "midlertidig_utilgjengelig"
    message = "Tjenesten er midlertidig utilgjengelig. Prøv igjen om litt."
