"""What the hourly reminder job costs when there is nothing to do: DynamoDB calls counted on the
real adapter (moto), never a Scan. Counts, not timings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from moto import mock_aws

from lis1.catalog import Catalog
from lis1.demo import DEMO_ID, seed, with_demo_period
from lis1.domain.ads import Ad, AdContent
from lis1.domain.applications import Application, Receipt
from lis1.domain.rounds import ScheduledRound, schedule
from lis1.identity import Grant, Principal, Role
from lis1.mail import MemoryMailer
from lis1.oslo import oslo_wall_clock_to_utc
from lis1.services.ports.store import Store
from lis1.services.rankings import save_ranking
from lis1.services.reminders import ReminderReport, run_reminders
from lis1.services.rounds import run_rounds
from lis1.store.bundle import dynamodb_store
from lis1.store.dynamo.client import make_client
from lis1.store.schema import ensure_table

ORIGIN = "http://127.0.0.1:8999"


class Season:
    def __init__(self, store: Store, catalog: Catalog, first: ScheduledRound) -> None:
        self.store, self.catalog, self.first = store, catalog, first
        self.mailer = MemoryMailer()
        self.calls: Counter[str] = Counter()

    def count(self, event_name: str, **_: Any) -> None:
        self.calls[event_name.rsplit(".", 1)[-1]] += 1

    def run(self, now: datetime) -> tuple[ReminderReport, Counter[str]]:
        self.calls.clear()
        report = run_reminders(self.store, self.catalog, self.mailer, now=now, origin=ORIGIN)
        return report, Counter(self.calls)


@pytest.fixture
def season(catalog: Catalog) -> Iterator[Season]:
    with mock_aws():
        client = make_client(None, local=True)
        ensure_table(client, "lis1")
        store = dynamodb_store(client, "lis1", "moto")
        now = datetime(2026, 11, 25, 10, tzinfo=UTC)
        anchor = seed(store, now)
        with_demo = with_demo_period(catalog, anchor)
        one_ad(store, with_demo, now)
        period = next(p for p in with_demo.periods if p.id == DEMO_ID)
        first = schedule(period)[0]
        found = Season(store, with_demo, first)
        run_rounds(store, with_demo, found.mailer, now=first.offers_from, origin=ORIGIN)
        client.meta.events.register("before-call.dynamodb.*", found.count)
        yield found


def one_ad(store: Store, catalog: Catalog, now: datetime) -> None:
    """An ad of the demo period with three seats, three applicants, all three ranked."""
    content = AdContent(
        "helse-bergen", "Voss sjukehus", 3, "bergen-kommune", now.date(), "", DEMO_ID, None, None
    )
    store.ads.create(Ad("d00000000001", content, "publisert", 1, "test", now, now, now))
    references = []
    for number, subject in enumerate(("demo-kari", "demo-ahmed", "demo-ola")):
        reference = f"LIS1-TEST-000{number}"
        applied = Application("d00000000001", subject, "", "sendt", reference, now, now, 0)
        store.applications.submit(applied, Receipt(reference, now, "søknad sendt", "", "", ""))
        references.append(reference)
    admin = Principal("test", "Test", frozenset({Grant(Role.HF_ADMIN, "helse-bergen")}))
    save_ranking(
        store,
        catalog,
        who=admin,
        ad_id="d00000000001",
        references=references,
        expected_version=0,
        now=now,
    )


def test_a_run_with_nothing_to_do_reads_only_the_periods_near_a_svarfrist(season: Season) -> None:
    # The tilbud day: no svarfrist within two days, so nothing is read at all.
    report, calls = season.run(season.first.offers_from + timedelta(hours=1))
    assert (report.scopes, sum(calls.values())) == (0, 0), calls

    # The svarfrist day before 07:00: the period's offers (one Query), no reminder due yet.
    svarfrist = (season.first.answer_deadline - timedelta(seconds=1)).date()
    night = oslo_wall_clock_to_utc(datetime.combine(svarfrist, time(3, 0)))
    report, calls = season.run(night)
    assert (report.scopes, report.due) == (1, 0) and calls == Counter({"Query": 1}), calls

    # The morning before the svarfrist: the first run sends; a rerun reads the period's offers
    # and what was sent (one Query, one BatchGetItem) and writes nothing.
    morning = oslo_wall_clock_to_utc(datetime.combine(svarfrist - timedelta(days=1), time(8, 0)))
    first, _ = season.run(morning)
    assert first.sent == 3
    report, calls = season.run(morning + timedelta(hours=1))
    assert (report.sent, report.already) == (0, 3)
    assert calls == Counter({"Query": 1, "BatchGetItem": 1}), calls
