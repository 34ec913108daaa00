"""The built site in a real browser: every page loads, stays local, is accessible; subscribing works
by keyboard, the dates work without JavaScript, and screenshots are kept for review.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, expect
from ruamel.yaml import YAML

if TYPE_CHECKING:
    from conftest import WatchedPage  # tests/e2e/conftest.py; fixtures hand out its objects

OpenPage = Callable[[BrowserContext], "WatchedPage"]

PUBLIC_URL = "https://lis1.helsedirektoratet.no/"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
EXCEPTIONS_FILE = Path(__file__).with_name("axe-exceptions.yaml")
ROOT = Path(__file__).resolve().parents[2]
EXCEPTION_FIELDS = ("rule", "selector", "page", "reason")
ISSUE_LINK = re.compile(r"https://github\.com/[\w.-]+/[\w.-]+/(?:issues|discussions)/\d+")
MAX_TABS = 400
PAGES_AT_ONCE = 6


# --- sitemap ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def page_paths(built_site: Path) -> list[str]:
    """The paths of every page in the built sitemap.xml (its <loc> use the public address)."""
    root = ET.parse(built_site / "sitemap.xml").getroot()
    locs = [(loc.text or "").strip() for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]
    foreign = [loc for loc in locs if not loc.startswith(PUBLIC_URL)]
    assert not foreign, f"sitemap.xml har adresser utenfor {PUBLIC_URL}: {foreign}"
    return [urlsplit(loc).path or "/" for loc in locs]


def local_url(site_url: str, path: str) -> str:
    return urljoin(site_url, path.lstrip("/"))


def test_sitemap_lists_more_than_20_pages(page_paths: list[str]) -> None:
    assert len(page_paths) > 20, page_paths
    assert len(set(page_paths)) == len(page_paths), "sitemap.xml har samme side flere ganger"
    assert "/" in page_paths


# --- axe exceptions -----------------------------------------------------------------------------


def exception_problems(entries: Any) -> list[str]:
    """What is wrong with the exceptions file's content (empty list: nothing)."""
    if not isinstance(entries, list):
        return ["filen skal være en liste (tom: [])"]
    problems = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            problems.append(f"unntak {number}: skal ha feltene {', '.join(EXCEPTION_FIELDS)}")
            continue
        for field in EXCEPTION_FIELDS:
            value = entry.get(field)
            if not isinstance(value, str) or not value.strip():
                problems.append(f"unntak {number}: mangler «{field}»")
        extra = sorted(set(entry) - set(EXCEPTION_FIELDS))
        if extra:
            problems.append(f"unntak {number}: ukjente felt {extra}")
        page, rule, selector = entry.get("page"), entry.get("rule"), entry.get("selector")
        if isinstance(page, str) and page and not page.startswith("/"):
            problems.append(
                f"unntak {number}: «page» skal være en sti som /frister/, ikke {page!r}"
            )
        for field, value in (("rule", rule), ("page", page), ("selector", selector)):
            if isinstance(value, str) and value.strip() in ("*", "**", "all", "html", "body"):
                problems.append(
                    f"unntak {number}: «{field}: {value}» gjelder for mye; "
                    "ett unntak er én regel, én selektor, én side"
                )
        reason = entry.get("reason")
        if isinstance(reason, str) and reason.strip() and not ISSUE_LINK.search(reason):
            problems.append(
                f"unntak {number}: «reason» skal lenke til saken i temaets sporingssystem "
                "(https://github.com/squidfunk/mkdocs-material/issues/…)"
            )
    return problems


@pytest.fixture(scope="session")
def axe_exceptions() -> list[dict[str, str]]:
    entries = YAML(typ="safe").load(EXCEPTIONS_FILE.read_text(encoding="utf-8"))
    problems = exception_problems(entries)
    if problems:
        pytest.fail(
            f"{EXCEPTIONS_FILE.name} er ugyldig:\n  " + "\n  ".join(problems), pytrace=False
        )
    return list(entries)


