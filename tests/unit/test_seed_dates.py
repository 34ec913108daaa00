"""Every dated entry of the seed periods is in the data, on the weekday the seed printed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lis1.catalog import load_catalog, timeline
from lis1.norwegian import weekday

ROOT = Path(__file__).resolve().parents[2]


def test_seed_dates_and_weekdays() -> None:
    catalog = load_catalog(ROOT / "data").catalog
    assert catalog is not None
    rows = [
        line.split()
        for line in (ROOT / "tests/fixtures/seed-weekdays.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    by_period = {p.id: p for p in catalog.periods}
    for period_id in {row[0] for row in rows}:
        days = sorted(d.day for d in timeline(by_period[period_id]) if d.day is not None)
        expected = sorted(date.fromisoformat(row[1]) for row in rows if row[0] == period_id)
        assert days == expected, period_id
    for _, day, name in rows:
        assert weekday(date.fromisoformat(day)) == name, day
