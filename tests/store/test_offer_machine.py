"""A Hypothesis state machine over the round engine and the answers, through the use cases, on the
in-memory fake and on the DynamoDB adapter (moto): rounds run (and rerun) at any moment of the
demo period, candidates accept and decline, the HF marks, releases and takes back, the clock
moves past svarfrister. After every step:

- accepted plus hired per ad never exceed its seats, and the stored counts agree;
- at most one acceptance per applicant and period;
- nobody is offered the same ad twice, and nobody holding an acceptance gets a new offer;
- an answer at or after the svarfrist is refused and changes nothing;
- at the end every offer has ended: none is open once the last svarfrist has passed.
"""

from __future__ import annotations

import os
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from moto import mock_aws

from lis1.catalog import Catalog, load_catalog
from lis1.demo import DEMO_ID, demo_period, with_demo_period
from lis1.domain.ads import Ad, AdContent
from lis1.domain.applications import Application, Receipt
from lis1.domain.offers import HOLDS_SEAT, TAKEN, Offer, state_at
from lis1.domain.rounds import schedule
from lis1.errors import DomainError
from lis1.identity import Grant, Principal, Role, User
from lis1.mail import MemoryMailer
from lis1.services import offers as answers
from lis1.services.env import Env
from lis1.services.ports.store import Store
from lis1.services.rankings import save_ranking
from lis1.services.rounds import run_rounds
from lis1.store.bundle import dynamodb_store, memory_store
from lis1.store.dynamo import client as client_module
from lis1.store.schema import ensure_table

ROOT = Path(__file__).resolve().parents[2]
ANCHOR = date(2026, 3, 2)  # the rounds cross the spring clock change (29 March)
PEOPLE = [Principal(f"p{i}", f"Person {i}", email=f"p{i}@example.no") for i in range(6)]
ADMIN = Principal("hf", "HF", frozenset({Grant(Role.HF_ADMIN, "helse-bergen")}))
ADS = ("a00000000001", "a00000000002", "a00000000003")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded = load_catalog(ROOT / "data")
    assert loaded.catalog is not None
    return with_demo_period(loaded.catalog, ANCHOR)


@contextmanager
def fresh_store(kind: str) -> Iterator[Store]:
    if kind == "memory":
        yield memory_store()
        return
    client = client_module.make_client(None, local=True)
    table = f"lis1-machine-{uuid.uuid4().hex[:8]}"
    ensure_table(client, table)
    try:
        yield dynamodb_store(client, table, "moto", sleep=lambda _s: None)
    finally:
        client.delete_table(TableName=table)


