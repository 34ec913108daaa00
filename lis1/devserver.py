"""`make serve`: the whole stack on one machine, one origin, one command.

Starts DynamoDB Local (data kept in .local/ddb; STORE=moto for an in-memory store that keeps
nothing), creates the table, seeds the demo people and the demo period once, and serves the
site, the API (/api/) and the development sign-in (/dev-issuer/) on http://127.0.0.1:PORT/.
Ctrl-C stops everything; after a kill -9 the next start cleans up and finds the data kept.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator
from urllib.parse import parse_qsl, unquote, urlsplit

from .api.app import (
    run_scheduled_activity_reminders,
    run_scheduled_job_agents,
    run_scheduled_reminders,
    run_scheduled_rounds,
)
from .api.deps import Deps
from .auth.http import UrllibHttp
from .build import Project
from .catalog import load_catalog
from .clock import OffsetClock, SystemClock
from .demo_finished import seed_finished
from .demo_goals import seed_goals
from .demo_portfolio import seed_portfolio
from .demo_profiles import seed_profiles
from .demo_season import seed_season
from .devissuer.pages import DemoUser
from .devtools.wiring import Wired, wire
from .mail import OutboxMailer
from .serve import Headers, LocalServer
from .services.ports.store import Store

CLIENT_ID = "lis1-local"
TABLE = "lis1"
ROUNDS_EVERY_SECONDS = 60
log = logging.getLogger(__name__)


@contextlib.contextmanager
def local_store(project: Project, choice: str) -> Iterator[tuple[Store, str | None]]:
    """The store for `make serve`: DynamoDB Local unless STORE=moto was asked for."""
    from .store.bundle import dynamodb_store
    from .store.dynamo.client import make_client
    from .store.schema import ensure_table

    if choice == "moto":
        from moto import mock_aws

        print(
            "ADVARSEL: STORE=moto er en lagring i minnet. Ingenting blir tatt vare på når "
            "serveren stopper.",
            file=sys.stderr,
            flush=True,
        )
        with mock_aws():
            client = make_client(None)
            ensure_table(client, TABLE)
            yield dynamodb_store(client, TABLE, "moto"), None
        return
    if choice not in ("", "dynamodb-local"):
        raise SystemExit(f"Ukjent STORE={choice!r}: bruk dynamodb-local (standard) eller moto.")
    from .devtools.dynamodb_local import DynamoDBLocal

    with DynamoDBLocal(project.local / "ddb") as database:
        client = make_client(database.endpoint_url)
        ensure_table(client, TABLE)
        yield dynamodb_store(client, TABLE, "dynamodb-local"), database.endpoint_url


def mount_api(server: LocalServer, project: Project, store: Store, endpoint: str | None) -> Wired:
    """Wire the API and the development issuer onto ``server``."""
    loaded = load_catalog(project.data)
    if loaded.catalog is None:
        raise SystemExit("data/ har feil; kjør `make validate`.")
    base_clock = SystemClock()
    clock = OffsetClock(base_clock, store.settings.clock_offset())
    wired = wire(
        loaded.catalog,
        store,
        clock=clock,
        session_clock=base_clock,  # moving the demo clock must not end sessions
        origin=server.origin,
        key_dir=project.local / "dev-issuer",
        stage="local",
        client_id=CLIENT_ID,
        mailer=OutboxMailer(project.local / "outbox", clock),
        http=UrllibHttp(),
        table_name=TABLE,
        dynamodb_endpoint=endpoint,
        data_dir=project.data,
    )
    gateway, issuer = wired.gateway, wired.issuer

    def dev_issuer(
        method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, Headers, bytes]:
        parts = urlsplit(target)
        form = dict(parse_qsl(body.decode("utf-8", "replace"))) if body else {}
        path = unquote(parts.path).removeprefix("/dev-issuer")
        reply = issuer.handle(method, path, dict(parse_qsl(parts.query)), form)
        return reply.status, list(reply.headers.items()), reply.body

    server.mounts = {"/api/": gateway.mount, "/dev-issuer/": dev_issuer}
    return wired


def run_rounds_every_minute(deps: Deps, stop: threading.Event) -> threading.Thread:
    """What the hourly schedules do in production (the rounds, then the reminders), every
    minute against the demo clock, and at once when the demo clock is moved, so a moved clock
    starts the next round and sends the reminders due within a second or two. A failed run is
    logged and retried."""
    moved = getattr(deps.clock, "offset", None)

    def loop() -> None:
        nonlocal moved
        waited = 0.0
        while not stop.wait(1):
            waited += 1
            offset = getattr(deps.clock, "offset", None)
            if waited < ROUNDS_EVERY_SECONDS and offset == moved:
                continue
            waited, moved = 0.0, offset
            try:
                run_scheduled_rounds(deps)
            except Exception:
                log.exception("Tilbudsrundene kunne ikke kjøres; prøver igjen om et minutt")
            try:
                run_scheduled_reminders(deps)
            except Exception:
                log.exception("Påminnelsene kunne ikke sendes; prøver igjen om et minutt")
            try:
                run_scheduled_activity_reminders(deps)
            except Exception:
                log.exception("Påminnelser om aktiviteter feilet; prøver igjen om et minutt")
            try:
                run_scheduled_job_agents(deps)
            except Exception:
                log.exception("Jobbagentene kunne ikke kjøres; prøver igjen om et minutt")

    thread = threading.Thread(target=loop, name="tilbudsrunder", daemon=True)
    thread.start()
    return thread


def _seed_season(deps: Deps, *, portfolios: bool) -> None:
    """The demo season and, with ``portfolios``, the demo portfolios and goals (browser tests
    of the offer rounds leave those out: they take seconds to seed)."""
    anchor = deps.store.settings.demo_anchor()
    now = deps.wall_clock().now()
    if anchor is not None and seed_season(deps.store, deps.catalog, anchor, now):
        print("Demosesongen er lagt inn: annonser, 22 søkere og innstillingslister.")
    if seed_profiles(deps.store, now):
        print("Ahmed Hassans profil og CV er lagt inn: Ola Hansen ser dem ved søknadene hans.")
    if not portfolios:
        return
    if anchor is not None and seed_portfolio(deps.store, deps.catalog, anchor, now):
        print("Demoporteføljen er lagt inn: Lise Dahl med leder, veileder og supervisører.")
    if anchor is not None and seed_goals(deps.store, deps.catalog, anchor, now):
        print("Demomålene er lagt inn: Lise Dahls mål, og Siri Berg klar for kommunedelen.")
    if anchor is not None and seed_finished(deps.store, deps.catalog, anchor, now):
        print("Eirik Moen er lagt inn: ferdig med LIS1, klar for bekreftelse på tjenestetid.")


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # `kill` stops as cleanly as Ctrl-C: DynamoDB Local is shut down


def run(project: Project, port: int, choice: str) -> int:
    """Serve until Ctrl-C or SIGTERM; then stop quietly (no traceback) with DynamoDB Local."""
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    if not (project.site / "index.html").is_file():
        print("Fant ikke site/. Kjør `make build` først.", file=sys.stderr)
        return 1
    try:
        with local_store(project, choice) as (store, endpoint):
            server = LocalServer(project.site, port)
            wired = mount_api(server, project, store, endpoint)
            if os.environ.get("LIS1_DEMO_SEASON", "1") != "0":
                _seed_season(
                    wired.deps, portfolios=os.environ.get("LIS1_DEMO_PORTFOLIOS", "1") != "0"
                )
            stop = threading.Event()
            logging.getLogger("lis1.api").setLevel(logging.WARNING)  # no line per request or job
            run_rounds_every_minute(wired.deps, stop)
            _tell(server.origin, store.kind, endpoint, project, wired.issuer.users)
            server.serve_forever()  # returns on Ctrl-C or SIGTERM
            print("\nStopper …", flush=True)
            stop.set()
            server.shutdown()
    except KeyboardInterrupt:  # during start-up or a second Ctrl-C while stopping
        print("\nStopper …", flush=True)
    return 0


def _tell(
    origin: str, kind: str, endpoint: str | None, project: Project, users: list[DemoUser]
) -> None:
    print(f"\nLIS1 kjører på {origin}/  (API: {origin}/api/, Ctrl-C for å stoppe)")
    print(
        f"Lagring: {kind}" + (f" på {endpoint}, data i {project.local / 'ddb'}" if endpoint else "")
    )
    print(f"Logg inn: {origin}/api/auth/login?return_to=/api/me  — demobrukere:")
    for user in users:
        print(f"  {user.name:16} {user.description}")
    print(f"Demoklokke: {origin}/api/dev/clock  ·  lokal e-post: {origin}/api/dev/outbox")
    sys.stdout.flush()
