"""Signed in as each demo role, at a wide and a narrow screen, follow every link behind sign-in
from Min side: every page wears the site's stylesheet, names who is signed in, offers Logg ut,
passes axe (WCAG 2.1 A and AA) and asks no other host. Min side is photographed for review.

On the same stack: Eva Strand (editor) invites Nora Vik, a demo person the store does not know
yet, to administer Helse Stavanger HF; Nora opens the link from the mail in the local outbox,
signs in, accepts and finds the HF's page in her menu; the link then works no more.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from test_apply_flow import (  # tests/e2e, as rootdir imports
    DESCRIPTION,
    OpenPage,
    People,
    heading,
    post_json,
)
from test_stack import Stack, build_site, choose_demo_user, json_of, running_stack, signed_in_csrf

from lis1.api.routes import all_routes
from lis1.oslo import OSLO

if TYPE_CHECKING:
    from conftest import WatchedPage

ROLES = {
    "soker": "Kari Nordmann",
    "hf": "Ola Hansen",
    "kommune": "Siv Lund",
    "redaktor": "Eva Strand",
}
WIDTHS = {"bred": 1280, "smal": 390}
LEAVE_ALONE = ("/api/auth/", "/api/dev/", "/api/openapi", "/api/health")
EVERYONES = (
    "/api/applications",
    "/api/tilbud",
    "/api/portefolje",
    "/api/veiledning",
    "/api/varsler",
    "/api/profil",
    "/api/jobbagent",
    "/api/mine-data",
)
"""Pages every signed-in person has, the same for each role: crawled as the applicant, who has
something on them, and left alone for the other roles."""
MAX_PAGES = 40


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    build_site()
    with running_stack(tmp_path_factory.mktemp("lis1-crawl").resolve()) as running:
        yield running


@pytest.fixture(scope="module")
def seeded(stack: Stack, browser: Browser) -> str:
    """A published ad with an application, so the HF's and the kommune's pages have rows."""
    origin = stack.origin
    ola = browser.new_context()
    signed_in(ola.new_page(), origin, "Ola Hansen", "/api/me")
    starts = (datetime.now(OSLO).date() + timedelta(days=120)).isoformat()
    ad = {
        "organisation": "helse-bergen",
        "place": "Voss sjukehus",
        "seats": 2,
        "kommune": "bergen-kommune",
        "starts": starts,
        "description": DESCRIPTION,
        "period_id": "demo",
    }
    csrf = signed_in_csrf(ola, origin)
    created = json_of(post_json(ola, f"{origin}/api/ads", ad, csrf))
    published = post_json(ola, f"{origin}/api/ads/{created['id']}/publish", {"version": 1}, csrf)
    assert published.status == 200, published.text()
    kari = browser.new_context()
    signed_in(kari.new_page(), origin, "Kari Nordmann", "/api/me")
    applied = post_json(
        kari,
        f"{origin}/api/ads/{created['id']}/applications",
        {"cover_text": "Hei!\nJeg vil gjerne til Voss."},
        signed_in_csrf(kari, origin),
    )
    assert applied.status == 201, applied.text()
    ola.close()
    kari.close()
    return str(created["id"])


def signed_in(page: Page, origin: str, name: str, path: str) -> None:
    page.goto(f"{origin}/api/auth/login?return_to={quote(path, safe='/')}")
    choose_demo_user(page, name)
    expect(page).to_have_url(f"{origin}{path}")


def links_behind_sign_in(page: Page) -> list[str]:
    """The pages linked from ``page``; files (a link marked ``download`` or with a ``type`` other
    than HTML: CSV, PDF, JSON, the signed export) are not pages to crawl."""
    hrefs: list[str] = page.locator(
        "a[href^='/api/']:not([download]):not([type]), a[href^='/api/'][type='text/html']"
    ).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    found = []
    for href in hrefs:
        path = href.split("#", 1)[0]
        if path.startswith(LEAVE_ALONE):
            continue
        found.append(path)
    return found


def route_of(path: str) -> str:
    """The declared route a path reaches, with its query's parameter names: what kind of page."""
    address, _sep, query = path.partition("?")
    names = sorted(part.split("=", 1)[0] for part in query.split("&") if part)
    for pattern, template in ROUTES:
        if pattern.fullmatch(address):
            return f"{template}?{'&'.join(names)}"
    return path


