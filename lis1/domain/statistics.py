"""Public statistics of the offer rounds, and which of their numbers may be shown (prikking).

The table: per round, per HF and for the whole country, the offers made and what became of
them (a partition: every offer is in exactly one part), and per HF the seats and the seats still
open. No count of people from 1 to 4 is shown, and none can be computed from what is shown.

What a reader is assumed to know (the *reader model*; :func:`protect` guards against it):

- every number shown, and the seats of every HF (they are in the published ads);
- in each round: offered = accepted + released + declined + expired + taken back + waiting, for
  each HF and nationally; every national number is the sum of the HFs';
- seats open = seats - the seats held, where an HF's seats held are the sum over the rounds of
  accepted + waiting: this links the rounds to each other. A release frees a seat, which is why
  released is a part of its own (hidden like any other count when small): otherwise seats open
  minus the accepted would tell how many acceptances the HF released;
- every count is a whole number, at least 0; an HF offers at most its seats in a round; seats
  open lie between 0 and the seats.

A hidden cell is safe when another table exists that agrees with all of that and differs in the
cell: :func:`protect` finds one (a *witness*) for every hidden cell and hides more cells until it
has. The witnesses are returned so tests can check them with equations of their own. (One
exception: before the first round, seats open are the seats; 1 to 4 of them are hidden all the
same, though the ads tell them.) Seats open of 1 to 4 are hidden like 1 to 4 people: with the
seats known they say how many seats are held, and a reader cannot tell seats from people.

Zeros. A 0 is a count of nobody, so it is shown, except where it would tell something about
fewer than 5 people: in a line (an HF's round, a measure's column, the seats held) whose total is
1 to 4, a 0 says what none of those few did ("all 3 accepted"), so it is hidden too, unless it
could be hidden only by hiding a national number as well (mostly when that national number is 0
and gives the zero away already).

Every hidden cell has the same reason, ``prikket``, whether it counts 1 to 4 or was hidden with
one: a reason that told them apart would tell the reader which hidden cells are small.

Answers in a round whose svarfrist is still ahead are shown only after it (:attr:`Table.pending`):
numbers that change with each answer would let a reader who watches the page see single answers
arrive, and applicants compare offers until the same deadline. Until then those offers count as
waiting, for the seats open too.

Not modelled: that an HF offers in a later round only the seats left from earlier rounds (a
further inequality), and a reader who reruns this rule over guessed tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .statistics_network import cover
from .statistics_table import (
    ANSWERS,
    MEASURES,
    NATIONAL,
    OPEN,
    PARTS,
    PENDING,
    SUPPRESSED,
    THRESHOLD,
    Cell,
    Parts,
    Reason,
    Table,
    small,
)

__all__ = [
    "ANSWERS",
    "MEASURES",
    "NATIONAL",
    "OPEN",
    "PARTS",
    "THRESHOLD",
    "Cell",
    "Parts",
    "Protected",
    "Reason",
    "Table",
    "primary",
    "protect",
]


def primary(table: Table) -> set[Cell]:
    """The cells hidden for their own sake: 1 to 4 people (or seats open), and zeros in a line
    of 1 to 4."""
    found = {c for c in table.values if table.must_hide(c)}
    for round_ in table.rounds:
        for organisation in table.rows():  # an HF's (or the country's) round: its parts
            if small(table.parts(organisation, round_).offered):
                found |= {Cell(round_, organisation, m) for m in PARTS}
        for measure in MEASURES:  # a measure's column: the HFs
            if small(table.parts(NATIONAL, round_).get(measure)):
                found |= {Cell(round_, o, measure) for o in table.organisations}
    if small(table.people[Cell("", NATIONAL, OPEN)]):  # the seats held: the HFs
        found |= {Cell("", o, OPEN) for o in table.organisations}
    return {c for c in found if table.must_hide(c) or table.people[c] == 0} - table.pending_cells


@dataclass(frozen=True)
class Protected:
    """What may be shown of a table, and for each hidden cell an alternative table (as changes
    to the true cells) that agrees with everything shown and differs in that cell."""

    table: Table
    values: Mapping[Cell, int]
    """Every cell's true value (for the hidden and pending ones too: never shown)."""
    hidden: frozenset[Cell]
    pending: frozenset[Cell]
    witnesses: Mapping[Cell, Mapping[Cell, int]]

    def shown(self, cell: Cell) -> int | None:
        return None if cell in self.hidden or cell in self.pending else self.values[cell]

    def reason(self, cell: Cell) -> Reason | None:
        if cell in self.pending:
            return PENDING
        return SUPPRESSED if cell in self.hidden else None


def protect(table: Table) -> Protected:
    """Hide every primary cell, then more, until no hidden cell can be computed (see the
    module's reader model)."""
    hidden, witnesses = cover(table, primary(table))
    return Protected(table, table.values, frozenset(hidden), table.pending_cells, witnesses)
