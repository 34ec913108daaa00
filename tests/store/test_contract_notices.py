"""The notices contract, for every adapter: a mail about an offer is recorded once per kind, and
a person's reminder choice changes once per change, with its audit entry."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from lis1.domain.reminders import DAY_BEFORE, OFFER_MAIL, ON_THE_DAY, NoticeKind
from lis1.services.ports.notices import LanguageRecord
from lis1.services.ports.store import Store
from lis1.store.bundle import dynamodb_store

from .conftest import Backend
from .helpers import at
from .test_concurrency import own_client

WORKERS = 8


def test_a_mail_is_recorded_once_per_offer_and_kind(store: Store) -> None:
    notices = store.notices
    assert notices.sent([("o-1", OFFER_MAIL)]) == set()
    assert notices.mark_sent("o-1", OFFER_MAIL, at(0))
    assert not notices.mark_sent("o-1", OFFER_MAIL, at(60))  # a rerun: send nothing
    assert notices.mark_sent("o-1", DAY_BEFORE, at(1))  # another kind of mail
    assert notices.mark_sent("o-2", OFFER_MAIL, at(2))  # another offer
    assert not notices.mark_sent("o-1", DAY_BEFORE, at(3))
    wanted: list[tuple[str, NoticeKind]] = [
        ("o-1", OFFER_MAIL),
        ("o-1", DAY_BEFORE),
        ("o-1", ON_THE_DAY),
        ("o-2", OFFER_MAIL),
        ("o-3", OFFER_MAIL),
    ]
    assert notices.sent(wanted) == {("o-1", OFFER_MAIL), ("o-1", DAY_BEFORE), ("o-2", OFFER_MAIL)}
    assert notices.sent([]) == set()


def test_what_was_sent_is_read_in_batches_of_a_hundred(store: Store) -> None:
    pairs: list[tuple[str, NoticeKind]] = [(f"o-{n:03}", ON_THE_DAY) for n in range(230)]
    for offer_id, kind in pairs[::2]:
        assert store.notices.mark_sent(offer_id, kind, at(0))
    assert store.notices.sent(pairs) == set(pairs[::2])


@pytest.mark.parametrize("adapter", ["memory", "dynamodb-local"], indirect=True)
def test_runs_at_once_record_a_mail_once(backend: Backend, store: Store) -> None:
    """Eight threads, each (on DynamoDB Local) with its own client as separate Lambdas would
    have, all released at once: one write wins each record. Not on moto, which checks
    conditions without a lock (see test_concurrency.py)."""
    kinds: list[NoticeKind] = [OFFER_MAIL, DAY_BEFORE, ON_THE_DAY]
    barrier = threading.Barrier(WORKERS)

    def run(_: int) -> list[bool]:
        client = own_client(backend) if backend.name != "memory" else None
        own = store if client is None else dynamodb_store(client, backend.table_name, "local")
        try:
            barrier.wait(timeout=60)
            return [own.notices.mark_sent(f"o-{n}", k, at(5)) for n in range(3) for k in kinds]
        finally:
            if client is not None:
                client.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(run, range(WORKERS)))
    assert [sum(column) for column in zip(*results, strict=True)] == [1] * 9


def test_reminders_are_on_until_the_person_turns_them_off(store: Store) -> None:
    notices = store.notices
    assert notices.reminders_on("kari")
    assert not notices.set_reminders("kari", True, at=at(0))  # on already: nothing written
    assert store.audit.entries("bruker:kari") == []

    assert notices.set_reminders("kari", False, at=at(1))
    assert not notices.reminders_on("kari")
    assert notices.reminders_on("ola")  # one person's choice only
    assert not notices.set_reminders("kari", False, at=at(2))  # off already

    assert notices.set_reminders("kari", True, at=at(3))
    assert notices.reminders_on("kari")
    entries = store.audit.entries("bruker:kari")
    assert [(e.at, e.actor, e.action, e.detail) for e in entries] == [
        (at(1), "kari", "set_reminders", {"påminnelser": "av"}),
        (at(3), "kari", "set_reminders", {"påminnelser": "på"}),
    ]
    assert store.audit.entries("bruker:ola") == []


def test_a_persons_mail_language_is_recorded_and_read_back(store: Store) -> None:
    notices = store.notices
    assert notices.language("kari") is None
    notices.set_language("kari", LanguageRecord("en"), at=at(0))
    assert notices.language("kari") == LanguageRecord("en", chosen=False)
    assert notices.language("ola") is None  # one person's only
    notices.set_language("kari", LanguageRecord("nb", chosen=True), at=at(1))
    assert notices.language("kari") == LanguageRecord("nb", chosen=True)
    assert notices.reminders_on("kari")  # beside the reminder choice, not instead of it


def test_forgetting_a_person_deletes_their_choices_only(store: Store) -> None:
    notices = store.notices
    notices.forget("kari")  # nothing to forget: harmless
    notices.set_language("kari", LanguageRecord("en", chosen=True), at=at(0))
    notices.set_reminders("kari", False, at=at(1))
    notices.set_language("ola", LanguageRecord("en"), at=at(1))
    notices.set_reminders("ola", False, at=at(1))
    notices.forget("kari")
    assert notices.language("kari") is None and notices.reminders_on("kari")
    assert notices.language("ola") == LanguageRecord("en") and not notices.reminders_on("ola")
