"""How one offer transaction changes the count items of the ads it touches (holding, taken,
the per-round counts), with the condition that a seat is free to offer or to take.

The conditions are the point: two runs, a run and an answer, or answers in two tabs cannot
between them offer or fill a seat twice (see :mod:`lis1.store.dynamo.offers`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...domain.offers import Offer
from ...services.ports.offers import Outcome, round_count_name
from ..keys.positions import ad_counts_key
from .table import Table

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

_ROOM = "{n} < #seats OR (attribute_not_exists({n}) AND #seats > :zero)"
"""A seat is free while ``{n}`` (holding or taken; absent is 0) is below the stored seats."""


@dataclass
class Count:
    """One transaction's change of one ad's count item."""

    holding: int = 0
    taken: int = 0
    rounds: Counter[str] = field(default_factory=Counter)
    seats: int | None = None
    """Issue: the seats to set if the item has none, on condition a seat is free to offer."""
    fill: bool = False
    """Accept: on condition that a seat is free to take."""

    def write(self, table: Table, ad_id: str) -> TransactWriteItemTypeDef:
        steps = {"#holding": ("holding", self.holding), "#taken": ("taken", self.taken)}
        steps |= {f"#r{n}": item for n, item in enumerate(self.rounds.items())}
        names = {p: name for p, (name, step) in steps.items() if step}
        values: dict[str, Any] = {f":{p[1:]}": steps[p][1] for p in names}
        expression = "ADD " + ", ".join(f"{p} :{p[1:]}" for p in names)
        if self.seats is None and not self.fill:
            return table.update(*ad_counts_key(ad_id), expression, names, values)
        counted = "taken" if self.fill else "holding"
        names |= {"#seats": "seats", f"#{counted}": counted}
        values[":zero"] = 0
        condition = _ROOM.format(n=f"#{counted}")
        if self.seats is not None:
            # The item may hold only the applications' ``sent``: then ``seats`` count.
            expression = "SET #seats = if_not_exists(#seats, :seats) " + expression
            values[":seats"] = self.seats
            if self.seats > 0:
                condition += " OR (attribute_not_exists(#seats) AND "
                condition += "(attribute_not_exists(#holding) OR #holding < :seats))"
        return table.update(*ad_counts_key(ad_id), expression, names, values, condition)


def counts_of(changes: Iterable[tuple[Offer, Outcome, int, int]]) -> dict[str, Count]:
    """(offer, outcome, holding step, taken step) merged per ad, in the order first met:
    DynamoDB refuses a transaction that writes one item twice, and two offers of one ad (in
    two scopes) may be answered together."""
    merged: dict[str, Count] = {}
    for offer, outcome, holding, taken in changes:
        count = merged.setdefault(offer.ad_id, Count())
        count.holding += holding
        count.taken += taken
        count.rounds[round_count_name(offer.round, outcome)] += 1
    return merged
