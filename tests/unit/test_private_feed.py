"""The private calendar feed as bytes: valid in two independent parsers, deterministic, all-day
svarfrister on the Oslo day and merking as the hour before 12:00 Oslo, titles that name only the
HF, and events whose UID stays while SEQUENCE and DTSTAMP follow the offer."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from lis1.catalog import Catalog, load_catalog
from lis1.domain import offers as machine
from lis1.domain import private_calendar as rules
from lis1.domain.ads import Ad, AdContent
from lis1.domain.offers import Offer, RoundKey
from lis1.oslo import OSLO, end_of_day_utc, oslo_wall_clock_to_utc
from lis1.services.offers import marking_deadline
from lis1.services.private_feed import render_feed

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = "https://lis1.example.no"
HOST = RoundKey("2024-host", 1, "2024-host")  # tilbud 6 Nov, svarfrist Sun 10 Nov, merking 11 Nov
SPRING = RoundKey("2024-var", 1, "2024-var")  # tilbud 2 May, svarfrist 5 May, merking 6 May
CANDIDATE = "helseid-subject-kari-1234"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded = load_catalog(ROOT / "data")
    assert loaded.catalog is not None
    return loaded.catalog


def an_ad(ad_id: str, organisation: str, place: str) -> Ad:
    content = AdContent(
        organisation=organisation,
        place=place,
        seats=2,
        kommune="bergen-kommune",
        starts=date(2025, 3, 1),
        description="",
        period_id="2024-host",
        application_deadline=None,
        ends=None,
    )
    at = datetime(2024, 8, 22, 8, tzinfo=UTC)
    return Ad(ad_id, content, "publisert", 1, "hf", at, at, at)


ADS = {
    ad.id: ad
    for ad in (
        an_ad("a00000000001", "helse-bergen", "Haukeland universitetssjukehus"),
        an_ad("a00000000002", "helse-stavanger", "Stavanger universitetssjukehus"),
        an_ad("a00000000003", "helse-fonna", "Haugesund sjukehus"),
        an_ad("a00000000004", "helse-bergen", "Voss sjukehus"),
        an_ad("a00000000005", "helse-forde", "Førde sentralsjukehus"),
    )
}


def an_offer(ad_id: str, key: RoundKey = HOST, **changes: Any) -> Offer:
    days = {HOST: date(2024, 11, 10), SPRING: date(2024, 5, 5)}
    deadline = end_of_day_utc(days[key])
    issued = deadline - timedelta(days=4, hours=16)
    values: dict[str, Any] = {
        "ad_id": ad_id,
        "candidate": CANDIDATE,
        "reference": "LIS1-ABCD-2345",
        "round": key,
        "issued_at": issued,
        "answer_deadline": deadline,
        "state": "åpen",
        "changed_at": issued,
    }
    return Offer(**{**values, **changes})


def feed(catalog: Catalog, offers: list[Offer], now: datetime) -> bytes:
    markings = {}
    for key in {o.round for o in offers}:
        deadline = marking_deadline(catalog, key)
        assert deadline is not None
        markings[key] = deadline
    return render_feed(rules.entries(offers, now, markings), ADS, catalog, ORIGIN)


def events(body: bytes) -> dict[str, Any]:
    return {str(e["UID"]): e for e in Calendar.from_ical(body).walk("VEVENT")}


def uid(offer: Offer, kind: str) -> str:
    return f"tilbud-{offer.id}-{kind}@lis1.helsedirektoratet.no"


NOW = datetime(2024, 11, 8, 9, tzinfo=UTC)


def five_offers() -> list[Offer]:
    """Høst 2024: one accepted, two declined by it; Vår 2024: one expired, one taken back."""
    accepted_at = datetime(2024, 11, 7, 18, tzinfo=UTC)
    chosen = an_offer("a00000000001", state="takket_ja", changed_at=accepted_at)
    return [
        chosen,
        an_offer("a00000000002", state="takket_nei", changed_at=accepted_at, reason=chosen.id),
        an_offer("a00000000003", state="takket_nei", changed_at=accepted_at, reason=chosen.id),
        an_offer("a00000000004", SPRING),  # never answered: expired at the svarfrist
        an_offer(
            "a00000000005",
            SPRING,
            state="trukket_tilbake",
            changed_at=datetime(2024, 5, 3, 9, tzinfo=UTC),
            reason="Sendt ved en feil",
        ),
    ]


def test_the_feed_parses_in_two_independent_parsers_with_its_calendar_properties(
    catalog: Catalog,
) -> None:
    body = feed(catalog, five_offers(), NOW)
    calendar = Calendar.from_ical(body)
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert len(uids) == 6 == len(set(uids))  # five svarfrister and one merking
    independent = IcsCalendarStream.calendar_from_ics(body.decode("utf-8"))
    assert sorted(e.uid for e in independent.events) == sorted(uids)
    assert calendar["METHOD"] == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"]) == "Mine LIS1-frister"
    assert calendar["REFRESH-INTERVAL"].to_ical() == b"PT1H"
    assert calendar["X-PUBLISHED-TTL"].to_ical() == b"PT1H"
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
    assert {str(e["CLASS"]) for e in calendar.walk("VEVENT")} == {"PRIVATE"}
    assert b"SOURCE" not in body  # no property carries the feed's own (secret) address


def test_size_of_a_feed_with_five_offers(catalog: Catalog) -> None:
    body = feed(catalog, five_offers(), NOW)
    print(f"\nPrivat kalender med 5 tilbud: {len(body)} byte")
    assert 3_000 < len(body) < 12_000


def test_svarfrist_is_the_whole_oslo_day_and_merking_the_hour_before_noon(
    catalog: Catalog,
) -> None:
    chosen = five_offers()[0]
    found = events(feed(catalog, [chosen], NOW))
    svarfrist = found[uid(chosen, "svarfrist")]
    assert svarfrist.decoded("DTSTART") == date(2024, 11, 10)
    assert svarfrist.decoded("DTEND") == date(2024, 11, 11)
    marking = found[uid(chosen, "merking")]
    start, end = marking.decoded("DTSTART"), marking.decoded("DTEND")
    assert str(start.tzinfo) == "Europe/Oslo" and (start.hour, end.hour) == (11, 12)
    assert end.astimezone(UTC) == datetime(2024, 11, 11, 11, tzinfo=UTC)  # winter time: UTC+1
    assert "innen mandag 11. november 2024 kl. 12.00 (norsk tid)" in str(marking["DESCRIPTION"])


def test_merking_in_the_week_the_clocks_go_forward_is_still_at_noon_oslo() -> None:
    key = RoundKey("x", 1, "x")
    offer = an_offer("a00000000001", HOST, state="takket_ja", round=key)
    marking = oslo_wall_clock_to_utc(datetime(2026, 3, 30, 12, 0))  # noqa: DTZ001 - Oslo wall clock
    (_, entry) = rules.entries([offer], NOW, {key: marking})
    assert entry.end == datetime(2026, 3, 30, 10, 0, tzinfo=UTC)
    assert entry.start == datetime(2026, 3, 30, 9, 0, tzinfo=UTC)
    assert isinstance(entry.start, datetime) and entry.start.astimezone(OSLO).hour == 11


def test_titles_name_only_the_hf_and_nothing_names_the_applicant(catalog: Catalog) -> None:
    offer = an_offer("a00000000001")
    body = feed(catalog, [offer], NOW)
    event = events(body)[uid(offer, "svarfrist")]
    assert str(event["SUMMARY"]) == "Svarfrist: tilbud fra Helse Bergen HF"
    description = str(event["DESCRIPTION"])
    assert "innen søndag 10. november 2024 kl. 23.59 (norsk tid)" in description
    assert "takker nei" in description and f"{ORIGIN}/api/tilbud" in description
    assert CANDIDATE.encode() not in body and b"LIS1-ABCD-2345" not in body


def test_the_event_follows_the_offer_under_the_same_uid(catalog: Catalog) -> None:
    offer = an_offer("a00000000001")
    accepted = machine.accept(offer, NOW)
    hired = machine.hire(accepted, NOW + timedelta(days=3), None)
    released = machine.release(hired, NOW + timedelta(days=9), "Trakk seg")
    seen = [events(feed(catalog, [step], NOW)) for step in (offer, accepted, hired, released)]
    answer = [found[uid(offer, "svarfrist")] for found in seen]
    assert [int(e["SEQUENCE"]) for e in answer] == [0, 1, 2, 3]
    title = "Svarfrist: tilbud fra Helse Bergen HF"
    assert [str(e["SUMMARY"]) for e in answer] == [
        title,
        f"{title} (takket ja)",
        f"{title} (merket som ansatt)",
        f"{title} (frigitt av helseforetaket)",
    ]
    stamps = [e.decoded("DTSTAMP") for e in answer]
    assert stamps == sorted(stamps) and len(set(stamps)) == 4
    assert [uid(offer, "merking") in found for found in seen] == [False, True, True, False]
    marked = seen[2][uid(offer, "merking")]
    assert str(marked["SUMMARY"]) == "Merking: tilbud fra Helse Bergen HF (merket som ansatt)"
    assert int(marked["SEQUENCE"]) > int(seen[1][uid(offer, "merking")]["SEQUENCE"])


def test_a_taken_back_offer_is_cancelled_and_an_open_one_confirmed(catalog: Catalog) -> None:
    offer = an_offer("a00000000001")
    taken_back = machine.take_back(offer, NOW, "Sendt ved en feil")
    assert str(events(feed(catalog, [offer], NOW))[uid(offer, "svarfrist")]["STATUS"]) == (
        "CONFIRMED"
    )
    event = events(feed(catalog, [taken_back], NOW))[uid(offer, "svarfrist")]
    assert str(event["STATUS"]) == "CANCELLED"
    assert "Sendt ved en feil" not in str(event["DESCRIPTION"])  # the HF's reason stays with it


def test_the_same_state_gives_the_same_bytes_whenever_it_is_read(catalog: Catalog) -> None:
    offers = five_offers()
    first = feed(catalog, offers, NOW)
    assert feed(catalog, offers, NOW) == first
    assert feed(catalog, offers, NOW + timedelta(hours=20)) == first  # nothing changed
    assert feed(catalog, offers, NOW + timedelta(days=300)) == first  # nothing left to expire


def test_an_expiry_not_yet_recorded_reads_as_the_recorded_one(catalog: Catalog) -> None:
    offer = an_offer("a00000000001")
    after = offer.answer_deadline + timedelta(hours=2)
    recorded = machine.expire(offer, after)
    assert feed(catalog, [offer], after) == feed(catalog, [recorded], after)
    assert feed(catalog, [offer], after) != feed(catalog, [offer], after - timedelta(days=1))


def test_sequence_rises_along_every_path_of_the_state_machine() -> None:
    paths = [
        ["åpen", "takket_ja", "ansatt", "frigitt"],
        ["åpen", "takket_ja", "frigitt"],
        ["åpen", "takket_nei"],
        ["åpen", "utløpt"],
        ["åpen", "trukket_tilbake"],
    ]
    for path in paths:
        numbers = [rules.SEQUENCE[state] for state in path]  # type: ignore[index]
        assert numbers == sorted(set(numbers)), path


def test_an_empty_feed_is_still_a_calendar(catalog: Catalog) -> None:
    body = feed(catalog, [], NOW)
    assert Calendar.from_ical(body).walk("VEVENT") == []
    assert IcsCalendarStream.calendar_from_ics(body.decode("utf-8")).events == []
    assert b"VTIMEZONE" not in body


def test_tokens_are_of_one_shape_and_stored_as_their_sha256() -> None:
    import secrets

    token = secrets.token_urlsafe(rules.TOKEN_BYTES)
    assert rules.looks_like_token(token)
    assert not rules.looks_like_token(token[:-1]) and not rules.looks_like_token(token + "A")
    assert not rules.looks_like_token(token[:-1] + "/")
    assert len(rules.token_hash(token)) == 64 and rules.token_hash(token) != token
    assert replace(five_offers()[0]).id == five_offers()[0].id  # the UID's part is stable
