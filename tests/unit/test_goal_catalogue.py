"""The goal catalogues: the cross-checks of data/common-goals and data/learning-goals, each shown
on a broken copy of the real data (the exact message, file, line and field), and the lookups of
the version in force on a day, which the portfolio uses to choose a LIS's plan.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lis1.catalog import Catalog, LoadResult, load_catalog
from tests.conftest import DataCopy

ROOT = Path(__file__).resolve().parents[2]
NEW = "common-goals/2025-09-01.yaml"
OLD = "common-goals/for-2025-09-01.yaml"
CLINICAL = "learning-goals/2020-03-01.yaml"


def problems(result: LoadResult) -> list[tuple[str, int | None, str, str]]:
    assert result.catalog is None, "a catalogue was built from broken data"
    return [(p.file, p.line, p.field, p.message) for p in result.errors]


def goal_block(code: str) -> str:
    """The real file's entry for ``code`` up to its arena line (unique in the file)."""
    text = (ROOT / "data" / NEW).read_text(encoding="utf-8")
    start = text.index(f"  - code: {code}\n")
    return text[start : text.index("    arena: ", start) + len("    arena: sykehus")]


# --- the real data --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = load_catalog(ROOT / "data")
    assert result.catalog is not None, [str(p) for p in result.errors]
    return result.catalog


def test_the_version_from_2025_has_the_15_goals_of_the_regulation(catalog: Catalog) -> None:
    new = catalog.common_goals_on(date(2025, 9, 1))
    assert new is not None
    assert (new.count, new.count_in_later_parts, new.complete) == (15, 14, True)
    hospital = [g.code for g in new.goals if g.arena == "sykehus"]
    kommune = [g.code for g in new.goals if g.arena == "kommune"]
    assert hospital == [f"FKMS-{n:03d}" for n in range(1, 8)]
    assert kommune == [f"FKMK-{n:03d}" for n in range(1, 9)]
    assert (new.completed_in_hospital, new.completed_in_kommune) == (7, 8)
    assert new.goals[3].chapter == "A3"
    assert new.goals[3].chapter_name == "Kommunikasjon, samvalg og helsekompetanse"
    assert new.transition_until == date(2027, 9, 1)
    assert new.note is not None and "utledet" in new.note and "FKMK" in new.note
    assert str(new.regulation) == "https://lovdata.no/dokument/LTI/forskrift/2025-01-24-114"


def test_the_earlier_version_has_counts_and_topics_but_no_goals(catalog: Catalog) -> None:
    old = catalog.common_goals_on(date(2025, 8, 31))
    assert old is not None
    assert (old.in_force_from, old.in_force_until) == (None, date(2025, 8, 31))
    assert (old.count, old.completed_in_hospital, old.started_in_hospital_completed_in_kommune) == (
        50,
        24,
        5,
    )
    assert old.goals == [] and old.complete is False and len(old.topics) == 11


# --- lookups --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "version"),
    [
        (date(1990, 1, 1), "for-2025-09-01"),  # no known start: in force from the beginning
        (date(2025, 8, 31), "for-2025-09-01"),
        (date(2025, 9, 1), "2025-09-01"),
        (date(2025, 9, 2), "2025-09-01"),
        (date(2030, 1, 1), "2025-09-01"),
    ],
)
def test_common_goals_on(catalog: Catalog, day: date, version: str) -> None:
    found = catalog.common_goals_on(day)
    assert found is not None and found.id == version


@pytest.mark.parametrize(
    ("day", "version"),
    [
        (date(2020, 2, 29), None),
        (date(2020, 3, 1), "2020-03-01"),
        (date(2025, 8, 31), "2020-03-01"),
        (date(2025, 9, 1), "2020-03-01"),
        (date(2025, 9, 2), "2020-03-01"),
    ],
)
def test_learning_goals_on(catalog: Catalog, day: date, version: str | None) -> None:
    found = catalog.learning_goals_on(day)
    assert (found.id if found else None) == version


def test_a_version_is_in_force_through_its_last_day_and_not_after(catalog: Catalog) -> None:
    ended = catalog.learning_goals[0].model_copy(update={"in_force_until": date(2025, 8, 31)})
    old = catalog.common_goals[0].model_copy(update={"in_force_until": date(2025, 8, 31)})
    shorter = Catalog(**{**catalog.__dict__, "learning_goals": (ended,), "common_goals": (old,)})
    assert shorter.learning_goals_on(date(2025, 8, 31)) is ended
    assert shorter.learning_goals_on(date(2025, 9, 1)) is None
    assert shorter.common_goals_on(date(2025, 8, 31)) is old
    assert shorter.common_goals_on(date(2025, 9, 1)) is None


