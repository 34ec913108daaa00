"""The private calendar addresses contract, for every adapter (memory, moto, DynamoDB Local): one
current address per person, found by its hash; a new one makes the old unknown in the same
write, even when two are made at once; turning off makes it unknown; each change audited about
the person, without the token or its hash."""

from __future__ import annotations

from datetime import UTC
from typing import Any

import pytest

from lis1.domain.private_calendar import token_hash
from lis1.errors import Conflict
from lis1.services.ports.store import Store

from .conftest import Backend
from .helpers import OSLO_SUMMER, at, dynamodb_only

KARI, AHMED = "sub-kari", "sub-ahmed"
FIRST, SECOND, THIRD = (token_hash(c * 43) for c in "ABC")


def test_an_address_is_found_by_its_hash_until_it_is_replaced(store: Store) -> None:
    assert store.calendars.subject_of(FIRST) is None
    assert store.calendars.current(KARI) is None
    store.calendars.replace(KARI, FIRST, at(0).astimezone(OSLO_SUMMER))
    assert store.calendars.subject_of(FIRST) == KARI
    made = store.calendars.current(KARI)
    assert made == at(0) and made is not None and made.tzinfo == UTC

    store.calendars.replace(KARI, SECOND, at(5))
    assert store.calendars.subject_of(FIRST) is None  # the old address answers no more
    assert store.calendars.subject_of(SECOND) == KARI
    assert store.calendars.current(KARI) == at(5)


def test_people_have_addresses_of_their_own(store: Store) -> None:
    store.calendars.replace(KARI, FIRST, at(0))
    store.calendars.replace(AHMED, SECOND, at(1))
    store.calendars.replace(AHMED, THIRD, at(2))
    assert store.calendars.subject_of(FIRST) == KARI  # Ahmed's new address leaves Kari's be
    assert store.calendars.subject_of(THIRD) == AHMED
    assert store.calendars.revoke(KARI, at(3))
    assert store.calendars.subject_of(THIRD) == AHMED and store.calendars.current(AHMED) == at(2)


def test_turning_off_makes_the_address_unknown(store: Store) -> None:
    assert store.calendars.revoke(KARI, at(0)) is False  # none to turn off
    store.calendars.replace(KARI, FIRST, at(1))
    assert store.calendars.revoke(KARI, at(2)) is True
    assert store.calendars.subject_of(FIRST) is None
    assert store.calendars.current(KARI) is None
    assert store.calendars.revoke(KARI, at(3)) is False
    store.calendars.replace(KARI, SECOND, at(4))  # and a new one can be made again
    assert store.calendars.subject_of(SECOND) == KARI


def test_a_hash_in_use_is_a_conflict_and_changes_nothing(store: Store) -> None:
    store.calendars.replace(KARI, FIRST, at(0))
    with pytest.raises(Conflict):
        store.calendars.replace(AHMED, FIRST, at(1))
    assert store.calendars.subject_of(FIRST) == KARI
    assert store.calendars.current(AHMED) is None


def test_each_change_is_audited_about_the_person_without_the_secret(store: Store) -> None:
    store.calendars.replace(KARI, FIRST, at(0))
    store.calendars.replace(KARI, SECOND, at(1))
    store.calendars.revoke(KARI, at(2))
    store.calendars.revoke(KARI, at(3))  # nothing to turn off: nothing recorded
    entries = store.audit.entries("bruker:sub-kari")
    assert [(e.at, e.actor, e.action, e.detail) for e in entries] == [
        (at(0), KARI, "create_calendar_link", {"kalenderadresse": "laget"}),
        (at(1), KARI, "create_calendar_link", {"kalenderadresse": "erstattet"}),
        (at(2), KARI, "revoke_calendar_link", {"kalenderadresse": "slått av"}),
    ]
    assert FIRST not in repr(entries) and SECOND not in repr(entries)


def test_naive_instants_are_refused(store: Store) -> None:
    with pytest.raises(ValueError):
        store.calendars.replace(KARI, FIRST, at(0).replace(tzinfo=None))
    assert store.calendars.subject_of(FIRST) is None


class Interleaving:
    """The real client, except that before its first transaction another request replaces the
    same person's address (through the real client), as when two tabs make one at once."""

    def __init__(self, real: Any, other: Store) -> None:
        self.real, self.other, self.done = real, other, False

    def transact_write_items(self, **kwargs: Any) -> Any:
        if not self.done:
            self.done = True
            self.other.calendars.replace(KARI, SECOND, at(1))
        return self.real.transact_write_items(**kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@dynamodb_only
def test_two_replaces_at_once_leave_exactly_one_address(backend: Backend, store: Store) -> None:
    store.calendars.replace(KARI, FIRST, at(0))
    racing = backend.store(Interleaving(backend.dynamodb, store))
    racing.calendars.replace(KARI, THIRD, at(2))
    alive = [h for h in (FIRST, SECOND, THIRD) if store.calendars.subject_of(h) is not None]
    assert alive == [THIRD]  # the one written in between was replaced too, not left behind
    assert store.calendars.current(KARI) == at(2)


@dynamodb_only
def test_only_hashes_are_stored(backend: Backend, store: Store) -> None:
    token = "Z" * 43
    store.calendars.replace(KARI, token_hash(token), at(0))
    items: list[Any] = []
    for pk in (f"CALENDAR#{token_hash(token)}", f"USER#{KARI}"):
        with backend.guard.outside_requests():
            items += backend.dynamodb.query(
                TableName=backend.table_name,
                KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues={":pk": {"S": pk}},
            )["Items"]
    assert len(items) == 2 and token not in repr(items)
