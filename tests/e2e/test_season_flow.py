"""A demo season as people see it, on the whole stack in a real browser (with JavaScript; the
no-script paths of the answers are in test_offer_flow).

Kari Nordmann makes a private calendar address, receives three offers when the demo clock
reaches round 1, reads what each answer would do, is reminded on the svarfrist day, accepts one
and finds the feed, the mails and the receipts following. Ola Hansen (HF) watches his seats
fill round by round, and marks Kari as hired; after merking, Siv Lund (Bergen kommune) sees
who is hired. The public statistics add up and show no count of people below 5. Every new
page is checked with axe, and screenshots of Mine tilbud and the statistics are kept in
test-artifacts/.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar
from playwright.sync_api import BrowserContext, Page, expect
from test_apply_flow import People, heading, json_of, move_clock
from test_stack import Stack, build_site, running_stack

from lis1.demo import demo_period
from lis1.domain.rounds import ScheduledRound, schedule
from lis1.oslo import OSLO, oslo_today

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    build_site()
    with running_stack(tmp_path_factory.mktemp("lis1-season").resolve(), season=True) as running:
        yield running


def fetch(url: str, etag: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """A calendar client's request: no cookies, no session."""
    request = urllib.request.Request(url, headers={"If-None-Match": etag} if etag else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, _lower(answer.headers.items()), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, _lower(error.headers.items()), error.read()


def _lower(headers: list[tuple[str, str]]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers}


def events(feed: bytes) -> list[str]:
    """The events' titles, after both parsers have read the feed."""
    IcsCalendarStream.calendar_from_ics(feed.decode())
    return [str(e["SUMMARY"]) for e in Calendar.from_ical(feed).walk("VEVENT")]


def until(page: Page, url: str, done: Callable[[Page], bool], seconds: float = 20) -> None:
    """Reload ``url`` until ``done``: the stack's jobs run within a second or two of a moved
    clock."""
    give_up = time.monotonic() + seconds
    while True:
        page.goto(url)
        if done(page) or time.monotonic() > give_up:
            return
        time.sleep(0.5)


def mails(context: BrowserContext, origin: str, to: str, subject: str) -> list[str]:
    answer = context.request.get(f"{origin}/api/dev/outbox", headers={"Accept": "application/json"})
    found = json_of(answer)["mails"]
    return [m["body"] for m in found if m["to"] == to and m["subject"].startswith(subject)]


def hours_to(moment: datetime) -> float:
    return round((moment - datetime.now(UTC)) / timedelta(hours=1), 3)


def test_a_season_as_an_applicant_an_hf_and_a_kommune(stack: Stack, people: People) -> None:
    origin = stack.origin
    rounds: list[ScheduledRound] = schedule(demo_period(oslo_today(datetime.now(UTC))))
    first = rounds[0]
    clock, _ = people.sign_in("Eva Strand", "/api/me")

    # Before the offers: Kari makes her private calendar address; it holds nothing yet.
    _, kari = people.sign_in("Kari Nordmann", "/api/tilbud")
    kari.get_by_role("link", name="Mine frister i kalenderen").click()
    people.assert_accessible(kari)
    kari.get_by_role("button", name="Lag en adresse").click()
    address = kari.get_by_label(re.compile("Kalenderadresse for")).input_value()
    people.assert_accessible(kari)
    status, headers, empty = fetch(address)
    assert status == 200 and headers["content-type"].startswith("text/calendar"), headers
    assert events(empty) == []

    # Round 1: the moved clock runs it; Kari holds three offers.
    move_clock(clock, origin, hours_to(first.offers_from + timedelta(hours=1)))
    until(kari, f"{origin}/api/tilbud", lambda p: "Du har 3 tilbud" in p.content())
    expect(kari.get_by_text("Du har 3 tilbud som venter på svar.")).to_be_visible()
    expect(
        kari.get_by_text(re.compile(r"\d+ dag(er)?( og \d+ timer?)? igjen")).first
    ).to_be_visible()
    people.assert_accessible(kari)
    SHOTS.mkdir(parents=True, exist_ok=True)
    kari.screenshot(path=str(SHOTS / "mine-tilbud.png"), full_page=True)
    status, headers, feed = fetch(address, headers["etag"])
    assert status == 200, status  # changed: a new ETag
    titles = events(feed)
    assert len(titles) == 3 and all(t.startswith("Svarfrist: tilbud fra ") for t in titles)
    assert "Kari" not in feed.decode()
    assert fetch(address, headers["etag"])[0] == 304
    assert len(mails(clock, origin, "kari.nordmann@example.org", "Du har fått tilbud")) == 3

    # The svarfrist day's morning: one reminder per unanswered offer, sent once.
    last_day = (first.answer_deadline - timedelta(seconds=1)).astimezone(OSLO).date()
    morning = datetime.combine(last_day, datetime.min.time().replace(hour=7, minute=30))
    move_clock(clock, origin, hours_to(morning.replace(tzinfo=OSLO)))
    reminded = lambda: mails(clock, origin, "kari.nordmann@example.org", "Påminnelse")  # noqa: E731
    give_up = time.monotonic() + 20
    while len(reminded()) < 3 and time.monotonic() < give_up:
        time.sleep(0.5)
    assert len(reminded()) == 3, reminded()

    # Kari reads what accepting Haukeland would do, and accepts.
    kari.get_by_role("link", name="Takk ja til Haukeland universitetssjukehus, Bergen …").click()
    expect(heading(kari)).to_have_text("Takke ja?")
    expect(kari.get_by_text("Dine to andre åpne tilbud avslås samtidig:")).to_be_visible()
    people.assert_accessible(kari)
    kari.get_by_role("button", name="Ja, jeg takker ja").click()
    expect(heading(kari)).to_have_text("Kvittering")
    reference = re.search(r"LIS1-\w{4}-\w{4}", kari.get_by_role("main").inner_text())
    assert reference is not None
    kari.goto(f"{origin}/api/tilbud")
    expect(kari.get_by_text("Ingen tilbud venter på svar.")).to_be_visible()
    expect(kari.get_by_role("link", name=reference.group(0)).first).to_be_visible()
    kari.get_by_role(
        "link", name="Historikk for tilbudet om Haukeland universitetssjukehus, Bergen"
    ).click()
    expect(kari.get_by_text("Du takket ja.")).to_be_visible()
    people.assert_accessible(kari)
    status, _, feed = fetch(address)
    assert sum("(takket ja)" in t for t in events(feed)) == 1
    assert mails(clock, origin, "kari.nordmann@example.org", "Kvittering: svar på tilbud")

    # The HF watches its seats: round 1 on the period page; Kari marked as hired.
    _, ola = people.sign_in("Ola Hansen", "/api/hf")
    ola.get_by_role("link", name=re.compile("runde", re.I)).first.click()
    expect(heading(ola)).to_be_visible()
    people.assert_accessible(ola)
    ola.goto(f"{origin}/api/ads/d0000000b001/tilbud")
    ola.get_by_role("button", name="Merk Kari Nordmann som ansatt").click()
    expect(ola.get_by_role("status")).to_have_text("Kandidaten er merket som ansatt.")
    people.assert_accessible(ola)

    # After merking, the kommune sees who is hired for its part, and when they start.
    move_clock(clock, origin, hours_to(first.marking_deadline + timedelta(hours=1)))
    _, siv = people.sign_in("Siv Lund", "/api/kommune")
    expect(siv.get_by_text("Kari Nordmann")).to_be_visible()
    people.assert_accessible(siv)

    # The next round offers the seats freed by the svarfrist; the HF sees round 2 fill.
    move_clock(clock, origin, hours_to(rounds[1].offers_from + timedelta(hours=1)))
    until(ola, f"{origin}/api/hf/runder", lambda p: "Runde 2" in p.content())
    expect(ola.get_by_text("Runde 2").first).to_be_visible()
    people.assert_accessible(ola)

    # The public statistics: no count of people below 5, in the table or the chart.
    _, visitor = people.sign_in("Kari Nordmann", "/api/me")
    visitor.goto(f"{origin}/api/statistikk/demo")
    people.assert_accessible(visitor)
    tables = visitor.locator("main table")
    people_counts = [
        *tables.filter(has_text="tilbud per helseforetak").locator("td").all_inner_texts(),
        *tables.filter(has_text="Ledige nå").locator("td:nth-child(3)").all_inner_texts(),
        *visitor.locator("main svg text").all_text_contents(),  # the chart's labels and numbers
    ]
    shown = [int(c) for c in (c.strip() for c in people_counts) if c.isdigit()]
    assert people_counts and all(n == 0 or n >= 5 for n in shown), people_counts
    visitor.screenshot(path=str(SHOTS / "statistikk.png"), full_page=True)
    people.assert_clean()
