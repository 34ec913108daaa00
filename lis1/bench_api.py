"""`lis1 bench` for the API: DynamoDB calls per route, and the latency of applying.

(The handler's cold import is measured by :mod:`lis1.bench_start`.) DynamoDB calls are counted
with botocore's event hooks while each route is called once through the gateway, with the real
DynamoDB adapter on moto. Figures are printed, never asserted.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .devtools.wiring import in_process_api


def dynamodb_calls(root: Path) -> None:
    from .catalog import load_catalog
    from .devtools.calls import print_calls

    loaded = load_catalog(root / "data")
    assert loaded.catalog is not None
    print_calls(loaded.catalog)


def run(root: Path) -> None:
    dynamodb_calls(root)
    apply_latency(root)


def apply_latency(root: Path, count: int = 300) -> None:
    """Apply through the whole handler against the store calls that apply needs, on DynamoDB
    Local: each of ``count`` applicants applies once to the same ad, timed one by one."""
    from .catalog import load_catalog
    from .clock import MovableClock
    from .devtools.dynamodb_local import DynamoDBLocal
    from .domain.ads import AdContent
    from .domain.applications import Application, Receipt, conflicting_grants
    from .services import ads as ad_service
    from .services.accounts import start_session
    from .services.env import Env
    from .store.bundle import dynamodb_store
    from .store.dynamo.client import make_client
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
        ads = []
        for ad_id in ("bbbbbbbb0001", "bbbbbbbb0002"):
            env = Env(clock.now(), new_id=iter([ad_id]).__next__)
            ad = ad_service.create_ad(store, catalog, who=admin, content=content, env=env)
            ad_service.publish_ad(
                store, catalog, who=admin, ad_id=ad.id, expected_version=1, now=clock.now()
            )
            ads.append(ad)

        sessions = []
        for n in range(count):
            subject = f"bench-{n}"
            new = start_session(
                store,
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
                "POST", f"/api/ads/{ads[0].id}/applications", headers, b'{"cover_text": "Hei"}'
            )
            handler_times.append(time.perf_counter() - started)
            assert response.status == 201, response.body

        raw_times = []
        conflicting = conflicting_grants(content)
        for n, (subject, new) in enumerate(sessions):
            now = clock.now()
            started = time.perf_counter()
            store.sessions.get(new.session.token_hash, now=now)
            store.ads.get(ads[1].id)
            reference = f"LIS1-RAW{n:04d}"
            store.applications.submit(
                Application(ads[1].id, subject, "Hei", "sendt", reference, now, now, 0),
                Receipt(reference, now, "søknad sendt", ads[1].id, subject, "Mottatt."),
                conflicting=conflicting,
            )
            raw_times.append(time.perf_counter() - started)

    print_latency(
        f"Søk på stilling, {count} søkere hver vei, DynamoDB Local:", handler_times, raw_times
    )
    print(
        "  Lagringskallene (de samme tre som ruten gjør): GetItem økt, GetItem annonse, "
        "TransactWriteItems søknad, kvittering og tellere."
    )


def print_latency(title: str, handler_times: list[float], raw_times: list[float]) -> None:
    """p50 and p99 through the handler and of the bare store calls, and their ratios."""

    def pct(values: list[float], q: int) -> float:
        return statistics.quantiles(values, n=100)[q - 1] * 1000

    print(f"\n{title}")
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
