"""`lis1 bench`: offer day. Twice a year about 1,200 applicants answer their offers within hours;
this burst has ``applicants`` of them answer within one window, from ``concurrency`` client
threads, against the real `make serve` stack (`python -m lis1 serve`: waitress, the API and
DynamoDB Local as its child) on a throw-away data folder (LIS1_LOCAL_DIR; .local/ is never
touched) without the demo season.

Halfway through, the server and its DynamoDB Local are killed with SIGKILL together, as a crash
of the machine or the container would leave them (nothing is shut down cleanly; a `kill -9` of
the server alone would leave DynamoDB Local running until the next start ends it), and the stack
is started again on the same folder. Clients whose request failed on the connection send it
again with the same Idempotency-Key, as a browser's script would. At the end the store is read:
an answer the server acknowledged (2xx) but did not keep is a lost answer. Each answer is one
POST to the accept or decline route as a browser's fetch sends it: session cookie, Origin,
X-CSRF-Token. Figures are printed, never asserted.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .api.pipeline import CSRF_HEADER, IDEMPOTENCY_HEADER, SESSION_COOKIE
from .bench_burst_seed import Applicant, read_back, seed_offers
from .devtools.dynamodb_leftovers import stop_leftovers
from .devtools.dynamodb_local import free_port

START_TIMEOUT = 120
GIVE_UP_AFTER = 180
"""Seconds a client keeps sending an answer again after connection errors."""
RETRY_PAUSE = 0.25
REQUEST_TIMEOUT = 60


class Stack:
    """`python -m lis1 serve --port PORT` on LIS1_LOCAL_DIR=``local``, output to ``log``."""

    def __init__(self, root: Path, local: Path, port: int, log: IO[bytes]) -> None:
        self.root, self.local, self.port, self.log = root, local, port, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("STORE", "PORT")}
        env |= {"LIS1_LOCAL_DIR": str(self.local), "LIS1_DEMO_SEASON": "0"}
        command = [sys.executable, "-m", "lis1", "--root", str(self.root), "serve"]
        self.process = subprocess.Popen(
            [*command, "--port", str(self.port)],
            cwd=self.root,
            env=env | {"PYTHONUNBUFFERED": "1"},
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"`lis1 serve` startet ikke; se {self.log.name}")
            time.sleep(0.1)

    def _healthy(self) -> bool:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", "/api/health", headers={"Accept": "application/json"})
            return connection.getresponse().status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            connection.close()

    def crash(self) -> list[int]:
        """SIGKILL the server and its children (DynamoDB Local) at once; their pids."""
        assert self.process is not None
        pids = [self.process.pid, *_children(self.process.pid)]
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait()
        return pids

    def stop(self) -> None:
        """As Ctrl-C does; nothing of the stack is left running on the folder afterwards."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        stop_leftovers(self.local / "ddb")


def _children(parent: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text(errors="replace").rsplit(")", 1)[1].split()[1]) == parent:
                pids.append(int(stat.parent.name))
    return pids


@dataclass(frozen=True)
class Outcome:
    status: int | None
    """The answer's HTTP status; None when the client gave up on connection errors."""
    code: str
    reference: str | None
    seconds: float
    """Latency of the request that got the answer."""
    started: float
    finished: float
    retried: bool


