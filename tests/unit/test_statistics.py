"""Prikking of the public statistics, over generated tables: no shown count of 1 to 4 people,
and every hidden cell has another table that agrees with everything shown (checked here with
the reader's equations written again, not with the rule's own network)."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from lis1.domain.statistics import (
    ANSWERS,
    NATIONAL,
    OPEN,
    PARTS,
    Cell,
    Parts,
    Protected,
    Table,
    protect,
)

HOLD = ("accepted", "waiting")


def truth(table: Table) -> Counter[Cell]:
    """Every cell of the table, summed here from the counts."""
    found: Counter[Cell] = Counter()
    for (organisation, round_), parts in table.counts.items():
        for name in PARTS:
            n = getattr(parts, name)
            for who in (organisation, NATIONAL):
                found[Cell(round_, who, name)] += n
                found[Cell(round_, who, "offered")] += n
    for organisation in table.organisations:
        found[Cell("", organisation, OPEN)] = table.open_seats[organisation]
        found[Cell("", NATIONAL, OPEN)] += table.open_seats[organisation]
    return found


def broken(table: Table, true: Counter[Cell], other: Counter[Cell]) -> list[str]:
    """The reader's knowledge ``other`` breaks (see lis1.domain.statistics): sums, the seats
    held against the seats open, whole numbers within their bounds."""
    errors = []
    rows = (*table.organisations, NATIONAL)
    seats = {o: table.seats[o] for o in table.organisations}
    seats[NATIONAL] = sum(seats.values())
    for round_ in table.rounds:
        for who in rows:
            parts = sum(other[Cell(round_, who, m)] for m in PARTS)
            if other[Cell(round_, who, "offered")] != parts:
                errors.append(f"{round_} {who}: tilbud er ikke summen av delene")
            cap = max(seats[who], true[Cell(round_, who, "offered")])
            if other[Cell(round_, who, "offered")] > cap:
                errors.append(f"{round_} {who}: flere tilbud enn stillinger")
        for measure in ("offered", *PARTS):
            column = sum(other[Cell(round_, o, measure)] for o in table.organisations)
            if other[Cell(round_, NATIONAL, measure)] != column:
                errors.append(f"{round_} {measure}: landet er ikke summen")
    for who in rows:

        def held(values: Counter[Cell], who: str = who) -> int:
            return sum(values[Cell(r, who, m)] for r in table.rounds for m in HOLD)

        if other[Cell("", who, OPEN)] + held(other) != true[Cell("", who, OPEN)] + held(true):
            errors.append(f"{who}: ledige og besatte stemmer ikke")
        if not 0 <= other[Cell("", who, OPEN)] <= seats[who]:
            errors.append(f"{who}: ledige utenfor 0..stillinger")
    return errors + [f"{c} er negativ" for c, n in other.items() if n < 0]


@st.composite
def tables(draw: st.DrawFn) -> Table:
    organisations = tuple(f"hf{i}" for i in range(draw(st.integers(1, 4))))
    rounds = tuple(f"r{i}" for i in range(draw(st.integers(1, 3))))
    pending = frozenset(draw(st.sets(st.sampled_from(rounds), max_size=1)))
    size = len(organisations) * len(rounds) * len(PARTS)
    # Mostly small counts, where the rule has work to do; a third zeros; some large.
    count = st.integers(-4, 30).map(lambda n: max(0, n) if n < 7 else n - 6 if n > 24 else n % 7)
    numbers = iter(draw(st.lists(count, min_size=size, max_size=size)))
    # Seats above the most an HF holds or offers. More open than seats minus held when one
    # ad's seats were cut below the offers holding them (by ``over``; that ad holds at least
    # one seat more) while another ad has seats open.
    n = len(organisations) * 2
    spare = iter(draw(st.lists(st.integers(0, 8), min_size=n, max_size=n)))
    counts, seats, open_seats = {}, {}, {}
    for organisation in organisations:
        held = most = 0
        for round_ in rounds:
            values = {name: next(numbers) for name in PARTS}
            if round_ in pending:
                values = {"taken_back": values["taken_back"], "waiting": values["waiting"]}
            elif values["accepted"] % 3:  # a round past its svarfrist waits for nobody
                values["waiting"] = 0
            parts = Parts(**values)
            counts[(organisation, round_)] = parts
            held, most = held + parts.holding, max(most, parts.offered)
        seats[organisation] = max(held, most, 1) + max(0, next(spare) - 4)  # often full
        over = min(max(0, next(spare) - 5), held - 1) if held > 1 else 0
        open_seats[organisation] = min(seats[organisation], seats[organisation] - held + over)
    return Table(organisations, rounds, counts, seats, open_seats, pending)


def people(table: Table, true: Counter[Cell], cell: Cell) -> int:
    if cell.measure != OPEN:
        return true[cell]
    seats = sum(table.seats.values()) if cell.national else table.seats[cell.organisation]
    return seats - true[cell]


@settings(max_examples=200, deadline=None)
@given(tables())
def test_no_shown_cell_counts_one_to_four_people(table: Table) -> None:
    shown = protect(table)
    true = truth(table)
    for cell in shown.values:
        value = shown.shown(cell)
        assert shown.values[cell] == true[cell], cell  # the rule sums as the reader does
        if value is not None:
            assert not 0 < people(table, true, cell) < 5, (cell, value)
            assert not 0 < value < 5, (cell, value)  # seats open too: few is few


@settings(max_examples=200, deadline=None)
@given(tables())
def test_no_hidden_cell_can_be_computed_from_what_is_shown(table: Table) -> None:
    assert_no_hidden_cell_can_be_computed(table)


def test_an_hf_that_offered_all_its_seats_cannot_be_said_to_have_offered_more() -> None:
    # Every HF offered all its seats in round 1: a witness may not move an offer from b to a
    # (a reader knows no HF offers more than its seats), so something else is hidden.
    rows = {
        "a": Parts(accepted=3),
        "b": Parts(accepted=2, declined=2),
        "c": Parts(accepted=12, declined=8),
    }
    seats = {o: p.offered for o, p in rows.items()}
    open_ = {o: seats[o] - rows[o].holding for o in rows}
    counts = {(o, "r"): p for o, p in rows.items()}
    assert_no_hidden_cell_can_be_computed(Table(tuple(rows), ("r",), counts, seats, open_))


def assert_no_hidden_cell_can_be_computed(table: Table) -> None:
    shown = protect(table)
    true = truth(table)
    assert broken(table, true, true) == []  # the equations hold for the true table
    checked: set[frozenset[tuple[Cell, int]]] = set()
    for cell in shown.hidden:
        witness = shown.witnesses.get(cell)
        assert witness, f"{cell} er skjult uten et annet mulig tall"
        assert witness.get(cell, 0) != 0, (cell, witness)
        if frozenset(witness.items()) in checked:
            continue  # one alternative table often covers several hidden cells
        checked.add(frozenset(witness.items()))
        assert set(witness) <= shown.hidden, "vitnet endrer et tall som vises"
        other = Counter(true)
        other.update(witness)
        assert broken(table, true, other) == [], (cell, witness)


@settings(max_examples=50, deadline=None)
@given(tables())
def test_answers_in_a_round_before_its_svarfrist_are_never_shown(table: Table) -> None:
    shown = protect(table)
    for round_ in table.pending:
        for who in (*table.organisations, NATIONAL):
            for measure in ANSWERS:
                cell = Cell(round_, who, measure)
                assert shown.shown(cell) is None and shown.reason(cell) == "etter_svarfristen"


def one_round(rows: dict[str, Parts], seats: dict[str, int] | None = None) -> Protected:
    seats = seats or {o: p.offered + 10 for o, p in rows.items()}
    open_ = {o: seats[o] - rows[o].holding for o in rows}
    return protect(Table(tuple(rows), ("r",), {(o, "r"): p for o, p in rows.items()}, seats, open_))


def test_a_small_count_takes_another_cell_of_its_row_and_column_with_it() -> None:
    shown = one_round(
        {
            "a": Parts(accepted=20, declined=3, expired=10),
            "b": Parts(accepted=30, declined=12, expired=9),
        }
    )
    assert shown.shown(Cell("r", "a", "declined")) is None  # 3 people
    row = [m for m in ("accepted", "declined", "expired") if shown.shown(Cell("r", "a", m)) is None]
    column = [o for o in ("a", "b", "") if shown.shown(Cell("r", o, "declined")) is None]
    assert len(row) >= 2 and len(column) >= 2, (row, column)
    assert shown.shown(Cell("r", "", "offered")) == 84  # the national total stays


def test_a_zero_in_a_row_of_three_is_hidden_but_a_zero_the_country_gives_away_is_shown() -> None:
    shown = one_round(
        {
            "a": Parts(accepted=3),
            "b": Parts(accepted=25, expired=8),
            "c": Parts(accepted=14, expired=6),
        }
    )
    # "All three at a accepted" is not shown: a's expired (0) is hidden like its 3 accepted.
    assert shown.shown(Cell("r", "a", "expired")) is None
    # Nobody in the country declined: a zero for each HF says no more than that.
    assert shown.shown(Cell("r", "", "declined")) == 0
    assert shown.shown(Cell("r", "a", "declined")) == 0


def test_the_zeros_of_a_row_of_four_are_hidden_even_when_its_counts_need_no_zero() -> None:
    # a's and b's small counts hide each other (a rectangle); a's expired (0) would still say
    # that none of a's four let the svarfrist pass, so it is hidden too.
    shown = one_round(
        {
            "a": Parts(accepted=2, declined=2),
            "b": Parts(accepted=3, declined=1, expired=10),
            "c": Parts(accepted=20, declined=15, expired=8),
        }
    )
    assert shown.shown(Cell("r", "a", "expired")) is None
    assert shown.shown(Cell("r", "", "expired")) == 18


def test_a_release_is_a_hidden_part_of_its_own_not_a_difference_of_shown_numbers() -> None:
    # Had "accepted" counted the 12 yeses with the one released since, 20 seats - 9 open = 11
    # held would have told the release. Released is a part of its own, hidden when small, and
    # the seats held are the accepted and waiting shown.
    table = Table(
        ("a", "b"),
        ("r",),
        {
            ("a", "r"): Parts(accepted=11, released=1, declined=8),
            ("b", "r"): Parts(accepted=15, released=0, declined=10),
        },
        {"a": 20, "b": 25},
        {"a": 9, "b": 10},
    )
    shown = protect(table)
    released = Cell("r", "a", "released")
    assert shown.shown(released) is None and shown.reason(released) == "prikket"
    assert shown.shown(Cell("r", "a", "accepted")) == 11 and shown.shown(Cell("", "a", OPEN)) == 9
    assert shown.witnesses[released][released] != 0


def test_before_any_round_few_seats_open_are_hidden_though_they_are_the_seats() -> None:
    shown = protect(Table(("a", "b"), (), {}, {"a": 3, "b": 12}, {"a": 3, "b": 12}))
    assert shown.shown(Cell("", "a", OPEN)) is None and shown.witnesses == {}
    assert shown.shown(Cell("", "b", OPEN)) == 12 and shown.shown(Cell("", "", OPEN)) == 15
