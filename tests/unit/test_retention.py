"""The retention rule: when a period's (or a reststilling's) records are removed, and that the
privacy page states the same time the code enforces."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from lis1.catalog import Catalog, load_catalog
from lis1.domain.ads import AdContent
from lis1.domain.retention import (
    RETENTION_MONTHS,
    ad_keep_until,
    kept,
    months_later,
    period_ended,
    period_keep_until,
    removal_after,
)
from lis1.oslo import OSLO

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded = load_catalog(ROOT / "data")
    assert loaded.catalog is not None
    return loaded.catalog


def content(period_id: str | None, starts: date) -> AdContent:
    return AdContent(
        "helse-bergen", "Haukeland", 1, "bergen-kommune", starts, "", period_id, None, None
    )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 3, 1), 12, date(2025, 3, 1)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 12, 15), 1, date(2025, 1, 15)),
    ],
)
def test_months_later(day: date, months: int, expected: date) -> None:
    assert months_later(day, months) == expected


def test_removal_is_at_midnight_in_oslo_twelve_months_on() -> None:
    assert RETENTION_MONTHS == 12
    removal = removal_after(date(2024, 10, 27))  # the day summer time ends
    assert removal.tzinfo is not None
    assert removal == datetime(2025, 10, 27, 0, 0, tzinfo=OSLO)
    assert removal == datetime(2025, 10, 26, 23, 0, tzinfo=UTC)
    summer = removal_after(date(2024, 6, 1))
    assert summer == datetime(2025, 5, 31, 22, 0, tzinfo=UTC)
    assert removal_after(date(2023, 3, 1)) == datetime(2024, 3, 1, tzinfo=OSLO)  # not 365 days
    assert removal_after(date(2024, 2, 29)) == datetime(2025, 2, 28, tzinfo=OSLO)


def test_a_period_ends_at_its_last_marking_extra_rounds_included(catalog: Catalog) -> None:
    series = catalog.all_periods()
    autumn_2019 = next(p for p in catalog.periods if p.id == "2019-host")
    own_last = max(r.marking.date() for r in autumn_2019.rounds if r.marking is not None)
    assert period_ended(series, "2019-host") == own_last
    extra = next(x for x in catalog.extra_rounds if x.draws_from == "2020-var")
    spring_2020 = next(p for p in catalog.periods if p.id == "2020-var")
    assert all(r.marking is None for r in spring_2020.rounds)  # its own rounds have none
    extra_last = max(r.marking.date() for r in extra.rounds if r.marking is not None)
    assert period_ended(series, "2020-var") == extra_last  # the extra round's, not the start
    assert period_keep_until(series, "2020-var") == removal_after(extra_last)
    assert period_ended(series, "finnes-ikke") is None
    assert period_keep_until(series, "finnes-ikke") is None


def test_an_ad_follows_its_period_and_a_reststilling_its_start(catalog: Catalog) -> None:
    series = catalog.all_periods()
    in_period = content("2019-host", date(2020, 3, 1))
    assert ad_keep_until(series, in_period) == period_keep_until(series, "2019-host")
    rest = content(None, date(2026, 2, 1))
    assert ad_keep_until(series, rest) == removal_after(date(2026, 2, 1))
    unknown = content("ukjent-periode", date(2027, 9, 1))
    assert ad_keep_until(series, unknown) == removal_after(date(2027, 9, 1))


def test_kept_until_the_instant_and_not_after() -> None:
    at = datetime(2025, 3, 1, 23, 0, tzinfo=UTC)
    assert kept(at, at - timedelta(microseconds=1))
    assert not kept(at, at)
    assert not kept(at, at + timedelta(days=400))
    assert kept(None, at + timedelta(days=4000))  # no time set: nothing removed on a guess


@pytest.mark.parametrize("page", ["personvern.md", "personvern.en.md"])
def test_the_privacy_page_states_the_time_the_code_enforces(page: str) -> None:
    text = (ROOT / "docs" / "pages" / page).read_text(encoding="utf-8")
    word = "måneder" if page == "personvern.md" else "months"
    stated = _stated(text, word)
    assert stated == {RETENTION_MONTHS}, stated


def _stated(text: str, word: str) -> set[int]:
    return {int(n) for n in re.findall(rf"\b(\d+) {word}\b", text)}
