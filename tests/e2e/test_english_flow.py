"""The applicant's side in English, tried as a new user would (issue 17), on the whole stack.

Kari Nordmann, educated in Hungary and new to the service (no profile: the demo season is not
seeded), starts at /en/api/profil, signs in on the English chooser, declares an authorisation
applied for and Norwegian documented otherwise, and reads the eligibility explanation rule by
rule (in English, then in bokmål by the language link; screenshots in test-artifacts/, copied
to docs/screenshots/kvalifisering-*.png). She writes her CV and a jobbagent in English. Ola
Hansen publishes a matching ad: the job (run at once when the demo clock moves) mails her once,
in English, and not again when it runs again; its link opens the agent without signing in. She
applies from the ad's English page. Ola reads her explanation and CV in bokmål; Kari downloads
her data and deletes her account. Every page is watched, every English page checked with axe.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import BrowserContext, Page, expect
from test_apply_flow import Flow, People, definition, heading, move_clock, post_json
from test_portfolio_flow import shoot
from test_season_flow import mails
from test_stack import ROOT, Stack, build_site, running_stack, signed_in_csrf, wait_for

from lis1.oslo import OSLO

KARI, KARI_EMAIL, OLA_EMAIL = "Kari Nordmann", "kari.nordmann@example.org", "ola.hansen@example.org"
PLACE, REST_PLACE, HF_NAME = "Voss sjukehus", "Kysthospitalet i Hagevik", "Helse Bergen HF"
RULES = [  # the rules that read the profile, in the data's order
    r["id"]
    for r in yaml.safe_load((ROOT / "data/rules/applicants.yaml").read_text("utf-8"))["rules"]
    if r.get("check")
]
CV = {  # section legend: (label, value) as the English form asks for them
    "New education": [
        ("Education or degree", "Doctor of Medicine (MD)"),
        ("Place of study", "Semmelweis University, Budapest"),
        ("Country (optional)", "Hungary"),
        ("From (YYYY-MM)", "2013-09"),
        ("To (YYYY-MM, empty if ongoing)", "2019-06"),
    ],
    "New work experience": [
        ("Position", "Junior doctor"),
        ("Employer", "Semmelweis University Hospital"),
        ("From (YYYY-MM)", "2019-09"),
        ("To (YYYY-MM, empty if ongoing)", "2021-08"),
        ("Briefly about the work (optional, at most 500 characters)", "Internal medicine, A&E."),
    ],
    "New language": [("Language you know", "English")],
    "New reference": [
        ("Name", "Eszter Nagy"),
        ("Position and workplace (optional)", "Consultant, internal medicine"),
        ("Phone or email", "eszter.nagy@example.org"),
    ],
}
STATED = "You have stated that you have applied for authorisation or a LIS1 licence."
JOB_MAIL = "Job alert: 1 new LIS1 position"
RECEIPT_MAIL = "Receipt: application for a LIS1 position"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    build_site()
    with running_stack(tmp_path_factory.mktemp("lis1-english").resolve()) as running:
        yield running


@pytest.fixture(scope="module")
def flow() -> Flow:
    return Flow()


def english(people: People, path: str = "") -> tuple[BrowserContext, Page]:
    """A new English browser; with ``path``, Kari signed in on the way there (the page sends a
    stranger to the sign-in, which is in English and comes back to it)."""
    context = people.browser.new_context(locale="en-GB", timezone_id="Europe/Oslo")
    people.contexts.append(context)
    page = people.page(context)
    if path:
        page.goto(f"{people.stack.origin}{path}")
        expect(heading(page)).to_have_text("Choose a demo user")
        page.get_by_role("button", name=re.compile(rf"^{KARI}\b")).click()
        expect(page).to_have_url(f"{people.stack.origin}{path}")
        expect(page.locator("html")).to_have_attribute("lang", "en")
    return context, page


def rule(page: Page, rule_id: str) -> Any:
    """A rule's result in the explanation, found by its link to the rule."""
    return page.locator("li.lis1-sjekk__regel").filter(has=page.locator(f"a[href$='#{rule_id}']"))


def day(days: int) -> str:
    return (datetime.now(OSLO).date() + timedelta(days=days)).isoformat()


