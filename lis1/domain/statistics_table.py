"""The numbers of the public statistics of one period, as a table of cells: per round, per HF
and for the whole country, the offers made and the parts they ended in, and the seats open.
Which of them may be shown is decided in :mod:`lis1.domain.statistics`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Literal, NamedTuple

MEASURES = ("offered", "accepted", "released", "declined", "expired", "taken_back", "waiting")
PARTS = MEASURES[1:]
"""The parts an offer ends in (its state now): they sum to the offers made."""
HOLDING = ("accepted", "waiting")
"""The parts that hold a seat."""
ANSWERS = ("accepted", "released", "declined", "expired")
"""What is shown only after a round's svarfrist."""
OPEN = "open"
"""The measure of the seats still open (the round of such a cell is "")."""
NATIONAL = ""
"""The organisation of a national cell (no organisation id is empty)."""
THRESHOLD = 5
"""Counts of people below this (and above 0) are never shown."""

Reason = Literal["prikket", "etter_svarfristen"]
SUPPRESSED: Reason = "prikket"
PENDING: Reason = "etter_svarfristen"


@dataclass(frozen=True)
class Parts:
    """The offers of one round (one HF's, or the country's), by what became of them."""

    accepted: int = 0
    """Accepted and still holding the seat (hired included)."""
    released: int = 0
    """Accepted, then released by the HF."""
    declined: int = 0
    expired: int = 0
    taken_back: int = 0
    waiting: int = 0

    def __post_init__(self) -> None:
        if any(getattr(self, f.name) < 0 for f in fields(self)):
            raise ValueError(f"negative counts: {self}")

    @property
    def offered(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self))

    @property
    def holding(self) -> int:
        return self.accepted + self.waiting

    def get(self, measure: str) -> int:
        return self.offered if measure == "offered" else int(getattr(self, measure))

    def plus(self, other: Parts) -> Parts:
        return Parts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


class Cell(NamedTuple):
    """One number of the table (a tuple: it is hashed many times while cells are chosen)."""

    round: str
    """The round's key; "" for the seats open."""
    organisation: str
    """The HF's id; :data:`NATIONAL` for the whole country."""
    measure: str
    """One of :data:`MEASURES`, or :data:`OPEN`."""

    @property
    def national(self) -> bool:
        return self.organisation == NATIONAL


@dataclass(frozen=True)
class Table:
    """The true numbers of one period, before anything is hidden."""

    organisations: tuple[str, ...]
    rounds: tuple[str, ...]
    counts: Mapping[tuple[str, str], Parts]
    """(organisation, round) -> its parts; a pair not here made no offers."""
    seats: Mapping[str, int]
    open_seats: Mapping[str, int]
    pending: frozenset[str] = frozenset()
    """Rounds whose svarfrist is ahead: their answers are not counted yet (all waiting)."""

    def __post_init__(self) -> None:
        if NATIONAL in self.organisations or "" in self.rounds:
            raise ValueError("an organisation or round key is empty")
        for organisation in self.organisations:
            if not 0 <= self.open_seats[organisation] <= self.seats[organisation]:
                raise ValueError(f"seats open outside 0..seats at {organisation}")
        for round_ in self.pending:
            if any(self.parts(o, round_).get(m) for o in self.organisations for m in ANSWERS):
                raise ValueError(f"answers counted in the pending round {round_}")

    def parts(self, organisation: str, round_: str) -> Parts:
        if organisation == NATIONAL:
            return self._national[round_]
        return self.counts.get((organisation, round_), Parts())

    @cached_property
    def _national(self) -> dict[str, Parts]:
        totals = dict.fromkeys(self.rounds, Parts())
        for round_ in self.rounds:
            for organisation in self.organisations:
                totals[round_] = totals[round_].plus(self.parts(organisation, round_))
        return totals

    def total_seats(self, organisation: str) -> int:
        if organisation == NATIONAL:
            return sum(self.seats[o] for o in self.organisations)
        return self.seats[organisation]

    def open(self, organisation: str) -> int:
        if organisation == NATIONAL:
            return sum(self.open_seats[o] for o in self.organisations)
        return self.open_seats[organisation]

    def rows(self) -> tuple[str, ...]:
        """The HFs, then the country."""
        return (*self.organisations, NATIONAL)

    @cached_property
    def values(self) -> dict[Cell, int]:
        """Every cell with its true value."""
        found = {
            Cell(r, o, m): self.parts(o, r).get(m)
            for r in self.rounds
            for o in self.rows()
            for m in MEASURES
        }
        return found | {Cell("", o, OPEN): self.open(o) for o in self.rows()}

    @cached_property
    def people(self) -> dict[Cell, int]:
        """How many people each cell counts: the seats held behind a number of seats open."""
        return {
            cell: self.total_seats(cell.organisation) - value if cell.measure == OPEN else value
            for cell, value in self.values.items()
        }

    def must_hide(self, cell: Cell) -> bool:
        """1 to 4 people; for seats open also 1 to 4 seats (a reader cannot tell seats from
        people, and with the seats known few open ones say how many are held)."""
        return small(self.people[cell]) or (cell.measure == OPEN and small(self.values[cell]))

    @cached_property
    def pending_cells(self) -> frozenset[Cell]:
        return frozenset(Cell(r, o, m) for r in self.pending for o in self.rows() for m in ANSWERS)


def small(n: int) -> bool:
    return 0 < n < THRESHOLD
