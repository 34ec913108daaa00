"""How instants are written in the table: ISO-8601 UTC text of fixed width, so they sort as text
in keys and condition expressions alike, and epoch seconds for TTL."""

from __future__ import annotations

from datetime import UTC, datetime


def utc(instant: datetime) -> datetime:
    """``instant`` in UTC; a naive datetime is refused, never guessed."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("tidspunktet mangler tidssone (naiv datetime)")
    return instant.astimezone(UTC)


def iso(instant: datetime) -> str:
    """ISO-8601 UTC with microseconds and ``Z``: ``2024-10-27T01:30:00.000000Z``."""
    return utc(instant).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def epoch_seconds(instant: datetime) -> int:
    """Whole epoch seconds, rounded up: TTL never deletes an item before it has expired."""
    instant = utc(instant)
    seconds = int(instant.timestamp())
    return seconds + 1 if instant.microsecond else seconds
