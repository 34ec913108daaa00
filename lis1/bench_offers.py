"""`lis1 bench` for the offer rounds: accepting an offer through the whole handler against the
DynamoDB calls accepting needs, on DynamoDB Local. Each applicant holds two open offers, so every
accept also declines one. Figures are printed, never asserted."""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .bench_api import print_latency
from .devtools.wiring import in_process_api


def accept_latency(root: Path, count: int = 200) -> None:
    from .catalog import load_catalog
    from .clock import MovableClock
    from .demo import DEMO_ID
    from .devtools.dynamodb_local import DynamoDBLocal
    from .domain.ads import Ad, AdContent
    from .domain.applications import Application, Receipt
    from .domain.offers import Offer
    from .domain.rounds import schedule
    from .services.accounts import start_session
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
        catalog = wired.deps.catalog
        first = schedule(next(p for p in catalog.periods if p.id == DEMO_ID))[0]
        clock.set(first.offers_from + timedelta(hours=1))
        now = clock.now()
        ads = {}
        for ad_id in ("cccccccc0001", "cccccccc0002", "cccccccc0003", "cccccccc0004"):
            content = AdContent(
                "helse-bergen",
                "Benk",
                count,
                "bergen-kommune",
                now.date() + timedelta(days=200),
                "Benchmark",
                DEMO_ID,
                None,
                None,
            )
            ads[ad_id] = Ad(ad_id, content, "publisert", 1, "bench", now, now, now)
            store.ads.create(ads[ad_id])
        groups = {
            "handler": ("cccccccc0001", "cccccccc0002"),
            "raw": ("cccccccc0003", "cccccccc0004"),
        }
        held: dict[str, list[tuple[str, str, list[Offer]]]] = {"handler": [], "raw": []}
        sessions = []
        for group, (one, two) in groups.items():
            for n in range(count):
                subject = f"{group}-{n}"
                offers = []
                for ad_id in (one, two):
                    reference = f"LIS1-{group[0].upper()}{n:03d}-{ad_id[-1]}AAA"
                    store.applications.submit(
                        Application(ad_id, subject, "", "sendt", reference, now, now, 0),
                        Receipt(reference, now, "søknad sendt", ad_id, subject, "."),
                    )
                    offer = Offer(
                        ad_id,
                        subject,
                        reference,
                        first.key,
                        now,
                        first.answer_deadline,
                        "åpen",
                        now,
                    )
                    store.offers.issue(offer, seats=count)
                    offers.append(offer)
                session = start_session(
                    store,
                    subject=subject,
                    name=subject,
                    email=None,
                    now=now,
                    lifetime=timedelta(hours=2),
                )
                sessions.append(session)
                held[group].append((session.token, session.session.token_hash, offers))

        handler_times = []
        csrf = {s.session.token_hash: s.session.csrf_token for s in sessions}
        for token, key, offers in held["handler"]:
            headers = {
                "cookie": f"lis1_session={token}",
                "x-csrf-token": csrf[key],
                "content-type": "application/json",
                "accept": "application/json",
            }
            started = time.perf_counter()
            answer = wired.gateway.handle(
                "POST", f"/api/tilbud/{offers[0].id}/accept", headers, b"{}"
            )
            handler_times.append(time.perf_counter() - started)
            assert answer.status == 200, answer.body

        raw_times = []
        for n, (_token, key, offers) in enumerate(held["raw"]):
            started = time.perf_counter()
            store.sessions.get(key, now=now)
            mine = store.offers.by_candidate(offers[0].candidate)
            store.ads.get(offers[0].ad_id)
            chosen = next(o for o in mine if o.ad_id == offers[0].ad_id)
            other = next(o for o in mine if o.ad_id != chosen.ad_id)
            accepted = replace(chosen, state="takket_ja", changed_at=now)
            reference = f"LIS1-RAW{n:04d}"
            store.offers.accept(
                accepted,
                Receipt(
                    reference, now, "takket ja til tilbud", accepted.ad_id, accepted.candidate, "."
                ),
                now=now,
                declining=[replace(other, state="takket_nei", changed_at=now)],
            )
            raw_times.append(time.perf_counter() - started)

    print_latency(
        f"Takk ja til tilbud (ett annet avslås samtidig), {count} søkere hver vei, DynamoDB Local:",
        handler_times,
        raw_times,
    )
    print(
        "  Lagringskallene (de samme fire som ruten gjør): GetItem økt, Query søkerens tilbud, "
        "GetItem annonse, TransactWriteItems (tilbudet, aksepten, det avslåtte, tellere, "
        "kvittering)."
    )
