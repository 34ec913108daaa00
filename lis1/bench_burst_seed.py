"""The store side of the offer-day burst (:mod:`lis1.bench_burst`): what is written straight
into DynamoDB Local on a throw-away folder before `lis1 serve` starts on it, and the read-back
after the burst that finds answers the server acknowledged but did not keep.

Every applicant has applied to two ads, holds an open offer on each (round 1 of the demo period)
and a signed-in session. Ads have as many seats as offers, so no seat rule refuses an answer.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from .demo import DEMO_ID, demo_period, seed
from .devtools.dynamodb_local import DynamoDBLocal
from .domain.ads import Ad, AdContent
from .domain.applications import Application, Receipt
from .domain.offers import Offer
from .domain.rounds import schedule
from .services.accounts import start_session
from .services.env import Env
from .services.ports.store import Store
from .store.bundle import dynamodb_store
from .store.dynamo.client import make_client
from .store.schema import ensure_table

TABLE = "lis1"  # the table `lis1 serve` uses (lis1.devserver.TABLE)
OFFERS_PER_AD = 8
WRITERS = 8
"""Threads that seed and read back: DynamoDB Local is the slow part, not this process."""
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Applicant:
    subject: str
    token: str
    """The session cookie's value, as the browser holds it after signing in."""
    csrf: str
    answered: str
    """Id of the offer this applicant answers."""
    other: str
    """Id of the applicant's other open offer (declined by accepting ``answered``)."""
    accept: bool


@dataclass(frozen=True)
class ReadBack:
    lost: int
    """Acknowledged answers whose offer change or receipt is not in the store."""
    unacknowledged: int
    """Answers in the store that the client never got an acknowledgement for."""


@contextmanager
def opened(ddb_dir: Path) -> Iterator[Store]:
    """The store on DynamoDB Local with its data in ``ddb_dir``, as `lis1 serve` opens it."""
    with DynamoDBLocal(ddb_dir) as database:
        client = make_client(database.endpoint_url)
        try:
            ensure_table(client, TABLE)
            yield dynamodb_store(client, TABLE, "dynamodb-local")
        finally:
            client.close()


def _each(work: Callable[[T], R], items: list[T]) -> list[R]:
    with ThreadPoolExecutor(WRITERS) as pool:
        return list(pool.map(work, items))


def seed_offers(ddb_dir: Path, count: int) -> list[Applicant]:
    """``count`` applicants with two open offers each; even numbers accept their first offer
    (declining the second in the same write), odd numbers decline their first."""
    with opened(ddb_dir) as store:
        now = datetime.now(UTC)
        first = schedule(demo_period(seed(store, now)))[0]
        ads = [f"e{n:011x}" for n in range(max(2, math.ceil(2 * count / OFFERS_PER_AD)))]
        pairs = [(ads[n % len(ads)], ads[(n + len(ads) // 2) % len(ads)]) for n in range(count)]
        seats = Counter(ad_id for pair in pairs for ad_id in pair)
        for ad_id in ads:
            content = AdContent(
                "helse-bergen",
                f"Benk {ad_id}",
                seats[ad_id],
                "bergen-kommune",
                now.date() + timedelta(days=200),
                "Benchmark",
                DEMO_ID,
                None,
                None,
            )
            store.ads.create(Ad(ad_id, content, "publisert", 1, "bench", now, now, now))

        def applicant(n: int) -> Applicant:
            subject = f"burst-{n:05d}"
            offers = []
            for ad_id in pairs[n]:
                reference = Env(now).new_reference()
                store.applications.submit(
                    Application(ad_id, subject, "", "sendt", reference, now, now, 0),
                    Receipt(reference, now, "søknad sendt", ad_id, subject, "Benk."),
                )
                offer = Offer(
                    ad_id, subject, reference, first.key, now, first.answer_deadline, "åpen", now
                )
                store.offers.issue(offer, seats=seats[ad_id])
                offers.append(offer.id)
            new = start_session(
                store,
                subject=subject,
                name=f"Søker {n}",
                email=f"soker{n}@example.org",
                now=now,
                lifetime=timedelta(hours=3),
            )
            return Applicant(
                subject, new.token, new.session.csrf_token, offers[0], offers[1], n % 2 == 0
            )

        return _each(applicant, list(range(count)))


def read_back(ddb_dir: Path, applicants: list[Applicant], receipts: dict[str, str]) -> ReadBack:
    """Compare the store with what the clients were told (``receipts``: subject -> the receipt
    reference of the acknowledged answer)."""
    with opened(ddb_dir) as store:

        def check(applicant: Applicant) -> tuple[bool, bool]:
            offers = {o.id: o.state for o in store.offers.by_candidate(applicant.subject)}
            stored = offers.get(applicant.answered) == (
                "takket_ja" if applicant.accept else "takket_nei"
            )
            if applicant.accept:
                stored = stored and offers.get(applicant.other) == "takket_nei"
            reference = receipts.get(applicant.subject)
            if reference is None:
                return False, stored
            receipt = store.applications.receipt(reference)
            kept = stored and receipt is not None and receipt.applicant == applicant.subject
            return not kept, False

        found = _each(check, applicants)
    return ReadBack(sum(lost for lost, _ in found), sum(extra for _, extra in found))
