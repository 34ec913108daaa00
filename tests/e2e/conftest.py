"""Browser fixtures: the built site on 127.0.0.1, Debian's Chromium driven by Playwright, axe.

Nothing leaves the machine: Playwright never downloads a browser (it launches the system
Chromium), Chromium runs with the flags that stop it calling Google, every request to a host
other than 127.0.0.1/localhost is recorded and aborted, and axe-core is injected from the file
bundled in the ``axe-playwright-python`` package, never from a CDN.
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import axe_playwright_python
import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Route,
    sync_playwright,
)

from lis1.serve import make_server

REPO_ROOT = Path(__file__).resolve().parents[2]
INSTALL_SCRIPT = REPO_ROOT / "scripts" / "install-chromium.sh"
AXE_JS = Path(axe_playwright_python.__file__).resolve().parent / "axe.min.js"
ARTIFACTS = REPO_ROOT / "test-artifacts"

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return result.violations;
}"""


# --- browser ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The system Chromium; installed by scripts/install-chromium.sh when run as root.

    A missing browser always fails the run (it is never skipped): in CI with the script's own
    message, elsewhere with the exact install command to run.
    """
    result = subprocess.run(
        ["bash", str(INSTALL_SCRIPT)], capture_output=True, text=True, check=False
    )
    path = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    if result.returncode == 0 and path and Path(path).is_file():
        return path
    message = (result.stderr or result.stdout).strip()
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Chromium kunne ikke installeres i CI:\n{message}", pytrace=False)
    command = next((line.strip() for line in message.splitlines() if "apt-get" in line), None)
    if command is None:
        pytest.fail(f"Chromium mangler, og installasjonen feilet:\n{message}", pytrace=False)
    pytest.fail(
        "Chromium mangler, og nettlesertestene kjører ikke uten (de hoppes aldri over). "
        f"Installer den med:\n  {command}",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def site_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site served by the project's own server on a free port of 127.0.0.1, with the
    API (in-memory store) under /api/ so pages that read it work as in production."""
    from lis1.catalog import load_catalog
    from tests.api.conftest import build_api

    catalog = load_catalog(REPO_ROOT / "data").catalog
    assert catalog is not None
    api = build_api(catalog, tmp_path_factory.mktemp("e2e-keys"))

    server = make_server(built_site, 0, {"/api/": api.gateway.mount})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}/"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    """One Chromium for the whole run, launched from the system, never downloaded."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def context(browser: Browser, site_url: str) -> Iterator[BrowserContext]:
    """One context shared by the tests that run JavaScript; clipboard access granted.

    Safe to share: the site keeps no state between pages that the tests depend on, and every
    test opens its own page (see ``page`` and ``open_page``).
    """
    ctx = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    try:
        yield ctx
    finally:
        ctx.close()


# --- pages that record what they should not do -------------------------------------------------


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss"):
        return True  # data:, blob:, about:, chrome-extension: never leave the machine
    return parts.hostname in LOCAL_HOSTS


class WatchedPage:
    """A Playwright page that records console errors and requests to other hosts.

    Everything else is delegated to the page, so ``page.goto(...)``, ``page.keyboard`` and
    ``page.locator(...)`` work as usual. Requests to hosts other than 127.0.0.1/localhost are
    aborted, so nothing leaves the machine; the tests assert both lists are empty.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console_errors: list[str] = []
        self.external_requests: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        page.on("request", self._on_request)
        page.route(lambda url: not is_local(url), self._abort)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.page, name)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.console_errors.append(f"{message.text}" + (f"  ({where})" if where else ""))

    def _on_page_error(self, error: Exception) -> None:
        self.console_errors.append(f"Ufanget JavaScript-feil: {error}")

    def _on_request(self, request: Request) -> None:
        if not is_local(request.url):
            self.external_requests.append(f"{request.method} {request.url}")

    def _abort(self, route: Route) -> None:
        route.abort("blockedbyclient")

    def reset(self) -> None:
        self.console_errors.clear()
        self.external_requests.clear()

    def close(self) -> None:
        if not self.page.is_closed():
            self.page.close()

    def axe(self) -> list[dict[str, Any]]:
        return run_axe(self.page)


@pytest.fixture
def page(context: BrowserContext) -> Iterator[WatchedPage]:
    """A fresh page in the shared context; ``console_errors`` and ``external_requests`` lists."""
    watched = WatchedPage(context.new_page())
    try:
        yield watched
    finally:
        watched.close()


@pytest.fixture
def open_page() -> Iterator[Callable[[BrowserContext], WatchedPage]]:
    """``open_page(context)``: a new watched page in any context; closed at the latest here.

    Close it sooner with ``contextlib.closing`` when opening many (e.g. one per site page).
    """
    opened: list[WatchedPage] = []

    def new(context: BrowserContext) -> WatchedPage:
        opened.append(WatchedPage(context.new_page()))
        return opened[-1]

    yield new
    for watched in opened:
        watched.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """test-artifacts/ in the checkout (gitignored): screenshots for review."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


# --- axe ----------------------------------------------------------------------------------------


def run_axe(page: Page, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """Inject the local axe.min.js into the current page and return axe's violations.

    The script is the package's own file (never a CDN), so axe adds no request. It is run
    through the DevTools protocol, not added as an inline <script>: the site's
    Content-Security-Policy allows no inline script but the theme's own, and the tests keep it
    on (a violation is a console error that fails them).
    Every node of a violation gets a ``selector`` key: its target as one string (see
    ``target_selector``), the form the exceptions file uses.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate("() => {\n" + AXE_JS.read_text("utf-8") + "\n}")
    violations: list[dict[str, Any]] = page.evaluate(AXE_RUN, tags or WCAG_TAGS)
    for violation in violations:
        for node in violation["nodes"]:
            node["selector"] = target_selector(node["target"])
    return violations


def target_selector(target: list[Any]) -> str:
    """axe's node target as one string: the selector, or the parts joined by `` >> ``.

    A target has more than one part only when the node is inside an iframe or a shadow root
    (then a part can itself be a list); the exceptions file uses this same string.
    """
    parts = [" >>> ".join(part) if isinstance(part, list) else str(part) for part in target]
    return " >> ".join(parts)


@pytest.fixture
def people(
    browser: Browser, open_page: Callable[[BrowserContext], WatchedPage], stack: Any
) -> Iterator[Any]:
    """One new signed-in browser context per person, on the module's ``stack`` (the flows'
    :class:`test_apply_flow.People`), closed after the test."""
    from test_apply_flow import People  # tests/e2e, as rootdir imports

    made = People(browser, open_page, stack)
    try:
        yield made
    finally:
        made.close()
