"""The one wiring of the API around the development issuer, for `make serve`, the API tests,
the browser tests' static server and the benchmarks alike.

The store, the clocks, the mailer and the transport to the issuer are passed in, so the same
wiring runs on the in-memory fake, on moto and on DynamoDB Local, with the issuer answering in
the same process (tests) or over HTTP on the same origin (`make serve`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..api.app import create_app
from ..api.deps import Deps
from ..api.gateway import ApiGateway
from ..auth.export_keys import LOCAL_FOLDER, local_export_keys
from ..auth.http import Http
from ..catalog import Catalog
from ..clock import Clock
from ..config import Config, Stage
from ..demo import DEMO_PEOPLE, seed, with_demo_period
from ..devissuer.issuer import DevIssuer, InProcessHttp
from ..devissuer.keys import ensure_client_key, key_id
from ..devissuer.pages import DemoUser
from ..mail import MemoryMailer
from ..services.ports.mail import Mailer
from ..services.ports.store import Store
from ..services.retained import retained

ORIGIN = "http://127.0.0.1:8999"
API_AUDIENCE = "lis1-api"


@dataclass
class Wired:
    gateway: ApiGateway
    issuer: DevIssuer
    deps: Deps


def wire(
    catalog: Catalog,
    store: Store,
    *,
    clock: Clock,
    origin: str,
    key_dir: Path,
    stage: Stage,
    client_id: str,
    mailer: Mailer,
    http: Http | None = None,
    session_clock: Clock | None = None,
    **config: Any,
) -> Wired:
    """Seed the demo people and period into ``store`` and wire the app around it.

    ``http`` reaches the issuer (in this process when None); ``session_clock`` is the real
    time sessions follow when ``clock`` is a movable demo clock; ``config`` holds the other
    settings of :class:`~lis1.config.Config` (table, endpoint, data folder)."""
    wall = session_clock or clock
    anchor = seed(store, wall.now())
    private, public = ensure_client_key(key_dir)
    users = [DemoUser(p.subject, p.name, p.email, p.description) for p in DEMO_PEOPLE]
    issuer = DevIssuer(
        f"{origin}/dev-issuer",
        key_dir,
        {client_id: public},
        {client_id: [f"{origin}/api/auth/callback"]},
        users,
        wall,
        API_AUDIENCE,
    )
    settings = Config(
        stage=stage,
        public_origin=origin,
        issuer=issuer.base_url,
        client_id=client_id,
        api_audience=API_AUDIENCE,
        client_key_id=key_id(public),
        client_key_pem=private,
        store_kind=store.kind,
        **config,
    )
    deps = Deps(
        settings,
        retained(store, clock.now),  # reads leave out what the retention rule removed
        with_demo_period(catalog, anchor),
        clock,
        http or InProcessHttp(issuer),
        mailer,
        session_clock=session_clock,
        # Beside the issuer's keys: .local/export-keys/ for make serve, a temporary folder in tests.
        export_key_source=lambda: local_export_keys(key_dir.parent / LOCAL_FOLDER),
    )
    return Wired(ApiGateway(create_app(deps)), issuer, deps)


def in_process_api(
    catalog: Catalog, store: Store, clock: Clock, key_dir: Path, stage: Stage = "test"
) -> Wired:
    """The API for tests and benchmarks: the issuer in this process, mail kept in memory."""
    return wire(
        catalog,
        store,
        clock=clock,
        origin=ORIGIN,
        key_dir=key_dir,
        stage=stage,
        client_id="lis1-test",
        mailer=MemoryMailer(),
    )
