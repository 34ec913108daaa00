"""The profile and the CV as values: an HPR number only with authorisation or a licence (checked
as the portfolio checks it), and a CV bounded in entries and length, with months as year-month,
every mistake named by its row and field."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from lis1.domain.profiles import (
    MAX_DESCRIPTION,
    MAX_ENTRIES,
    MAX_TEXT,
    CvFields,
    Education,
    Language,
    ProfileFields,
    Reference,
    Work,
    checked_cv,
    new_profile,
    year_month,
)

NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)


def declared(**changes: Any) -> Any:
    values: dict[str, Any] = {
        "authorisation": "autorisasjon",
        "hpr": "",
        "norwegian": "sprakprove",
        "earlier_training": "ingen",
    }
    return new_profile("demo-x", **{**values, **changes}, now=NOW)


def test_an_hpr_number_is_kept_without_spaces() -> None:
    assert declared(hpr=" 1234 567 ").hpr == "1234567"
    assert declared(authorisation="lisens", hpr="123456789").hpr == "123456789"
    assert declared(hpr="").hpr is None


@pytest.mark.parametrize("hpr", ["123", "1234567890", "12a4567", "１２３４５６７"])
def test_an_hpr_number_is_four_to_nine_ascii_digits(hpr: str) -> None:
    with pytest.raises(ProfileFields) as refused:
        declared(hpr=hpr)
    assert set(refused.value.fields) == {"hpr"}


@pytest.mark.parametrize("status", ["sokt", "ingen", None])
def test_an_hpr_number_only_with_authorisation_or_a_licence(status: Any) -> None:
    with pytest.raises(ProfileFields) as refused:
        declared(authorisation=status, hpr="1234567")
    assert "autorisasjon eller LIS1-lisens" in refused.value.fields["hpr"]
    assert declared(authorisation=status).hpr is None


def cv(**sections: Any) -> Any:
    empty: dict[str, Any] = {"education": [], "work": [], "languages": [], "references": []}
    return checked_cv("demo-x", **{**empty, **sections}, now=NOW)


def problems(**sections: Any) -> dict[str, str]:
    with pytest.raises(CvFields) as refused:
        cv(**sections)
    return refused.value.fields


def test_blank_and_removed_rows_are_left_out_and_text_is_trimmed() -> None:
    made = cv(
        education=[
            Education(" Medisin ", "UiB", "", "2014-08", ""),
            None,
            Education("", "", "", "", ""),
        ],
        languages=[Language("Norsk", "b2")],
        references=[Reference("Kari", "", "kari@example.org")],
    )
    assert made.education == (Education("Medisin", "UiB", "", "2014-08", ""),)
    assert len(made.languages) == 1 and len(made.references) == 1 and made.work == ()


def test_a_mistake_is_named_by_its_row_in_the_form() -> None:
    found = problems(
        education=[
            Education("Medisin", "UiB", "", "2014-08", ""),
            None,
            Education("Medisin", "", "", "2014-13", "2013-01"),
        ]
    )
    assert set(found) == {"education.2.institution", "education.2.start"}


def test_required_fields_and_lengths() -> None:
    found = problems(
        work=[Work("Lege", "", "2020-01", "", "x" * (MAX_DESCRIPTION + 1))],
        references=[Reference("Kari", "y" * (MAX_TEXT + 1), "")],
        languages=[Language("Norsk", "flytende")],
    )
    assert found.keys() == {
        "work.0.employer",
        "work.0.description",
        "references.0.position",
        "references.0.contact",
        "languages.0.level",
    }
    assert "Høyst 500 tegn (nå 501)" in found["work.0.description"]


def test_the_end_is_not_before_the_start() -> None:
    found = problems(work=[Work("Lege", "Sykehus", "2020-05", "2020-04", "")])
    assert list(found) == ["work.0.end"]
    assert cv(work=[Work("Lege", "Sykehus", "2020-05", "2020-05", "")]).work


def test_each_list_is_bounded() -> None:
    many = [Language(f"Språk {i}", "a1") for i in range(MAX_ENTRIES + 1)]
    assert list(problems(languages=many)) == ["languages"]
    assert len(cv(languages=many[:MAX_ENTRIES]).languages) == MAX_ENTRIES


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("2019-08", True),
        ("1950-01", True),
        ("2100-12", True),
        ("1949-12", False),
        ("2019-00", False),
        ("2019-13", False),
        ("2019-8", False),
        ("08.2019", False),
        ("２０１９-０８", False),
        ("2019-08-01", False),
    ],
)
def test_months_are_year_month(text: str, ok: bool) -> None:
    assert year_month(text) is ok
