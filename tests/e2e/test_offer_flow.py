"""Offer round 1 of the demo season on the whole stack, in a real browser.

The stack seeds the demo season as `make serve` does. The demo clock is moved to the first
tilbud day; each HF sends its offers from its page; Kari Nordmann, without JavaScript, reads
her three offers, is told that accepting one declines the other two, accepts and gets a receipt;
Ahmed Hassan, with JavaScript, declines one of his. The HF then sees the acceptance to mark.
Before all that, the HF reorders a ranked list with the page's buttons (JavaScript).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect
from test_apply_flow import People, heading, move_clock
from test_stack import Stack, build_site, running_stack

from lis1.demo import demo_period
from lis1.domain.rounds import schedule
from lis1.oslo import oslo_today


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    build_site()
    with running_stack(tmp_path_factory.mktemp("lis1-offers").resolve(), season=True) as running:
        yield running


def test_round_one_answered_with_and_without_javascript(stack: Stack, people: People) -> None:
    origin, now = stack.origin, datetime.now(UTC)
    first = schedule(demo_period(oslo_today(now)))[0]

    # Before the first tilbud the HF may reorder a list; with JavaScript, by buttons.
    _, ola = people.sign_in("Ola Hansen", "/api/hf")
    ola.get_by_role("link", name="Innstillingsliste for «Voss sjukehus»").click()
    rows = ola.locator("tbody tr")
    second = rows.nth(1).locator("td").nth(1).inner_text()
    ola.get_by_role("button", name=f"Flytt opp: {second}").click()
    expect(rows.first).to_contain_text(second)
    expect(ola.locator("input[data-plass]").first).to_have_value("1")
    people.assert_accessible(ola)
    ola.get_by_role("button", name="Lagre listen").click()
    expect(ola.get_by_role("status")).to_have_text("Innstillingslisten er lagret.")
    expect(rows.first).to_contain_text(second)

    clock, _ = people.sign_in("Eva Strand", "/api/me")
    move_clock(
        clock, origin, round((first.offers_from + timedelta(hours=1) - now) / timedelta(hours=1), 3)
    )

    for admin in ("Ola Hansen", "Ingrid Berg"):
        _, hf = people.sign_in(admin, "/api/hf")
        expect(hf.get_by_text(re.compile(r"Tilbudsrunde pågår: Demoperiode"))).to_be_visible()
        hf.get_by_role("button", name="Send dagens tilbud nå").click()
        expect(hf.get_by_role("status")).to_have_text(
            "Dagens tilbudsrunde er kjørt for annonsene deres."
        )
        people.assert_accessible(hf)

    _, kari = people.sign_in("Kari Nordmann", "/api/me", javascript=False)
    kari.get_by_role("navigation", name="Min side").get_by_role("link", name="Mine tilbud").click()
    expect(heading(kari)).to_have_text("Mine tilbud")
    expect(kari.get_by_text("Du har 3 tilbud som venter på svar.")).to_be_visible()
    kari.get_by_role("link", name="Takk ja til Haukeland universitetssjukehus, Bergen …").click()
    expect(heading(kari)).to_have_text("Takke ja?")
    expect(kari.get_by_text("Dine to andre åpne tilbud avslås samtidig:")).to_be_visible()
    kari.get_by_role("button", name="Ja, jeg takker ja").click()
    expect(heading(kari)).to_have_text("Kvittering")
    expect(kari.get_by_role("status")).to_contain_text("Du takket ja til tilbudet om Haukeland")
    kari.goto(f"{origin}/api/tilbud")
    expect(kari.get_by_text("Ingen tilbud venter på svar.")).to_be_visible()
    earlier = kari.locator("main ul.lis1-tidligere li")
    expect(earlier.filter(has_text="Haukeland")).to_contain_text("takket ja")
    expect(earlier.filter(has_text="Ullevål")).to_contain_text("takket nei")

    _, ahmed = people.sign_in("Ahmed Hassan", "/api/tilbud")
    expect(ahmed.get_by_text("Du har 2 tilbud som venter på svar.")).to_be_visible()
    people.assert_accessible(ahmed)  # axe needs JavaScript: Kari's pages are checked here
    ahmed.get_by_role("link", name="Takk nei til Haukeland universitetssjukehus, Bergen …").click()
    expect(heading(ahmed)).to_have_text("Takke nei?")
    people.assert_accessible(ahmed)
    ahmed.get_by_role("button", name="Ja, jeg takker nei").click()
    expect(ahmed.get_by_role("status")).to_contain_text("Du takket nei til tilbudet om Haukeland")

    _, ola = people.sign_in("Ola Hansen", "/api/hf")
    expect(ola.get_by_role("link", name="Innstillingsliste for «Voss sjukehus»")).to_be_visible()
    ola.get_by_role("link", name="Tilbud på «Haukeland universitetssjukehus, Bergen»").click()
    row = ola.locator("tr").filter(has_text="Kari Nordmann")
    expect(row).to_contain_text("takket ja")
    row.get_by_role("button", name="Merk Kari Nordmann som ansatt").click()
    expect(ola.get_by_role("status")).to_have_text("Kandidaten er merket som ansatt.")
    expect(ola.locator("tr").filter(has_text="Kari Nordmann")).to_contain_text("merket som ansatt")
    people.assert_accessible(ola)
    people.assert_clean()
