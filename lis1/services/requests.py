"""Requests a client may send twice (a double click, a retry after a lost answer).

A request sent with an Idempotency-Key runs once. Sent again with the same key and the same
content, it gets the first result back if that still stands, and otherwise a conflict that says
what the record is now; the same key with other content or another action is refused, since it
cannot be the same request. The store records the key in the same write as the change, so two
copies arriving at once still run once, and a repeat costs no read until something refuses it.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from ..domain.errors import KeyReused
from ..errors import DomainError
from ..identity import Principal
from .ports.requests import FirstRequest, Idempotency, Requests


def idempotency(who: Principal, key: str | None, action: str, *content: str) -> Idempotency | None:
    """The scoped key and the fingerprint of ``action`` with ``content``; None without a key."""
    if key is None:
        return None
    digest = hashlib.sha256("\x1f".join((action, *content)).encode("utf-8")).hexdigest()
    return Idempotency(scope=f"{who.subject}#{key}", fingerprint=digest)


def same_request(first: FirstRequest | None, request: Idempotency | None) -> FirstRequest | None:
    """``first`` if it is this request made before; KeyReused if the key was used for another."""
    if first is not None and request is not None and first.fingerprint != request.fingerprint:
        raise KeyReused()
    return first


def repeat_of(
    requests: Requests, request: Idempotency | None, now: datetime, error: DomainError
) -> FirstRequest:
    """A request was refused with ``error``: the first request, if this one repeats it (its
    result decides the answer); else ``error`` stands."""
    first = same_request(
        None if request is None else requests.first(request.scope, now=now), request
    )
    if first is None:
        raise error
    return first
