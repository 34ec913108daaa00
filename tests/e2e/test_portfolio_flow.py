"""The competence portfolio as people use it, on the whole stack in a real browser.

Kari Nordmann, a new LIS, opens Min portefølje from the menu, creates her record with the
hospital part and reads her plan; she invites a leder (Tor Berge), a veileder (Anne Sæther) and
two supervisører (Jon Ek, Hanne Moe): each link is shown once and mailed. Each of them signs in
in their own browser and accepts by the link (Hanne without JavaScript). Tor has no "Se
porteføljen" until Ola Hansen, Helse Bergen's administrator, confirms him on "Ledere for LIS";
then he reads Kari's portfolio. Kari registers two activities; Jon signs one, Hanne returns the
other with a comment (without JavaScript), and Kari reads it. Then the demo's part 2: goals
refused and approved on the recommendations, a supervision conversation the leder cannot open,
and a LIS's record moving to the kommune. Every new page is checked with axe; screenshots are
kept in test-artifacts/.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from test_apply_flow import JSON_HEADERS, People, heading, json_of
from test_season_flow import SHOTS, mails
from test_stack import Stack, build_site, running_stack

from lis1.auth.export_verify import ExportInvalid, verify_export
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
PRIVATE = "Jeg vil snakke om at nattevaktene tar på."


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    build_site()
    local = tmp_path_factory.mktemp("lis1-portfolio").resolve()
    with running_stack(local, season=True, portfolios=True) as running:
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


def test_goals_approved_on_two_recommendations_a_private_conversation_and_the_move(
    stack: Stack, people: People
) -> None:
    """The demo's part 2 (lis1/demo_goals.py): Per Aas is refused Lise Dahl's FKMS-002 until
    Jon Ek recommends it; Mona Lie and Lise keep a conversation Per cannot open; Per approves
    Siri Berg's last hospital goal, Siv Lund confirms her start in Bergen kommune, and Knut
    Fjell, her kommune leder, reads the hospital's approvals, which nobody can change."""
    origin = stack.origin
    _, per = people.sign_in("Per Aas", "/api/veiledning")
    waiting = per.locator("table.lis1-venter")
    expect(waiting).to_contain_text("FKMS-002")
    expect(waiting).to_contain_text("FKMS-007")
    people.assert_accessible(per)
    lise_row = waiting.locator("tr").filter(has_text="Lise Dahl")
    lise_row.get_by_role("link", name="FKMS-002").click()
    goal_url = per.url.split("?", 1)[0]
    per.get_by_role("button", name="Godkjenn målet").click()
    expect(per.get_by_role("alert")).to_contain_text(
        "kan ikke godkjennes før det har en anbefaling fra en supervisør"
    )
    people.expect_http_error(per, 409, f"{goal_url}/godkjenn")
    people.assert_accessible(per)
    shoot(per, "laeringsmaal-avvist.png")

    _, jon = people.sign_in("Jon Ek", "/api/veiledning")
    jon.locator("table.lis1-venter tr").filter(has_text="Lise Dahl").get_by_role(
        "link", name="FKMS-002"
    ).click()
    expect(jon.get_by_role("main")).not_to_contain_text("Mona Lie")  # not the others' words
    jon.get_by_label("Anbefalingen din").fill("Hun har vist dette selvstendig på vakt.")
    jon.get_by_role("button", name="Anbefal").click()
    expect(jon.get_by_role("status")).to_be_visible()
    people.assert_accessible(jon)

    per.goto(goal_url)
    per.get_by_role("button", name="Godkjenn målet").click()
    expect(per.get_by_role("status")).to_contain_text("godkjent")
    expect(per.get_by_role("button", name="Godkjenn målet")).to_have_count(0)

    # Mona plans a conversation with Lise; both write; Per cannot open it.
    _, mona = people.sign_in("Mona Lie", "/api/veiledning")
    mona.locator("tr").filter(has_text="Lise Dahl").get_by_role(
        "link", name="Veiledningssamtaler"
    ).click()
    mona.get_by_label("Dag").fill(datetime.now(OSLO).date().isoformat())
    mona.get_by_label("Tema").fill("Første samtale om vaktene")
    mona.get_by_role("button", name="Planlegg samtalen").click()
    expect(mona.get_by_role("status")).to_contain_text("Samtalen er planlagt")
    people.assert_accessible(mona)
    conversation = mona.url.split("?", 1)[0]
    _, lise = people.sign_in("Lise Dahl", "/api/portefolje/samtaler")
    lise.locator("tr").filter(has_text="Første samtale om vaktene").get_by_role("link").click()
    lise.get_by_label("Forberedelse").fill(PRIVATE)
    lise.get_by_role("button", name="Lagre forberedelsen").click()
    expect(lise.get_by_role("status")).to_be_visible()
    people.assert_accessible(lise)
    mona.reload()
    expect(mona.get_by_role("main")).to_contain_text(PRIVATE)
    mona.get_by_label("Referat").fill("Vi ble enige om å øve mer på akuttmottaket.")
    mona.get_by_role("button", name="Lagre referatet").click()
    mona.get_by_role("button", name="Ferdigstill og lås samtalen").click()
    expect(mona.get_by_text("kan ikke endres")).to_be_visible()
    people.assert_accessible(mona)
    per.goto(conversation)  # Mona's address, tried by the leder
    expect(per.get_by_role("main")).not_to_contain_text(PRIVATE)
    people.expect_http_error(per, 404, conversation)

    # Siri's last hospital goal, the start in the kommune, and her kommune leder.
    per.goto(f"{origin}/api/veiledning")
    waiting.locator("tr").filter(has_text="Siri Berg").get_by_role("link", name="FKMS-007").click()
    per.get_by_role("button", name="Godkjenn målet").click()
    expect(per.get_by_role("status")).to_contain_text("godkjent")
    _, siv = people.sign_in("Siv Lund", "/api/me")
    siv.get_by_role("navigation", name="Min side").get_by_role(
        "link", name="Oppstart i kommunen"
    ).click()
    people.assert_accessible(siv)
    siv.get_by_role("button", name="Bekreft oppstart for Siri Berg").click()
    expect(siv.get_by_role("status")).to_contain_text("Oppstarten er bekreftet")
    shoot(siv, "oppstart-kommune.png")
    _, knut = people.sign_in("Knut Fjell", "/api/veiledning")
    knut.locator("tr").filter(has_text="Siri Berg").get_by_role("link").first.click()
    knut.get_by_role("link", name=re.compile("^Læringsmålene til")).click()
    approved = knut.locator("#mal-FKMS-007")
    expect(approved).to_contain_text("godkjent")
    expect(approved).to_contain_text("Per Aas")
    expect(knut.get_by_role("link", name=re.compile("^Angre godkjenningen"))).to_have_count(0)
    people.assert_accessible(knut)
    per.goto(f"{origin}/api/veiledning")
    expect(per.locator("table.lis1-venter")).to_have_count(0)  # nothing waits for him now
    people.assert_clean()


