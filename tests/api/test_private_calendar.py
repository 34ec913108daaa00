"""The private calendar through the API, on the demo season: an applicant makes the secret
address (shown once), the feed follows their offers as they arrive and are answered, a new
address makes the old one answer 404, turning it off too; revalidation with ETag answers 304;
nobody else's offers appear; and a feed read costs three DynamoDB calls, however many offers."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from lis1.api.app import run_scheduled_rounds
from lis1.api.gateway import GatewayResponse

from .conftest import Api, Client
from .test_offer_pages import seeded
from .test_platform import assert_our_error

HTML = {"accept": "text/html"}
CALENDAR = {"accept": "text/calendar"}


def make_address(client: Client) -> str:
    made = client.post("/api/tilbud/kalender")
    assert made.status == 201, made.body
    body = made.json()
    assert isinstance(body, dict) and body["active"] is True
    assert body["webcal"] == "webcal://" + body["address"].split("://", 1)[1]
    path = urlsplit(body["address"]).path
    assert re.fullmatch(r"/api/kalender/[A-Za-z0-9_-]{43}\.ics", path), path
    return path


def read(api: Api, path: str, **headers: str) -> GatewayResponse:
    """As a calendar client: no cookie, no sign-in."""
    return api.client().get(path, headers={**CALENDAR, **headers})


def uids(response: GatewayResponse) -> dict[str, Any]:
    assert response.status == 200, response.body
    calendar = Calendar.from_ical(response.body)
    independent = IcsCalendarStream.calendar_from_ics(response.body.decode("utf-8"))
    found = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert sorted(e.uid for e in independent.events) == sorted(found)
    return found


def offer_ids(client: Client) -> set[str]:
    offers = client.get("/api/tilbud").json()["offers"]  # type: ignore[index]
    return {o["id"] for o in offers}


def test_make_read_replace_and_turn_off(api: Api) -> None:
    rounds = seeded(api)
    kari = api.sign_in("demo-kari")
    assert kari.get("/api/tilbud/kalender").json() == {
        "active": False,
        "made_at": None,
        "address": None,
        "webcal": None,
    }
    first = make_address(kari)
    assert uids(read(api, first)) == {}  # no offers yet: an empty calendar
    assert kari.get("/api/tilbud/kalender").json()["active"] is True  # type: ignore[index]

    api.clock.set(rounds[0].offers_from)  # type: ignore[attr-defined]
    run_scheduled_rounds(api.deps)
    kari = api.sign_in("demo-kari")
    mine = offer_ids(kari)
    events = uids(read(api, first))
    assert set(events) == {f"tilbud-{o}-svarfrist@lis1.helsedirektoratet.no" for o in mine}
    for event in events.values():  # open: the HF only, no state
        assert re.fullmatch(r"Svarfrist: tilbud fra [^()]+ HF", str(event["SUMMARY"]))

    chosen = sorted(mine)[0]
    answered = kari.post(f"/api/tilbud/{chosen}/accept", json_body={})
    assert answered.status == 200, answered.body
    events = uids(read(api, first))
    assert str(events[f"tilbud-{chosen}-svarfrist@lis1.helsedirektoratet.no"]["SUMMARY"]).endswith(
        "(takket ja)"
    )
    assert f"tilbud-{chosen}-merking@lis1.helsedirektoratet.no" in events
    assert sum("(takket nei)" in str(e["SUMMARY"]) for e in events.values()) == len(mine) - 1

    second = make_address(kari)
    assert second != first
    gone = assert_our_error(read(api, first), 404)
    assert set(uids(read(api, second))) == set(events)
    assert kari.post("/api/tilbud/kalender/revoke").json()["active"] is False  # type: ignore[index]
    assert assert_our_error(read(api, second), 404) == gone
    never = "/api/kalender/" + "A" * 43 + ".ics"
    assert assert_our_error(read(api, never), 404) == gone  # no hint which it was
    assert gone["code"] == "ukjent_kalender"
    assert kari.get("/api/tilbud/kalender").json()["active"] is False  # type: ignore[index]

    audit = api.deps.store.audit.entries("bruker:demo-kari")
    changes = [(e.action, e.detail) for e in audit if "calendar" in e.action]
    assert all(e.actor == "demo-kari" for e in audit if "calendar" in e.action)
    expected = [
        ("create_calendar_link", {"kalenderadresse": "laget"}),
        ("create_calendar_link", {"kalenderadresse": "erstattet"}),
        ("revoke_calendar_link", {"kalenderadresse": "slått av"}),
    ]  # the last two share an instant: their order in the log is not fixed
    assert sorted(changes, key=str) == sorted(expected, key=str)


def test_the_feed_is_revalidated_with_its_etag(api: Api) -> None:
    rounds = seeded(api)
    api.clock.set(rounds[0].offers_from)  # type: ignore[attr-defined]
    run_scheduled_rounds(api.deps)
    kari = api.sign_in("demo-kari")
    path = make_address(kari)
    full = read(api, path)
    assert full.status == 200
    etag = full.header("ETag") or ""
    assert re.fullmatch(r'"[0-9a-f]{40}"', etag)
    assert full.header("Content-Type") == "text/calendar; charset=utf-8"
    assert full.header("Cache-Control") == "private, max-age=300"
    assert full.header("Referrer-Policy") == "no-referrer"
    assert read(api, path).body == full.body  # the same state, the same bytes

    for sent in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        unchanged = read(api, path, **{"if-none-match": sent})
        assert unchanged.status == 304 and unchanged.body == b"", sent
        assert unchanged.header("ETag") == etag
        assert unchanged.header("Cache-Control") == "private, max-age=300"
    assert read(api, path, **{"if-none-match": '"other"'}).status == 200

    head = api.client().request("HEAD", path, headers=CALENDAR)
    assert (head.status, head.body, head.header("ETag")) == (200, b"", etag)
    assert head.header("Content-Length") == str(len(full.body))

    offer = sorted(offer_ids(kari))[0]
    assert kari.post(f"/api/tilbud/{offer}/decline", json_body={}).status == 200
    changed = read(api, path, **{"if-none-match": etag})
    assert changed.status == 200 and changed.header("ETag") != etag


def test_signing_in_is_needed_to_make_see_or_turn_off_an_address(api: Api) -> None:
    anonymous = api.client()
    assert_our_error(anonymous.post("/api/tilbud/kalender"), 401)
    assert_our_error(anonymous.post("/api/tilbud/kalender/revoke"), 401)
    assert_our_error(anonymous.get("/api/tilbud/kalender"), 401)
    page = anonymous.get("/api/tilbud/kalender", headers=HTML)
    assert page.status == 303 and "/api/auth/login" in (page.header("Location") or "")


def test_a_wrong_token_is_404_and_a_malformed_one_400(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    make_address(kari)
    for token in ("B" * 43, "B" * 43 + ".ics", "-" * 43):
        assert assert_our_error(read(api, f"/api/kalender/{token}"), 404)["code"] == (
            "ukjent_kalender"
        )
    for token in ("B" * 42, "B" * 44, "B" * 43 + ".ical", "B" * 42 + "="):
        assert_our_error(read(api, f"/api/kalender/{token}"), 400)


def test_offers_of_other_applicants_never_appear(api: Api) -> None:
    rounds = seeded(api)
    api.clock.set(rounds[0].offers_from)  # type: ignore[attr-defined]
    run_scheduled_rounds(api.deps)
    feeds = {}
    for subject in ("demo-kari", "demo-ahmed"):
        client = api.sign_in(subject)
        expected = {f"tilbud-{o}-svarfrist@lis1.helsedirektoratet.no" for o in offer_ids(client)}
        assert expected
        found = uids(read(api, make_address(client)))
        assert set(found) == expected, subject
        feeds[subject] = found
    assert not set(feeds["demo-kari"]) & set(feeds["demo-ahmed"])
    ola = api.sign_in("demo-ola")  # the HF's administrator sees no one's address
    assert ola.get("/api/tilbud/kalender").json()["active"] is False  # type: ignore[index]


def test_the_page_shows_the_address_once_with_the_subscribe_help(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    empty = kari.get("/api/tilbud/kalender", headers=HTML).body.decode()
    assert "Du har ingen kalenderadresse" in empty and 'action="/api/tilbud/kalender"' in empty
    made = kari.post("/api/tilbud/kalender", form={"csrf_token": kari.csrf or ""}, headers=HTML)
    assert made.status == 201, made.body
    assert made.header("Referrer-Policy") == "no-referrer"
    text = made.body.decode()
    address = re.search(r'value="(http[^"]+/api/kalender/[^"]+\.ics)"', text)
    assert address is not None
    assert f'href="webcal://{address.group(1).split("://", 1)[1]}"' in text
    assert "Adressen vises bare nå." in text and "Google Kalender" in text
    assert read(api, urlsplit(address.group(1)).path).status == 200
    later = kari.get("/api/tilbud/kalender", headers=HTML).body.decode()
    assert "/api/kalender/" not in later and "Kalenderen din har en adresse, laget" in later
    assert "Slå av adressen" in later
    no_token = kari.post("/api/tilbud/kalender", form={}, headers={**HTML, "x-csrf-token": ""})
    assert no_token.status == 403  # the form needs the CSRF token like every change
    off = kari.post(
        "/api/tilbud/kalender/revoke", form={"csrf_token": kari.csrf or ""}, headers=HTML
    )
    assert off.status == 303 and off.header("Location") == "/api/tilbud/kalender?melding=slatt_av"
    shown = kari.get(off.header("Location") or "", headers=HTML).body.decode()
    assert "Kalenderadressen er slått av." in shown
    again = kari.post(
        "/api/tilbud/kalender/revoke", form={"csrf_token": kari.csrf or ""}, headers=HTML
    )
    assert again.header("Location") == "/api/tilbud/kalender?melding=ingen"
    assert read(api, urlsplit(address.group(1)).path).status == 404


def test_a_feed_read_costs_three_reads_however_many_offers(
    counted: tuple[Api, Counter[str]],
) -> None:
    """The address, the applicant's offers, their ads in one batch, with three offers as with
    one (the DynamoDB calls of the same read are counted on moto by tests/api/test_calls.py)."""
    api, calls = counted
    rounds = seeded(api)
    api.clock.set(rounds[0].offers_from)  # type: ignore[attr-defined]
    run_scheduled_rounds(api.deps)
    kari = api.sign_in("demo-kari")
    path = make_address(kari)
    assert len(offer_ids(kari)) == 3
    three = Counter({"calendars.subject_of": 1, "offers.by_candidate": 1, "ads.many": 1})
    calls.clear()
    full = read(api, path)
    assert len(uids(full)) == 3
    assert calls == three, calls
    calls.clear()
    unchanged = read(api, path, **{"if-none-match": full.header("ETag") or ""})
    assert unchanged.status == 304 and calls == three, calls
    calls.clear()
    assert read(api, "/api/kalender/" + "C" * 43).status == 404
    assert calls == Counter({"calendars.subject_of": 1}), calls  # nothing more for a stranger
