"""The feeds: parse in two independent parsers, are deterministic, and move events correctly."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from lis1.build import Project, build, outputs
from lis1.catalog import Catalog, load_catalog
from lis1.feeds import ALL_FEED, CHANGE_LOG, build_feeds
from lis1.norwegian import deadline_text, deadline_time_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = load_catalog(ROOT / "data")
    assert result.catalog is not None, result.errors
    return result.catalog


@pytest.fixture(scope="module")
def feeds(catalog: Catalog) -> dict[str, bytes]:
    return {n: b for n, b in build_feeds(catalog, None, None).items() if n.endswith(".ics")}


@pytest.fixture
def project(tmp_path: Path) -> Project:
    for folder in ("data", "calendars", "schemas", "infra"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return Project(tmp_path)


def events_by_uid(feed: bytes) -> dict[str, Any]:
    return {str(e["UID"]): e for e in Calendar.from_ical(feed).walk("VEVENT")}


def test_expected_feeds_exist(feeds: dict[str, bytes]) -> None:
    assert {
        "alle.ics",
        "utlysning-og-soknadsfrist.ics",
        "tilbud.ics",
        "svarfrist.ics",
        "merking.ics",
        "periode-2018-host.ics",
        "periode-2024-host.ics",
        "periode-2020-sommer.ics",
    } <= set(feeds)


def test_every_feed_parses_in_both_parsers_with_unique_uids(feeds: dict[str, bytes]) -> None:
    for name, feed in feeds.items():
        calendar = Calendar.from_ical(feed)
        uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
        assert uids, name
        assert len(uids) == len(set(uids)), name
        independent = IcsCalendarStream.calendar_from_ics(feed.decode("utf-8"))
        assert sorted(e.uid for e in independent.events) == sorted(uids), name
        assert len(feed) < 1_000_000, name


def test_calendar_properties(feeds: dict[str, bytes]) -> None:
    for name, feed in feeds.items():
        calendar = Calendar.from_ical(feed)
        assert calendar["METHOD"] == "PUBLISH"
        assert str(calendar["X-WR-CALNAME"]).startswith("LIS1")
        assert calendar["REFRESH-INTERVAL"].to_ical() == b"PT6H"
        assert "X-PUBLISHED-TTL" in calendar
        has_timed = any(isinstance(e.decoded("DTSTART"), datetime) for e in calendar.walk("VEVENT"))
        zones = [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")]
        assert zones == (["Europe/Oslo"] if has_timed else []), name
        assert b"127.0.0.1" not in feed and b"localhost" not in feed


def test_hosten_2018_round_1(feeds: dict[str, bytes]) -> None:
    events = events_by_uid(feeds["periode-2018-host.ics"])
    answer = events["2018-host-runde-1-svarfrist@lis1.helsedirektoratet.no"]
    assert answer.decoded("DTSTART") == date(2018, 10, 31)
    assert answer.decoded("DTEND") == date(2018, 11, 1)
    marking = events["2018-host-runde-1-merking@lis1.helsedirektoratet.no"]
    end = marking.decoded("DTEND")
    assert str(end.tzinfo) == "Europe/Oslo"
    assert (end.hour, end.minute) == (12, 0)
    assert end.astimezone(UTC) == datetime(2018, 11, 1, 11, 0, tzinfo=UTC)
    description = str(answer["DESCRIPTION"])
    assert "takker nei" in description
    assert "https://lis1.helsedirektoratet.no/frister/2018-host/" in description


def test_descriptions_word_deadlines_as_the_site_does(
    catalog: Catalog, feeds: dict[str, bytes]
) -> None:
    events = events_by_uid(feeds[ALL_FEED])
    for deadline in catalog.deadlines():
        if deadline.day is None:
            continue
        text = str(events[f"{deadline.key}@lis1.helsedirektoratet.no"]["DESCRIPTION"])
        assert "midnatt" not in text and "23:59" not in text, deadline.key
        if deadline.at is not None:
            assert f"innen {deadline_time_text(deadline.at)}." in text, deadline.key
        elif deadline.kind in ("annonser-klare", "soknadsfrist", "svarfrist"):
            assert f"innen {deadline_text(deadline.day)}." in text, deadline.key
    answer = events["2019-var-runde-2-svarfrist@lis1.helsedirektoratet.no"]
    assert "innen mandag 13. mai 2019 kl. 23.59 (norsk tid)." in str(answer["DESCRIPTION"])


def test_dtstamp_is_the_periods_updated_date(feeds: dict[str, bytes]) -> None:
    for event in Calendar.from_ical(feeds["periode-2024-host.ics"]).walk("VEVENT"):
        assert event.decoded("DTSTAMP") == datetime(2026, 11, 25, tzinfo=UTC)


def test_unpublished_dates_make_no_events(feeds: dict[str, bytes]) -> None:
    uids = events_by_uid(feeds[ALL_FEED])
    assert "2024-host-runde-4-svarfrist@lis1.helsedirektoratet.no" in uids
    assert not any(uid.startswith("2024-host-runde-5") for uid in uids)
    assert not any(uid.startswith("2020-var") for uid in uids)


def test_two_builds_give_identical_bytes(catalog: Catalog, project: Project) -> None:
    first = outputs(project, catalog)
    second = outputs(project, catalog)
    assert first == second
    assert build_feeds(catalog, None, None) == build_feeds(catalog, None, None)


def unstamped(event: Any) -> bytes:
    """The event without its DTSTAMP, which follows its period's updated:."""
    return b"\n".join(
        line for line in event.to_ical().splitlines() if not line.startswith(b"DTSTAMP")
    )