ROUTES = [
    (re.compile("/api" + re.sub(r"{\w+}", "[^/]+", spec.path)), spec.path)
    for spec in all_routes()
    if spec.method == "GET"
]


def check_page(watched: WatchedPage, name: str) -> None:
    page = watched.page
    expect(page.locator("link[rel=stylesheet][href^='/assets/stylesheets/main.']")).to_have_count(1)
    header = page.locator("header.md-header")
    expect(header).to_contain_text(name)
    expect(header.get_by_role("button", name="Logg ut")).to_have_count(1)
    violations = watched.axe()
    assert violations == [], [(v["id"], [n["selector"] for n in v["nodes"]]) for v in violations]


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
@pytest.mark.parametrize("role", ROLES, ids=list(ROLES))
def test_every_page_behind_sign_in_is_one_product_with_the_site(
    stack: Stack,
    seeded: str,
    browser: Browser,
    open_page: OpenPage,
    artifacts_dir: Path,
    role: str,
    width: str,
) -> None:
    origin, name = stack.origin, ROLES[role]
    context = browser.new_context(
        viewport={"width": WIDTHS[width], "height": 900},
        locale="nb-NO",
        timezone_id="Europe/Oslo",
    )
    with contextlib.closing(context):
        watched = open_page(context)
        signed_in(watched.page, origin, name, "/api/me")
        shots = artifacts_dir / "min-side"
        shots.mkdir(exist_ok=True)
        watched.page.screenshot(path=str(shots / f"{role}-{WIDTHS[width]}.png"), full_page=True)
        queue, seen, kinds = ["/api/me"], set[str](), set[str]()
        while queue and len(seen) < MAX_PAGES:
            path = queue.pop(0)
            if path in seen or route_of(path) in kinds:
                continue  # one page of each kind: the same template with other records
            if role != "soker" and path.startswith(EVERYONES):
                continue
            seen.add(path)
            kinds.add(route_of(path))
            answer = watched.page.goto(origin + path)
            assert answer is not None and answer.status == 200, (path, answer and answer.status)
            if not (answer.headers.get("content-type") or "").startswith("text/html"):
                continue
            check_page(watched, name)
            queue += [link for link in links_behind_sign_in(watched.page) if link not in seen]
        assert len(seen) >= 3, seen
        # A page of the site itself says who is signed in too, once its script has asked.
        watched.page.goto(f"{origin}/")
        expect(watched.page.locator("header.md-header")).to_contain_text(name)
        assert watched.external_requests == [], watched.external_requests
        assert watched.console_errors == [], watched.console_errors
        assert all(urlsplit(origin + p).hostname == "127.0.0.1" for p in seen)


SHARED_PARTS = """() => {
  const links = (el) => el ? [...el.querySelectorAll("a")]
      .filter((a) => !a.href.includes("#") && !a.closest(".lis1-konto, .lis1-sprak"))
      .map((a) => [a.textContent.replace(/\\s+/g, " ").trim(), a.href]) : null;
  const text = (el) => el ? el.textContent.replace(/\\s+/g, " ").trim() : null;
  return {
    language: document.querySelector(".lis1-sprak__lenke").getAttribute("href"),
    stylesheets: [...document.querySelectorAll("link[rel=stylesheet]")].map((l) => l.href),
    title: text(document.querySelector(".md-header__topic")),
    header: links(document.querySelector("header.md-header")),
    menu: links(document.querySelector("nav.md-nav--primary")),
    footer: [text(document.querySelector(".md-footer-meta")),
             links(document.querySelector(".md-footer-meta"))],
  };
}"""


