"""How instants are written in the table: ISO-8601 UTC text of fixed width, so they sort as text
in keys and condition expressions alike, and epoch seconds for TTL."""

from __future__ import annotations

from datetime import UTC, datetime

from .schema import TTL_ATTRIBUTE


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


KEEP_UNTIL = "keep_until"


def retention_fields(keep_until: datetime | None) -> dict[str, str | int]:
    """The attributes of a record the retention rule removes at ``keep_until``: the instant
    itself (read back into the domain value) and DynamoDB's TTL attribute ``expires``, which
    only cleans up (:mod:`lis1.domain.retention`). Nothing for None."""
    if keep_until is None:
        return {}
    return {KEEP_UNTIL: iso(keep_until), TTL_ATTRIBUTE: epoch_seconds(keep_until)}


def keep_until_of(item: dict[str, object]) -> datetime | None:
    found = item.get(KEEP_UNTIL)
    return parse_iso(found) if isinstance(found, str) else None
