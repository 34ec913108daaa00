"""In-memory fake of the private calendar addresses: the DynamoDB adapter's items and
conditions, kept under the store's one lock, audited in the same log."""

from __future__ import annotations

from datetime import datetime

from ...errors import Conflict
from ...services.ports.calendars import calendar_entity
from ..keys import calendars as keys
from ..values import utc
from .state import State


class MemoryCalendarLinks:
    def __init__(self, state: State) -> None:
        self._state = state
        self._subject_of: dict[str, str] = {}
        """token hash -> subject: the address items."""
        self._current: dict[str, tuple[str, datetime]] = {}
        """subject -> (token hash, made at): the current items."""

    def replace(self, subject: str, token_hash: str, at: datetime) -> None:
        at = utc(at)
        with self._state.lock:
            if token_hash in self._subject_of:
                raise Conflict()
            old = self._current.get(subject)
            if old is not None:
                self._subject_of.pop(old[0], None)
            self._subject_of[token_hash] = subject
            self._current[subject] = (token_hash, at)
            detail = keys.audit_detail(keys.CREATE, replaced=old is not None)
            self._state.record(calendar_entity(subject), at, subject, keys.CREATE, detail)

    def subject_of(self, token_hash: str) -> str | None:
        with self._state.lock:
            return self._subject_of.get(token_hash)

    def revoke(self, subject: str, at: datetime) -> bool:
        at = utc(at)
        with self._state.lock:
            old = self._current.pop(subject, None)
            if old is None:
                return False
            self._subject_of.pop(old[0], None)
            detail = keys.audit_detail(keys.REVOKE, replaced=True)
            self._state.record(calendar_entity(subject), at, subject, keys.REVOKE, detail)
            return True

    def current(self, subject: str) -> datetime | None:
        with self._state.lock:
            found = self._current.get(subject)
            return None if found is None else found[1]
