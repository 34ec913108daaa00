"""Races on DynamoDB Local: many requests at the same instant, each with its own client.

Each worker thread builds its own boto3 client (``make_client``) and store, as concurrent
Lambda invocations do, waits at a barrier, and then sends its one write; retries really sleep,
as in production. Only DynamoDB Local runs here. The memory fake serialises everything behind
one lock, and moto is no model of concurrency: its TransactWriteItems (moto 5.2,
``moto/dynamodb/models/__init__.py``) checks conditions and writes without a lock, and on a
cancellation restores a deep copy of the whole table taken before, so two writers can both pass
a condition, and one writer's rollback can undo another's committed write. Tried here: two of
ten concurrent ad updates with the same expected version both succeeded on moto.

DynamoDB Local serialises transactions rather than cancelling them with TransactionConflict
(none seen in these races), so the retry path is tested in test_contract.py with a client that
injects conflicts; here the conditions themselves decide, and several losers per race are
refused by the transaction's condition rather than by an earlier read.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

import pytest

from lis1.domain.ads import Ad
from lis1.domain.applications import Application
from lis1.domain.errors import AdministersOrganisation, AppliedThere, InvitationUsed
from lis1.domain.invitations import Invitation
from lis1.domain.offers import HOLDS_SEAT, Offer
from lis1.errors import Conflict, DomainError
from lis1.identity import Grant, Principal, Role
from lis1.services import invitations
from lis1.services.env import Env
from lis1.services.ports.requests import FirstRequest, Idempotency
from lis1.services.ports.store import Store
from lis1.store.bundle import dynamodb_store
from lis1.store.dynamo import client as client_module

from .conftest import Backend
from .helpers import (
    AD_CHANGED,
    ALREADY_APPLIED,
    HF,
    HF_ADMIN,
    PERIOD,
    ad,
    application,
    receipt_for,
)
from .test_contract_offers import accept, apply, decline, issued, offer

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

WORKERS = 10
T = TypeVar("T")

pytestmark = pytest.mark.parametrize("adapter", ["dynamodb-local"], indirect=True)


def own_client(backend: Backend) -> DynamoDBClient:
    """A new client like the one a separate Lambda would build, watched by the same guards."""
    return backend.guard.attach(client_module.make_client(backend.dynamodb.meta.endpoint_url))


def race(backend: Backend, writes: list[Callable[[Store], T]]) -> list[T | DomainError]:
    """Run each write in its own thread with its own client, all released at once; the result
    or the DomainError of each, in the order given."""
    barrier = threading.Barrier(len(writes))

    def retried(seconds: float) -> None:
        backend.sleeps.append(seconds)  # list.append is atomic: a count of the retries
        time.sleep(seconds)

    def run(write: Callable[[Store], T]) -> T | DomainError:
        client = own_client(backend)
        try:
            store = dynamodb_store(client, backend.table_name, backend.name, sleep=retried)
            barrier.wait(timeout=60)
            try:
                return write(store)
            except DomainError as error:
                return error
        finally:
            client.close()

    with ThreadPoolExecutor(max_workers=len(writes)) as pool:
        return list(pool.map(run, writes))


def outcome(result: object) -> str:
    if result is None:
        return "ok"
    if isinstance(result, DomainError):
        # The kind of error as the API maps it (Conflict, NotFound, ...), not the named one.
        kind = next(c for c in type(result).__mro__ if c.__module__ == "lis1.errors")
        return f"{kind.__name__}:{result.code}"
    return repr(result)


def test_one_applicant_applying_ten_times_at_once_gets_one_application(
    backend: Backend, store: Store
) -> None:
    attempts = [
        application(reference=f"LIS1-RACE-{n:04d}", cover_text=f"Forsøk {n}")
        for n in range(WORKERS)
    ]

    def submitter(value: Application) -> Callable[[Store], FirstRequest | None]:
        return lambda own: own.applications.submit(value, receipt_for(value))

    results = race(backend, [submitter(value) for value in attempts])

    assert Counter(outcome(r) for r in results) == {
        "ok": 1,
        "Conflict:har_allerede_søkt": WORKERS - 1,
    }
    assert all(r.message == ALREADY_APPLIED for r in results if isinstance(r, Conflict))
    winner = attempts[[outcome(r) for r in results].index("ok")]
    assert results[attempts.index(winner)] is None
    stored = store.applications.get("ad-1", "sub-1")
    assert stored is not None and stored.reference == winner.reference
    assert stored.cover_text == winner.cover_text
    receipts = [store.applications.receipt(value.reference) for value in attempts]
    assert [r.reference for r in receipts if r is not None] == [winner.reference]
    assert store.applications.by_ad("ad-1") == [stored]
    assert store.applications.by_applicant("sub-1") == [stored]


def test_ten_repeats_with_one_idempotency_key_at_once_are_written_once(
    backend: Backend, store: Store
) -> None:
    # One request sent ten times (double clicks, client retries): each attempt makes its own
    # reference, as the service does, but they all carry the same key.
    attempts = [
        application(reference=f"LIS1-SAME-{n:04d}", cover_text=f"Forsøk {n}")
        for n in range(WORKERS)
    ]
    key = Idempotency("sub-1#dobbeltklikk", "søk ad-1")

    def submitter(value: Application) -> Callable[[Store], FirstRequest | None]:
        return lambda own: own.applications.submit(value, receipt_for(value), idempotency=key)

    results = race(backend, [submitter(value) for value in attempts])

    assert results.count(None) == 1, [outcome(r) for r in results]
    winner = attempts[results.index(None)]
    assert all(r == FirstRequest("søk ad-1", winner.reference) for r in results if r is not None), (
        results
    )
    stored = store.applications.get("ad-1", "sub-1")
    assert stored is not None and stored.reference == winner.reference
    assert stored.cover_text == winner.cover_text
    assert store.applications.by_ad("ad-1") == [stored]
    assert store.applications.by_applicant("sub-1") == [stored]
    receipts = [store.applications.receipt(value.reference) for value in attempts]
    assert [r.reference for r in receipts if r is not None] == [winner.reference]


def test_a_grant_and_an_application_at_once_never_both_succeed(
    backend: Backend, store: Store
) -> None:
    grant = Grant(Role.HF_ADMIN, "helse-bergen")
    conflicting = frozenset({grant, Grant(Role.KOMMUNE_ADMIN, "bergen")})
    for attempt in range(5):
        subject = f"sub-race-{attempt}"
        value = application(applicant=subject, reference=f"LIS1-COI{attempt}-0001")

        def apply(own: Store, value: Application = value) -> str:
            try:
                own.applications.submit(value, receipt_for(value), conflicting=conflicting)
            except AdministersOrganisation:
                return "refused"
            return "ok"

        def make_admin(
            own: Store, subject: str = subject, value_time: datetime = value.changed_at
        ) -> str:
            try:
                own.users.grant(subject, grant, actor="redaktør", at=value_time)
            except AppliedThere:
                return "refused"
            return "ok"

        results = race(backend, [apply, make_admin])
        assert sorted(str(r) for r in results) == ["ok", "refused"], results
        applied = store.applications.get("ad-1", subject) is not None
        assert applied != (grant in store.users.grants(subject))


def test_ten_applicants_applying_to_one_ad_at_once_all_succeed(
    backend: Backend, store: Store
) -> None:
    attempts = [
        application(applicant=f"sub-{n:02d}", reference=f"LIS1-MANY-{n:04d}", submitted=n)
        for n in range(WORKERS)
    ]

    def submitter(value: Application) -> Callable[[Store], FirstRequest | None]:
        return lambda own: own.applications.submit(value, receipt_for(value))

    results = race(backend, [submitter(value) for value in attempts])

    assert [outcome(r) for r in results] == ["ok"] * WORKERS
    assert [a.applicant for a in store.applications.by_ad("ad-1")] == [
        f"sub-{n:02d}" for n in range(WORKERS)
    ]
    assert all(store.applications.receipt(value.reference) is not None for value in attempts)


def test_ten_editors_saving_one_ad_at_once_one_wins(backend: Backend, store: Store) -> None:
    store.ads.create(ad())
    edits = [ad(seats=10 + n, version=2, updated=n) for n in range(WORKERS)]

    def editor(edit: Ad) -> Callable[[Store], None]:
        return lambda own: own.ads.update(edit, expected_version=1, audit=None)

    results = race(backend, [editor(value) for value in edits])

    assert Counter(outcome(r) for r in results) == {"ok": 1, "Conflict:konflikt": WORKERS - 1}
    assert all(r.message == AD_CHANGED for r in results if isinstance(r, Conflict))
    winner = edits[results.index(None)]
    stored = store.ads.get("ad-1")
    assert stored is not None and stored.content.seats == winner.content.seats
    assert store.ads.by_organisation(winner.content.organisation) == [stored]


def test_ten_people_accepting_one_invitation_at_once_one_gets_the_role(
    backend: Backend, store: Store
) -> None:
    # Now, not the other tests' 2024: DynamoDB Local deletes items whose TTL has passed.
    now = datetime.now(UTC)
    editor = Principal("editor-1", "Rita Redaktør", frozenset({Grant(Role.EDITOR)}))
    sent, token = invitations.invite(
        store,
        who=editor,
        grant=HF_ADMIN,
        name="Kari Nordmann",
        email="kari@example.no",
        env=Env(now),
    )
    people = [Principal(f"sub-{n:02d}", "Kari Nordmann") for n in range(WORKERS)]

    def accepter(who: Principal) -> Callable[[Store], Invitation]:
        return lambda own: invitations.accept(
            own, who=who, token=token, env=Env(now + timedelta(minutes=1))
        )

    results = race(backend, [accepter(who) for who in people])

    won = [r for r in results if isinstance(r, Invitation)]
    assert len(won) == 1, [outcome(r) for r in results]
    assert all(isinstance(r, InvitationUsed) for r in results if r is not won[0])
    winner = won[0].accepted_by
    assert [who.subject for who in people if HF_ADMIN in store.users.grants(who.subject)] == [
        winner
    ]
    stored = store.invitations.get(sent.token_hash)
    assert stored is not None and (stored.status, stored.accepted_by) == ("akseptert", winner)
    actions = [e.action for e in store.audit.entries(f"organisasjon:{HF}")]
    assert sorted(actions) == ["accept", "grant", "invite"]


# --- offers ---------------------------------------------------------------------------------------

ANSWERED = {"ok", "Conflict:har_takket_ja", "Conflict:tilbudet_er_endret"}
"""What an accept that lost a race may hear: never StoreBusy, never anything unmapped."""


def test_fifty_accepts_of_one_applicants_offers_at_once_one_wins(
    backend: Backend, store: Store
) -> None:
    values = [offer(f"ad-{n:02d}") for n in range(50)]
    issued(store, *values)

    def accepter(value: Offer) -> Callable[[Store], FirstRequest | None]:
        return lambda own: accept(own, value, 10)

    results = [outcome(r) for r in race(backend, [accepter(value) for value in values])]

    assert results.count("ok") == 1 and set(results) <= ANSWERED, Counter(results)
    winner = values[results.index("ok")].ad_id
    mine = store.offers.by_candidate("sub-1")
    assert [o.ad_id for o in mine if o.state != "åpen"] == [winner]
    counts = store.offers.counts(value.ad_id for value in values)
    assert [ad_id for ad_id, count in counts.items() if count.taken] == [winner]
    assert all(count.holding == 1 for count in counts.values())


def test_offers_racing_answers_never_hold_or_fill_more_seats_than_an_ad_has(
    backend: Backend, store: Store
) -> None:
    # ad-1 (3 seats) is offered to sub-0 and sub-1, ad-2 (1 seat) to sub-0. At once: sub-0
    # accepts ad-1, declining ad-2; sub-1 declines ad-1; ten others are offered each ad.
    issued(store, offer("ad-1", "sub-0"), offer("ad-1", "sub-1"), seats=3)
    issued(store, offer("ad-2", "sub-0"), seats=1)
    others = [f"sub-{n:02d}" for n in range(2, 12)]
    apply(store, *((ad_id, who) for ad_id in ("ad-1", "ad-2") for who in others))

    def offering(ad_id: str, who: str) -> Callable[[Store], bool]:
        return lambda own: own.offers.issue(offer(ad_id, who, issued=5), seats=3)

    writes: list[Callable[[Store], object]] = [
        lambda own: accept(own, offer("ad-1", "sub-0"), 10, offer("ad-2", "sub-0")),
        lambda own: decline(own, offer("ad-1", "sub-1"), 10),
    ]
    writes += [offering(ad_id, who) for ad_id in ("ad-1", "ad-2") for who in others]
    results = [outcome(r) for r in race(backend, writes)]

    assert results[:2] == ["ok", "ok"]
    assert set(results[2:]) <= {"True", "Conflict:ingen_ledig_plass"}, Counter(results)
    offered = [results[2:12].count("True"), results[12:].count("True")]
    assert offered[0] in (1, 2) and offered[1] in (0, 1), offered
    for ad_id, seats in (("ad-1", 3), ("ad-2", 1)):
        held = [o.state for o in store.offers.by_ad(PERIOD, ad_id) if o.state in HOLDS_SEAT]
        count = store.offers.counts([ad_id])[ad_id]
        assert (count.seats, count.holding, count.taken) == (
            seats,
            len(held),
            held.count("takket_ja"),
        )
        assert count.taken <= count.holding <= seats
