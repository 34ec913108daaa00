"""Requests a client may send twice (a double click, a retry after a lost answer).

A request sent with an Idempotency-Key runs once. Sent again with the same key and the same
content, it gets the first result back if that still stands, and otherwise a conflict that says
what the record is now; the same key with other content or another action is refused, since it
cannot be the same request. The store records the key in the same write as the change, so two
copies arriving at once still run once.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from ..errors import Unprocessable
from ..identity import Principal
from .ports import FirstRequest, Idempotency, Requests

KEY_REUSED = (
    "Idempotensnøkkelen er allerede brukt for en annen forespørsel. Bruk en ny nøkkel for en ny "
    "forespørsel."
)


def idempotency(who: Principal, key: str | None, action: str, *content: str) -> Idempotency | None:
    """The scoped key and the fingerprint of ``action`` with ``content``; None without a key."""
    if key is None:
        return None
    digest = hashlib.sha256("\x1f".join((action, *content)).encode("utf-8")).hexdigest()
    return Idempotency(scope=f"{who.subject}#{key}", fingerprint=digest)


def earlier(requests: Requests, request: Idempotency | None, now: datetime) -> FirstRequest | None:
    """The first request made with this key, if any; refused if it asked for something else."""
    if request is None:
        return None
    return same_request(requests.first(request.scope, now=now), request)


def same_request(first: FirstRequest | None, request: Idempotency | None) -> FirstRequest | None:
    if first is not None and request is not None and first.fingerprint != request.fingerprint:
        raise Unprocessable(KEY_REUSED, code="idempotensnøkkel_gjenbrukt")
    return first
