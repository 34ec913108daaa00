"""The public feeds in English: every feed also under ``en/``, with its own UIDs, English words
and the bokmål feeds' history.

The English comes from the message catalogue (``lis1/locale/en.po``, filled by the translators;
``lis1 build`` compiles it). So that these tests do not wait for that, they install the
translations below for the feeds' texts; they are also the translations proposed for en.po.
"""

from __future__ import annotations

import gettext
import re
import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from lis1 import i18n
from lis1.build import Project, build
from lis1.catalog import Catalog, load_catalog
from lis1.feeds import ALL_FEED, build_feeds, published_feeds
from lis1.i18n import locale

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = "@lis1.helsedirektoratet.no"

ENGLISH = {
    "LIS1: alle frister": "LIS1: all deadlines",
    "Alle datoer for LIS1-søknadsperiodene: utlysning, søknadsfrist, tilbud, svarfrist og "
    "merking.": "All dates of the LIS1 application periods: advertising, application deadline, "
    "offers, answer deadlines and marking.",
    "LIS1: utlysning og søknadsfrist": "LIS1: advertising and application deadline",
    "Når LIS1-stillingene lyses ut, og siste dag å søke.": "When the LIS1 positions are "
    "advertised, and the last day to apply.",
    "LIS1: tilbud": "LIS1: offers",
    "Dagene helseforetakene sender ut tilbud, runde for runde.": "The days the health trusts "
    "send out offers, round by round.",
    "LIS1: svarfrister": "LIS1: answer deadlines",
    "Siste dag å svare på tilbud, runde for runde. Svarer du ikke innen fristen, regnes det som "
    "nei.": "The last day to answer offers, round by round. No answer by the deadline counts as "
    "a no.",
    "LIS1: merking": "LIS1: marking",
    "Når helseforetakene merker resultatet av hver runde i portalen (innen %(clock)s).": "When "
    "the health trusts mark the result of each round in the portal (%(clock)s at the latest).",
    "Alle datoer for LIS1 %(period)s (oppstart %(start)s).": "All dates of LIS1 %(period)s "
    "(positions start %(start)s).",
    "LIS1 %(period)s: Annonsene klare": "LIS1 %(period)s: Ads ready",
    "LIS1 %(period)s: Utlysning": "LIS1 %(period)s: Positions advertised",
    "LIS1 %(period)s: Søknadsfrist": "LIS1 %(period)s: Application deadline",
    "LIS1 %(period)s: Tilbud runde %(round)s": "LIS1 %(period)s: Offers, round %(round)s",
    "LIS1 %(period)s: Svarfrist runde %(round)s": "LIS1 %(period)s: Answer deadline, round "
    "%(round)s",
    "LIS1 %(period)s: Merking runde %(round)s": "LIS1 %(period)s: Marking, round %(round)s",
    "annonsene klare": "ads ready",
    "utlysning": "advertising",
    "søknadsfrist": "application deadline",
    "tilbud": "offers",
    "svarfrist": "answer deadline",
    "merking": "marking",
    "Les mer: %(url)s": "Read more: %(url)s",
    "Frist for helseforetakene: annonsene for %(period)s skal være klare for publisering i "
    "søknadsportalen innen %(by)s.": "Deadline for the health trusts: the ads for %(period)s "
    "must be ready for publication in the application portal by %(by)s.",
    "Annonsene med LIS1-stillinger for %(period)s (oppstart %(start)s) publiseres i den "
    "nasjonale søknadsportalen. En annonse kan gjelde flere stillinger. Du kan søke på så mange "
    "annonser du vil, men bare én gang på hver.": "The ads for LIS1 positions for %(period)s "
    "(positions start %(start)s) are published in the national application portal. One ad may "
    "cover several positions. You may apply for as many ads as you like, but only once for each.",
    "Søknadsfrist for LIS1-stillinger for %(period)s: søknaden må være mottatt innen %(by)s.": (
        "Application deadline for LIS1 positions for %(period)s: your application must be "
        "received by %(by)s."
    ),
    "Helseforetakene sender tilbud i runde %(round)s, samme dag for alle stillinger. Sjekk "
    "e-posten din og søknadsportalen.": "The health trusts send the offers of round %(round)s, "
    "on the same day for all positions. Check your e-mail and the application portal.",
    "Svarfrist for tilbud fra runde %(round)s: svaret må være mottatt innen %(by)s. Svarer du "
    "ikke innen fristen, regnes det som at du takker nei.": "Answer deadline for offers from "
    "round %(round)s: your answer must be received by %(by)s. If you do not answer by the "
    "deadline, it counts as declining.",
    "Helseforetakene merker resultatet av runde %(round)s i portalen innen %(by)s. Den som har "
    "takket ja, får ikke flere tilbud.": "The health trusts mark the result of round %(round)s "
    "in the portal by %(by)s. Anyone who has accepted gets no more offers.",
}

