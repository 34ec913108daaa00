"""What a use case takes from the world besides the store: the instant, and fresh ids."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..domain.applications import REFERENCE_BYTES, new_reference


def _new_id() -> str:
    return secrets.token_hex(6)


def _new_reference() -> str:
    return new_reference(secrets.token_bytes(REFERENCE_BYTES))


@dataclass(frozen=True)
class Env:
    now: datetime
    new_id: Callable[[], str] = field(default=_new_id)
    """An ad's id: 12 hexadecimal digits."""
    new_reference: Callable[[], str] = field(default=_new_reference)
    """A receipt reference «LIS1-XXXX-XXXX»."""
