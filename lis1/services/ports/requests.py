"""Port of the idempotency keys: a request its client may send again runs once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Idempotency:
    """A request its client may send again (a double click, a retry): the Idempotency-Key scoped
    to the caller, and a fingerprint of what was asked (action and body). Kept 24 hours."""

    scope: str
    fingerprint: str


@dataclass(frozen=True)
class FirstRequest:
    """What the store kept of the first request with an Idempotency-Key: its fingerprint and
    what it produced (a receipt reference, an ad id)."""

    fingerprint: str
    result: str


class Requests(Protocol):
    def first(self, scope: str, *, now: datetime) -> FirstRequest | None:
        """The first request made with the scoped key, while it is kept; else None."""
        ...
