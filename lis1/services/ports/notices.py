"""Port of notices: a record of each mail sent about an offer, so none goes out twice, and each
person's choice to have reminders or not.

A record is written on condition that none exists (``attribute_not_exists`` on DynamoDB), before
the mail goes out: of two runs at once, or a run and its rerun, one writes it and sends; the
other finds it and sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from ...domain.reminders import NoticeKind

SET_REMINDERS = "set_reminders"
"""The audit action of a change of the reminder choice."""


def person_entity(subject: str) -> str:
    """The audit entity of a change about a person (as a grant without an organisation)."""
    return f"bruker:{subject}"


def reminders_detail(on: bool) -> dict[str, str]:
    """What the audit entry of a change of the reminder choice records."""
    return {"påminnelser": "på" if on else "av"}


@dataclass(frozen=True)
class LanguageRecord:
    """The language of a person's mails (``nb``/``en``): the one they last read the pages in,
    unless they chose one on "Varsler" (``chosen``), which page views then leave alone."""

    language: str
    chosen: bool = False


class Notices(Protocol):
    def mark_sent(self, offer_id: str, kind: NoticeKind, at: datetime) -> bool:
        """Record that the ``kind`` mail about the offer is being sent at ``at``; True if this
        call recorded it (send it), False if it was recorded before (send nothing). Records are
        kept some months, far beyond any svarfrist."""
        ...

    def sent(self, wanted: Iterable[tuple[str, NoticeKind]]) -> set[tuple[str, NoticeKind]]:
        """Which of the (offer id, kind) pairs are recorded (one read per 100), so a rerun need
        not try to write what is done. Only :meth:`mark_sent` decides whether to send."""
        ...

    def reminders_on(self, subject: str) -> bool:
        """Whether the person wants reminders of their offers' svarfrister (yes unless they
        turned them off)."""
        ...

    def set_reminders(self, subject: str, on: bool, *, at: datetime) -> bool:
        """Turn the person's reminders on or off, with an audit entry under
        :func:`person_entity` (actor the person, action :data:`SET_REMINDERS`, detail
        :func:`reminders_detail`) in the same write. True if the choice changed; False, with
        nothing written, if it already was so."""
        ...

    def language(self, subject: str) -> LanguageRecord | None:
        """The language recorded for the person's mails; None if none is."""
        ...

    def set_language(self, subject: str, record: LanguageRecord, *, at: datetime) -> None:
        """Record the person's language (one write; the caller reads first and writes only a
        change)."""
        ...

    def forget(self, subject: str) -> None:
        """Delete the person's choices, reminders and language (a deleted account's): as if
        they had never made any. The records of mails sent stay until their time."""
        ...
