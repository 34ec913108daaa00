"""Applications (søknader) and receipts (kvitteringer): values and the rules that need no store.

One application per ad and applicant, and none to an ad of an organisation one administers:
the store keeps both in its transactions; :func:`conflicting_grants` says which roles those are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from ..identity import Grant, Role
from .ads import AdContent

ApplicationStatus = Literal["sendt", "trukket"]
ReceiptAction = Literal[
    "søknad sendt", "søknad trukket", "takket ja til tilbud", "takket nei til tilbud"
]

MAX_COVER_TEXT = 2000
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
"""31 symbols that cannot be mistaken for one another: no 0/O, 1/I/L."""
REFERENCE_PREFIX = "LIS1"
REFERENCE_LENGTH = 8
"""Random symbols in a reference: 31**8 ≈ 2**39.6 possible references."""
REFERENCE_BYTES = 8
"""Random bytes a caller passes to :func:`new_reference`: 64 bits for 39.6, so the modulo bias
is below 2**-24."""


@dataclass(frozen=True)
class Application:
    ad_id: str
    applicant: str
    """The applicant's subject (identity provider id)."""
    cover_text: str
    status: ApplicationStatus
    reference: str
    """The receipt reference of the latest change."""
    submitted_at: datetime
    changed_at: datetime
    version: int
    """Counted by the store: 1 for the first application, one more for every change since."""
    keep_until: datetime | None = None
    """When the retention rule removes it (:mod:`lis1.domain.retention`); None: not set."""


@dataclass(frozen=True)
class Receipt:
    """Proof of one change, shown on screen and sent by e-mail."""

    reference: str
    """Short, unambiguous and unguessable, e.g. «LIS1-7KQ3-M9TZ»."""
    at: datetime
    action: ReceiptAction
    ad_id: str
    applicant: str
    summary: str
    """One Norwegian sentence saying what happened, e.g. which position and when."""
    keep_until: datetime | None = None
    """When the retention rule removes it (:mod:`lis1.domain.retention`); None: not set."""


def new_reference(random_bytes: bytes) -> str:
    """A receipt reference «LIS1-XXXX-XXXX» from ``random_bytes`` (pass
    ``secrets.token_bytes(REFERENCE_BYTES)``, at least 8 bytes): 8 symbols from an alphabet
    without look-alikes."""
    if len(random_bytes) < REFERENCE_BYTES:
        raise ValueError(f"new_reference needs at least {REFERENCE_BYTES} random bytes")
    number = int.from_bytes(random_bytes, "big")
    symbols = []
    for _ in range(REFERENCE_LENGTH):
        number, index = divmod(number, len(REFERENCE_ALPHABET))
        symbols.append(REFERENCE_ALPHABET[index])
    half = REFERENCE_LENGTH // 2
    return f"{REFERENCE_PREFIX}-{''.join(symbols[:half])}-{''.join(symbols[half:])}"


def normal_reference(text: str) -> str:
    """A reference as typed by a person, in its stored form (upper case, no spaces)."""
    return "".join(text.split()).upper()


def conflicting_grants(content: AdContent) -> frozenset[Grant]:
    """The roles whose holders may not apply to the ad, nor be given them while they have an
    open application there: administrator of its HF (who reads every applicant) and of its
    kommune (who sees the ad's applications counted and takes part in hiring)."""
    return frozenset(
        {Grant(Role.HF_ADMIN, content.organisation), Grant(Role.KOMMUNE_ADMIN, content.kommune)}
    )


def open_until(content: AdContent) -> date:
    """An application counts as open (and keeps its applicant from administering the ad's HF or
    kommune) until withdrawn, or until the day the position starts: hiring is over by then."""
    return content.starts


def still_open(until: date, today: date) -> bool:
    """Whether an application marked open ``until`` (``date.max``: until withdrawn) is open
    ``today``."""
    return today < until
