"""Ranked lists: only standing applications, once each; append-only after the first tilbud; CSV
with line-numbered Norwegian errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lis1.domain.applications import Application
from lis1.domain.ranking import Candidate, RankedList, checked, parse_csv
from lis1.errors import InvalidInput

REFS = ["LIS1-AAAA-2222", "LIS1-BBBB-3333", "LIS1-CCCC-4444", "LIS1-DDDD-5555"]
AT = datetime(2026, 4, 1, tzinfo=UTC)
STANDING = {
    ref: Application("ad1", f"person{i}", "", "sendt", ref, AT, AT, 1) for i, ref in enumerate(REFS)
}
EMPTY = RankedList("ad1", (), 0, None, "")
CURRENT = RankedList(
    "ad1", (Candidate("person0", REFS[0]), Candidate("person1", REFS[1])), 1, AT, "ola"
)


def problems(call: object) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        call()  # type: ignore[operator]
    return caught.value.fields


def test_a_list_of_standing_applications_is_taken_in_its_order() -> None:
    order = [REFS[2], REFS[0], REFS[1]]
    rows = checked(order, standing=STANDING, current=EMPTY, locked=False)
    assert rows == tuple(Candidate(STANDING[r].applicant, r) for r in order)
    assert checked([], standing=STANDING, current=CURRENT, locked=False) == ()


def test_unknown_withdrawn_and_repeated_references_are_named_by_row() -> None:
    found = problems(
        lambda: checked(
            [REFS[0], "LIS1-ZZZZ-9999", REFS[0]], standing=STANDING, current=EMPTY, locked=False
        )
    )
    assert set(found) == {"rad 2", "rad 3"}
    assert "LIS1-ZZZZ-9999" in found["rad 2"] and "rad 1" in found["rad 3"]


def test_after_the_first_tilbud_candidates_may_only_be_appended() -> None:
    appended = [REFS[0], REFS[1], REFS[3]]
    rows = checked(appended, standing=STANDING, current=CURRENT, locked=True)
    assert tuple(row.reference for row in rows) == tuple(appended)
    for changed in ([REFS[1], REFS[0]], [REFS[0]], [REFS[2], REFS[0], REFS[1]]):
        found = problems(
            lambda c=changed: checked(c, standing=STANDING, current=CURRENT, locked=True)
        )
        assert "bare legges til sist" in found["liste"]


@pytest.mark.parametrize(
    "text",
    [
        "referanse\nLIS1-AAAA-2222\nlis1-bbbb-3333\n",
        "\ufeffplass;navn;referanse\r\n1;X;LIS1-AAAA-2222\r\n2;Y;LIS1-BBBB-3333\r\n\r\n",
        "LIS1-AAAA-2222,ok\nLIS1-BBBB-3333,ok\n",
    ],
    ids=["en-kolonne", "excel-semikolon-bom", "uten-overskrift"],
)
def test_csv_rows_become_references_in_order(text: str) -> None:
    assert parse_csv(text) == [REFS[0], REFS[1]]


def test_csv_errors_name_the_line_and_what_was_found() -> None:
    found = problems(lambda: parse_csv("referanse\nLIS1-AAAA-2222\nKari Nordmann\n\nLIS1-12\n"))
    assert set(found) == {"linje 3", "linje 5"}
    assert "Kari Nordmann" in found["linje 3"] and found["linje 5"].startswith("Linje 5:")
    assert "fil" in problems(lambda: parse_csv("referanse\n\n"))
    assert "fil" in problems(lambda: parse_csv("x" * 70_000))