def test_progress_report_signed_export_and_the_bekreftelse(stack: Stack, people: People) -> None:
    """Issue 16 as its people find it: Lise Dahl reads her progress and her report (page, PDF,
    CSV, JSON agree), downloads the signed export, which verifies against the published keys
    and fails after one changed byte; Per Aas reads his LIS's progress; Siv Lund makes Eirik
    Moen's bekreftelse på tjenestetid, and its PDF names him, the kommune and her."""
    origin = stack.origin
    lise_context, lise = people.sign_in("Lise Dahl", "/api/portefolje")
    lise.get_by_role("main").get_by_role("link", name="Fremdrift", exact=True).click()
    expect(heading(lise)).to_have_text("Fremdrift")
    chart = lise.get_by_role("img", name=re.compile("Læringsmål per arena"))
    expect(chart).to_be_visible()
    people.assert_accessible(lise)
    lise.get_by_role("main").get_by_role("link", name="Kompetanserapporten").click()
    expect(heading(lise)).to_have_text("Kompetanserapport")
    people.assert_accessible(lise)
    shoot(lise, "kompetanserapport.png")
    page_goals = lise.locator("#godkjente ~ tbody th, table:has(#godkjente) tbody th")
    shown = sorted(t.split()[0] for t in page_goals.all_inner_texts())
    report = json_of(lise_context.request.get(f"{origin}/api/portefolje/rapport?format=json"))
    assert shown == sorted(g["code"] for g in report["goals"]) and shown
    answer = lise_context.request.get(f"{origin}/api/portefolje/rapport?format=csv")
    assert answer.ok and answer.body().decode("utf-8").count("\r\n") == 1 + len(
        report["goals"]
    ) + len(report["activities"])
    pdf = lise_context.request.get(
        f"{origin}/api/portefolje/rapport?format=pdf", headers={"accept": "application/pdf"}
    )
    assert pdf.ok and pdf.body().startswith(b"%PDF-")
    assert "Lise Dahl" in pdf_text(pdf.body()) and report["goals"][0]["code"] in pdf_text(
        pdf.body()
    )
    token = lise_context.request.get(f"{origin}/api/portefolje/eksport").body().decode()
    jwks = json_of(lise_context.request.get(f"{origin}/api/.well-known/jwks.json"))
    payload = json.loads(verify_export(token, jwks))
    assert payload["portefolje"]["owner_name"] == "Lise Dahl" and payload["for"] == "lis"
    head, body, signature = token.split(".")
    changed = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises(ExportInvalid):
        verify_export(f"{head}.{changed}.{signature}", jwks)

    _, per = people.sign_in("Per Aas", "/api/veiledning")
    per.get_by_role("link", name="Fremdrift for legene dine").click()
    overview = per.get_by_role("table", name="Fremdrift per lege")
    expect(overview).to_contain_text("Lise Dahl")
    expect(overview).to_contain_text("Siri Berg")
    people.assert_accessible(per)

    siv_context, siv = people.sign_in("Siv Lund", "/api/me")
    siv.get_by_role("navigation", name="Min side").get_by_role(
        "link", name="Bekreftelse på tjenestetid"
    ).click()
    people.assert_accessible(siv)
    siv.get_by_role("link", name="Lag bekreftelse for Eirik Moen").click()
    expect(siv.get_by_label("Navn")).to_have_value("Eirik Moen")
    form_url = siv.url
    siv.get_by_role("button", name="Lag bekreftelsen").click()  # nothing typed yet
    expect(siv.get_by_role("alert")).to_contain_text("Bekreftelsen ble ikke laget")
    people.expect_http_error(siv, 400, form_url)
    people.assert_accessible(siv)
    siv.get_by_label("Arbeidssted").fill("Bergen legevakt")
    siv.get_by_label("Stillingsprosent").fill("100")
    siv.get_by_label("Fravær", exact=True).fill("0")
    siv.get_by_label("Sted", exact=True).fill("Bergen")
    siv.get_by_role("button", name="Lag bekreftelsen").click()
    expect(siv.get_by_role("status")).to_contain_text("Bekreftelsen er laget")
    people.assert_accessible(siv)
    shoot(siv, "bekreftelse-tjenestetid.png")
    made = siv_context.request.get(
        siv.url.split("?", 1)[0] + "?format=pdf", headers={"accept": "application/pdf"}
    )
    text = pdf_text(made.body())
    for expected in ("Eirik Moen", "Bergen kommune", "Siv Lund", "Bergen legevakt"):
        assert expected in text, expected
    people.assert_clean()


def pdf_text(body: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