class Season(RuleBasedStateMachine):
    catalog: Catalog
    kind: str

    def __init__(self) -> None:
        super().__init__()
        self._context = fresh_store(self.kind)
        self.store = self._context.__enter__()
        self.mailer = MemoryMailer()
        self.rounds = schedule(demo_period(ANCHOR))
        self.now = datetime.combine(ANCHOR, datetime.min.time(), UTC) + timedelta(hours=9)
        self.seats: dict[str, int] = {}

    def teardown(self) -> None:
        self._context.__exit__(None, None, None)

    @initialize(
        seats=st.lists(st.integers(1, 2), min_size=len(ADS), max_size=len(ADS)),
        orders=st.lists(st.permutations(range(len(PEOPLE))), min_size=len(ADS), max_size=len(ADS)),
    )
    def ads_and_lists(self, seats: list[int], orders: list[list[int]]) -> None:
        for ad_id, count, order in zip(ADS, seats, orders, strict=True):
            content = AdContent(
                "helse-bergen",
                ad_id,
                count,
                "bergen-kommune",
                date(2026, 9, 1),
                "x",
                DEMO_ID,
                None,
                None,
            )
            self.store.ads.create(
                Ad(ad_id, content, "publisert", 1, "hf", self.now, self.now, self.now)
            )
            self.seats[ad_id] = count
            refs = []
            for person in (PEOPLE[i] for i in order):
                self.store.users.save(User(person.subject, person.name, person.email, self.now))
                ref = f"LIS1-{ad_id[-2:]}{person.subject[-1]}A-2345"
                app = Application(ad_id, person.subject, "", "sendt", ref, self.now, self.now, 0)
                self.store.applications.submit(
                    app, Receipt(ref, self.now, "søknad sendt", ad_id, person.subject, ".")
                )
                refs.append(ref)
            save_ranking(
                self.store,
                self.catalog,
                who=ADMIN,
                ad_id=ad_id,
                references=refs,
                expected_version=0,
                now=self.now,
            )

    def offers(self) -> list[Offer]:
        return self.store.offers.by_scope(DEMO_ID)

    @rule(number=st.integers(0, 4), minutes=st.integers(-60, 3 * 24 * 60))
    def time_passes_and_rounds_run(self, number: int, minutes: int) -> None:
        target = self.rounds[number].offers_from + timedelta(minutes=minutes)
        self.now = max(self.now, target)
        taken_before = {o.candidate for o in self.offers() if state_at(o, self.now) in TAKEN}
        pairs_before = {(o.ad_id, o.candidate) for o in self.offers()}
        report = run_rounds(self.store, self.catalog, self.mailer, now=self.now, origin="http://x")
        for offer in report.issued:
            assert offer.candidate not in taken_before
            assert (offer.ad_id, offer.candidate) not in pairs_before

    @rule(person=st.integers(0, len(PEOPLE) - 1), pick=st.integers(0, 5), accept=st.booleans())
    def candidate_answers(self, person: int, pick: int, accept: bool) -> None:
        who = PEOPLE[person]
        mine = self.store.offers.by_candidate(who.subject)
        if not mine:
            return
        offer = mine[pick % len(mine)]
        before = state_at(offer, self.now)
        answer = answers.accept_offer if accept else answers.decline_offer
        try:
            answer(
                self.store, self.catalog, self.mailer, who=who, offer_id=offer.id, env=Env(self.now)
            )
        except DomainError:
            after = {o.id: o for o in self.store.offers.by_candidate(who.subject)}[offer.id]
            assert after.state == offer.state  # a refusal changes nothing
            return
        assert before == "åpen" and self.now < offer.answer_deadline

    @rule(pick=st.integers(0, 50), change=st.sampled_from(["ansatt", "frigitt", "trukket_tilbake"]))
    def hf_changes_an_offer(self, pick: int, change: str) -> None:
        every = self.offers()
        if not every:
            return
        offer = every[pick % len(every)]
        try:
            answers.hf_change(
                self.store,
                self.catalog,
                self.mailer,
                who=ADMIN,
                ad_id=offer.ad_id,
                offer_id=offer.id,
                change=change,
                reason="Test",
                now=self.now,
            )
        except DomainError:
            return

    @invariant()
    def seats_acceptances_and_counts_hold(self) -> None:
        every = self.offers()
        counts = self.store.offers.counts(list(self.seats))
        for ad_id, seats in self.seats.items():
            mine = [o for o in every if o.ad_id == ad_id]
            taken = sum(1 for o in mine if o.state in TAKEN)
            assert taken <= seats
            assert counts[ad_id].taken == taken
            assert counts[ad_id].holding == sum(1 for o in mine if o.state in HOLDS_SEAT)
        accepted = Counter(o.candidate for o in every if o.state in TAKEN)
        assert all(n <= 1 for n in accepted.values()), accepted
        assert len({(o.ad_id, o.candidate) for o in every}) == len(every)

    @rule()
    def the_season_ends(self) -> None:
        self.now = self.rounds[-1].answer_deadline + timedelta(days=1)
        run_rounds(self.store, self.catalog, self.mailer, now=self.now, origin="http://x")
        assert all(o.state != "åpen" for o in self.offers())


@pytest.mark.parametrize("kind", ["memory", "moto"])
def test_any_season_keeps_the_rules(catalog: Catalog, kind: str) -> None:
    # `make soak` runs many more seasons (LIS1_SOAK=1); `make test` stays inside its budget.
    soak = os.environ.get("LIS1_SOAK") == "1"
    examples = (400 if soak else 30) if kind == "memory" else (60 if soak else 2)

    class Machine(Season):
        pass

    Machine.catalog, Machine.kind = catalog, kind
    Machine.TestCase.settings = settings(
        max_examples=examples,
        stateful_step_count=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    with mock_aws():
        Machine.TestCase().runTest()
