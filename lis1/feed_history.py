"""What the committed feeds already told subscribers, and what a build changes of it.

SEQUENCE is the feeds' one piece of history: each event is compared with the previously
published all-deadlines feed, and an event whose time has moved gets the next SEQUENCE and an
entry in the change log (``endringer.json``) that the site announces. A move is refused unless
its period's ``updated:`` is later than the event's DTSTAMP (:func:`unstamped`).

The history is the bokmål feeds': an English event tells the same date as its bokmål twin, so it
takes the twin's SEQUENCE and DTSTAMP (:func:`lis1.feeds.build_feeds`), and one change log
serves both languages (its entries name period, kind and round, which each site words itself).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from icalendar import Calendar

from .catalog import Catalog, Deadline
from .catalog.deadlines import DeadlineKind
from .i18n import DEFAULT_LOCALE

MARKING_LENGTH = timedelta(hours=1)
"""Merking is shown as the hour before its deadline."""


@dataclass(frozen=True)
class Published:
    """What an earlier build published for one event."""

    sequence: int
    start: str
    end: str
    stamped: date
    """Its DTSTAMP: the ``updated:`` of its period when it was last published."""


@dataclass(frozen=True)
class Move:
    """A published event whose time changed: recorded once, when SEQUENCE is raised."""

    uid: str
    period_id: str
    kind: DeadlineKind
    round: int | None
    sequence: int
    before: tuple[str, str]
    after: tuple[str, str]
    updated: date
    stamped: date
    """The date of the DTSTAMP it was published with; ``updated`` must be later, or today
    (see :func:`unstamped`)."""
    path: tuple[str | int, ...]
    """Where the moved value is in its period file."""


def read_published(feed: bytes | None) -> dict[str, Published]:
    """UID -> what the previous all-deadlines feed said; empty when there was none."""
    return dict(_published(feed)) if feed else {}


@lru_cache(maxsize=2)
def _published(feed: bytes) -> tuple[tuple[str, Published], ...]:
    """The feed parsed once: a build reads the committed feed both when it checks the data and
    when it writes the feeds (the values are frozen, and each caller gets its own dict)."""
    calendar = Calendar.from_ical(feed)
    return tuple(
        (
            str(event["UID"]),
            Published(
                int(event.get("SEQUENCE", 0)),
                ical(event.decoded("DTSTART")),
                ical(event.decoded("DTEND")),
                event.decoded("DTSTAMP").date(),
            ),
        )
        for event in calendar.walk("VEVENT")
    )


def find_moves(catalog: Catalog, published: dict[str, Published]) -> list[Move]:
    """The published events whose time the data now changes, each with its new SEQUENCE."""
    updated = {p.id: p.updated for p in catalog.all_periods()}
    moves = []
    for deadline in catalog.deadlines():
        before = published.get(event_uid(catalog, deadline))
        if deadline.day is None or before is None:
            continue
        start, end = span(deadline)
        now = (ical(start), ical(end))
        if (before.start, before.end) != now:
            moves.append(
                Move(
                    event_uid(catalog, deadline),
                    deadline.period_id,
                    deadline.kind,
                    deadline.round,
                    before.sequence + 1,
                    (before.start, before.end),
                    now,
                    updated[deadline.period_id],
                    before.stamped,
                    deadline.path,
                )
            )
    return moves


def unstamped(moves: Iterable[Move], today: date) -> list[Move]:
    """Moves whose period's ``updated:`` does not say when they were made: earlier than the
    event's last publication, or the same day when that day is not today (``updated:`` was
    left as it was). The public notice would name the wrong day. A correction on the day of
    publication keeps ``updated:`` at today; its DTSTAMP still advances (see
    :func:`lis1.feeds.stamp`)."""
    return [
        move
        for move in moves
        if move.updated < move.stamped or (move.updated == move.stamped != today)
    ]


def event_uid(catalog: Catalog, deadline: Deadline, language: str = DEFAULT_LOCALE) -> str:
    """The event's UID in the feeds of ``language``: ``2024-var-soknadsfrist@<domain>`` in
    bokmål (as first published, never to change), ``2024-var-soknadsfrist-en@<domain>`` in
    English, so the two never collide in a calendar subscribed to both."""
    suffix = "" if language == DEFAULT_LOCALE else f"-{language}"
    return f"{deadline.key}{suffix}@{catalog.site.uid_domain}"


def span(deadline: Deadline) -> tuple[date | datetime, date | datetime]:
    """All-day deadlines end the next day (exclusive DTEND); merking is the hour before it."""
    if deadline.at is not None:
        return deadline.at - MARKING_LENGTH, deadline.at
    assert deadline.day is not None
    return deadline.day, deadline.day + timedelta(days=1)


def ical(value: date | datetime) -> str:
    return (
        value.strftime("%Y%m%dT%H%M%S") if isinstance(value, datetime) else value.strftime("%Y%m%d")
    )


def change_log(previous: bytes | None, moves: Iterable[Move]) -> bytes:
    entries: list[dict[str, Any]] = json.loads(previous) if previous else []
    for move in moves:
        entries.append(
            {
                "uid": move.uid,
                "period": move.period_id,
                "kind": move.kind,
                "round": move.round,
                "sequence": move.sequence,
                "from": {"start": move.before[0], "end": move.before[1]},
                "to": {"start": move.after[0], "end": move.after[1]},
                "updated": move.updated.isoformat(),
            }
        )
    entries.sort(key=lambda e: (e["updated"], e["uid"], e["sequence"]))
    return (json.dumps(entries, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
