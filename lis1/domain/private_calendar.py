"""The private calendar of one applicant: what its secret address is, and which events each of
their offers puts in it, as pure rules.

The address carries a random token (:data:`TOKEN_BYTES` bytes, url-safe, as invitation links);
only its SHA-256 is stored (:func:`token_hash`), so a copy of the table opens no calendar. The
token is the only credential of the feed: whoever holds the address reads the feed, and a new
address, or turning it off, makes the old one unknown.

Each offer gives an all-day event on its svarfrist day, kept after the offer is answered (the
title then says how it ended), and, while the offer is accepted or hired, the hour before the
round's merking deadline (11:00–12:00 Oslo, as in the public feeds). An event's UID is stable
per offer and kind; its SEQUENCE rises with each step of the offer's state machine
(:data:`SEQUENCE`), and its DTSTAMP is when the offer last changed, so calendar clients replace
what they hold. The English feed is a feed of its own (its own address, ``/en/api/...``), with
its own UIDs (:meth:`Entry.uid_part`), so a person who subscribes to both sees each event twice
rather than one language's event replacing the other's. Nothing here reads the clock: the same
offers at the same state give the same events.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from .offers import TAKEN, Offer, OfferState, RoundKey, state_at, svarfrist_day

TOKEN_BYTES = 32
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
"""What ``secrets.token_urlsafe(TOKEN_BYTES)`` makes: anything else is no token of ours."""
MARKING_LENGTH = timedelta(hours=1)
"""Merking is shown as the hour before its deadline, as in the public feeds."""

EntryKind = Literal["svarfrist", "merking"]

SEQUENCE: dict[OfferState, int] = {
    "åpen": 0,
    "takket_ja": 1,
    "takket_nei": 1,
    "utløpt": 1,
    "trukket_tilbake": 1,
    "ansatt": 2,
    "frigitt": 3,
}
"""An event's SEQUENCE: the steps the offer has taken. Every path through the state machine
(åpen → takket_ja → ansatt → frigitt, or åpen → takket_ja → frigitt, or one final answer)
raises it, so a client that compares SEQUENCE takes the newer event."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_token(token: str) -> bool:
    return TOKEN_PATTERN.fullmatch(token) is not None


@dataclass(frozen=True)
class Entry:
    """One event of the private calendar, before it is worded."""

    offer: Offer
    kind: EntryKind
    state: OfferState
    """The offer's state when the feed is read (an open offer past its svarfrist: utløpt)."""
    start: date | datetime
    """A day (all-day event), or a UTC instant."""
    end: date | datetime
    """The day after (exclusive), or a UTC instant."""
    sequence: int
    stamp: datetime
    """When the offer last changed (UTC): the event's DTSTAMP."""

    @property
    def key(self) -> str:
        """Stable per offer and kind: the UID's local part."""
        return f"tilbud-{self.offer.id}-{self.kind}"

    def uid_part(self, language: str) -> str:
        """The UID's local part in the feed of ``language``: :attr:`key` in bokmål (as
        before English existed, so subscribers keep their events), with the language after it
        in any other."""
        return self.key if language == "nb" else f"{self.key}-{language}"


def changed_at(offer: Offer, state: OfferState) -> datetime:
    """When the offer came to ``state``: an expiry not yet recorded happened at the svarfrist,
    which is also the instant the expiry job records."""
    if state != offer.state and state == "utløpt":
        return offer.answer_deadline
    return offer.changed_at


def entries(
    offers: Iterable[Offer], now: datetime, markings: Mapping[RoundKey, datetime]
) -> list[Entry]:
    """The events of ``offers`` in their order (the store gives them newest first): per offer
    its svarfrist, then its merking (only while accepted or hired, and only if the round has a
    merking deadline in ``markings``)."""
    found: list[Entry] = []
    for offer in offers:
        state = state_at(offer, now)
        sequence, stamp = SEQUENCE[state], changed_at(offer, state)
        day = svarfrist_day(offer)
        found.append(
            Entry(offer, "svarfrist", state, day, day + timedelta(days=1), sequence, stamp)
        )
        marking = markings.get(offer.round)
        if state in TAKEN and marking is not None:
            found.append(
                Entry(offer, "merking", state, marking - MARKING_LENGTH, marking, sequence, stamp)
            )
    return found
