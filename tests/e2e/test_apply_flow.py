"""The application flow on the whole local stack, in a real browser, person by person.

One stack (`python -m lis1 serve`, DynamoDB Local) for the module, with its own LIS1_LOCAL_DIR.
Ola Hansen (Helse Bergen HF) writes and publishes an ad in the demo period; Kari Nordmann finds
it and applies without JavaScript, is refused a second application, finds the receipt in the
local outbox and withdraws; Ahmed Hassan finds it on the site's Stillinger page with JavaScript
and applies; Ingrid Berg (another HF) cannot see its applicants; after the deadline (the demo
clock moved) nobody can apply; and after a restart everything is still there.

The tests run in order and share what they made (the ad, the references). Every person has a
new browser context and signs in on the development issuer's "Velg demobruker" page. No page
may log a console error or ask another host for anything. Nothing is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest
from playwright.sync_api import APIResponse, Browser, BrowserContext, Page, expect
from test_stack import (  # tests/e2e/test_stack.py: the stack as a subprocess, shared helpers
    ROOT,
    Stack,
    assert_error_body,
    build_site,
    choose_demo_user,
    java_processes,
    json_of,
    running_stack,
    signed_in_csrf,
    wait_for,
)

from lis1.norwegian import long_date
from lis1.oslo import OSLO

if TYPE_CHECKING:
    from conftest import WatchedPage  # tests/e2e/conftest.py; fixtures hand out its objects

OpenPage = Callable[[BrowserContext], "WatchedPage"]

PLACE = "Haukeland universitetssjukehus, Bergen"
HF_NAME = "Helse Bergen HF"
KOMMUNE_NAME = "Bergen kommune"
DESCRIPTION = "Seks måneder i sykehus, så seks måneder i kommunen.\n\nVi ønsker deg velkommen."
KARI_EMAIL = "kari.nordmann@example.org"
RECEIPT_SUBJECT = "Kvittering: søknad på LIS1-stilling"
REFERENCE = re.compile(r"LIS1-[0-9A-Z]{4}-[0-9A-Z]{4}")
JSON_HEADERS = {"Accept": "application/json"}
NORWEGIAN_REFUSAL = re.compile(r"\b(bare|ikke|tilgang)\b", re.IGNORECASE)
NOT_OPEN = re.compile(r"^Søknadsfristen er ute\. Den var .+ kl\. 23\.59 \(norsk tid\)\.$")


@dataclass
class Flow:
    """What the tests have made so far, in order."""

    ad_id: str = ""
    kari_reference: str = ""
    kari_withdrawn: str = ""
    ahmed_reference: str = ""
    done: set[str] = field(default_factory=set)

    def needs(self, *steps: str) -> str:
        missing = [step for step in steps if step not in self.done]
        if missing:
            pytest.fail(f"Et tidligere steg feilet, så dette kan ikke prøves: {missing}")
        return self.ad_id


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    build_site()
    assert (ROOT / "site" / "stillinger" / "index.html").is_file()
    with running_stack(tmp_path_factory.mktemp("lis1-apply").resolve()) as running:
        yield running


@pytest.fixture(scope="module")
def flow() -> Flow:
    return Flow()


class People:
    """One new browser context per person, signed in; every page watched and checked."""

    def __init__(self, browser: Browser, open_page: OpenPage, stack: Stack) -> None:
        self.browser = browser
        self.open_page = open_page
        self.stack = stack
        self.contexts: list[BrowserContext] = []
        self.pages: list[WatchedPage] = []

    def context(self, javascript: bool = True) -> BrowserContext:
        made = self.browser.new_context(
            locale="nb-NO",
            timezone_id="Europe/Oslo",
            java_script_enabled=javascript,
        )
        self.contexts.append(made)
        return made

    def page(self, context: BrowserContext) -> Page:
        watched = self.open_page(context)
        self.pages.append(watched)
        return watched.page

    def sign_in(self, name: str, path: str, javascript: bool = True) -> tuple[BrowserContext, Page]:
        """A new context for ``name``, signed in and landed on ``path``."""
        context = self.context(javascript)
        page = self.page(context)
        origin = self.stack.origin
        page.goto(f"{origin}/api/auth/login?return_to={quote(path, safe='/')}")
        choose_demo_user(page, name)
        expect(page).to_have_url(f"{origin}{path}")
        return context, page

    def expect_http_error(self, page: Page, status: int, url: str) -> None:
        """Take back the one console line Chromium writes when a page is answered ``status``
        on purpose (a form posted again gets its page back with 409): not a page error."""
        watched = next(w for w in self.pages if w.page is page)
        line = re.compile(
            rf"Failed to load resource: the server responded with a status of {status} "
            rf".*\({re.escape(url)}\)$"
        )
        found = [e for e in watched.console_errors if line.fullmatch(e)]
        assert len(found) == 1, watched.console_errors
        watched.console_errors.remove(found[0])

    def assert_accessible(self, page: Page) -> None:
        """axe (WCAG 2.1 A/AA) finds nothing on the API's own pages either."""
        watched = next(w for w in self.pages if w.page is page)
        violations = watched.axe()
        assert violations == [], [
            (v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations
        ]

    def assert_clean(self) -> None:
        errors = [e for w in self.pages for e in w.console_errors]
        external = [r for w in self.pages for r in w.external_requests]
        assert external == [], f"forespørsler til andre verter: {external}"
        assert errors == [], f"feil i konsollen: {errors}"

    def close(self) -> None:
        for watched in self.pages:
            watched.close()
        for context in self.contexts:
            context.close()


# --- helpers ------------------------------------------------------------------------------------


def heading(page: Page) -> Any:
    return page.get_by_role("heading", level=1)


def definition(page: Page, term: str) -> str:
    """The text of the <dd> after the <dt> ``term``."""
    return page.locator(f"dl dt:text-is('{term}') + dd").inner_text().strip()


def post_json(context: BrowserContext, url: str, body: dict[str, Any], csrf: str) -> APIResponse:
    return context.request.post(
        url, data=body, headers={**JSON_HEADERS, "X-CSRF-Token": csrf}, fail_on_status_code=False
    )


def move_clock(context: BrowserContext, origin: str, hours: float) -> None:
    """The local-only demo clock; moving it needs a signed-in person, as every change does."""
    moved = context.request.put(
        f"{origin}/api/dev/clock",
        data={"offset_hours": hours},
        headers={**JSON_HEADERS, "X-CSRF-Token": signed_in_csrf(context, origin)},
    )
    assert moved.status == 200, moved.text()
    assert json_of(moved)["offset_hours"] == hours


def demo_option(page: Page, select: str) -> tuple[str, str]:
    """(value, text) of the demo period's option in the <select> ``select``."""
    option = page.locator(f"{select} option").filter(has_text=re.compile(r"^Demoperiode"))
    expect(option).to_have_count(1)
    return option.get_attribute("value") or "", option.inner_text().strip()


def receipt_reference(page: Page) -> str:
    expect(heading(page)).to_have_text("Kvittering")
    reference = definition(page, "Referanse")
    assert REFERENCE.fullmatch(reference), reference
    return reference


# --- 1. the HF administrator publishes an ad ------------------------------------------------


def test_hf_administrator_creates_and_publishes_an_ad(
    stack: Stack, people: People, flow: Flow
) -> None:
    origin = stack.origin
    context, page = people.sign_in("Ola Hansen", "/api/me")
    page.get_by_role("navigation", name="Min side").get_by_role(
        "link", name="Annonser og søkere"
    ).click()
    expect(heading(page)).to_have_text("Annonser og søkere")
    people.assert_accessible(page)
    page.get_by_role("link", name="Ny annonse").click()
    expect(heading(page)).to_have_text("Ny annonse")
    people.assert_accessible(page)

    page.get_by_label("Helseforetak").select_option(label=HF_NAME)
    page.get_by_label("Sted (sykehus og by)").fill(PLACE)
    page.get_by_label("Antall stillinger").fill("2")
    page.get_by_label("Kommunedel").select_option(label=KOMMUNE_NAME)
    page.get_by_label("Oppstart").fill(
        (datetime.now(OSLO).date() + timedelta(days=120)).isoformat()
    )
    value, text = demo_option(page, "#period_id")
    assert value == "demo", (value, text)
    page.get_by_label("Søknadsperiode").select_option(value=value)
    page.get_by_label("Beskrivelse").fill(DESCRIPTION)
    page.get_by_role("button", name="Lagre som utkast").click()

    saved = re.compile(re.escape(f"{origin}/api/ads/") + r"(\w+)/edit\?melding=lagret$")
    expect(page).to_have_url(saved)
    flow.ad_id = saved.fullmatch(page.url)[1]  # type: ignore[index]
    expect(page.get_by_role("status")).to_have_text("Annonsen er lagret.")
    assert f"/api/ads/{flow.ad_id}" not in _public_listing(people, origin)  # a draft is hidden
    page.get_by_role("link", name="Annonser og søkere").click()
    row = page.locator(f"tr#annonse-{flow.ad_id}")
    expect(row).to_contain_text("Utkast – ikke publisert")
    expect(row).to_contain_text(text)

    row.get_by_role("link", name=f"Publiser «{PLACE}» …").click()
    expect(heading(page)).to_have_text(f"Publisere «{PLACE}»?")
    people.assert_accessible(page)
    page.get_by_role("button", name="Publiser nå").click()
    expect(page).to_have_url(f"{origin}/api/hf?melding=publisert")
    expect(page.get_by_role("status")).to_contain_text("Annonsen er publisert")
    expect(row).to_contain_text("Publisert – tar imot søknader")
    expect(row.get_by_role("link", name=f"Publiser «{PLACE}» …")).to_have_count(0)

    page.goto(f"{origin}/api/ads")
    expect(heading(page)).to_have_text("Stillinger")
    link = page.get_by_role("link", name=PLACE)
    expect(link).to_have_attribute("href", f"/api/ads/{flow.ad_id}")
    ad = json_of(context.request.get(f"{origin}/api/ads/{flow.ad_id}", headers=JSON_HEADERS))
    assert ad["status"] == "publisert" and ad["seats"] == 2, ad
    assert ad["organisation_name"] == HF_NAME and ad["kommune_name"] == KOMMUNE_NAME, ad
    people.assert_clean()
    flow.done.add("publisert")


def _public_listing(people: People, origin: str) -> str:
    """The /api/ads page as someone signed out sees it (its links)."""
    page = people.page(people.context(javascript=False))
    page.goto(f"{origin}/api/ads")
    expect(heading(page)).to_have_text("Stillinger")
    hrefs = page.locator("main a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return " ".join(h for h in hrefs if h and h.startswith("/api/ads/"))


# --- 2. an applicant without JavaScript ------------------------------------------------------


def test_applicant_without_javascript_applies_once_gets_a_receipt_and_withdraws(
    stack: Stack, people: People, flow: Flow
) -> None:
    origin = stack.origin
    ad_id = flow.needs("publisert")
    context, page = people.sign_in("Kari Nordmann", "/api/ads", javascript=False)

    _, period = demo_option(page, "#periode")
    page.get_by_label("Søknadsperiode").select_option(label=period)
    page.get_by_role("button", name="Vis annonser").click()
    expect(page).to_have_url(re.compile(r"/api/ads\?periode=demo(&|$)"))
    expect(page.get_by_role("status")).to_have_text("1 annonse. Til sammen 2 stillinger.")
    page.get_by_role("link", name=PLACE).click()
    expect(page).to_have_url(f"{origin}/api/ads/{ad_id}")
    expect(heading(page)).to_have_text(f"{PLACE} – {HF_NAME}")

    # A second tab on the same ad, still showing the form: it posts again after the first.
    second = people.page(context)
    second.goto(f"{origin}/api/ads/{ad_id}")
    expect(second.get_by_role("button", name="Send søknad")).to_be_visible()

    page.get_by_label(re.compile(r"^Kort søknadstekst")).fill("Jeg vil gjerne jobbe i Bergen.")
    page.get_by_role("button", name="Send søknad").click()
    expect(page).to_have_url(re.compile(re.escape(f"{origin}/api/receipts/LIS1-")))
    flow.kari_reference = receipt_reference(page)
    expect(page.get_by_role("status")).to_contain_text(f"Søknaden din på {PLACE} ({HF_NAME})")
    expect(page.get_by_role("status")).to_contain_text("ble mottatt")

    second.get_by_label(re.compile(r"^Kort søknadstekst")).fill("En gang til.")
    second.get_by_role("button", name="Send søknad").click()
    expect(second.get_by_role("alert")).to_contain_text("Du har allerede søkt på denne stillingen")
    expect(second.get_by_role("button", name="Send søknad")).to_have_count(0)
    people.expect_http_error(second, 409, f"{origin}/api/ads/{ad_id}/applications")

    page.get_by_role("link", name="Til stillingen").click()
    expect(page).to_have_url(f"{origin}/api/ads/{ad_id}")
    expect(page.get_by_text(f"(referanse {flow.kari_reference})")).to_be_visible()
    expect(page.get_by_role("button", name="Trekk søknaden")).to_be_visible()
    expect(page.get_by_role("button", name="Send søknad")).to_have_count(0)
    again = post_json(
        context,
        f"{origin}/api/ads/{ad_id}/applications",
        {"cover_text": "En gang til."},
        signed_in_csrf(context, origin),
    )
    body = assert_error_body(again, 409)
    assert body["code"] == "har_allerede_søkt", body
    assert body["message"].startswith("Du har allerede søkt"), body

    page.goto(f"{origin}/api/dev/outbox")
    expect(heading(page)).to_have_text("Utboks (lokal)")
    mails = page.locator("main li").filter(
        has=page.get_by_role("heading", name=RECEIPT_SUBJECT, exact=True)
    )
    to_kari = mails.filter(has_text=f"Til: {KARI_EMAIL}")
    expect(to_kari).to_have_count(1)
    expect(to_kari.locator("pre")).to_contain_text(f"Referanse: {flow.kari_reference}")
    expect(to_kari.locator("pre")).to_contain_text(f"Stilling: {PLACE}")

    page.goto(f"{origin}/api/ads/{ad_id}")
    page.get_by_role("navigation", name="Min side").get_by_role(
        "link", name="Mine søknader"
    ).click()
    expect(heading(page)).to_have_text("Mine søknader")
    row = page.get_by_role("listitem").filter(has_text=PLACE)
    expect(row).to_contain_text("Status: sendt")
    row.get_by_role("button", name=f"Trekk søknaden til {PLACE}").click()
    flow.kari_withdrawn = receipt_reference(page)
    assert flow.kari_withdrawn != flow.kari_reference
    expect(page.get_by_role("status")).to_contain_text("ble trukket")
    assert definition(page, "Hva").lower() == "søknad trukket"

    page.get_by_role("navigation", name="Min side").get_by_role(
        "link", name="Mine søknader"
    ).click()
    expect(page.get_by_role("listitem").filter(has_text=PLACE)).to_contain_text("Status: trukket")
    people.assert_clean()
    flow.done.add("kari")


# --- 3. an applicant with JavaScript, from the site's Stillinger page -------------------------


def test_applicant_finds_the_ad_on_the_stillinger_page_and_applies(
    stack: Stack, people: People, flow: Flow
) -> None:
    origin = stack.origin
    ad_id = flow.needs("publisert")
    _, page = people.sign_in("Ahmed Hassan", "/stillinger/")
    expect(heading(page)).to_have_text(re.compile(r"^Stillinger\b"))  # and its permalink
    listing = page.locator("#lis1-ads")
    expect(listing.get_by_role("heading", level=2)).to_have_text("Utlyste annonser (1)")
    link = listing.get_by_role("link", name=f"{PLACE} – {HF_NAME}")
    expect(link).to_have_attribute("href", f"/api/ads/{ad_id}")
    expect(listing.get_by_role("listitem")).to_contain_text(f"kommunedel i {KOMMUNE_NAME}")
    link.click()

    expect(page).to_have_url(f"{origin}/api/ads/{ad_id}")
    people.assert_accessible(page)
    page.get_by_label(re.compile(r"^Kort søknadstekst")).fill("Hilsen Ahmed.")
    page.get_by_role("button", name="Send søknad").click()
    flow.ahmed_reference = receipt_reference(page)
    people.assert_accessible(page)
    expect(page.get_by_role("status")).to_contain_text("ble mottatt")
    people.assert_clean()
    flow.done.add("ahmed")


# --- 3b. the HF administrator corrects the ad and reads the applicants, in pages only --------


def test_hf_administrator_corrects_the_ad_and_reads_the_applicants_on_a_phone(
    stack: Stack, people: People, flow: Flow
) -> None:
    ad_id = flow.needs("publisert", "kari", "ahmed")
    _, page = people.sign_in("Ola Hansen", "/api/me")
    page.set_viewport_size({"width": 390, "height": 844})
    hf_menu(page).click()
    row = page.locator(f"tr#annonse-{ad_id}")
    expect(row).to_contain_text("1 søknad")
    row.get_by_role("link", name=f"Rett «{PLACE}»").click()
    expect(heading(page)).to_have_text("Rett annonsen")
    expect(page.get_by_label("Helseforetak")).to_have_count(0)  # fixed after publication
    page.get_by_label("Antall stillinger").fill("3")
    page.get_by_role("button", name="Lagre rettelsen").click()
    expect(page).to_have_url(re.compile(rf"/api/ads/{ad_id}/edit\?melding=korrigert$"))
    expect(page.get_by_role("status")).to_have_text("Rettelsen er lagret og ført i endringsloggen.")
    log = page.locator("h2:text-is('Endringslogg') + ul > li")
    expect(log.first).to_contain_text("Rettet; antall stillinger: 2 → 3")
    expect(log.last).to_contain_text("Publisert")
    people.assert_accessible(page)

    hf_menu(page).click()
    expect(row.locator("td").nth(2)).to_have_text("3 stillinger")
    row.get_by_role("link", name="1 søknad").click()
    expect(heading(page)).to_have_text(re.compile(r"^Søkere"))
    expect(page.get_by_role("status")).to_have_text("1 søknad står. 1 er trukket.")
    page.get_by_role("link", name="navn").click()
    expect(page).to_have_url(re.compile(r"\?sorter=navn$"))
    names = page.locator("section.lis1-soker h2")
    expect(names).to_have_text(["Ahmed Hassan", "Kari Nordmann"])
    expect(page.locator("section.lis1-soker").first).to_contain_text("Hilsen Ahmed.")
    people.assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    people.assert_clean()


def test_hf_administrator_edits_and_deletes_a_draft(stack: Stack, people: People) -> None:
    origin = stack.origin
    _, page = people.sign_in("Ola Hansen", "/api/me")
    hf_menu(page).click()
    page.get_by_role("link", name="Ny annonse").click()
    page.get_by_label("Sted (sykehus og by)").fill("Voss sjukehus")
    page.get_by_label("Antall stillinger").fill("1")
    page.get_by_label("Kommunedel").select_option(label=KOMMUNE_NAME)
    page.get_by_label("Oppstart").fill((datetime.now(OSLO).date() + timedelta(days=90)).isoformat())
    page.get_by_label("Søknadsperiode").select_option(value="demo")
    page.get_by_label("Beskrivelse").fill("x" * 5001)
    page.get_by_role("button", name="Lagre som utkast").click()
    field = page.get_by_label("Beskrivelse")
    expect(field).to_have_value("x" * 5001)  # too long: refused, kept, said next to the field
    expect(page.get_by_role("alert")).to_contain_text("Annonsen ble ikke lagret")
    people.expect_http_error(page, 400, f"{origin}/api/ads")
    field.fill("Et halvt år i Voss.")
    page.get_by_role("button", name="Lagre som utkast").click()
    expect(page.get_by_role("status")).to_have_text("Annonsen er lagret.")
    ad_id = re.search(r"/api/ads/(\w+)/edit", page.url)[1]  # type: ignore[index]

    page.get_by_label("Sted (sykehus og by)").fill("Voss sjukehus, Voss")
    page.get_by_role("button", name="Lagre utkastet").click()
    expect(page.get_by_role("status")).to_have_text("Annonsen er lagret.")
    expect(page.get_by_label("Sted (sykehus og by)")).to_have_value("Voss sjukehus, Voss")
    page.get_by_role("button", name="Slett utkastet").click()
    expect(page).to_have_url(f"{origin}/api/hf?melding=slettet")
    expect(page.get_by_role("status")).to_have_text("Utkastet er slettet.")
    expect(page.locator(f"tr#annonse-{ad_id}")).to_have_count(0)
    people.assert_clean()


def hf_menu(page: Page) -> Any:
    return page.get_by_role("navigation", name="Min side").get_by_role(
        "link", name="Annonser og søkere"
    )


# --- 4. another HF's administrator --------------------------------------------------------


def test_another_hf_administrator_cannot_see_the_applicants(
    stack: Stack, people: People, flow: Flow
) -> None:
    origin = stack.origin
    ad_id = flow.needs("publisert")
    context, page = people.sign_in("Ingrid Berg", "/api/hf")
    expect(heading(page)).to_have_text("Annonser og søkere")
    expect(page.locator(f"#annonse-{ad_id}")).to_have_count(0)
    expect(page.locator(f"a[href^='/api/ads/{ad_id}']")).to_have_count(0)
    page.get_by_role("link", name="Ny annonse").click()
    expect(page.get_by_label("Helseforetak")).not_to_contain_text(HF_NAME)

    refused = context.request.get(
        f"{origin}/api/ads/{ad_id}/applications", headers=JSON_HEADERS, fail_on_status_code=False
    )
    body = assert_error_body(refused, 403)
    assert body["code"] == "ikke_administrator", body
    assert NORWEGIAN_REFUSAL.search(body["message"]), body  # in Norwegian, for people
    csv = context.request.get(
        f"{origin}/api/ads/{ad_id}/applications?format=csv",
        headers=JSON_HEADERS,
        fail_on_status_code=False,
    )
    assert csv.status == 403, csv.text()
    assert "kari" not in csv.text().lower()
    people.assert_clean()


# --- 5. after the deadline --------------------------------------------------------------------


def test_nobody_can_apply_after_the_deadline(stack: Stack, people: People, flow: Flow) -> None:
    origin = stack.origin
    ad_id = flow.needs("publisert", "kari")
    clock, _ = people.sign_in("Eva Strand", "/api/me")
    ad = json_of(clock.request.get(f"{origin}/api/ads/{ad_id}", headers=JSON_HEADERS))
    closes = ad["applications_close_at"]
    assert closes, ad
    last_day = (datetime.fromisoformat(closes) - timedelta(seconds=1)).astimezone(OSLO).date()

    move_clock(clock, origin, 24 * 20)
    try:
        context, page = people.sign_in("Kari Nordmann", f"/api/ads/{ad_id}", javascript=False)
        expect(page.get_by_text(NOT_OPEN)).to_be_visible()
        expect(page.get_by_role("button", name="Send søknad")).to_have_count(0)
        expect(page.locator("textarea")).to_have_count(0)
        late = post_json(
            context,
            f"{origin}/api/ads/{ad_id}/applications",
            {"cover_text": "For sent?"},
            signed_in_csrf(context, origin),
        )
        body = assert_error_body(late, 409)
        assert body["code"] == "fristen_er_ute", body
        assert (
            body["message"] == f"Søknadsfristen var {long_date(last_day)} kl. 23.59 (norsk tid)."
        ), body
        if "ahmed" in flow.done:
            _, ahmed = people.sign_in("Ahmed Hassan", f"/api/ads/{ad_id}")
            expect(ahmed.get_by_text(f"(referanse {flow.ahmed_reference})")).to_be_visible()
            expect(
                ahmed.get_by_text("Fristen er ute; søknaden kan ikke lenger trekkes.")
            ).to_be_visible()
            expect(ahmed.get_by_role("button", name="Trekk søknaden")).to_have_count(0)
    finally:
        move_clock(clock, origin, 0)
    people.assert_clean()


# --- 6. restart (last: it restarts the module's stack) ----------------------------------------


def test_restart_keeps_the_ad_and_the_applications(
    stack: Stack, people: People, flow: Flow
) -> None:
    ad_id = flow.needs("publisert", "kari", "ahmed")
    assert stack.stop() == 0, stack.output
    assert wait_for(lambda: not java_processes(stack.local), 10), stack.output
    origin = stack.start()
    assert len(java_processes(stack.local)) == 1, stack.output

    public = people.context()
    clock = json_of(public.request.get(f"{origin}/api/dev/clock", headers=JSON_HEADERS))
    assert clock["offset_hours"] == 0, clock  # moved back before the restart, and kept
    ad = json_of(public.request.get(f"{origin}/api/ads/{ad_id}", headers=JSON_HEADERS))
    assert ad["status"] == "publisert" and ad["place"] == PLACE, ad
    listed = json_of(public.request.get(f"{origin}/api/ads?periode=demo", headers=JSON_HEADERS))
    assert [a["id"] for a in listed["ads"]] == [ad_id], listed

    kari, page = people.sign_in("Kari Nordmann", "/api/applications", javascript=False)
    row = page.get_by_role("listitem").filter(has_text=PLACE)
    expect(row).to_contain_text("Status: trukket")
    expect(row.get_by_role("button")).to_have_count(0)
    mine = json_of(kari.request.get(f"{origin}/api/applications", headers=JSON_HEADERS))
    assert [(a["ad"]["id"], a["status"], a["reference"]) for a in mine["applications"]] == [
        (ad_id, "trukket", flow.kari_withdrawn)
    ], mine

    _, page = people.sign_in("Ahmed Hassan", "/api/applications")
    expect(heading(page)).to_have_text("Mine søknader")
    row = page.get_by_role("listitem").filter(has_text=PLACE)
    expect(row).to_contain_text("Status: sendt")
    expect(row.get_by_role("link", name=flow.ahmed_reference)).to_be_visible()
    expect(row.get_by_role("button", name=f"Trekk søknaden til {PLACE}")).to_be_visible()

    ola, _ = people.sign_in("Ola Hansen", "/api/hf")
    applicants = json_of(
        ola.request.get(f"{origin}/api/ads/{ad_id}/applications", headers=JSON_HEADERS)
    )
    statuses = {a["name"]: a["status"] for a in applicants["applicants"]}
    assert statuses == {"Kari Nordmann": "trukket", "Ahmed Hassan": "sendt"}, applicants
    people.assert_clean()
