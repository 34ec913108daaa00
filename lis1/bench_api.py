"""`lis1 bench` for the API: cold-import cost of the Lambda handler, and DynamoDB calls per route.

Import time is measured in fresh processes (median of several), against a bare Chalice app that
only imports chalice and boto3. DynamoDB calls are counted with botocore's event hooks while
each route is called once through the gateway, with the real DynamoDB adapter on moto.
Figures are printed, never asserted.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

RUNS = 7
HANDLER = "import sys; sys.path.insert(0, 'functions'); import app"
BARE = "import chalice, boto3; app = chalice.Chalice(app_name='bare')"


def _import_seconds(code: str, root: Path) -> float:
    timings = []
    for _ in range(RUNS):
        probe = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
        done = subprocess.run(
            [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True
        )
        timings.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(timings)


def import_times(root: Path) -> None:
    handler = _import_seconds(HANDLER, root)
    bare = _import_seconds(BARE, root)
    print(f"\nImport av Lambda-håndtereren (median av {RUNS} nye prosesser):")
    print(f"  functions/app.py            {handler * 1000:8.0f} ms")
    print(f"  bare chalice + boto3        {bare * 1000:8.0f} ms")
    print(f"  Forhold: {handler / bare:.2f}x")


def dynamodb_calls(root: Path) -> None:
    from moto import mock_aws

    from .api.app import create_app
    from .api.deps import Deps
    from .api.gateway import ApiGateway
    from .catalog import load_catalog
    from .clock import MovableClock
    from .config import Config
    from .demo import DEMO_PEOPLE, seed
    from .devissuer.issuer import (
        DemoUser,
        DevIssuer,
        InProcessHttp,
        ensure_client_key,
        key_id,
    )
    from .mail import MemoryMailer
    from .store.dynamodb import dynamodb_store, make_client
    from .store.schema import ensure_table

    calls: Counter[str] = Counter()

    def count(event_name: str, **_: Any) -> None:
        calls[event_name.rsplit(".", 1)[-1]] += 1

    loaded = load_catalog(root / "data")
    assert loaded.catalog is not None
    with mock_aws(), tempfile.TemporaryDirectory() as keys:
        client = make_client(None)
        ensure_table(client, "lis1")
        clock = MovableClock(datetime(2026, 11, 25, 10, tzinfo=UTC))
        store = dynamodb_store(client, "lis1", "moto")
        seed(store, clock.now())
        private, public = ensure_client_key(Path(keys))
        origin = "http://127.0.0.1:9"
        issuer = DevIssuer(
            f"{origin}/dev-issuer",
            Path(keys),
            {"bench": public},
            {"bench": [f"{origin}/api/auth/callback"]},
            [DemoUser(p.subject, p.name, p.email, p.description) for p in DEMO_PEOPLE],
            clock,
            "lis1-api",
        )
        config = Config(
            stage="test",
            public_origin=origin,
            issuer=issuer.base_url,
            client_id="bench",
            api_audience="lis1-api",
            client_key_id=key_id(public),
            client_key_pem=private,
            store_kind="moto",
        )
        gateway = ApiGateway(
            create_app(
                Deps(config, store, loaded.catalog, clock, InProcessHttp(issuer), MemoryMailer())
            )
        )
        client.meta.events.register("before-call.dynamodb.*", count)
        cookie = ""
        csrf = ""
        rows: list[tuple[str, Counter[str]]] = []

        def call(method: str, path: str, body: bytes = b"") -> Any:
            nonlocal cookie
            calls.clear()
            headers = {"accept": "application/json", "content-type": "application/json"}
            if cookie:
                headers["cookie"] = cookie
            if csrf:
                headers["x-csrf-token"] = csrf
            response = gateway.handle(method, path, headers, body)
            set_cookie = response.header("Set-Cookie")
            if set_cookie:
                cookie = set_cookie.split(";", 1)[0]
            rows.append((f"{method} {path.split('?', 1)[0]}", Counter(calls)))
            return response

        call("GET", "/api/health")
        call("GET", "/api/periods")
        start = call("GET", "/api/auth/login")
        params = dict(parse_qsl(urlsplit(start.header("Location")).query))
        chosen = issuer.handle("POST", "/authorize", {}, {**params, "user": "demo-eva"})
        back = urlsplit(chosen.headers["Location"])
        call("GET", f"{back.path}?{back.query}")
        csrf = call("GET", "/api/me").json()["csrf_token"]
        call("PUT", "/api/admin/organisations/helse-bergen/admins/demo-kari")
        call("GET", "/api/admin/organisations/helse-bergen/admins")
        call("GET", "/api/admin/organisations/helse-bergen/audit")
        call("DELETE", "/api/admin/organisations/helse-bergen/admins/demo-kari")
        call("POST", "/api/auth/logout")

    kinds = sorted({kind for _, counted in rows for kind in counted})
    print("\nDynamoDB-kall per rute (ett kall gjennom API-et, DynamoDB-adapteren på moto):")
    print(f"  {'rute':58}" + "".join(f"{k:>{len(k) + 2}}" for k in kinds) + f"{'sum':>6}")
    for name, counted in rows:
        cells = "".join(f"{counted.get(k, 0):>{len(k) + 2}}" for k in kinds)
        print(f"  {name:58}{cells}{sum(counted.values()):>6}")
    scans = sum(counted.get("Scan", 0) for _, counted in rows)
    print(f"  Scan-kall totalt: {scans}")


def run(root: Path) -> None:
    import_times(root)
    dynamodb_calls(root)