NORWEGIAN = re.compile(r"\b(innen|runde|frist|tilbud|søknad|norsk tid|kl\.|Les mer|oppstart)\b")


class _English(gettext.NullTranslations):
    """The feeds' English; a text it does not know is recorded, so a new text in the feeds
    without an English line here fails the tests."""

    def __init__(self, missing: set[str]) -> None:
        super().__init__()
        self.missing = missing

    def gettext(self, message: str) -> str:
        if message not in ENGLISH:
            self.missing.add(message)
        return ENGLISH.get(message, message)


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[str]]:
    missing: set[str] = set()
    bokmal = gettext.NullTranslations()
    monkeypatch.setattr(
        i18n, "translations", lambda name: _English(missing) if name == "en" else bokmal
    )
    yield missing


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = load_catalog(ROOT / "data")
    assert result.catalog is not None, result.errors
    return result.catalog


@pytest.fixture
def feeds(catalog: Catalog, english: set[str]) -> dict[str, bytes]:
    files = build_feeds(catalog, (ROOT / "calendars" / ALL_FEED).read_bytes(), None)
    assert english == set(), "texts of the feeds without English in ENGLISH"
    return files


def events(feed: bytes) -> dict[str, Any]:
    return {str(e["UID"]): e for e in Calendar.from_ical(feed).walk("VEVENT")}


def test_every_feed_has_an_english_twin_with_the_same_events(feeds: dict[str, bytes]) -> None:
    bokmal = sorted(n for n in feeds if n.endswith(".ics") and "/" not in n)
    assert sorted(n for n in feeds if n.startswith("en/")) == [f"en/{n}" for n in bokmal]
    for name in bokmal:
        nb, en = events(feeds[name]), events(feeds[f"en/{name}"])
        assert sorted(f"{uid.removesuffix(DOMAIN)}-en{DOMAIN}" for uid in nb) == sorted(en)
        for uid, event in nb.items():
            twin = en[f"{uid.removesuffix(DOMAIN)}-en{DOMAIN}"]
            for key in ("DTSTART", "DTEND", "DTSTAMP", "SEQUENCE"):
                assert twin.decoded(key) == event.decoded(key), (name, uid, key)


def test_a_calendar_subscribed_to_both_languages_has_no_uid_twice(
    feeds: dict[str, bytes],
) -> None:
    for name in (n for n in feeds if n.startswith("en/")):
        both = [*events(feeds[name]), *events(feeds[name.removeprefix("en/")])]
        assert len(both) == len(set(both)), name
        parsed = IcsCalendarStream.calendar_from_ics(feeds[name].decode("utf-8"))
        assert sorted(e.uid for e in parsed.events) == sorted(events(feeds[name])), name