@pytest.mark.parametrize("path", ["/api/me", "/api/ads", "/api/finnes/ikke/her"])
def test_a_signed_in_page_has_the_header_menu_and_footer_of_a_site_page(
    stack: Stack, browser: Browser, open_page: OpenPage, path: str
) -> None:
    """Not a copy that drifts: the parts around the content are those of the built site."""
    origin = stack.origin
    with contextlib.closing(browser.new_context()) as context:
        watched = open_page(context)
        signed_in(watched.page, origin, "Kari Nordmann", "/api/me")
        watched.page.goto(f"{origin}/om/")
        site = watched.page.evaluate(SHARED_PARTS)
        watched.page.goto(origin + path)
        signed = watched.page.evaluate(SHARED_PARTS)
    assert site["menu"] and len(site["menu"]) > 10 and site["footer"][0], site
    # The one part that differs: the language link leads to this page's counterpart.
    assert (site.pop("language"), signed.pop("language")) == ("/en/om/", "/en" + path)
    assert signed == site


# --- an editor gives a role to someone who has never signed in ----------------------------------

INVITED_HF = "Helse Stavanger HF"
NORA = ("Nora Vik", "nora.vik@example.org")


def test_editor_invites_a_new_hf_administrator_who_accepts_after_signing_in(
    stack: Stack, people: People
) -> None:
    origin = stack.origin
    _, eva = people.sign_in("Eva Strand", "/api/me")
    eva.get_by_role("navigation", name="Min side").get_by_role(
        "link", name="Roller og tilgang"
    ).click()
    eva.get_by_label("Finn en person").fill("nora")
    eva.get_by_role("button", name="Søk").click()
    expect(eva.get_by_role("status")).to_have_text("Fant 0 personer.")  # never signed in
    eva.get_by_role("link", name="Inviter en som ikke har logget inn ennå").click()
    people.assert_accessible(eva)
    eva.get_by_label("Administrator for").select_option(label=INVITED_HF)
    eva.get_by_label("Navn").fill(NORA[0])
    eva.get_by_label("E-post").fill(NORA[1])
    eva.get_by_role("button", name="Send invitasjonen").click()
    expect(eva.get_by_role("status")).to_have_text(
        f"Invitasjonen til {NORA[0]} er sendt til {NORA[1]}."
    )
    link = eva.get_by_label("Invitasjonslenken").input_value()
    assert urlsplit(link).path.startswith("/api/invitasjoner/"), link
    people.assert_accessible(eva)

    outbox = people.page(eva.context)  # the local outbox needs someone signed in
    outbox.goto(f"{origin}/api/dev/outbox")
    mail = outbox.locator("main li").filter(has_text=f"Til: {NORA[1]}")
    expect(mail).to_have_count(1)
    expect(mail.locator("pre")).to_contain_text(link)

    nora = people.page(people.context())
    nora.goto(origin + urlsplit(link).path)
    choose_demo_user(nora, NORA[0])
    expect(heading(nora)).to_have_text("Invitasjon til LIS1")
    expect(nora.get_by_role("main")).to_contain_text(
        f"Eva Strand har invitert {NORA[0]} til å bli administrator for helseforetak "
        f"for {INVITED_HF}."
    )
    nora.get_by_role("button", name="Godta invitasjonen").click()
    expect(nora.get_by_role("status")).to_have_text(
        f"Du er nå administrator for helseforetak for {INVITED_HF}."
    )
    people.assert_accessible(nora)
    nora.get_by_role("navigation", name="Min side").get_by_role(
        "link", name="Annonser og søkere"
    ).click()
    expect(heading(nora)).to_have_text("Annonser og søkere")
    nora.get_by_role("link", name="Ny annonse").click()
    expect(nora.get_by_label("Helseforetak").locator("option")).to_have_text([INVITED_HF])

    used = nora.goto(origin + urlsplit(link).path)
    assert used is not None and used.status == 409, used and used.status
    expect(nora.get_by_role("main")).to_contain_text("Invitasjonen er allerede brukt.")
    people.expect_http_error(nora, 409, origin + urlsplit(link).path)

    eva.goto(f"{origin}/api/admin")
    row = eva.locator("tbody tr").filter(has_text=NORA[0])
    expect(row).to_contain_text("godtatt")
    eva.get_by_label("Finn en person").fill("Nora")
    eva.get_by_role("button", name="Søk").click()
    expect(eva.get_by_role("status")).to_have_text("Fant 1 person.")
    expect(eva.get_by_role("main")).to_contain_text(NORA[1])
    people.assert_clean()
