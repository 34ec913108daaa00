"""The dates of a period as one ordered timeline, shared by validation, feeds, site and API.

Each entry keeps the data path it came from, so a check can point at its line and a feed or a
page can say exactly which value it shows. Unpublished dates stay in the timeline as ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from .models import ExtraRound, Period, Round

DeadlineKind = Literal[
    "annonser-klare", "utlysning", "soknadsfrist", "tilbud", "svarfrist", "merking"
]

KIND_NAMES: dict[DeadlineKind, str] = {
    "annonser-klare": "annonsene klare",
    "utlysning": "utlysning",
    "soknadsfrist": "søknadsfrist",
    "tilbud": "tilbud",
    "svarfrist": "svarfrist",
    "merking": "merking",
}

# Between these consecutive kinds the later date must be strictly after the earlier one;
# between all others it may fall on the same day.
STRICTLY_AFTER: frozenset[tuple[DeadlineKind, DeadlineKind]] = frozenset(
    {("utlysning", "soknadsfrist"), ("soknadsfrist", "tilbud"), ("svarfrist", "merking")}
)


@dataclass(frozen=True)
class Deadline:
    period_id: str
    period_name: str
    kind: DeadlineKind
    round: int | None
    path: tuple[str | int, ...]
    day: date | None
    at: datetime | None = None
    """Oslo wall-clock time for a timed deadline (merking); ``None`` for a whole-day one."""

    @property
    def key(self) -> str:
        """Content id, stable across edits: period, round and kind."""
        middle = f"-runde-{self.round}" if self.round is not None else ""
        return f"{self.period_id}{middle}-{self.kind}"

    @property
    def label(self) -> str:
        name = KIND_NAMES[self.kind]
        return f"{name} runde {self.round}" if self.round is not None else name


def timeline(period: Period | ExtraRound) -> list[Deadline]:
    """Every date of the period in the order they must fall, unpublished ones included."""
    name = period.name
    entries: list[Deadline] = []
    if isinstance(period, Period):
        entries += [
            Deadline(period.id, name, "annonser-klare", None, ("ads_ready",), period.ads_ready),
            Deadline(period.id, name, "utlysning", None, ("publication",), period.publication),
            Deadline(
                period.id,
                name,
                "soknadsfrist",
                None,
                ("application_deadline",),
                period.application_deadline,
            ),
        ]
    for index, round_ in enumerate(period.rounds):
        entries.extend(_round(period.id, name, index, round_))
    return entries


def _round(period_id: str, name: str, index: int, round_: Round) -> list[Deadline]:
    base = ("rounds", index)
    n = round_.number
    marking = round_.marking
    return [
        Deadline(period_id, name, "tilbud", n, (*base, "offer"), round_.offer),
        Deadline(period_id, name, "svarfrist", n, (*base, "answer_by"), round_.answer_by),
        Deadline(
            period_id,
            name,
            "merking",
            n,
            (*base, "marking"),
            marking.date() if marking else None,
            marking,
        ),
    ]