def test_english_words_addresses_and_dates(feeds: dict[str, bytes]) -> None:
    feed = feeds["en/periode-2019-var.ics"]
    calendar = Calendar.from_ical(feed)
    assert str(calendar["X-WR-CALNAME"]) == "LIS1 Spring 2019"
    assert str(calendar["X-WR-CALDESC"]) == (
        "All dates of LIS1 Spring 2019 (positions start 1 September 2019)."
    )
    assert str(calendar["PRODID"]) == "-//LIS1//Frister//EN"
    assert str(calendar["URL"]) == "https://lis1.helsedirektoratet.no/en/"
    assert str(calendar["SOURCE"]) == (
        "https://lis1.helsedirektoratet.no/kalender/en/periode-2019-var.ics"
    )
    answer = events(feed)[f"2019-var-runde-2-svarfrist-en{DOMAIN}"]
    assert str(answer["SUMMARY"]) == "LIS1 Spring 2019: Answer deadline, round 2"
    assert answer.decoded("DTSTART") == date(2019, 5, 13)
    description = str(answer["DESCRIPTION"])
    assert "by Monday 13 May 2019 at 23:59 (Norwegian time)." in description
    assert description.endswith("Read more: https://lis1.helsedirektoratet.no/en/frister/2019-var/")
    assert str(answer["URL"]) == "https://lis1.helsedirektoratet.no/en/frister/2019-var/"
    marking = events(feed)[f"2019-var-runde-2-merking-en{DOMAIN}"]
    assert "by Tuesday 14 May 2019 at 12:00 (Norwegian time)." in str(marking["DESCRIPTION"])
    assert isinstance(marking.decoded("DTEND"), datetime)
    extra = Calendar.from_ical(feeds["en/periode-2020-sommer.ics"])
    assert str(extra["X-WR-CALNAME"]) == "LIS1 Extra round, summer 2020"
    merking = Calendar.from_ical(feeds["en/merking.ics"])
    assert str(merking["X-WR-CALDESC"]).endswith("(at 12:00 (Norwegian time) at the latest).")


def test_no_bokmal_in_an_english_feed(feeds: dict[str, bytes]) -> None:
    for name in (n for n in feeds if n.startswith("en/")):
        calendar = Calendar.from_ical(feeds[name])
        texts = [str(calendar["X-WR-CALNAME"]), str(calendar["X-WR-CALDESC"])]
        for event in calendar.walk("VEVENT"):
            texts += [str(event["SUMMARY"]), str(event["DESCRIPTION"])]
            texts += [str(c) for c in event["CATEGORIES"].cats]
        said = [t for t in texts if NORWEGIAN.search(t.replace("/frister/", "/"))]
        assert said == [], (name, said[:3])


def test_the_bokmal_feeds_are_as_committed(feeds: dict[str, bytes]) -> None:
    """English is added beside the bokmål feeds without changing a byte of them."""
    for name, content in feeds.items():
        if "/" not in name and name.endswith(".ics"):
            assert content == (ROOT / "calendars" / name).read_bytes(), name


def test_the_site_lists_the_english_feeds_at_their_paths(catalog: Catalog) -> None:
    with locale("en"):
        english = published_feeds(catalog)
    assert {f.path for f in english} == {f"en/{f.file}" for f in published_feeds(catalog)}
    assert {f.language for f in english} == {"en"}


@pytest.fixture
def project(tmp_path: Path) -> Project:
    for folder in ("data", "calendars", "schemas", "infra"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return Project(tmp_path)


def test_a_moved_date_moves_in_both_languages_with_the_same_sequence(
    project: Project, english: set[str]
) -> None:
    period = project.data / "periods" / "2018-host.yaml"
    text = period.read_text(encoding="utf-8")
    text = text.replace("    answer_by: 2018-10-31\n", "    answer_by: 2018-10-30\n")
    period.write_text(re.sub(r"(?m)^updated: .*$", "updated: 2026-11-30", text))
    assert build(project, site=False).catalog is not None
    nb = events((project.calendars / ALL_FEED).read_bytes())
    en = events((project.calendars / "en" / ALL_FEED).read_bytes())
    moved = f"2018-host-runde-1-svarfrist{DOMAIN}"
    twin = en[f"2018-host-runde-1-svarfrist-en{DOMAIN}"]
    assert nb[moved]["SEQUENCE"] == twin["SEQUENCE"] == 1
    assert twin.decoded("DTSTART") == date(2018, 10, 30)
    assert "by Tuesday 30 October 2018" in str(twin["DESCRIPTION"])
    assert twin.decoded("DTSTAMP") == nb[moved].decoded("DTSTAMP")
    # A second build keeps the raised SEQUENCE in both languages and writes the same bytes.
    before = {p: p.read_bytes() for p in project.calendars.rglob("*") if p.is_file()}
    build(project, site=False)
    assert {p: p.read_bytes() for p in project.calendars.rglob("*") if p.is_file()} == before
    assert english == set()