def test_axe_exceptions_file_is_valid(axe_exceptions: list[dict[str, str]]) -> None:
    assert isinstance(axe_exceptions, list)


def test_accessibility_statement_tells_the_truth_about_exceptions(
    axe_exceptions: list[dict[str, str]],
) -> None:
    statement = (ROOT / "docs/pages/tilgjengelighet.md").read_text(encoding="utf-8")
    if "**ingen unntak**" in statement:
        assert axe_exceptions == [], "Oppdater «Resultat av siste test» i tilgjengelighet.md"


@pytest.mark.parametrize("missing", EXCEPTION_FIELDS)
def test_an_exception_without_every_field_is_refused(missing: str) -> None:
    entry = {
        "rule": "color-contrast",
        "selector": ".md-footer-meta",
        "page": "/",
        "reason": "Temaets farger, https://github.com/squidfunk/mkdocs-material/issues/1",
    }
    assert exception_problems([entry]) == []
    del entry[missing]
    assert f"mangler «{missing}»" in "\n".join(exception_problems([entry]))


# --- every page ---------------------------------------------------------------------------------


def test_harness_blocks_other_hosts_and_runs_the_local_axe(page: WatchedPage) -> None:
    """The checks below are only worth something if the blocking and axe really work."""
    page.set_content('<!doctype html><html lang="nb"><title>t</title><img src="data:,">')
    assert page.evaluate("() => fetch('https://example.com/x').then(() => 'ok', () => 'blocked')")
    assert page.external_requests == ["GET https://example.com/x"]
    violations = page.axe()
    assert page.evaluate("() => axe.version").startswith("4.")
    assert [v["id"] for v in violations] == ["image-alt"]
    assert [n["selector"] for n in violations[0]["nodes"]] == ["img"]


def is_excepted(rule: str, path: str, selector: str, exceptions: list[dict[str, str]]) -> bool:
    return any(
        e["rule"] == rule and e["page"] == path and e["selector"] == selector for e in exceptions
    )


def test_every_page_loads_locally_without_errors_and_passes_axe(
    context: BrowserContext,
    open_page: OpenPage,
    site_url: str,
    page_paths: list[str],
    axe_exceptions: list[dict[str, str]],
) -> None:
    failures: list[str] = []
    used: set[tuple[str, str, str]] = set()
    # Pages load in small batches side by side: the wait for a quiet network overlaps.
    for start in range(0, len(page_paths), PAGES_AT_ONCE):
        batch = page_paths[start : start + PAGES_AT_ONCE]
        with ExitStack() as stack:
            loaded = []
            for path in batch:
                page = stack.enter_context(closing(open_page(context)))
                loaded.append((path, page, page.goto(local_url(site_url, path))))
            for path, page, response in loaded:
                problems: list[str] = []
                if response is None or response.status != 200:
                    problems.append(f"HTTP-status {response.status if response else 'ingen'}")
                page.wait_for_load_state("networkidle")
                for violation in page.axe():
                    left = []
                    for node in violation["nodes"]:
                        key = (violation["id"], path, node["selector"])
                        if is_excepted(*key, axe_exceptions):
                            used.add(key)
                        else:
                            left.append(node["selector"])
                    if left:
                        problems.append(
                            f"axe {violation['id']} ({violation['impact']}): {violation['help']}\n"
                            + "\n".join(f"        {selector}" for selector in left)
                        )
                problems += [f"konsollfeil: {error}" for error in page.console_errors]
                problems += [f"forespørsel til annen vert: {url}" for url in page.external_requests]
                if problems:
                    failures.append(f"{path}\n" + "\n".join(f"    {p}" for p in problems))
    stale = [
        f"{e['rule']} {e['page']} {e['selector']}"
        for e in axe_exceptions
        if (e["rule"], e["page"], e["selector"]) not in used
    ]
    if stale:
        failures.append(
            f"{EXCEPTIONS_FILE.name}: unntak som ikke lenger treffer noe (fjern dem):\n    "
            + "\n    ".join(stale)
        )
    if failures:
        report = f"{len(failures)} av {len(page_paths)} sider har feil:\n\n" + "\n\n".join(failures)
        pytest.fail(report, pytrace=False)