class Clients:
    """The browsers: each answers once, and sends again on a connection error."""

    def __init__(self, origin: str, port: int, half: int) -> None:
        self.origin, self.port, self.half = origin, port, half
        self.lock = threading.Lock()
        self.acknowledged = 0
        self.halfway = threading.Event()
        self.abandon = threading.Event()
        self.connection_errors: Counter[str] = Counter()

    def answer(self, applicant: Applicant) -> Outcome:
        verb = "accept" if applicant.accept else "decline"
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "Cookie": f"{SESSION_COOKIE}={applicant.token}",
            "Origin": self.origin,
            CSRF_HEADER: applicant.csrf,
            IDEMPOTENCY_HEADER: secrets.token_urlsafe(16),
        }
        give_up = time.monotonic() + GIVE_UP_AFTER
        retried = False
        while True:
            started = time.perf_counter()
            try:
                status, body = self._post(f"/api/tilbud/{applicant.answered}/{verb}", headers)
            except (OSError, http.client.HTTPException) as error:
                with self.lock:
                    self.connection_errors[type(error).__name__] += 1
                retried = True
                if self.abandon.is_set() or time.monotonic() > give_up:
                    now = time.perf_counter()
                    return Outcome(None, "ga_opp", None, 0.0, started, now, retried)
                time.sleep(RETRY_PAUSE)
                continue
            finished = time.perf_counter()
            ok = 200 <= status < 300
            reference = str(body.get("reference", "")) if ok else None
            if ok:
                with self.lock:
                    self.acknowledged += 1
                    if self.acknowledged == self.half:
                        self.halfway.set()
            code = "" if ok else str(body.get("code", "?"))
            return Outcome(status, code, reference, finished - started, started, finished, retried)

    def _post(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, object]]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request("POST", path, body=b"{}", headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        with contextlib.suppress(ValueError):
            parsed = json.loads(data)
            if isinstance(parsed, dict):
                return response.status, parsed
        return response.status, {}


def offer_day_burst(root: Path, applicants: int = 1000, concurrency: int = 32) -> None:
    """Seed, serve, answer, crash halfway, restart, finish, read back, print (see the module)."""
    root = root.resolve()
    if not (root / "site" / "index.html").is_file():
        raise SystemExit("Fant ikke site/. Kjør `make build` først.")
    with tempfile.TemporaryDirectory(prefix="lis1-burst-") as tmp:
        local = Path(tmp) / "local"
        seeding = time.perf_counter()
        people = seed_offers(local / "ddb", applicants)
        seeding = time.perf_counter() - seeding
        port = free_port()
        with (Path(tmp) / "serve.log").open("ab") as log:
            stack = Stack(root, local, port, log)
            try:
                stack.start()
                clients = Clients(f"http://127.0.0.1:{port}", port, applicants // 2)
                with ThreadPoolExecutor(concurrency) as pool:
                    began = time.perf_counter()
                    futures = [pool.submit(clients.answer, a) for a in people]
                    try:
                        while not clients.halfway.wait(0.5):
                            if all(f.done() for f in futures):
                                raise RuntimeError("færre enn halvparten av svarene ble kvittert")
                        killed_at = time.perf_counter()
                        killed = stack.crash()
                        stack.start()
                        back_at = time.perf_counter()
                    except BaseException:
                        clients.abandon.set()
                        raise
                    outcomes = [f.result() for f in futures]
            finally:
                stack.stop()
        receipts = {
            a.subject: o.reference for a, o in zip(people, outcomes, strict=True) if o.reference
        }
        found = read_back(local / "ddb", people, receipts)

    window = max(o.finished for o in outcomes) - began
    accepts = sum(a.accept for a in people)
    print(
        f"\nTilbudsdagen: {applicants} søkere svarer på tilbudet sitt i ett vindu, "
        f"{concurrency} klienttråder, mot `lis1 serve` (waitress) med DynamoDB Local:"
    )
    print(
        f"  Svarene: {accepts} takker ja (det andre åpne tilbudet avslås i samme skriving), "
        f"{applicants - accepts} takker nei; {len(people) * 2} åpne tilbud og {len(people)} "
        f"økter lagt inn på forhånd ({seeding:.1f} s)"
    )
    print(
        f"  kill -9 av serveren og DynamoDB Local sammen ({len(killed)} prosesser) etter "
        f"{applicants // 2} kvitterte svar; stakken svarte igjen etter {back_at - killed_at:.1f} s"
    )
    _print_outcomes(clients, outcomes)
    print(f"  Tapte svar (kvittert med 2xx, men ikke lagret): {found.lost}")
    print(f"  Lagret uten at klienten fikk kvittering: {found.unacknowledged}")
    done = [o for o in outcomes if o.status is not None and 200 <= o.status < 300]
    rows = (
        ("alle vellykkede svar", done),
        ("sendt før kill -9", [o for o in done if o.started < killed_at]),
        (
            "sendt på nytt mens stakken startet",
            [o for o in done if killed_at <= o.started < back_at],
        ),
        ("sendt etter omstarten", [o for o in done if o.started >= back_at]),
    )
    print(f"  {'Svartid':36}{'antall':>8}{'p50 (ms)':>10}{'p99 (ms)':>10}{'p99/p50':>9}")
    for name, values in rows:
        if len(values) >= 2:
            cuts = statistics.quantiles([o.seconds for o in values], n=100)
            p50, p99 = cuts[49] * 1000, cuts[98] * 1000
            print(f"  {name:36}{len(values):>8}{p50:>10.1f}{p99:>10.1f}{p99 / p50:>8.2f}x")
    print(
        f"  Hele vinduet: {window:.1f} s (med nedetiden), "
        f"{len(done) / window:.1f} kvitterte svar per sekund"
    )


def _print_outcomes(clients: Clients, outcomes: list[Outcome]) -> None:
    done = sum(1 for o in outcomes if o.status is not None and 200 <= o.status < 300)
    print(f"  Kvitterte svar (2xx): {done} av {len(outcomes)}")
    errors = Counter(
        f"{o.status} {o.code}" for o in outcomes if o.status and not 200 <= o.status < 300
    )
    shown = ", ".join(f"{name}: {n}" for name, n in errors.most_common()) or "ingen"
    print(f"  Feil (ikke 2xx), etter status og kode: {shown}")
    failed = ", ".join(f"{n} {name}" for name, n in clients.connection_errors.most_common())
    print(
        f"  Tilkoblingsfeil (sendt på nytt): {sum(clients.connection_errors.values())} forsøk"
        + (f" ({failed})" if failed else "")
    )
    print(
        f"  Svar som måtte sendes på nytt: {sum(o.retried for o in outcomes)}; "
        f"ga opp: {sum(o.status is None for o in outcomes)}"
    )
