"""The whole local stack as `make serve` runs it: `python -m lis1 serve`, DynamoDB Local, a browser.

One stack is started for the module with its own LIS1_LOCAL_DIR (a temporary folder), so a
developer's .local/ is never touched. The browser signs in through the development issuer's
"Velg demobruker" page, with and without JavaScript; the last test kills the server with
SIGKILL, leaves DynamoDB Local orphaned as a real kill -9 would, and checks that the next start
cleans up and finds the data kept. Nothing is skipped: a missing Java, DynamoDB Local or
Chromium fails the run.
"""

from __future__ import annotations

import contextlib
import fcntl
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from playwright.sync_api import APIResponse, Browser, BrowserContext, Page, expect

if TYPE_CHECKING:
    from conftest import WatchedPage  # tests/e2e/conftest.py; fixtures hand out its objects

OpenPage = Callable[[BrowserContext], "WatchedPage"]

ROOT = Path(__file__).resolve().parents[2]
ORIGIN_LINE = re.compile(r"LIS1 kjører på (http://127\.0\.0\.1:\d+)/")
START_TIMEOUT = 90
STOP_TIMEOUT = 20
SESSION_COOKIE = "lis1_session"


# --- the stack as a subprocess ------------------------------------------------------------------


def java_processes(folder: Path) -> list[int]:
    """Pids of live Java processes whose command line mentions ``folder``."""
    needle = str(folder)
    pids: list[int] = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            args = (proc / "cmdline").read_bytes().decode(errors="replace").split("\0")
            state = (proc / "stat").read_text(errors="replace").rsplit(")", 1)[-1].split()[0]
        except OSError:
            continue
        if state == "Z" or not args or Path(args[0]).name != "java":
            continue
        if any(needle in arg for arg in args):
            pids.append(int(proc.name))
    return pids


def wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


