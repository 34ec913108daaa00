"""The kinds of error a use case can end in, each with a machine-readable code and a message.

The API turns each class into one HTTP status (lis1/api/errors.py); nothing matches on text.
Class messages are marked for the catalogue and translated when an error is made, in the
locale of the request. The errors a rule or a store raises by name are in lis1/domain/errors.py.
"""

from __future__ import annotations

from .i18n import N_, _


class DomainError(Exception):
    code = "feil"
    message = N_("Noe gikk galt.")

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        fields: dict[str, str] | None = None,
    ) -> None:
        self.message = message or _(type(self).message)
        self.code = code or type(self).code
        self.fields = fields or {}
        super().__init__(self.message)


class InvalidInput(DomainError):
    code = "ugyldig_forespørsel"
    message = N_("Forespørselen har feil. Se feltene som er markert.")


class Unauthenticated(DomainError):
    code = "ikke_innlogget"
    message = N_("Du må logge inn for å gjøre dette.")


class Forbidden(DomainError):
    code = "ingen_tilgang"
    message = N_("Du har ikke tilgang til dette.")


class NotFound(DomainError):
    code = "finnes_ikke"
    message = N_("Fant ikke det du ba om.")


class Conflict(DomainError):
    code = "konflikt"
    message = N_("Dette er allerede gjort, eller noen andre har endret det i mellomtiden.")


class Unprocessable(DomainError):
    """Well-formed, but it cannot be done as asked (an idempotency key reused for another
    request)."""

    code = "kan_ikke_utføres"
    message = N_("Forespørselen kan ikke utføres slik den er.")


class DeadlinePassed(DomainError):
    code = "fristen_er_ute"
    message = N_("Fristen er ute.")


class Unavailable(DomainError):
    code = "midlertidig_utilgjengelig"
    message = N_("Tjenesten er midlertidig utilgjengelig. Prøv igjen om litt.")
