"""The notices port in memory: the records of mails sent and the reminder choices, under the
store's one lock, so a record is written once however many threads race for it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ...domain.reminders import NoticeKind
from ...services.ports.notices import (
    SET_REMINDERS,
    LanguageRecord,
    person_entity,
    reminders_detail,
)
from ..values import utc
from .state import State


class MemoryNotices:
    def __init__(self, state: State) -> None:
        self._state = state
        self._sent: dict[tuple[str, NoticeKind], datetime] = {}
        self._off: dict[str, datetime] = {}
        """subject -> when reminders were turned off (absent: on)."""
        self._languages: dict[str, LanguageRecord] = {}

    def mark_sent(self, offer_id: str, kind: NoticeKind, at: datetime) -> bool:
        with self._state.lock:
            if (offer_id, kind) in self._sent:
                return False
            self._sent[(offer_id, kind)] = utc(at)
            return True

    def sent(self, wanted: Iterable[tuple[str, NoticeKind]]) -> set[tuple[str, NoticeKind]]:
        with self._state.lock:
            return {pair for pair in wanted if pair in self._sent}

    def reminders_on(self, subject: str) -> bool:
        with self._state.lock:
            return subject not in self._off

    def set_reminders(self, subject: str, on: bool, *, at: datetime) -> bool:
        at = utc(at)
        with self._state.lock:
            if on == (subject not in self._off):
                return False
            if on:
                del self._off[subject]
            else:
                self._off[subject] = at
            detail = reminders_detail(on)
            self._state.record(person_entity(subject), at, subject, SET_REMINDERS, detail)
            return True

    def language(self, subject: str) -> LanguageRecord | None:
        with self._state.lock:
            return self._languages.get(subject)

    def set_language(self, subject: str, record: LanguageRecord, *, at: datetime) -> None:
        with self._state.lock:
            self._languages[subject] = record

    def forget(self, subject: str) -> None:
        with self._state.lock:
            self._languages.pop(subject, None)
            self._off.pop(subject, None)