# --- cross-checks, one broken copy each -----------------------------------------------------------


def test_code_in_the_wrong_arena(data_copy: DataCopy) -> None:
    block = goal_block("FKMS-002")
    data_copy.edit(NEW, block, block.replace("arena: sykehus", "arena: kommune"))
    line = data_copy.line_of(NEW, "arena: kommune", after="code: FKMS-002")
    counts = data_copy.line_of(NEW, "completed_in_hospital:")
    kommune = data_copy.line_of(NEW, "completed_in_kommune: 8")
    found = problems(data_copy.load())
    # The counts no longer match the list either: each on its own line.
    assert [where[:3] for where in found] == [
        (f"data/{NEW}", counts, "completed_in_hospital"),
        (f"data/{NEW}", kommune, "completed_in_kommune"),
        (f"data/{NEW}", line, "goals[1].arena"),
    ]
    assert found[2][3] == "FKMS-002 hører til arena sykehus, ikke kommune."


def test_codes_out_of_order(data_copy: DataCopy, broken_data) -> None:
    result = broken_data(NEW, "code: FKMS-007", "code: FKMS-008")
    line = data_copy.line_of(NEW, "code: FKMS-008")
    assert problems(result) == [
        (
            f"data/{NEW}",
            line,
            "goals[11].code",
            "forventet FKMS-007 her (kodene skal stå i rekkefølge uten hull), fant FKMS-008.",
        )
    ]


def test_chapter_missing_from_the_topics(data_copy: DataCopy, broken_data) -> None:
    result = broken_data(NEW, "chapter: A2\n", "chapter: A1\n")
    line = data_copy.line_of(NEW, "chapter: A1")
    assert problems(result) == [
        (
            f"data/{NEW}",
            line,
            "goals[0].chapter",
            "kapittel A1 står ikke blant topics; legg til et tema med id a1 og kapitlets navn.",
        )
    ]


def test_chapter_name_differs_from_the_topic(data_copy: DataCopy, broken_data) -> None:
    result = broken_data(NEW, "chapter_name: Etikk\n", "chapter_name: Etikken\n")
    line = data_copy.line_of(NEW, "chapter_name: Etikken")
    assert problems(result) == [
        (
            f"data/{NEW}",
            line,
            "goals[0].chapter_name",
            "kapittel A2 heter «Etikk» i topics, ikke «Etikken».",
        )
    ]


def test_complete_but_goals_missing(data_copy: DataCopy, broken_data) -> None:
    result = broken_data(OLD, "complete: false", "complete: true")
    line = data_copy.line_of(OLD, "goals: []")
    assert problems(result) == [
        (f"data/{OLD}", line, "goals", "complete er true, men listen har 0 mål og count er 50.")
    ]


def test_every_goal_listed_but_not_complete(data_copy: DataCopy, broken_data) -> None:
    result = broken_data(NEW, "complete: true", "complete: false")
    line = data_copy.line_of(NEW, "complete: false")
    assert problems(result) == [
        (f"data/{NEW}", line, "complete", "alle 15 målene står i goals; skriv complete: true.")
    ]


def test_hospital_and_kommune_do_not_add_up(data_copy: DataCopy, broken_data) -> None:
    result = broken_data(OLD, "completed_in_kommune: null", "completed_in_kommune: 27")
    line = data_copy.line_of(OLD, "completed_in_kommune: 27")
    assert problems(result) == [
        (
            f"data/{OLD}",
            line,
            "completed_in_kommune",
            "sykehus (24) og kommune (27) blir 51 mål, men count er 50.",
        )
    ]


def test_parts_more_than_the_count(data_copy: DataCopy, broken_data) -> None:
    result = broken_data(
        OLD,
        "started_in_hospital_completed_in_kommune: 5",
        "started_in_hospital_completed_in_kommune: 30",
    )
    line = data_copy.line_of(OLD, "completed_in_hospital:")
    assert problems(result) == [
        (f"data/{OLD}", line, "completed_in_hospital", "delene (54) er flere enn count (50).")
    ]


