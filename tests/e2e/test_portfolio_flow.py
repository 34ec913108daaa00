"""The competence portfolio as people use it, on the whole stack in a real browser.

Kari Nordmann, a new LIS, opens Min portefølje from the menu, creates her record with the
hospital part and reads her plan; she invites a leder (Tor Berge), a veileder (Anne Sæther) and
two supervisører (Jon Ek, Hanne Moe): each link is shown once and mailed. Each of them signs in
in their own browser and accepts by the link (Hanne without JavaScript). Tor has no "Se
porteføljen" until Ola Hansen, Helse Bergen's administrator, confirms him on "Ledere for LIS";
then he reads Kari's portfolio. Kari registers two activities; Jon signs one, Hanne returns the
other with a comment (without JavaScript), and Kari reads it. Every new page is checked with
axe; screenshots of Min portefølje, the plan and the signing page are kept in test-artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from test_apply_flow import JSON_HEADERS, People, heading, json_of
from test_season_flow import SHOTS, mails
from test_stack import Stack, build_site, running_stack

from lis1.domain.portfolio.records import add_months
from lis1.norwegian import long_date
from lis1.oslo import OSLO

HF_NAME = "Helse Bergen HF"
KARI = "Kari Nordmann"
INVITED = (  # role, name, e-mail (the demo people's own addresses), accepts with JavaScript
    ("leder", "Tor Berge", "tor.berge@example.org", True),
    ("veileder", "Anne Sæther", "anne.saether@example.org", True),
    ("supervisør", "Jon Ek", "jon.ek@example.org", True),
    ("supervisør", "Hanne Moe", "hanne.moe@example.org", False),
)
SIGNED = "Anla arteriekran på intensiv under supervisjon, og lærte å tolke blodgass."
RETURNED = "Deltok på kurs i akuttmedisin, to dager."
COMMENT = "Skriv hvilke læringsmål kurset dekket, og hva du øvde på."


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    build_site()
    with running_stack(tmp_path_factory.mktemp("lis1-portfolio").resolve(), season=True) as running:
        yield running


VIA = {"Læringsaktiviteter": "Min portefølje", "Til signering": "Veiledning"}
"""Pages reached from a menu page rather than from the menu itself."""


def menu(page: Page, name: str) -> None:
    nav = page.get_by_role("navigation", name="Min side")
    if name in VIA:
        nav.get_by_role("link", name=VIA[name]).click()
        page.get_by_role("main").get_by_role("link", name=name, exact=True).first.click()
    else:
        nav.get_by_role("link", name=name).click()


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_a_portfolio_from_the_first_day_to_a_signed_activity(stack: Stack, people: People) -> None:
    origin = stack.origin
    today = datetime.now(OSLO).date()
    starts = add_months(today.replace(day=1), -2)
    kari_context, kari = people.sign_in(KARI, "/api/me")

    # Kari has no record yet: she creates it with her hospital part.
    menu(kari, "Min portefølje")
    expect(heading(kari)).to_have_text("Opprett porteføljen")
    people.assert_accessible(kari)
    kari.get_by_label("Helseforetak").select_option(label=HF_NAME)
    kari.get_by_label("Første dag").fill(starts.isoformat())
    kari.get_by_label("Siste dag").fill((add_months(starts, 12) - timedelta(days=1)).isoformat())
    kari.get_by_role("button", name="Opprett porteføljen").click()
    expect(kari).to_have_url(f"{origin}/api/portefolje?melding=startet")
    expect(heading(kari)).to_have_text("Min portefølje")
    expect(kari.get_by_role("status")).to_contain_text("Porteføljen er opprettet")
    plan = kari.locator("#planen + p")
    expect(plan).to_contain_text(f"Du startet sykehusdelen {long_date(starts)}.")
    expect(plan).to_contain_text("85 kliniske læringsmål og 15 felles kompetansemål")
    people.assert_accessible(kari)

    # The plan: 45 goals in hospital, 40 in the kommune, the 15 common goals with their words.
    kari.get_by_role("link", name="Se alle læringsmålene i planen").click()
    expect(heading(kari)).to_have_text("Læringsmålene i planen din")
    expect(kari.get_by_text("45 kliniske læringsmål: KLS-001–KLS-045.")).to_be_visible()
    expect(kari.get_by_text("40 kliniske læringsmål: KLK-001–KLK-040.")).to_be_visible()
    expect(kari.locator("dl.lis1-mal dt")).to_have_count(15)
    people.assert_accessible(kari)
    shoot(kari, "portefolje-plan.png")
    listed = json_of(
        kari_context.request.get(f"{origin}/api/portefolje/plan", headers=JSON_HEADERS)
    )
    common = [g for g in listed["goals"] if g["kind"] == "felles"]
    assert len(common) == 15 and all(g["text"] for g in common), common
    assert {g["code"][:4] for g in common} == {"FKMS", "FKMK"}, common
    assert sum(g["code"].startswith("KLS-") for g in listed["goals"]) == 45
    assert sum(g["code"].startswith("KLK-") for g in listed["goals"]) == 40

    # The kommune part can be added later; its form is there.
    kari.get_by_role("link", name="Tilbake til Min portefølje").click()
    kari.get_by_role("link", name="Legg til kommunedelen").click()
    expect(heading(kari)).to_have_text("Legg til en ansettelse")
    expect(kari.get_by_label("Kommune")).to_be_visible()
    people.assert_accessible(kari)
    kari.get_by_role("link", name="Avbryt").click()

    # Four invitations: the link is shown once, and mailed.
    links = {}
    for role, name, email, _ in INVITED:
        kari.get_by_role("link", name=f"Inviter {role}").click()
        expect(heading(kari)).to_have_text("Inviter til porteføljen")
        expect(kari.get_by_label("Rolle")).to_have_value(role)
        if role == "leder":
            people.assert_accessible(kari)
        kari.get_by_label("Navn").fill(name)
        kari.get_by_label("E-post").fill(email)
        kari.get_by_role("button", name="Send invitasjonen").click()
        expect(heading(kari)).to_have_text("Invitasjonen er sendt")
        expect(kari.get_by_role("status")).to_have_text(
            f"Invitasjonen til {name} er sendt til {email}."
        )
        link = kari.get_by_label("Invitasjonslenken").input_value()
        assert re.fullmatch(re.escape(origin) + r"/api/invitasjoner/[\w-]{20,}", link), link
        if role == "leder":
            people.assert_accessible(kari)
        sent = mails(kari_context, origin, email, "Invitasjon til LIS1-portefølje")
        assert len(sent) == 1 and link in sent[0] and KARI in sent[0], sent
        links[name] = link.removeprefix(origin)
        kari.get_by_role("link", name="Tilbake", exact=True).click()
        expect(heading(kari)).to_have_text("Min portefølje")
    expect(kari.get_by_text("Invitasjoner som ikke er ferdige:")).to_be_visible()
    kari.reload()  # shown once: the page lists the invitations, never their links
    assert not any(link in kari.content() for link in links.values())

    # Each accepts in their own browser; Hanne without JavaScript.
    invitees: dict[str, Page] = {}
    for role, name, _, javascript in INVITED:
        _, page = people.sign_in(name, links[name], javascript=javascript)
        expect(heading(page)).to_have_text("Invitasjon til LIS1")
        expect(page.get_by_text(f"til å bli {role} for {KARI}")).to_be_visible()
        if role == "leder":
            people.assert_accessible(page)
        page.get_by_role("button", name="Godta invitasjonen").click()
        expect(heading(page)).to_have_text("Invitasjonen er godtatt")
        expect(page.get_by_role("status")).to_have_text(
            f"Du er nå {role} for {KARI} ved {HF_NAME}."
        )
        if role == "leder":
            people.assert_accessible(page)
        invitees[name] = page

    # Tor counts only once the HF confirms him.
    tor = invitees["Tor Berge"]
    menu(tor, "Veiledning")
    row = tor.locator("tr").filter(has_text=KARI)
    expect(row).to_contain_text("venter på arbeidsgiverens bekreftelse")
    expect(row.get_by_role("link", name="Se porteføljen")).to_have_count(0)
    people.assert_accessible(tor)
    _, ola = people.sign_in("Ola Hansen", "/api/me")
    menu(ola, "Ledere for LIS")
    expect(heading(ola)).to_have_text("Ledere og veiledere for LIS")
    people.assert_accessible(ola)
    ola.get_by_role("button", name=f"Bekreft Tor Berge som leder for {KARI}").click()
    expect(ola.get_by_role("status")).to_have_text(
        "Lederen er bekreftet og kan nå godkjenne læringsmål for legen."
    )
    expect(ola.get_by_role("button", name=re.compile("^Bekreft Tor Berge"))).to_have_count(0)
    tor.reload()
    row.get_by_role("link", name="Se porteføljen").click()
    expect(heading(tor)).to_have_text(f"Porteføljen til {KARI}")
    expect(tor.get_by_text("Du ser porteføljen som leder.")).to_be_visible()
    for _, name, _, _ in INVITED:
        expect(tor.get_by_role("main")).to_contain_text(name)
    people.assert_accessible(tor)
    tor.get_by_role("link", name="Deleger godkjenning til en annen").click()
    expect(heading(tor)).to_have_text("Deleger godkjenning")
    people.assert_accessible(tor)

    # Min portefølje now lists everyone, the leder in place.
    menu(kari, "Min portefølje")
    people_list = kari.locator("ul.lis1-personer")
    expect(people_list.locator("li")).to_have_count(4)
    expect(people_list).to_contain_text("Leder: Tor Berge (aktiv)")
    people.assert_accessible(kari)
    shoot(kari, "min-portefolje.png")

    # Two activities: one to Jon, one to Hanne.
    for text, supervisor, kind, goal in (
        (SIGNED, "Jon Ek", "Prosedyre", "KLS-001"),
        (RETURNED, "Hanne Moe", "Kurs", "KLS-002"),
    ):
        register(people, kari, text, supervisor, kind, goal, today - timedelta(days=3))
    jon_mail = mails(kari_context, origin, "jon.ek@example.org", "Læringsaktivitet til signering")
    assert len(jon_mail) == 1 and KARI in jon_mail[0], jon_mail

    # Jon signs his.
    jon = invitees["Jon Ek"]
    menu(jon, "Til signering")
    expect(heading(jon)).to_have_text("Til signering")
    people.assert_accessible(jon)
    jon.get_by_role("link", name=re.compile(f"^{KARI}: Prosedyre")).click()
    expect(jon.get_by_text(SIGNED)).to_be_visible()
    people.assert_accessible(jon)
    shoot(jon, "signering.png")
    jon.get_by_label("Kommentar (valgfritt)").fill("Godt gjennomført.")
    jon.get_by_role("button", name="Signer aktiviteten").click()
    expect(jon.get_by_role("status")).to_contain_text("Aktiviteten er signert.")
    expect(jon.get_by_role("button", name="Signer aktiviteten")).to_have_count(0)
    people.assert_accessible(jon)

    # Hanne returns hers with a comment, without JavaScript.
    hanne = invitees["Hanne Moe"]
    menu(hanne, "Til signering")
    expect(hanne.get_by_role("link", name=re.compile(f"^{KARI}: Prosedyre"))).to_have_count(0)
    hanne.get_by_role("link", name=re.compile(f"^{KARI}: Kurs")).click()
    item = re.sub(r"^https?://[^/]+", "", hanne.url).split("?", 1)[0]
    hanne.get_by_role("button", name="Returner med kommentar").click()  # empty: said what to do
    expect(hanne.get_by_role("alert")).to_contain_text("Skriv hva legen i spesialisering skal")
    people.expect_http_error(hanne, 400, f"{origin}{item}/returner")
    hanne.get_by_label("Hva skal legen rette eller legge til?").fill(COMMENT)
    hanne.get_by_role("button", name="Returner med kommentar").click()
    expect(hanne.get_by_role("status")).to_contain_text("Aktiviteten er returnert.")

    # Kari reads the signature and the comment; the mail says only that there is one.
    menu(kari, "Læringsaktiviteter")
    expect(kari.locator("#status-returnert + ul")).to_contain_text("Kurs")
    expect(kari.locator("#status-signert + ul")).to_contain_text("Prosedyre")
    people.assert_accessible(kari)
    kari.locator("#status-returnert + ul").get_by_role("link").first.click()
    expect(kari.get_by_text("Kommentar fra Hanne Moe")).to_be_visible()
    expect(kari.get_by_text(COMMENT)).to_be_visible()
    expect(kari.get_by_role("heading", name="Rett og send på nytt")).to_be_visible()
    people.assert_accessible(kari)
    told = mails(kari_context, origin, "kari.nordmann@example.org", "Læringsaktiviteten din er")
    assert len(told) == 2 and all(COMMENT not in m for m in told), told

    # The leder reads her activities too.
    tor.goto(f"{origin}{tor_path(tor)}/aktiviteter")
    expect(heading(tor)).to_have_text(f"Læringsaktivitetene til {KARI}")
    expect(tor.get_by_role("main")).to_contain_text("Prosedyre")
    people.assert_accessible(tor)
    people.assert_clean()


def register(
    people: People, page: Page, text: str, supervisor: str, kind: str, goal: str, day: date
) -> None:
    """Kari registers an activity from Læringsaktiviteter and sends it to ``supervisor``."""
    menu(page, "Læringsaktiviteter")
    expect(heading(page)).to_have_text("Læringsaktiviteter")
    page.get_by_role("link", name="Registrer en ny aktivitet").click()
    expect(heading(page)).to_have_text("Ny læringsaktivitet")
    page.get_by_label("Type aktivitet").select_option(label=kind)
    page.get_by_label("Dato", exact=True).fill(day.isoformat())
    page.get_by_label("Beskrivelse").fill(text)
    page.locator("summary", has_text="Kliniske læringsmål i sykehus (KLS)").click()  # opens it
    page.locator(f"#goal-{goal.lower()}").check()
    page.get_by_label("Supervisør som skal signere").select_option(label=supervisor)
    if kind == "Prosedyre":
        people.assert_accessible(page)
    page.get_by_role("button", name="Send til signering").click()
    expect(page.get_by_role("status")).to_contain_text("Aktiviteten er sendt til signering.")
    expect(page.get_by_text(text)).to_be_visible()
    if kind == "Prosedyre":
        people.assert_accessible(page)


def tor_path(page: Page) -> str:
    """Tor's /api/veiledning/<relation> from the portfolio he reads."""
    found = re.search(r"/api/veiledning/\w+", page.url)
    assert found is not None, page.url
    return found.group(0)