def publish(context: BrowserContext, origin: str, **fields: Any) -> str:
    """An ad of Helse Bergen, published through the JSON API as in test_crawl's ``seeded``."""
    csrf = signed_in_csrf(context, origin)
    ad = {"organisation": "helse-bergen", "seats": 1, "kommune": "bergen-kommune", **fields}
    ad.setdefault("description", "Ett år, halvt i sykehus og halvt i kommunen.")
    created = post_json(context, f"{origin}/api/ads", ad, csrf)
    assert created.status == 201, created.text()
    ad_id = str(json.loads(created.text())["id"])
    published = post_json(context, f"{origin}/api/ads/{ad_id}/publish", {"version": 1}, csrf)
    assert published.status == 200, published.text()
    return ad_id


def mailed(context: BrowserContext, origin: str, to: str, subject: str) -> list[str]:
    """The mails to ``to`` once one has come (the job runs within a second of the clock moving)."""
    assert wait_for(lambda: bool(mails(context, origin, to, subject)), 20), (to, subject)
    return mails(context, origin, to, subject)


def test_a_new_applicant_in_english_from_profile_to_receipt(
    stack: Stack, people: People, flow: Flow
) -> None:
    origin = stack.origin
    kari_context, kari = english(people, "/en/api/profil")
    expect(heading(kari)).to_have_text("Profile")
    language_link = kari.locator("a.lis1-sprak__lenke")
    expect(language_link).to_have_text("Norsk (bokmål)")
    expect(language_link).to_have_attribute("href", "/api/profil")
    expect(language_link).to_have_attribute("lang", "nb")
    expect(kari.get_by_text("You have not saved your profile yet")).to_be_visible()
    people.assert_accessible(kari)

    # The profile, as a doctor educated abroad: authorisation applied for, Norwegian documented.
    kari.get_by_label("I have applied for authorisation or a LIS1 licence").check()
    kari.get_by_label(re.compile(r"^Other documentation of Norwegian, Swedish or Danish")).check()
    kari.get_by_label("Neither", exact=True).check()  # no turnus, no part 1 goals
    kari.get_by_role("button", name="Save the profile").click()
    expect(kari).to_have_url(f"{origin}/en/api/profil?melding=lagret")
    expect(kari.get_by_role("status")).to_contain_text("based on what you have now told us.")
    expect(kari.get_by_text("The service does not look anything up in the Health")).to_be_visible()
    shown = kari.locator("li.lis1-sjekk__regel a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert shown == [f"/en/soke/regler/#{rule_id}" for rule_id in RULES], shown
    who = rule(kari, "hvem-kan-soke")
    expect(who.locator("h3")).to_have_text("Who can apply")
    expect(who.locator("strong")).to_have_text("Met")
    expect(who).to_contain_text(f"{STATED} You may apply for positions while your application")
    start = rule(kari, "dokumentasjon-ved-oppstart")
    expect(start.locator("strong")).to_have_text("Depends on documentation before the start")
    expect(start).to_contain_text(f"{STATED} It must be granted before you start in the position.")
    expect(rule(kari, "norskkunnskaper")).to_contain_text("You have stated that you can document")
    said = kari.locator("li.lis1-sjekk__regel > p:not(:has(strong)):not(:has(a))")
    assert all(s.startswith("You have stated that ") for s in said.all_inner_texts())
    explained = kari.locator("ul.lis1-sjekk").inner_text()
    assert not re.search(r"\b(verified|confirmed|checked|found in)\b", explained, re.I), explained
    people.assert_accessible(kari)
    shoot(kari, "kvalifisering-en.png")

    language_link.click()  # the same explanation in bokmål
    expect(kari).to_have_url(f"{origin}/api/profil?melding=lagret")
    expect(kari.locator("html")).to_have_attribute("lang", "nb")
    expect(rule(kari, "hvem-kan-soke").locator("strong")).to_have_text("Oppfylt")
    expect(rule(kari, "hvem-kan-soke")).to_contain_text("Du har oppgitt at du har søkt om")
    people.assert_accessible(kari)
    shoot(kari, "kvalifisering-nb.png")
    kari.locator("a.lis1-sprak__lenke").click()
    expect(kari).to_have_url(f"{origin}/en/api/profil?melding=lagret")

    # The CV, every section, in English.
    kari.get_by_role("link", name="Go to your CV").click()
    expect(heading(kari)).to_have_text("Your CV")
    for legend, fields in CV.items():
        group = kari.get_by_role("group", name=legend, exact=True)
        for label, value in fields:
            group.get_by_label(label, exact=True).fill(value)
    kari.get_by_role("group", name="New language").get_by_label("Level").select_option("c1")
    people.assert_accessible(kari)
    kari.get_by_role("button", name="Save the CV").click()
    expect(kari).to_have_url(f"{origin}/en/api/profil/cv?melding=lagret")
    expect(kari.get_by_role("status")).to_have_text("The CV has been saved.")
    for legend in ("Education 1", "Work experience 1", "Language 1", "Reference 1"):
        expect(kari.get_by_role("group", name=legend, exact=True)).to_have_count(1)

    # A jobbagent for Helse Bergen's ordinary ads in the demo period.
    kari.get_by_role("navigation", name="My page").get_by_role("link", name="Job alert").click()
    expect(kari).to_have_url(f"{origin}/en/api/jobbagent")
    kari.get_by_label("Application period").select_option(value="demo")
    kari.get_by_label("Health trust").select_option(label=HF_NAME)
    kari.get_by_label("No remaining positions").check()
    kari.get_by_role("button", name="Create the job alert").click()
    expect(kari.get_by_role("status")).to_contain_text("The job alert has been created.")
    agent = kari.locator("ul.lis1-jobbagenter > li")
    expect(agent).to_contain_text(re.compile(r"Application period: Demo period \(.+, not real\)"))
    expect(agent).to_contain_text(f"Health trust: {HF_NAME}")
    expect(agent).to_contain_text("Remaining positions: not included")
    people.assert_accessible(kari)

    # Ola publishes the ad; the job (run at once when the demo clock moves) mails Kari once.
    ola, _ = people.sign_in("Ola Hansen", "/api/me")
    flow.ad_id = publish(ola, origin, place=PLACE, starts=day(120), period_id="demo")
    move_clock(ola, origin, 0.001)
    (body,) = mailed(kari_context, origin, KARI_EMAIL, JOB_MAIL)
    assert body.startswith("Hello Kari Nordmann,"), body
    assert "Demo period (" in body and f": {PLACE}, {HF_NAME}. Application deadline: " in body
    ad_link = f"{origin}/en/api/ads/{flow.ad_id}"
    assert ad_link in body.split(), body
    # The job again, with something new for Ola's own agent only: still one mail to Kari.
    made = post_json(ola, f"{origin}/api/jobbagent", {}, signed_in_csrf(ola, origin))
    assert made.status == 201, made.text()
    rest = {"starts": day(60), "application_deadline": day(14), "ends": day(240)}
    publish(ola, origin, place=REST_PLACE, **rest)
    move_clock(ola, origin, 0.002)
    assert REST_PLACE in mailed(ola, origin, OLA_EMAIL, "Jobbagenten: 1 ny LIS1-stilling")[0]
    assert mails(kari_context, origin, KARI_EMAIL, "Job alert") == [body]

    link = re.search(r"Change the filter: (\S+)#filter", body)
    assert link, body
    _, stranger = english(people)  # the mail's link, in a browser nobody signed in to
    stranger.goto(link[1])
    expect(stranger.locator("html")).to_have_attribute("lang", "en")
    expect(heading(stranger)).to_have_text("Job alert")
    expect(stranger.get_by_role("main")).to_contain_text(f"Health trust: {HF_NAME}")
    expect(stranger.get_by_role("main")).not_to_contain_text(KARI)
    expect(stranger.get_by_role("button", name="Stop the job alert")).to_be_visible()
    people.assert_accessible(stranger)

    # She applies from the ad's English page, and gets the receipt in English.
    kari.goto(ad_link)
    expect(heading(kari)).to_have_text(f"{PLACE} – {HF_NAME}")
    assert re.fullmatch(r"Demo period \(.+, not real\)", definition(kari, "Application period"))
    expect(kari.get_by_text("Who can apply: Met")).to_be_visible()
    people.assert_accessible(kari)
    kari.get_by_label(re.compile(r"^Short application text")).fill("I would like to go to Voss.")
    kari.get_by_role("button", name="Send application").click()
    expect(heading(kari)).to_have_text("Receipt")
    flow.kari_reference = definition(kari, "Reference")
    assert re.fullmatch(r"LIS1-[0-9A-Z]{4}-[0-9A-Z]{4}", flow.kari_reference)
    expect(kari.get_by_role("status")).to_contain_text(
        f"Your application for {PLACE} ({HF_NAME}) was received"
    )
    assert definition(kari, "What") == "Application sent"
    people.assert_accessible(kari)
    (receipt,) = mails(kari_context, origin, KARI_EMAIL, RECEIPT_MAIL)
    assert f"Reference: {flow.kari_reference}\n" in receipt.replace("\r", ""), receipt
    assert f"Position: {PLACE}" in receipt and "Application period: Demo period (" in receipt
    people.assert_clean()
    flow.done.add("applied")


def test_the_hf_reads_it_in_bokmal_and_the_applicant_takes_her_data_and_leaves(
    stack: Stack, people: People, flow: Flow
) -> None:
    origin = stack.origin
    ad_id = flow.needs("applied")
    reference = flow.kari_reference
    _, ola = people.sign_in("Ola Hansen", "/api/hf")
    ola.locator(f"tr#annonse-{ad_id}").get_by_role("link", name="1 søknad").click()
    expect(heading(ola)).to_have_text(f"Søkere til {PLACE}")
    applicant = ola.locator("section.lis1-soker").filter(has_text=KARI)
    expect(applicant).to_contain_text("I would like to go to Voss.")
    summary = applicant.locator("summary")
    expect(summary).to_contain_text("Avhenger av dokumentasjon før oppstart: 1 · Oppfylt: 2")
    summary.click()
    expect(rule(ola, "hvem-kan-soke")).to_contain_text("Du har oppgitt at du har søkt om")
    applicant.get_by_role("link", name=f"Les CV-en og profilen til {KARI}").click()
    expect(ola).to_have_url(f"{origin}/api/hf/soknader/{reference}/cv")
    main = ola.get_by_role("main")
    expect(main).to_contain_text("Jeg har søkt om autorisasjon eller LIS1-lisens")
    for fields in CV.values():
        for _label, value in fields:
            expect(main).to_contain_text(value)
    expect(main).to_contain_text("English: C1 – avansert bruker")

    # Mine data in English: the download, then the account deleted.
    kari_context, kari = english(people, "/en/api/mine-data")
    expect(heading(kari)).to_have_text("My data")
    applications = kari.locator("section[aria-labelledby=data-soknader] li")
    expect(applications).to_have_text(f"{PLACE}: sent ({reference})")
    people.assert_accessible(kari)
    download_link = kari.get_by_role("link", name="Download everything (JSON)")
    expect(download_link).to_have_attribute("download", "")
    with kari.expect_download() as download:
        download_link.click()
    data = json.loads(Path(download.value.path()).read_text("utf-8"))
    (profile,), (cv,) = data["profil"], data["cv"]
    assert (profile["authorisation"], profile["norwegian"]) == ("sokt", "annen_dokumentasjon")
    assert cv["education"][0]["country"] == "Hungary", cv
    assert cv["references"][0]["contact"] == "eszter.nagy@example.org", cv
    assert [a["referanse"] for a in data["soknader"]] == [reference], data["soknader"]
    (agent,) = data["jobbagenter"]
    assert agent["filter"]["organisation"] == "helse-bergen" and agent["sprak"] == "en", agent
    (left_out,) = data["utelatt"]
    assert left_out["hva"] == "innstillingslister", left_out
    assert left_out["hvorfor"].startswith("The ranked lists (the health trusts' ranking"), left_out

    kari.get_by_role("link", name="Delete the account …").click()
    expect(heading(kari)).to_have_text("Delete the account")
    expect(kari.get_by_role("main")).to_contain_text(f"{PLACE} ({reference})")
    expect(kari.locator("#beholdes + ul")).to_contain_text("The change log: who did what")
    people.assert_accessible(kari)
    kari.get_by_role("button", name="Yes, delete my account").click()
    expect(kari).to_have_url(f"{origin}/en/api/mine-data/slettet")
    expect(kari.get_by_role("status")).to_contain_text("deleted, and you have been signed out.")
    people.assert_accessible(kari)

    # Signed out; signing in again gives a new, empty account: the profile is gone.
    kari.goto(f"{origin}/en/api/profil")
    expect(heading(kari)).to_have_text("Choose a demo user")
    kari.get_by_role("button", name=re.compile(rf"^{KARI}\b")).click()
    expect(kari).to_have_url(f"{origin}/en/api/profil")
    expect(kari.get_by_text("You have not saved your profile yet")).to_be_visible()
    expect(kari.locator("input[type=radio]:checked")).to_have_count(0)
    assert len(mails(kari_context, origin, KARI_EMAIL, "Your account has been deleted")) == 1
    people.assert_clean()