class Stack:
    """`python -m lis1 serve --port 0` with LIS1_LOCAL_DIR=``local``; output kept in ``lines``."""

    def __init__(self, local: Path, season: bool = False, portfolios: bool = False) -> None:
        self.local = local
        self.season = season
        """Seed the demo season (as `make serve` does); off, the demo period starts empty."""
        self.portfolios = portfolios
        """With the season, seed the demo portfolios and goals too (as `make serve` does)."""
        self.process: subprocess.Popen[str] | None = None
        self.origin = ""
        self.lines: list[str] = []
        self._reader: threading.Thread | None = None

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def start(self) -> str:
        assert self.process is None, "stacken kjører allerede"
        env = {k: v for k, v in os.environ.items() if k not in ("STORE", "PORT")}
        env.update(
            LIS1_LOCAL_DIR=str(self.local),
            PYTHONUNBUFFERED="1",
            LIS1_DEMO_SEASON="1" if self.season else "0",
            LIS1_DEMO_PORTFOLIOS="1" if self.portfolios else "0",
        )
        self.lines = []
        self.origin = ""
        found = threading.Event()
        process = subprocess.Popen(
            [sys.executable, "-m", "lis1", "serve", "--port", "0"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        self.process = process

        def read() -> None:  # drains the pipe for the whole run: the server logs every request
            assert process.stdout is not None
            for line in process.stdout:
                self.lines.append(line)
                if not found.is_set() and (match := ORIGIN_LINE.search(line)):
                    self.origin = match.group(1)
                    found.set()
            found.set()  # the output ended: the server has stopped

        self._reader = threading.Thread(target=read, daemon=True)
        self._reader.start()
        if not found.wait(START_TIMEOUT) or not self.origin:
            self.stop()
            pytest.fail(
                f"`lis1 serve` skrev ikke adressen sin innen {START_TIMEOUT} s "
                f"(kode {process.returncode}). Utskriften:\n{self.output}",
                pytrace=False,
            )
        return self.origin

    def _finish(self) -> int | None:
        process, self.process = self.process, None
        if process is None:
            return None
        code = process.wait()
        if self._reader is not None:
            self._reader.join(timeout=10)
            self._reader = None
        if process.stdout is not None:
            process.stdout.close()
        return code

    def stop(self) -> int | None:
        """SIGTERM, wait, then SIGKILL; returns the exit code (None if it was not running)."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self._finish()

    def kill_server_only(self) -> None:
        """SIGKILL the server process alone: its DynamoDB Local is left orphaned."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        assert self._finish() == -signal.SIGKILL


def build_site() -> None:
    """`make build`'s site/ (gitignored), which `lis1 serve` serves, built once per test run:
    the first test file to need it builds it, and the others (on any pytest-xdist worker of the
    same run) wait for that build and use it."""
    lock = ROOT / "build" / ".e2e-build.lock"
    built = ROOT / "build" / ".e2e-built"
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid-{os.getpid()}"
    lock.parent.mkdir(exist_ok=True)
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        if built.is_file() and built.read_text() == run and (ROOT / "site/index.html").is_file():
            return
        result = subprocess.run(
            [sys.executable, "-m", "lis1", "build"],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        built.write_text(run)
    assert (ROOT / "site" / "index.html").is_file()


@contextlib.contextmanager
def running_stack(local: Path, season: bool = False, portfolios: bool = False) -> Iterator[Stack]:
    """A running stack on ``local``; stopped at the end with no DynamoDB Local left."""
    running = Stack(local, season, portfolios)
    try:
        running.start()
        yield running
    finally:
        code = running.stop()
        gone = wait_for(lambda: not java_processes(local), 10)
        leftovers = java_processes(local)
        for pid in leftovers:  # never leave one behind, even when failing
            os.kill(pid, signal.SIGKILL)
        assert gone, f"DynamoDB Local kjører fortsatt for {local} etter stopp: pid {leftovers}"
        assert code in (0, None), f"`lis1 serve` stoppet med kode {code}:\n{running.output}"
        for noise in ("Traceback", "KeyboardInterrupt"):  # it stops quietly
            assert noise not in running.output, running.output


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    build_site()
    with running_stack(tmp_path_factory.mktemp("lis1-local").resolve()) as running:
        yield running


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """``new_context(**options)``: a fresh browser context, closed after the test."""
    made: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        made.append(browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo", **options))
        return made[-1]

    yield make
    for context in made:
        context.close()


# --- helpers ------------------------------------------------------------------------------------


def choose_demo_user(page: Page, name: str) -> None:
    """On the development issuer's page, sign in as ``name``."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Velg demobruker")
    page.get_by_role("button", name=re.compile(rf"^{re.escape(name)}(\s|$)")).click()


def sign_in(page: Page, origin: str, name: str) -> None:
    """Sign in as ``name`` and land on Min side (the address `lis1 serve` prints)."""
    page.goto(f"{origin}/api/auth/login?return_to=/api/me")
    choose_demo_user(page, name)
    expect(page).to_have_url(f"{origin}/api/me")
    expect(page.get_by_role("heading", level=1)).to_have_text("Min side")


def expect_min_side(page: Page, origin: str, name: str, role: str) -> None:
    expect(page).to_have_url(f"{origin}/api/me")
    expect(page.get_by_role("heading", level=1)).to_have_text("Min side")
    expect(page.get_by_text("Du er logget inn som").locator("strong")).to_have_text(name)
    roles = page.locator("main li strong")
    expect(roles.filter(has_text=re.compile(f"^{re.escape(role)}$", re.IGNORECASE))).to_be_visible()


def json_of(response: APIResponse) -> Any:
    return json.loads(response.text())


def assert_error_body(response: APIResponse, status: int) -> dict[str, Any]:
    assert response.status == status, response.text()
    assert response.headers["content-type"].startswith("application/json")
    body = json_of(response)
    assert isinstance(body, dict) and set(body) == {"code", "message", "fields"}, body
    assert body["code"] and body["message"] and isinstance(body["fields"], dict)
    return body


def signed_in_csrf(context: BrowserContext, origin: str) -> str:
    me = context.request.get(f"{origin}/api/me")
    assert me.status == 200, me.text()
    token = json_of(me)["csrf_token"]
    assert isinstance(token, str) and token
    return token


# --- signing in and out in a browser ------------------------------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "uten-javascript"])
def test_applicant_signs_in_from_the_front_page_and_out_again(
    stack: Stack, new_context: Callable[..., BrowserContext], open_page: OpenPage, javascript: bool
) -> None:
    origin = stack.origin
    context = new_context(java_script_enabled=javascript)
    watched = open_page(context)
    page = watched.page
    page.goto(f"{origin}/")
    link = page.get_by_role("link", name="Min side (logg inn)")
    expect(link).to_have_attribute("href", "/api/me")
    link.click()
    choose_demo_user(page, "Kari Nordmann")
    expect_min_side(page, origin, "Kari Nordmann", "søker")

    cookies = [c for c in context.cookies() if c["name"] == SESSION_COOKIE]
    assert len(cookies) == 1, context.cookies()
    cookie = cookies[0]
    assert cookie["httpOnly"] is True
    assert cookie["secure"] is True
    assert cookie["sameSite"] == "Lax"
    assert cookie["path"] == "/"
    if javascript:
        assert SESSION_COOKIE not in page.evaluate("() => document.cookie")

    page.get_by_role("button", name="Logg ut").click()
    expect(page).to_have_url(f"{origin}/")
    assert not [c for c in context.cookies() if c["name"] == SESSION_COOKIE]
    body = assert_error_body(context.request.get(f"{origin}/api/me"), 401)
    assert body["code"] == "ikke_innlogget"
    assert watched.external_requests == []
    assert watched.console_errors == []


def test_hf_administrator_sees_the_organisation_on_min_side(
    stack: Stack, new_context: Callable[..., BrowserContext], open_page: OpenPage
) -> None:
    watched = open_page(new_context())
    page = watched.page
    sign_in(page, stack.origin, "Ola Hansen")
    expect_min_side(
        page, stack.origin, "Ola Hansen", "administrator for helseforetak – Helse Bergen HF"
    )
    assert watched.external_requests == []
    assert watched.console_errors == []


# --- the API and the feeds on the running stack -------------------------------------------------


def test_openapi_and_calendar_feed_are_served(
    stack: Stack, new_context: Callable[..., BrowserContext]
) -> None:
    request = new_context().request
    openapi = request.get(f"{stack.origin}/api/openapi.json")
    assert openapi.status == 200
    assert openapi.headers["content-type"].startswith("application/json")
    assert json_of(openapi)["openapi"] == "3.1.0"
    feed = request.get(f"{stack.origin}/kalender/alle.ics")
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert feed.text().startswith("BEGIN:VCALENDAR")


# --- a burst of applications on DynamoDB Local ------------------------------------------------


class HttpSession:
    """A client that signs in through the development issuer with plain HTTP, no browser."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def send(
        self, method: str, target: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(urlsplit(self.origin).netloc, timeout=60)
        try:
            sent = {"Accept": "application/json", **(headers or {})}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, target, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
            for value in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.partition(";")[0]
            return response.status, dict(response.headers), data
        finally:
            connection.close()

    def sign_in(self, subject: str) -> HttpSession:
        status, headers, _ = self.send("GET", "/api/auth/login?return_to=/api/me")
        assert status == 302
        authorize = urlsplit(headers["Location"])
        form = {**dict(parse_qsl(authorize.query)), "user": subject}
        status, headers, _ = self.send(
            "POST",
            authorize.path,
            urlencode(form).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 303
        back = urlsplit(headers["Location"])
        status, _, body = self.send("GET", f"{back.path}?{back.query}")
        assert status == 303, body
        status, _, body = self.send("GET", "/api/me")
        assert status == 200, body
        self.csrf = json.loads(body)["csrf_token"]
        return self

    def post_json(self, target: str, document: object, **headers: str) -> tuple[int, Any]:
        status, _, body = self.send(
            "POST",
            target,
            json.dumps(document).encode(),
            {"Content-Type": "application/json", "X-CSRF-Token": self.csrf, **headers},
        )
        return status, json.loads(body) if body else None


def test_a_burst_of_200_applications_gets_200_answers(stack: Stack) -> None:
    hf = HttpSession(stack.origin).sign_in("demo-ola")
    status, ad = hf.post_json(
        "/api/ads",
        {
            "organisation": "helse-bergen",
            "place": "Voss sjukehus",
            "seats": 2,
            "kommune": "bergen-kommune",
            "starts": "2027-09-01",
            "description": "Stilling for å prøve mange søknader samtidig.",
            "period_id": "demo",
        },
    )
    assert status == 201, ad
    status, ad = hf.post_json(f"/api/ads/{ad['id']}/publish", {"version": ad["version"]})
    assert status == 200, ad
    applicant = HttpSession(stack.origin).sign_in("demo-ahmed")
    barrier = threading.Barrier(200)

    def apply(number: int) -> int | str:
        barrier.wait()
        try:
            status, _ = applicant.post_json(
                f"/api/ads/{ad['id']}/applications",
                {"cover_text": f"Forsøk {number}"},
                **{"Idempotency-Key": f"burst-{number:04d}"},
            )
        except OSError as error:  # a reset or refused connection
            return type(error).__name__
        return status

    with ThreadPoolExecutor(max_workers=200) as pool:
        results = list(pool.map(apply, range(200)))
    assert Counter(results) == {201: 1, 409: 199}, Counter(results)


# --- kill -9 and restart (last: it restarts the module's stack) ---------------------------------


def test_restart_after_kill_keeps_the_data(
    stack: Stack, new_context: Callable[..., BrowserContext], open_page: OpenPage
) -> None:
    origin = stack.origin
    sign_in(open_page(new_context()).page, origin, "Kari Nordmann")  # Kari must be known first
    editor = new_context()
    sign_in(open_page(editor).page, origin, "Eva Strand")
    granted = editor.request.put(
        f"{origin}/api/admin/organisations/helse-bergen/admins/demo-kari",
        headers={"X-CSRF-Token": signed_in_csrf(editor, origin)},
    )
    assert granted.status in (200, 201), granted.text()
    assert json_of(granted)["subject"] == "demo-kari"

    orphans = java_processes(stack.local)
    assert orphans, f"fant ingen DynamoDB Local for {stack.local}"
    stack.kill_server_only()
    assert java_processes(stack.local) == orphans, (
        "DynamoDB Local skulle vært igjen som foreldreløs"
    )

    origin = stack.start()
    assert wait_for(lambda: not set(orphans) & set(java_processes(stack.local)), 10), (
        f"den foreldreløse DynamoDB Local (pid {orphans}) kjører fortsatt:\n{stack.output}"
    )
    assert len(java_processes(stack.local)) == 1, stack.output
    assert "Stoppet DynamoDB Local som fortsatt kjørte" in stack.output, stack.output

    checker = new_context()
    health = checker.request.get(f"{origin}/api/health")
    assert health.status == 200, health.text()
    assert json_of(health) == {"status": "ok", "store": "dynamodb-local", "stage": "local"}

    editor = new_context()
    sign_in(open_page(editor).page, origin, "Eva Strand")
    admins = editor.request.get(f"{origin}/api/admin/organisations/helse-bergen/admins")
    assert admins.status == 200, admins.text()
    subjects = {admin["subject"] for admin in json_of(admins)["admins"]}
    assert {"demo-kari", "demo-ola"} <= subjects, subjects

    assert stack.stop() == 0, stack.output
    assert wait_for(lambda: not java_processes(stack.local), 10), stack.output