# --- subscribing by keyboard --------------------------------------------------------------------


def tab_to(page: WatchedPage, selector: str) -> bool:
    """Press Tab until the focused element matches ``selector``; False if it never does."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return True
    return False


@pytest.mark.parametrize(
    ("path", "feed_ending"),
    [("frister/2018-host/", "/kalender/periode-2018-host.ics"), ("kalender/", ".ics")],
)
def test_subscribe_controls_work_by_keyboard(
    page: WatchedPage, site_url: str, path: str, feed_ending: str
) -> None:
    page.goto(local_url(site_url, path))
    copy = page.locator("button.lis1-copy").first
    try:
        expect(copy).to_be_visible(timeout=3000)
    except AssertionError:
        pytest.fail(
            f"«Kopier adressen» er fortsatt skjult på /{path}: nettstedets JavaScript "
            "(docs/pages/assets/lis1.js) mangler eller viser ikke knappen.",
            pytrace=False,
        )
    page.bring_to_front()

    assert tab_to(page, "button.lis1-copy"), f"Tab når aldri «Kopier adressen» på /{path}"
    field = page.evaluate("() => document.activeElement.dataset.target")
    block = page.locator(f".lis1-subscribe:has(#{field})")
    page.keyboard.press("Enter")

    status = block.locator(".lis1-copy-status")
    expect(status).to_have_attribute("role", "status")
    expect(
        status, f"/{path}: statusfeltet sier ikke at adressen er kopiert (lis1.js svarte ikke)"
    ).to_have_text(re.compile("kopiert", re.IGNORECASE))
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith(("https://", "http://")), copied
    assert copied.endswith(feed_ending), copied

    assert tab_to(page, "a.lis1-webcal"), f"Tab når aldri «Åpne i kalenderprogrammet» på /{path}"
    href = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert href.startswith("webcal://"), href
    assert page.console_errors == []
    assert page.external_requests == []


# --- without JavaScript -------------------------------------------------------------------------


@pytest.fixture
def no_js_page(browser: Browser, open_page: OpenPage) -> Iterator[WatchedPage]:
    context = browser.new_context(java_script_enabled=False, locale="nb-NO")
    try:
        with closing(open_page(context)) as page:
            yield page
    finally:
        context.close()


DEADLINE_TIMES = "[data-deadline] time"


def test_dates_and_addresses_work_without_javascript(
    no_js_page: WatchedPage, page: WatchedPage, site_url: str
) -> None:
    page.goto(local_url(site_url, "frister/"))
    with_js = page.locator(DEADLINE_TIMES).count()
    assert with_js > 0, "frister/ viser ingen datoer med JavaScript på"

    no_js_page.goto(local_url(site_url, "frister/"))
    assert no_js_page.locator(DEADLINE_TIMES).count() == with_js

    checked = 0
    for path in ("frister/", "frister/2018-host/", "kalender/"):
        no_js_page.goto(local_url(site_url, path))
        for button in no_js_page.locator("button.lis1-copy").all():
            expect(button).to_be_hidden()
        for address in no_js_page.locator("input.lis1-feed-url").all():
            expect(address).to_be_visible()
            expect(address).not_to_be_editable()
            assert address.evaluate("(e) => e.readOnly"), (
                f"adressefeltet på /{path} er ikke readonly"
            )
            checked += 1
    assert checked > 0, "ingen kalenderadresser funnet"
    assert no_js_page.external_requests == []


# --- screenshots --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "name"), [("", "forside.png"), ("frister/2018-host/", "periode-2018-host.png")]
)
def test_full_page_screenshot(
    page: WatchedPage, site_url: str, artifacts_dir: Path, path: str, name: str
) -> None:
    target = artifacts_dir / name
    target.unlink(missing_ok=True)
    page.goto(local_url(site_url, path))
    page.screenshot(path=target, full_page=True)
    assert target.is_file()
    assert target.stat().st_size > 0