def test_counts_differ_from_the_list(data_copy: DataCopy) -> None:
    data_copy.edit(NEW, "completed_in_hospital: 7", "completed_in_hospital: 6")
    data_copy.edit(NEW, "completed_in_kommune: 8", "completed_in_kommune: 9")
    hospital = data_copy.line_of(NEW, "completed_in_hospital: 6")
    kommune = data_copy.line_of(NEW, "completed_in_kommune: 9")
    assert problems(data_copy.load()) == [
        (
            f"data/{NEW}",
            hospital,
            "completed_in_hospital",
            "listen har 7 mål med arena sykehus, men completed_in_hospital er 6.",
        ),
        (
            f"data/{NEW}",
            kommune,
            "completed_in_kommune",
            "listen har 8 mål med arena kommune, men completed_in_kommune er 9.",
        ),
    ]


def test_version_ends_before_it_starts(data_copy: DataCopy, broken_data) -> None:
    result = broken_data(NEW, "in_force_until: null", "in_force_until: 2025-01-01")
    line = data_copy.line_of(NEW, "in_force_until: 2025-01-01")
    assert problems(result) == [
        (f"data/{NEW}", line, "in_force_until", "kan ikke være før in_force_from.")
    ]


def test_transition_rule_without_its_date(data_copy: DataCopy, broken_data) -> None:
    result = broken_data(NEW, "transition_until: 2027-09-01", "transition_until: null")
    line = data_copy.line_of(NEW, "transition_until: null")
    assert problems(result) == [
        (
            f"data/{NEW}",
            line,
            "transition_until",
            "transition_rule og transition_until hører sammen: fyll inn begge eller ingen.",
        )
    ]


def test_transition_ends_before_the_version_starts(data_copy: DataCopy, broken_data) -> None:
    result = broken_data(NEW, "transition_until: 2027-09-01", "transition_until: 2025-09-01")
    line = data_copy.line_of(NEW, "transition_until: 2025-09-01")
    assert problems(result) == [
        (
            f"data/{NEW}",
            line,
            "transition_until",
            "overgangen må slutte etter in_force_from (2025-09-01), ikke 2025-09-01.",
        )
    ]


def test_common_goal_versions_overlap(data_copy: DataCopy, broken_data) -> None:
    result = broken_data(OLD, "in_force_until: 2025-08-31", "in_force_until: 2025-09-01")
    line = data_copy.line_of(NEW, "in_force_from:")
    assert problems(result) == [
        (
            f"data/{NEW}",
            line,
            "in_force_from",
            "versjonen overlapper med «for-2025-09-01», som gjelder til og med 2025-09-01 "
            f"(data/{OLD}). Gi den forrige versjonen in_force_until dagen før denne begynner.",
        )
    ]


def test_two_common_goal_versions_without_a_start(data_copy: DataCopy, broken_data) -> None:
    result = broken_data(NEW, "in_force_from: 2025-09-01", "in_force_from: null")
    found = problems(result)
    assert len(found) == 1
    assert found[0][2] == "in_force_from"
    assert "overlapper" in found[0][3]


def test_clinical_versions_overlap(data_copy: DataCopy) -> None:
    later = "learning-goals/2026-01-01.yaml"
    text = data_copy.text(CLINICAL).replace('id: "2020-03-01"', 'id: "2026-01-01"')
    data_copy.path(later).write_text(
        text.replace("in_force_from: 2020-03-01", "in_force_from: 2026-01-01"), encoding="utf-8"
    )
    line = data_copy.line_of(later, "in_force_from:")
    assert problems(data_copy.load()) == [
        (
            f"data/{later}",
            line,
            "in_force_from",
            "versjonen overlapper med «2020-03-01», som gjelder uten sluttdato "
            f"(data/{CLINICAL}). Gi den forrige versjonen in_force_until dagen før denne begynner.",
        )
    ]


def test_clinical_versions_in_turn_are_accepted(data_copy: DataCopy) -> None:
    later = "learning-goals/2026-01-01.yaml"
    text = data_copy.text(CLINICAL).replace('id: "2020-03-01"', 'id: "2026-01-01"')
    data_copy.path(later).write_text(
        text.replace("in_force_from: 2020-03-01", "in_force_from: 2026-01-01"), encoding="utf-8"
    )
    data_copy.edit(CLINICAL, "in_force_until: null", "in_force_until: 2025-12-31")
    result = data_copy.load()
    assert result.catalog is not None, [str(p) for p in result.errors]
    assert [v.id for v in result.catalog.learning_goals] == ["2020-03-01", "2026-01-01"]
    found = result.catalog.learning_goals_on(date(2025, 12, 31))
    assert found is not None and found.id == "2020-03-01"
    found = result.catalog.learning_goals_on(date(2026, 1, 1))
    assert found is not None and found.id == "2026-01-01"
