"""The portfolio contract, for every adapter (memory, moto, DynamoDB Local): the record written
only onto the version it was read at, the relations invitations make listed for the LIS, the
person and the employer, changed once from the version read (ending frees the slot), and the
learning activities with the supervisør's list and the reminders' waiting ones. Each change
writes its audit entry in the same write; the DynamoDB calls of each read and write are
counted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from lis1.domain import invitations as invitation_rules
from lis1.domain.portfolio import activities as steps
from lis1.domain.portfolio import relations as rules
from lis1.domain.portfolio.errors import (
    ActivityChanged,
    PortfolioChanged,
    PortfolioExists,
    RelationChanged,
    RoleTaken,
)
from lis1.domain.portfolio.records import MAX_EMPLOYMENTS
from lis1.errors import Conflict
from lis1.services.ports.accounts import AuditEntry
from lis1.services.ports.portfolios import portfolio_entity
from lis1.services.ports.store import Store

from .conftest import Backend
from .helpers import HF, KOMMUNE, dynamodb_only
from .portfolio_helpers import (
    LIS,
    OTHER_LIS,
    T0,
    activity,
    at,
    audit_actions,
    audit_of,
    in_utc,
    oslo,
    portfolio,
    relate,
    role_invitation,
    sent,
)

# --- the record -------------------------------------------------------------------------------


def test_a_portfolio_is_created_once_and_read_back_in_utc(store: Store) -> None:
    new = portfolio()
    store.portfolios.create(new, audit=audit_of(LIS, 0))
    stored = store.portfolios.get(LIS)
    assert stored == replace(new, created_at=new.created_at.astimezone(UTC))
    assert stored is not None and stored.created_at.tzinfo == UTC
    assert store.portfolios.get(OTHER_LIS) is None

    with pytest.raises(PortfolioExists):
        store.portfolios.create(replace(new, owner_name="Another"), audit=audit_of(LIS, 1))
    assert store.portfolios.get(LIS) == stored
    entries = store.audit.entries(portfolio_entity(LIS))
    assert [(e.at, e.actor, e.action, e.detail) for e in entries] == [
        (at(0), LIS, "create_portfolio", {"owner": LIS})
    ]


def test_a_portfolio_holds_every_employment_it_may(store: Store) -> None:
    full = portfolio(employments=MAX_EMPLOYMENTS)
    store.portfolios.create(full, audit=audit_of(LIS, 0))
    stored = store.portfolios.get(LIS)
    assert stored is not None and stored.employments == full.employments
    assert [e.id for e in stored.employments] == [f"emp-{n + 1}" for n in range(MAX_EMPLOYMENTS)]


def test_a_portfolio_is_saved_only_onto_the_version_it_was_read_at(store: Store) -> None:
    store.portfolios.create(portfolio(), audit=audit_of(LIS, 0))
    first = store.portfolios.get(LIS)
    assert first is not None
    moved = replace(
        first,
        plan=replace(first.plan, old_common=True),
        employments=first.employments[:1],
        version=2,
        updated_at=oslo(at(5)),
    )
    store.portfolios.save(moved, audit=audit_of(LIS, 5, "change_portfolio"))
    saved = store.portfolios.get(LIS)
    assert saved == replace(moved, updated_at=at(5))
    assert saved is not None and saved.updated_at is not None and saved.updated_at.tzinfo == UTC

    with pytest.raises(PortfolioChanged):  # another change made from the same read
        store.portfolios.save(replace(first, version=2), audit=audit_of(LIS, 6, "x"))
    with pytest.raises(PortfolioChanged):  # a version skipped
        store.portfolios.save(replace(moved, version=4), audit=audit_of(LIS, 6, "x"))
    with pytest.raises(PortfolioChanged):  # nobody's
        store.portfolios.save(portfolio(OTHER_LIS), audit=audit_of(OTHER_LIS, 6, "x"))
    assert store.portfolios.get(LIS) == replace(moved, updated_at=at(5))
    assert store.portfolios.get(OTHER_LIS) is None
    assert audit_actions(store) == [(LIS, "change_portfolio"), (LIS, "create_portfolio")]
    assert audit_actions(store, OTHER_LIS) == []


# --- relations --------------------------------------------------------------------------------


def test_relations_are_listed_oldest_first_for_the_lis_the_person_and_the_employer(
    store: Store,
) -> None:
    relate(store, "inv-c", "supervisør", minutes=3)
    relate(store, "inv-b", "veileder", minutes=2)
    relate(store, "inv-a", "supervisør", minutes=3)  # the same instant: by id
    relate(store, "inv-k", "leder", minutes=1, employment_id="emp-2", organisation=KOMMUNE)
    relate(store, "inv-o", "supervisør", minutes=0, owner=OTHER_LIS, subject="sub-ola")
    relate(store, "inv-p", "veileder", minutes=4, owner=OTHER_LIS)

    assert [r.id for r in store.portfolios.relations(LIS)] == [
        "inv-k",
        "inv-b",
        "inv-a",
        "inv-c",
    ]
    assert [r.id for r in store.portfolios.relations_of("sub-kari")] == [
        "inv-k",
        "inv-b",
        "inv-a",
        "inv-c",
        "inv-p",
    ]
    assert [r.id for r in store.portfolios.at_employer(HF)] == [
        "inv-o",
        "inv-b",
        "inv-a",
        "inv-c",
        "inv-p",
    ]
    assert [r.id for r in store.portfolios.at_employer(KOMMUNE)] == ["inv-k"]
    assert store.portfolios.relations("sub-kari") == []
    assert store.portfolios.relations_of(LIS) == []
    assert store.portfolios.at_employer("helse-vest") == []
    (leader,) = store.portfolios.at_employer(KOMMUNE)
    assert leader.role == rules.PortfolioRole(LIS, "emp-2", "leder", KOMMUNE)
    assert (leader.subject, leader.name, leader.status) == (
        "sub-kari",
        "Kari Nordmann",
        "venter_på_arbeidsgiver",
    )
    assert leader.created_at == at(1) and leader.created_at.tzinfo == UTC


def test_confirming_a_leder_is_written_once_everywhere_with_its_audit_entry(
    store: Store,
) -> None:
    waiting = relate(store, "inv-1", "leder")
    confirmed = rules.confirm(waiting, by="hf-admin-1", now=oslo(at(10)))
    audit = AuditEntry(portfolio_entity(LIS), at(10), "hf-admin-1", "confirm_relation", {})
    store.portfolios.change_relation(confirmed, audit=audit)

    expected = replace(confirmed, confirmed_at=at(10))
    assert store.portfolios.relations(LIS) == [expected]
    assert [r.confirmed_at.tzinfo for r in store.portfolios.relations(LIS) if r.confirmed_at] == [
        UTC
    ]
    assert store.portfolios.relations_of("sub-kari") == [expected]
    assert store.portfolios.at_employer(HF) == [expected]
    # The LIS's name is not part of the role's identity, so == would not see it lost.
    readers = (
        store.portfolios.relations,
        store.portfolios.relations_of,
        store.portfolios.at_employer,
    )
    names = {
        read(key)[0].role.owner_name
        for read, key in zip(readers, (LIS, "sub-kari", HF), strict=True)
    }
    assert names == {"Lise «LIS» Ås"}
    with pytest.raises(RelationChanged):  # the same change again, from the same read
        store.portfolios.change_relation(confirmed, audit=audit)
    with pytest.raises(RelationChanged):  # a change made from the version before
        store.portfolios.change_relation(
            rules.end(waiting, by=LIS, now=at(11)), audit=replace(audit, action="end_relation")
        )
    assert store.portfolios.relations(LIS) == [expected]
    assert audit_actions(store) == [
        ("hf-admin-1", "confirm_relation"),
        ("sub-kari", "accept"),
        (LIS, "invite"),
    ]


def test_a_relation_cannot_be_moved_nor_an_ended_one_changed(store: Store) -> None:
    made = relate(store, "inv-1", "veileder")
    audit = AuditEntry(portfolio_entity(LIS), at(10), LIS, "end_relation", {})
    ended = rules.end(made, by=LIS, now=at(10))
    for moved in (
        replace(ended, subject="sub-ola"),
        replace(ended, role=replace(ended.role, employment_id="emp-2")),
        replace(ended, role=replace(ended.role, kind="supervisør")),
        replace(ended, role=replace(ended.role, organisation=KOMMUNE)),
        replace(ended, id="inv-2"),
    ):
        with pytest.raises(RelationChanged):
            store.portfolios.change_relation(moved, audit=audit)
    assert store.portfolios.relations(LIS) == [made]
    assert store.portfolios.at_employer(KOMMUNE) == []
    assert store.portfolios.relations_of("sub-ola") == []

    store.portfolios.change_relation(ended, audit=audit)
    again = replace(ended, version=ended.version + 1, ended_by="hf-admin-1")
    with pytest.raises(RelationChanged):  # ended is final
        store.portfolios.change_relation(again, audit=audit)
    assert store.portfolios.relations(LIS) == [ended]
    assert audit_actions(store) == [("sub-kari", "accept"), (LIS, "end_relation"), (LIS, "invite")]


def test_ending_a_leder_frees_the_employments_slot(store: Store) -> None:
    first = relate(store, "inv-1", "leder")
    with pytest.raises(RoleTaken):
        relate(store, "inv-2", "leder", subject="sub-ola", minutes=2)
    relate(store, "inv-3", "leder", subject="sub-ola", minutes=3, employment_id="emp-2")

    audit = AuditEntry(portfolio_entity(LIS), at(5), "hf-admin-1", "end_relation", {})
    store.portfolios.change_relation(rules.end(first, by="hf-admin-1", now=at(5)), audit=audit)
    second = relate(store, "inv-4", "leder", subject="sub-ola", minutes=6)
    assert [(r.id, r.status) for r in store.portfolios.relations(LIS)] == [
        ("inv-1", "avsluttet"),
        ("inv-3", "venter_på_arbeidsgiver"),
        ("inv-4", "venter_på_arbeidsgiver"),
    ]
    # A supervisør ending takes no slot with it: the second leder keeps theirs.
    supervisor = relate(store, "inv-5", "supervisør", subject="sub-per", minutes=7)
    store.portfolios.change_relation(rules.end(supervisor, by=LIS, now=at(8)), audit=audit)
    with pytest.raises(RoleTaken):
        relate(store, "inv-6", "leder", subject="sub-per", minutes=9)
    confirmed = rules.confirm(second, by="hf-admin-1", now=at(10))
    store.portfolios.change_relation(confirmed, audit=audit)
    with pytest.raises(RoleTaken):  # confirming keeps the slot
        relate(store, "inv-7", "leder", subject="sub-per", minutes=11)


# --- activities -------------------------------------------------------------------------------


def test_an_activity_is_created_once_and_read_back_in_utc(store: Store) -> None:
    draft = activity()
    store.activities.create(draft)
    stored = store.activities.get(LIS, "act-1")
    assert stored == in_utc(draft)
    assert stored is not None and stored.created_at.tzinfo == UTC
    assert store.activities.get(OTHER_LIS, "act-1") is None
    assert store.activities.get(LIS, "act-2") is None

    with pytest.raises(Conflict):  # the same id again
        store.activities.create(replace(draft, description="Another"))
    with pytest.raises(Conflict):  # an id is used once, whoever's
        store.activities.create(activity(owner=OTHER_LIS))
    assert store.activities.get(LIS, "act-1") == stored
    assert store.activities.get(OTHER_LIS, "act-1") is None
    assert store.activities.of_owner(OTHER_LIS) == []


def test_the_owners_activities_newest_day_first_then_newest_created(store: Store) -> None:
    days = {
        "act-1": (date(2024, 10, 1), T0),
        "act-2": (date(2024, 10, 20), T0),
        "act-3": (date(2024, 10, 20), T0 + timedelta(hours=1)),
        "act-4": (date(2024, 9, 30), T0 + timedelta(hours=2)),
        "act-5": (date(2024, 10, 20), T0 + timedelta(hours=1)),  # same instant: by id
    }
    for activity_id, (day, created) in days.items():
        store.activities.create(activity(activity_id, day=day, created=created))
    store.activities.create(activity("act-x", owner=OTHER_LIS))
    assert [a.id for a in store.activities.of_owner(LIS)] == [
        "act-5",
        "act-3",
        "act-2",
        "act-1",
        "act-4",
    ]


def test_an_activity_is_saved_only_onto_the_version_it_was_read_at(store: Store) -> None:
    draft = activity()
    store.activities.create(draft)
    edited = steps.edit(draft, kind="kurs", day=date(2024, 10, 22), description="", goals=())
    store.activities.save(edited)
    assert store.activities.get(LIS, "act-1") == in_utc(edited)

    with pytest.raises(ActivityChanged):  # another change from the same read
        store.activities.save(sent(draft, "sub-sara", T0))
    with pytest.raises(ActivityChanged):  # none stored
        store.activities.save(replace(activity("act-2"), version=2))
    assert store.activities.get(LIS, "act-1") == in_utc(edited)
    assert store.activities.get(LIS, "act-2") is None

    out = sent(edited, "sub-sara", T0 + timedelta(hours=1))
    store.activities.save(out)
    stored = store.activities.get(LIS, "act-1")
    assert stored is not None and stored.sent_at is not None and stored.sent_at.tzinfo == UTC
    signed = steps.sign(out, by="sub-sara", comment="Godt gjort.", now=oslo(T0 + timedelta(days=1)))
    audit = AuditEntry(portfolio_entity(LIS), T0 + timedelta(days=1), "sub-sara", "sign", {})
    store.activities.save(signed, audit=audit)
    assert store.activities.get(LIS, "act-1") == in_utc(signed)
    with pytest.raises(ActivityChanged):
        store.activities.save(signed, audit=replace(audit, action="sign again"))
    assert audit_actions(store) == [("sub-sara", "sign")]


def test_a_supervisor_sees_what_was_last_sent_to_them_oldest_first(store: Store) -> None:
    drafts = {n: activity(f"act-{n}") for n in range(1, 6)}
    for draft in drafts.values():
        store.activities.create(draft)
    waiting = sent(drafts[1], "sub-sara", T0 + timedelta(hours=3))
    store.activities.save(waiting)
    returned = sent(drafts[2], "sub-sara", T0 + timedelta(hours=1))
    store.activities.save(returned)
    returned = steps.give_back(returned, by="sub-sara", comment="Mer detalj.", now=T0)
    store.activities.save(returned)
    recalled = sent(drafts[3], "sub-sara", T0 + timedelta(hours=2))
    store.activities.save(recalled)
    store.activities.save(steps.recall(recalled, now=T0 + timedelta(hours=4)))
    moved = sent(drafts[4], "sub-sara", T0)
    store.activities.save(moved)
    moved = steps.give_back(moved, by="sub-sara", comment="Send til Per.", now=T0)
    store.activities.save(moved)
    store.activities.save(sent(moved, "sub-per", T0 + timedelta(hours=5)))
    other = activity("act-x", owner=OTHER_LIS)
    store.activities.create(other)
    store.activities.save(sent(other, "sub-sara", T0 + timedelta(hours=2)))

    assert [a.id for a in store.activities.sent_to("sub-sara")] == ["act-2", "act-x", "act-1"]
    assert [a.id for a in store.activities.sent_to("sub-per")] == ["act-4"]
    assert store.activities.sent_to(LIS) == []
    assert store.activities.sent_to("sub-sara")[0] == in_utc(returned)


def test_waiting_gives_only_what_waits_sent_before_the_instant(store: Store) -> None:
    october = datetime(2024, 10, 31, 23, 59, 59, 999999, tzinfo=UTC)  # 1 November in Oslo
    november = datetime(2024, 11, 1, tzinfo=UTC)
    instants = {
        "late-october": october,
        "early-november": november,
        "signed": november,
        "resent": october - timedelta(days=1),
        "draft": None,
        "year-old": datetime(2023, 11, 1, tzinfo=UTC),  # November's 12th month back: kept
        "too-old": datetime(2023, 10, 31, 23, 59, tzinfo=UTC),  # its 13th: no longer reminded
    }
    stored = {}
    for activity_id, when in instants.items():
        draft = activity(activity_id)
        store.activities.create(draft)
        stored[activity_id] = draft if when is None else sent(draft, "sub-sara", when)
        if when is not None:
            store.activities.save(stored[activity_id])
    signed = steps.sign(stored["signed"], by="sub-sara", comment=None, now=november)
    store.activities.save(signed)
    returned = steps.give_back(stored["resent"], by="sub-sara", comment="Rett.", now=october)
    store.activities.save(returned)
    resent = sent(returned, "sub-per", datetime(2024, 12, 2, tzinfo=UTC))
    store.activities.save(resent)

    def waiting(before: datetime) -> list[str]:
        return [a.id for a in store.activities.waiting(before)]

    assert waiting(november) == ["year-old", "late-october"]  # strictly before
    assert waiting(november + timedelta(microseconds=1)) == [
        "year-old",
        "late-october",
        "early-november",
    ]
    assert waiting(datetime(2024, 10, 15, tzinfo=UTC)) == ["too-old", "year-old"]
    assert waiting(datetime(2024, 12, 9, tzinfo=UTC)) == [
        "late-october",
        "early-november",
        "resent",
    ]
    assert waiting(datetime(2025, 11, 1, tzinfo=UTC)) == ["early-november", "resent"]
    assert store.activities.waiting(datetime(2024, 12, 9, tzinfo=UTC))[2] == in_utc(resent)

    recalled = steps.recall(stored["late-october"], now=november)
    store.activities.save(recalled)
    assert waiting(datetime(2024, 12, 9, tzinfo=UTC)) == ["early-november", "resent"]


# --- DynamoDB calls ---------------------------------------------------------------------------


@dynamodb_only
def test_each_read_and_write_is_one_call(backend: Backend, store: Store) -> None:
    store.portfolios.create(portfolio(), audit=audit_of(LIS, 0))
    made = relate(store, "inv-1", "leder")
    draft = activity()
    store.activities.create(draft)
    calls = backend.guard.operations

    def counted(action: Callable[[], object]) -> list[str]:
        calls.clear()
        action()
        return list(calls)

    one_query = ["Query"]
    assert counted(lambda: store.portfolios.get(LIS)) == ["GetItem"]
    assert counted(lambda: store.portfolios.relations(LIS)) == one_query
    assert counted(lambda: store.portfolios.relations_of("sub-kari")) == one_query
    assert counted(lambda: store.portfolios.at_employer(HF)) == one_query
    assert counted(lambda: store.activities.get(LIS, "act-1")) == ["GetItem"]
    assert counted(lambda: store.activities.of_owner(LIS)) == one_query
    assert counted(lambda: store.activities.sent_to("sub-sara")) == one_query
    one_write = ["TransactWriteItems"]
    saved = replace(portfolio(), version=2)
    assert counted(lambda: store.portfolios.save(saved, audit=audit_of(LIS, 1))) == one_write
    ended = rules.end(made, by=LIS, now=at(2))
    assert counted(lambda: store.portfolios.change_relation(ended, audit=audit_of(LIS, 2))) == [
        "TransactWriteItems"
    ]
    invited = role_invitation("inv-2", "leder")
    store.invitations.create(invited)
    accepted = invitation_rules.accept(
        invited, subject="sub-ola", verified_name=invited.name, now=at(3)
    )
    assert counted(lambda: store.invitations.accept(accepted)) == one_write  # with the relation
    assert counted(lambda: store.activities.create(activity("act-2"))) == one_write
    out = sent(draft, "sub-sara", T0)
    assert counted(lambda: store.activities.save(out, audit=audit_of(LIS, 3))) == one_write
    assert counted(lambda: store.activities.waiting(T0)) == ["Query"] * 13
