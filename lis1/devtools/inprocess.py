"""The whole API in one process, with the development issuer answering in-process and mail kept
in memory: for the API tests, the browser tests' static server and the benchmarks.

The store and the clock are passed in, so the same wiring runs on the in-memory fake, on moto
and on DynamoDB Local.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..api.app import create_app
from ..api.deps import Deps
from ..api.gateway import ApiGateway
from ..catalog import Catalog
from ..clock import Clock
from ..config import Config, Stage
from ..demo import DEMO_PEOPLE, seed, with_demo_period
from ..devissuer.issuer import DemoUser, DevIssuer, InProcessHttp, ensure_client_key, key_id
from ..mail import MemoryMailer
from ..services.ports import Store

ORIGIN = "http://127.0.0.1:8999"
CLIENT_ID = "lis1-test"
API_AUDIENCE = "lis1-api"


@dataclass
class InProcessApi:
    gateway: ApiGateway
    issuer: DevIssuer
    deps: Deps


def in_process_api(
    catalog: Catalog, store: Store, clock: Clock, key_dir: Path, stage: Stage = "test"
) -> InProcessApi:
    """Seed the demo people and period into ``store`` and wire the app around it."""
    anchor = seed(store, clock.now())
    private, public = ensure_client_key(key_dir)
    users = [DemoUser(p.subject, p.name, p.email, p.description) for p in DEMO_PEOPLE]
    issuer = DevIssuer(
        f"{ORIGIN}/dev-issuer",
        key_dir,
        {CLIENT_ID: public},
        {CLIENT_ID: [f"{ORIGIN}/api/auth/callback"]},
        users,
        clock,
        API_AUDIENCE,
    )
    config = Config(
        stage=stage,
        public_origin=ORIGIN,
        issuer=issuer.base_url,
        client_id=CLIENT_ID,
        api_audience=API_AUDIENCE,
        client_key_id=key_id(public),
        client_key_pem=private,
        store_kind=store.kind,
    )
    deps = Deps(
        config,
        store,
        with_demo_period(catalog, anchor),
        clock,
        InProcessHttp(issuer),
        MemoryMailer(),
    )
    return InProcessApi(ApiGateway(create_app(deps)), issuer, deps)