@pytest.mark.parametrize(
    ("new_day", "start"), [("2018-10-30", "20181030"), ("2018-11-01", "20181101")]
)
def test_moving_one_date_changes_only_that_event(
    project: Project, new_day: str, start: str
) -> None:
    before = (project.calendars / ALL_FEED).read_bytes()
    period = project.data / "periods" / "2018-host.yaml"
    text = period.read_text(encoding="utf-8")
    assert "    answer_by: 2018-10-31\n" in text
    text = text.replace("    answer_by: 2018-10-31\n", f"    answer_by: {new_day}\n")
    # A published date moves only with a newer updated: (the build refuses otherwise).
    period.write_text(re.sub(r"(?m)^updated: .*$", "updated: 2026-11-30", text))
    if new_day == "2018-11-01":  # later: merking must then move too, to stay after svarfrist
        text = period.read_text(encoding="utf-8")
        period.write_text(text.replace("marking: 2018-11-01T12:00", "marking: 2018-11-02T12:00"))
    result = build(project, site=False)
    assert result.catalog is not None, result.errors
    old, new = events_by_uid(before), events_by_uid((project.calendars / ALL_FEED).read_bytes())
    assert old.keys() == new.keys()
    moved = "2018-host-runde-1-svarfrist@lis1.helsedirektoratet.no"
    changed = {uid for uid in old if unstamped(old[uid]) != unstamped(new[uid])}
    restamped = {uid for uid in old if old[uid]["DTSTAMP"].dt != new[uid]["DTSTAMP"].dt}
    assert restamped == {uid for uid in old if uid.startswith("2018-host-")}
    assert new[moved].decoded("DTSTAMP").date().isoformat() == "2026-11-30"
    expected = {moved}
    if new_day == "2018-11-01":
        expected.add("2018-host-runde-1-merking@lis1.helsedirektoratet.no")
    assert changed == expected
    assert new[moved]["SEQUENCE"] == old[moved]["SEQUENCE"] + 1
    assert new[moved]["DTSTART"].to_ical().decode() == start
    log = (project.calendars / CHANGE_LOG).read_text(encoding="utf-8")
    assert '"start": "20181031"' in log and f'"start": "{start}"' in log

    # A second build with nothing changed keeps the raised SEQUENCE and writes the same bytes.
    after = {p: p.read_bytes() for p in project.calendars.rglob("*") if p.is_file()}
    build(project, site=False)
    assert {p: p.read_bytes() for p in project.calendars.rglob("*") if p.is_file()} == after
