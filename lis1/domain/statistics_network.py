"""The reader's equations of one round as a flow network, and how hidden cells are chosen so
that each of them has a witness: another table that agrees with everything shown.

In round r the cells are the edges of a circulation: t -> s carries the national offers,
s -> HF the HF's offers, HF -> part its offers in each part (the parts that hold a seat pass
through the HF's node y), part -> t the national parts. Conservation at every node is exactly
"the parts sum to the offers" and "the country is the sum of the HFs". The edge HF -> y carries
the seats the HF holds from this round, so it moves against the HF's seats open (the seats held
over all rounds plus the seats open are fixed): that edge is the seats-open cell, and likewise
y(national) -> t for the national seats open.

A cell is hidden safely when a cycle of hidden edges runs through it with room on every edge
(the bounds of the reader model in :mod:`lis1.domain.statistics`): moving one person
around the cycle gives another table with the same shown numbers. Such a move stays within one
round, so it is a witness also for everything the other rounds show. When no cycle of hidden
edges exists, the cheapest cycle that also uses shown edges is found (Dijkstra), and its shown
cells are hidden too (complementary suppression). Hiding more never spoils a witness found.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .statistics_table import HOLDING, NATIONAL, OPEN, PARTS, Cell, Table

Move = dict[Cell, int]
"""Changes to the true cells: an alternative table."""
NATIONAL_WEIGHT = 20
"""National numbers are the ones most read: hiding one costs as much as twenty HF cells."""


@dataclass(frozen=True)
class Edge:
    tail: str
    head: str
    cell: Cell
    flow: int
    low: int
    high: int | None
    sign: int = 1
    """+1: the cell is the flow; -1: the cell falls as the flow rises (seats open)."""

    def room(self, direction: int) -> bool:
        if direction > 0:
            return self.high is None or self.flow < self.high
        return self.flow > self.low


def network(table: Table, round_: str) -> list[Edge]:
    """The round's edges (see the module's description)."""
    national = table.parts(NATIONAL, round_)
    edges = [_offers("t", "s", table, NATIONAL, round_, national.offered)]
    for organisation in table.organisations:
        parts = table.parts(organisation, round_)
        here, held = f"h:{organisation}", f"y:{organisation}"
        edges.append(_offers("s", here, table, organisation, round_, parts.offered))
        edges.append(_held(here, held, table, organisation, parts.holding))
        for measure in PARTS:
            tail = held if measure in HOLDING else here
            cell = Cell(round_, organisation, measure)
            edges.append(Edge(tail, f"c:{measure}", cell, parts.get(measure), 0, None))
    for measure in PARTS:
        head = "y" if measure in HOLDING else "t"
        cell = Cell(round_, NATIONAL, measure)
        edges.append(Edge(f"c:{measure}", head, cell, national.get(measure), 0, None))
    edges.append(_held("y", "t", table, NATIONAL, national.holding))
    return edges


def _offers(tail: str, head: str, table: Table, organisation: str, round_: str, n: int) -> Edge:
    """Offers in a round: at most the seats (at most what was made, if seats were cut since)."""
    cell = Cell(round_, organisation, "offered")
    return Edge(tail, head, cell, n, 0, max(n, table.total_seats(organisation)))


def _held(tail: str, head: str, table: Table, organisation: str, held: int) -> Edge:
    """Seats held from this round; seats open stay between 0 and the seats."""
    open_, seats = table.open(organisation), table.total_seats(organisation)
    cell = Cell("", organisation, OPEN)
    return Edge(tail, head, cell, held, held + open_ - seats, held + open_, sign=-1)


Cost = Callable[[Edge], int | None]
"""What using an edge costs (None: it may not be used)."""


@dataclass(frozen=True)
class Network:
    edges: list[Edge]
    arcs: dict[str, list[tuple[str, int, int]]]
    """Node -> (node, edge, step) for every way an edge has room to move: step is the edge's
    index moving with it, ~index against it."""

    @classmethod
    def of(cls, edges: list[Edge]) -> Network:
        arcs: dict[str, list[tuple[str, int, int]]] = {}
        for index, edge in enumerate(edges):
            if edge.room(+1):
                arcs.setdefault(edge.tail, []).append((edge.head, index, index))
            if edge.room(-1):
                arcs.setdefault(edge.head, []).append((edge.tail, index, ~index))
        return cls(edges, arcs)


def cheapest_cycle(
    network: Network, through: int, direction: int, cost: Cost
) -> tuple[int, list[int]] | None:
    """The least costly cycle that moves edge ``through`` by ``direction``: its cost, and the
    other edges as steps (index: with the flow, ~index: against it); None if there is none."""
    first = network.edges[through]
    start, goal = (first.head, first.tail) if direction > 0 else (first.tail, first.head)
    prices: dict[int, int | None] = {through: None}
    best: dict[str, int] = {start: 0}
    back: dict[str, tuple[str, int]] = {}
    order = itertools.count()
    queue = [(0, next(order), start)]
    while queue:
        spent, _, node = heapq.heappop(queue)
        if node == goal:
            break
        if spent > best[node]:
            continue
        for to, index, step in network.arcs.get(node, []):
            if index not in prices:
                prices[index] = cost(network.edges[index])
            price = prices[index]
            if price is not None and (to not in best or spent + price < best[to]):
                best[to] = spent + price
                back[to] = (node, step)
                heapq.heappush(queue, (spent + price, next(order), to))
    if goal not in best:
        return None
    steps, node = [], goal
    while node != start:
        node, step = back[node]
        steps.append(step)
    return best[goal], steps


def _move(edges: list[Edge], through: int, direction: int, steps: list[int]) -> Move:
    move: Move = {}
    for step, moved in [
        (through, direction),
        *((s if s >= 0 else ~s, 1 if s >= 0 else -1) for s in steps),
    ]:
        edge = edges[step]
        move[edge.cell] = move.get(edge.cell, 0) + moved * edge.sign
    return {cell: n for cell, n in move.items() if n}


class _Cover:
    def __init__(self, table: Table) -> None:
        self.table = table
        self.values = table.values
        self.pending = table.pending_cells
        self.networks = {r: Network.of(network(table, r)) for r in table.rounds}
        self.where: dict[Cell, list[tuple[str, int]]] = {}
        for round_, edges in self.networks.items():
            for index, edge in enumerate(edges.edges):
                self.where.setdefault(edge.cell, []).append((round_, index))

    def weight(self, cell: Cell) -> int:
        if cell.national:
            return NATIONAL_WEIGHT
        return 3 if cell.measure == OPEN else 2 if cell.measure == "offered" else 1

    def move(self, cell: Cell, hidden: set[Cell], *, hide_more: bool, national: bool) -> Move:
        """A witness for ``cell`` over hidden edges, or (``hide_more``) the cheapest one that
        may also use shown edges (national ones only if ``national``); {} if none."""

        def cost(edge: Edge) -> int | None:
            if edge.cell in hidden:
                return 0
            if not hide_more or edge.cell in self.pending or (edge.cell.national and not national):
                return None
            return self.weight(edge.cell) * (1 + self.values[edge.cell])

        found: list[tuple[int, int, Move]] = []
        for number, (round_, index) in enumerate(self.where.get(cell, [])):
            net = self.networks[round_]
            for direction in (1, -1):
                if not net.edges[index].room(direction):
                    continue
                cycle = cheapest_cycle(net, index, direction, cost)
                if cycle is not None:
                    move = _move(net.edges, index, direction, cycle[1])
                    if not hide_more:
                        return move  # any cycle of hidden cells will do
                    found.append((cycle[0], number * 2 + (direction < 0), move))
        return min(found, key=lambda f: f[:2])[2] if found else {}

    def zero(self, cell: Cell) -> bool:
        """Hidden only as a zero in a small line: shown if it cannot be hidden well."""
        return not self.table.must_hide(cell)

    def keep_coverable_zeros(self, chosen: set[Cell]) -> set[Cell]:
        """Drop the zeros no cycle can hide without a national number, until none is left."""
        while lost := {
            c
            for c in chosen
            if self.zero(c) and not self.move(c, chosen, hide_more=True, national=False)
        }:
            chosen = chosen - lost
        return chosen

    def once(self, chosen: set[Cell]) -> tuple[set[Cell], dict[Cell, Move], Cell | None]:
        """Cover ``chosen``: the cells hidden, their witnesses, and a zero that could not be
        covered (to be shown instead; then the rest is void), or None."""
        hidden, witnesses = set(chosen), dict[Cell, Move]()
        for cell in sorted(chosen, key=lambda c: (self.zero(c), c)):
            if cell in witnesses:
                continue
            found = self.move(cell, hidden, hide_more=False, national=False) or self.move(
                cell, hidden, hide_more=True, national=not self.zero(cell)
            )
            if not found:
                if self.zero(cell):
                    return hidden, witnesses, cell
                # Seats open before any round: the seats, public in the ads. Hidden without a
                # witness, only so that no 1 to 4 is shown (the only case: a count of 1 to 4
                # people can always move by one around a cycle of its own totals).
                continue
            hidden |= found.keys()
            for moved in found:
                witnesses.setdefault(moved, found)
        return hidden, witnesses, None


def cover(table: Table, primary: Iterable[Cell]) -> tuple[set[Cell], Mapping[Cell, Move]]:
    """The cells to hide (``primary`` and their complements), each with its witness."""
    work = _Cover(table)
    chosen = work.keep_coverable_zeros(set(primary))
    while True:
        hidden, witnesses, shown = work.once(chosen)
        if shown is None:
            return hidden, witnesses
        chosen = chosen - {shown}
