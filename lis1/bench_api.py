"""`lis1 bench` for the API: cold-import cost of the Lambda handler, and DynamoDB calls per route.

Import time is measured in fresh processes (median of several), against a bare Chalice app that
only imports chalice and boto3. DynamoDB calls are counted with botocore's event hooks while
each route is called once through the gateway, with the real DynamoDB adapter on moto.
Figures are printed, never asserted.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .devtools.inprocess import in_process_api

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

    from .catalog import load_catalog
    from .clock import MovableClock
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
        wired = in_process_api(loaded.catalog, store, clock, Path(keys))
        gateway, issuer = wired.gateway, wired.issuer
        anchor = store.settings.demo_anchor()
        assert anchor is not None
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

        def sign_in(subject: str) -> None:
            nonlocal cookie, csrf
            cookie = csrf = ""
            start = call("GET", "/api/auth/login")
            params = dict(parse_qsl(urlsplit(start.header("Location")).query))
            chosen = issuer.handle("POST", "/authorize", {}, {**params, "user": subject})
            back = urlsplit(chosen.headers["Location"])
            call("GET", f"{back.path}?{back.query}")
            csrf = call("GET", "/api/me").json()["csrf_token"]

        call("GET", "/api/health")
        call("GET", "/api/periods")
        sign_in("demo-eva")
        call("PUT", "/api/admin/organisations/helse-bergen/admins/demo-kari")
        call("GET", "/api/admin/organisations/helse-bergen/admins")
        call("GET", "/api/admin/organisations/helse-bergen/audit")
        call("DELETE", "/api/admin/organisations/helse-bergen/admins/demo-kari")
        call("POST", "/api/auth/logout")
        sign_in("demo-ola")
        ad = call(
            "POST",
            "/api/ads",
            json.dumps(
                {
                    "organisation": "helse-bergen",
                    "place": "Haukeland",
                    "seats": 2,
                    "kommune": "bergen-kommune",
                    "starts": str(anchor + timedelta(days=120)),
                    "description": "Benchmark",
                    "period_id": "demo",
                }
            ).encode(),
        ).json()
        call("POST", f"/api/ads/{ad['id']}/publish", json.dumps({"version": 1}).encode())
        call("GET", "/api/hf")
        call("GET", f"/api/ads/{ad['id']}/applications")
        sign_in("demo-kari")
        call("GET", "/api/ads?periode=demo")
        call("GET", f"/api/ads/{ad['id']}")
        call("POST", f"/api/ads/{ad['id']}/applications", b'{"cover_text": "Hei"}')
        call("GET", "/api/applications")
        call("POST", f"/api/ads/{ad['id']}/applications/withdraw")

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
    apply_latency(root)


def apply_latency(root: Path, count: int = 300) -> None:
    """Apply through the whole handler against the store calls that apply needs, on DynamoDB
    Local: each of ``count`` applicants applies once to the same ad, timed one by one."""
    from datetime import timedelta

    from .catalog import load_catalog
    from .clock import MovableClock
    from .devtools.dynamodb_local import DynamoDBLocal
    from .domain.positions import AdContent, Application, Receipt
    from .services import positions
    from .services.accounts import start_session
    from .store.dynamodb import dynamodb_store, make_client
    from .store.schema import ensure_table

    loaded = load_catalog(root / "data")
    assert loaded.catalog is not None
    with tempfile.TemporaryDirectory() as tmp, DynamoDBLocal(Path(tmp) / "ddb") as database:
        client = make_client(database.endpoint_url)
        ensure_table(client, "lis1")
        store = dynamodb_store(client, "lis1", "dynamodb-local")
        clock = MovableClock(datetime.now(UTC))
        wired = in_process_api(loaded.catalog, store, clock, Path(tmp) / "keys")
        gateway, deps, catalog = wired.gateway, wired.deps, wired.deps.catalog
        anchor = store.settings.demo_anchor()
        assert anchor is not None
        admin = deps.principal("demo-ola", "Ola Hansen")
        content = AdContent(
            "helse-bergen",
            "Haukeland",
            5,
            "bergen-kommune",
            anchor + timedelta(days=120),
            "Benchmark",
            "demo",
            None,
            None,
        )
        ad = positions.create_ad(store.ads, catalog, admin, content, clock.now(), lambda: "bench1")
        positions.publish_ad(store.ads, catalog, admin, ad.id, ad.version, clock.now())
        ad2 = positions.create_ad(store.ads, catalog, admin, content, clock.now(), lambda: "bench2")
        positions.publish_ad(store.ads, catalog, admin, ad2.id, ad2.version, clock.now())

        sessions = []
        for n in range(count):
            subject = f"bench-{n}"
            new = start_session(
                store.users,
                store.sessions,
                subject=subject,
                name=f"Søker {n}",
                email=f"s{n}@example.org",
                now=clock.now(),
                lifetime=timedelta(hours=1),
            )
            sessions.append((subject, new))

        handler_times = []
        for _subject, new in sessions:
            headers = {
                "cookie": f"lis1_session={new.token}",
                "x-csrf-token": new.session.csrf_token,
                "content-type": "application/json",
                "accept": "application/json",
            }
            started = time.perf_counter()
            response = gateway.handle(
                "POST", f"/api/ads/{ad.id}/applications", headers, b'{"cover_text": "Hei"}'
            )
            handler_times.append(time.perf_counter() - started)
            assert response.status == 201, response.body

        raw_times = []
        for n, (subject, new) in enumerate(sessions):
            now = clock.now()
            started = time.perf_counter()
            store.sessions.get(new.session.token_hash, now=now)
            store.users.get(subject)
            store.users.grants(subject)
            store.ads.get(ad2.id)
            store.applications.get(ad2.id, subject)
            reference = f"LIS1-RAW{n:04d}"
            store.applications.submit(
                Application(ad2.id, subject, "Hei", "sendt", reference, now, now, 1),
                Receipt(reference, now, "søknad sendt", ad2.id, subject, "Mottatt."),
            )
            store.users.get(subject)
            raw_times.append(time.perf_counter() - started)

    def pct(values: list[float], q: int) -> float:
        return statistics.quantiles(values, n=100)[q - 1] * 1000

    print(f"\nSøk på stilling, {count} søkere hver vei, DynamoDB Local:")
    print(f"  {'':36}{'p50 (ms)':>10}{'p99 (ms)':>10}")
    for name, values in (
        ("gjennom API-et (håndtereren)", handler_times),
        ("bare lagringskallene", raw_times),
    ):
        print(f"  {name:36}{pct(values, 50):>10.1f}{pct(values, 99):>10.1f}")
    print(
        f"  Forhold p50: {pct(handler_times, 50) / pct(raw_times, 50):.2f}x   "
        f"p99: {pct(handler_times, 99) / pct(raw_times, 99):.2f}x"
    )
    print(
        "  Lagringskallene (de samme sju som ruten gjør): GetItem økt, GetItem bruker, Query "
        "roller, GetItem annonse, GetItem søknad, TransactWriteItems søknad+kvittering, GetItem "
        "bruker (e-post)."
    )
