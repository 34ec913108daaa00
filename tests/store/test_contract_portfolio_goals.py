"""The contract of portfolio part 2, for every adapter (memory, moto, DynamoDB Local): goals on
their way to approval written only onto the version read and only while the record is in the
part read (a reopening moves the record's version on), supervision conversations written onto
the version read with an id used once, and the employer's copy of each record. Each write
carries its audit entry, and a refused one writes nothing; the DynamoDB calls are counted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, timedelta

import pytest

from lis1.domain.portfolio import approvals
from lis1.domain.portfolio import conversations as talks
from lis1.domain.portfolio.errors import ConversationChanged, GoalChanged, PortfolioChanged
from lis1.domain.portfolio.records import Employment, Move
from lis1.services.ports.store import Store
from lis1.store.schema import PK, SK

from .conftest import Backend
from .helpers import HF, KOMMUNE, dynamodb_only
from .portfolio_helpers import (
    LEDER,
    LIS,
    OTHER_LIS,
    T0,
    approved_goal,
    at,
    audit_actions,
    audit_of,
    conversation,
    conversation_in_utc,
    created,
    goal_audit,
    goal_in_utc,
    moved,
    oslo,
    portfolio,
    recommended,
    relate,
    start_kommune,
    waiting_goal,
)

# --- goals ------------------------------------------------------------------------------------


def test_a_goal_is_stored_once_and_then_only_onto_the_version_read(store: Store) -> None:
    record = created(store)
    sent, first, both, done = approved_goal()
    store.goals.save(sent, audit=goal_audit(0, "send_goal"), within=record)
    assert store.goals.get(LIS, "KLS-001") == goal_in_utc(sent)

    with pytest.raises(GoalChanged):  # a second "first" version
        store.goals.save(waiting_goal(), audit=goal_audit(1, "x"), within=record)
    store.goals.save(first, audit=goal_audit(2, "recommend_goal", actor="sub-vera"), within=record)
    with pytest.raises(GoalChanged):  # another change made from the same read
        store.goals.save(
            recommended(sent, "sub-per", "supervisør", 1), audit=goal_audit(3, "x"), within=record
        )
    with pytest.raises(GoalChanged):  # a version skipped
        store.goals.save(done, audit=goal_audit(3, "x"), within=record)
    with pytest.raises(GoalChanged):  # none stored
        store.goals.save(
            replace(sent, code="KLS-002", version=2), audit=goal_audit(3, "x"), within=record
        )
    assert store.goals.get(LIS, "KLS-001") == goal_in_utc(first)
    assert store.goals.get(LIS, "KLS-002") is None

    store.goals.save(both, audit=goal_audit(4, "recommend_goal", actor="sub-sara"), within=record)
    store.goals.save(done, audit=goal_audit(5, "approve_goal", actor=LEDER.subject), within=record)
    stored = store.goals.get(LIS, "KLS-001")
    assert stored == goal_in_utc(done)  # both recommendations and the decision, every attribute
    assert stored is not None and stored.decision is not None
    instants = [stored.sent_at, stored.decision.at, *(r.at for r in stored.recommendations)]
    assert [i.tzinfo if i else None for i in instants] == [UTC] * 4
    assert [r.kinds for r in stored.recommendations] == [("veileder",), ("supervisør",)]
    assert audit_actions(store) == [
        (LEDER.subject, "approve_goal"),
        (LIS, "create_portfolio"),
        (LIS, "send_goal"),
        ("sub-sara", "recommend_goal"),
        ("sub-vera", "recommend_goal"),
    ]


def test_the_owners_goals_by_code_and_nobody_elses(store: Store) -> None:
    record = created(store)
    other = created(store, OTHER_LIS)
    for code in ("KLS-014", "FKM-003", "KLS-001"):
        store.goals.save(waiting_goal(code), audit=goal_audit(0, "send_goal"), within=record)
    store.goals.save(
        waiting_goal("KLS-002", owner=OTHER_LIS),
        audit=goal_audit(0, "send_goal", owner=OTHER_LIS),
        within=other,
    )
    assert [g.code for g in store.goals.of_owner(LIS)] == ["FKM-003", "KLS-001", "KLS-014"]
    assert store.goals.of_owner(OTHER_LIS) == [
        goal_in_utc(waiting_goal("KLS-002", owner=OTHER_LIS))
    ]
    assert store.goals.of_owner("sub-nobody") == []
    assert store.goals.get(OTHER_LIS, "KLS-001") is None
    with pytest.raises(GoalChanged):  # a LIS without a record
        store.goals.save(
            waiting_goal(owner="sub-nobody"), audit=goal_audit(1, "x"), within=portfolio("x")
        )
    assert store.goals.of_owner("sub-nobody") == []


def test_a_goal_is_written_only_while_the_record_is_in_the_part_read(store: Store) -> None:
    record = created(store)
    sent = waiting_goal()
    store.goals.save(sent, audit=goal_audit(0, "send_goal"), within=record)
    in_kommune = start_kommune(store, record)

    recalled = approvals.recall(sent)
    with pytest.raises(GoalChanged):  # read while in the hospital
        store.goals.save(recalled, audit=goal_audit(1, "recall_goal"), within=record)
    with pytest.raises(GoalChanged):  # a first version too
        store.goals.save(waiting_goal("KLS-002"), audit=goal_audit(1, "x"), within=record)
    assert store.goals.of_owner(LIS) == [goal_in_utc(sent)]
    assert audit_actions(store) == [
        (LIS, "create_portfolio"),
        (LIS, "send_goal"),
        (LIS, "start_kommune"),
    ]
    store.goals.save(recalled, audit=goal_audit(2, "recall_goal"), within=in_kommune)
    assert store.goals.get(LIS, "KLS-001") == goal_in_utc(recalled)
    # The store says nothing about the versions of the record outside a reopening.
    assert store.portfolios.get(LIS) == in_kommune


def test_a_reopening_moves_the_records_version_on(store: Store) -> None:
    record = created(store)
    *_, done = approved_goal()
    store.goals.save(replace(done, version=1), audit=goal_audit(0, "approve_goal"), within=record)
    approved = replace(done, version=1)
    reopened = approvals.reopen(approved, by=LEDER, now=oslo(T0), comment="Mangler – «mer».")
    store.goals.save(reopened, audit=goal_audit(1, "reopen_goal"), within=record, reopens=True)
    assert store.goals.get(LIS, "KLS-001") == goal_in_utc(reopened)
    assert store.portfolios.get(LIS) == replace(record, version=2)
    (copy,) = store.portfolios.employing(KOMMUNE)
    assert copy == record  # the copy's version lags; writes read the record

    with pytest.raises(PortfolioChanged):  # the move made from the read before the reopening
        store.portfolios.save(moved(record), audit=audit_of(LIS, 5, "x"))
    again = replace(approved, version=reopened.version + 1)  # approved again
    store.goals.save(again, audit=goal_audit(2, "approve_goal"), within=record)  # no reopening
    with pytest.raises(GoalChanged):  # a reopening from the read before the first
        store.goals.save(
            approvals.reopen(again, by=LEDER, now=T0, comment="Igjen."),
            audit=goal_audit(3, "x"),
            within=record,
            reopens=True,
        )
    current = start_kommune(store, replace(record, version=2))
    with pytest.raises(GoalChanged):  # at the version read, but no longer in the hospital
        store.goals.save(
            approvals.reopen(again, by=LEDER, now=T0, comment="Igjen."),
            audit=goal_audit(3, "x"),
            within=replace(current, moved=None),
            reopens=True,
        )
    assert store.portfolios.get(LIS) == current and current.version == 3
    assert store.goals.get(LIS, "KLS-001") == goal_in_utc(again)
    assert audit_actions(store) == [
        (LIS, "approve_goal"),
        (LIS, "approve_goal"),
        (LIS, "create_portfolio"),
        (LIS, "reopen_goal"),
        (LIS, "start_kommune"),
    ]


# --- conversations ----------------------------------------------------------------------------


def test_a_conversation_is_written_onto_the_version_read_its_id_used_once(store: Store) -> None:
    planned = conversation()
    audit = goal_audit(0, "plan_conversation", actor="sub-vera")
    store.conversations.save(planned, audit=audit)
    assert store.conversations.get(LIS, "conv-1") == conversation_in_utc(planned)

    later = oslo(T0 + timedelta(hours=1))
    prepared = talks.prepare(planned, by=LIS, text="Jeg vil snakke om «vakter».\nÆØÅ", now=later)
    store.conversations.save(prepared, audit=goal_audit(1, "prepare_conversation"))
    refused = [
        talks.write_minutes(planned, by="sub-vera", text="Referat", now=later),  # same read
        planned,  # a second first version
        replace(planned, owner=OTHER_LIS),  # the id is someone else's now
        replace(prepared, version=4),  # a version skipped
        replace(conversation("conv-2"), version=2),  # none stored
    ]
    for stale in refused:
        with pytest.raises(ConversationChanged):
            store.conversations.save(stale, audit=goal_audit(2, "x"))
    assert store.conversations.of_owner(LIS) == [conversation_in_utc(prepared)]
    assert store.conversations.of_owner(OTHER_LIS) == []
    assert store.conversations.get(OTHER_LIS, "conv-1") is None

    minutes = talks.write_minutes(prepared, by="sub-vera", text="Referat: bra.", now=later)
    store.conversations.save(minutes, audit=goal_audit(3, "write_minutes", actor="sub-vera"))
    done = talks.finalise(minutes, by="sub-vera", now=oslo(T0 + timedelta(hours=2)))
    store.conversations.save(done, audit=goal_audit(4, "finalise", actor="sub-vera"))
    stored = store.conversations.get(LIS, "conv-1")
    assert stored == conversation_in_utc(done)
    assert stored is not None and stored.finalised_at is not None
    assert (stored.created_at.tzinfo, stored.finalised_at.tzinfo) == (UTC, UTC)
    assert audit_actions(store) == [
        (LIS, "prepare_conversation"),
        ("sub-vera", "finalise"),
        ("sub-vera", "plan_conversation"),
        ("sub-vera", "write_minutes"),
    ]


def test_the_owners_conversations_newest_day_first_then_newest_created(store: Store) -> None:
    days = {
        "conv-1": (date(2024, 10, 1), T0),
        "conv-2": (date(2024, 10, 20), T0),
        "conv-3": (date(2024, 10, 20), T0 + timedelta(hours=1)),
        "conv-4": (date(2024, 9, 30), T0 + timedelta(hours=2)),
        "conv-5": (date(2024, 10, 20), T0 + timedelta(hours=1)),  # same instant: by id
    }
    for conversation_id, (day, made) in days.items():
        store.conversations.save(
            conversation(conversation_id, day=day, created=made), audit=goal_audit(0, "plan")
        )
    store.conversations.save(
        conversation("conv-x", owner=OTHER_LIS), audit=goal_audit(0, "plan", owner=OTHER_LIS)
    )
    assert [c.id for c in store.conversations.of_owner(LIS)] == [
        "conv-5",
        "conv-3",
        "conv-2",
        "conv-1",
        "conv-4",
    ]
    assert [c.id for c in store.conversations.of_owner(OTHER_LIS)] == ["conv-x"]


# --- the employer's copy ----------------------------------------------------------------------


def test_the_employer_lists_each_record_employed_there_as_last_saved(store: Store) -> None:
    relate(store, "inv-1", "leder")  # a relation's copy in the same employer's partition
    record = created(store)
    other = created(store, OTHER_LIS, employments=1)
    assert store.portfolios.employing(HF) == [record, other]
    assert store.portfolios.employing(KOMMUNE) == [record]
    assert store.portfolios.employing("helse-vest") == []
    assert [r.id for r in store.portfolios.at_employer(HF)] == ["inv-1"]

    current = start_kommune(store, record)
    assert current.moved == Move("emp-2", KOMMUNE, "sub-kommune", at(5))
    assert current.moved.at.tzinfo == UTC
    assert current == replace(moved(record), updated_at=at(5), moved=current.moved)
    added = Employment(
        id="emp-3",
        arena="sykehus",
        organisation="helse-vest",
        starts=date(2026, 9, 1),
        ends=date(2026, 12, 31),
    )
    latest = replace(current, employments=(*current.employments, added), version=3)
    store.portfolios.save(latest, audit=audit_of(LIS, 6, "add_employment"))
    stored = store.portfolios.get(LIS)
    assert stored is not None and stored.moved == current.moved
    assert store.portfolios.employing(KOMMUNE) == [stored]
    assert store.portfolios.employing(HF) == [stored, other]
    assert store.portfolios.employing("helse-vest") == [stored]
    assert [r.id for r in store.portfolios.at_employer(HF)] == ["inv-1"]


# --- DynamoDB ---------------------------------------------------------------------------------


@dynamodb_only
def test_each_read_and_write_is_one_call_and_a_record_without_part_is_in_the_hospital(
    backend: Backend, store: Store
) -> None:
    record = created(store)
    client, table = backend.dynamodb, backend.table_name
    raw = client.get_item(
        TableName=table, Key={PK: {"S": f"PORTFOLIO#{LIS}"}, SK: {"S": "PORTFOLIO"}}
    )
    assert raw["Item"]["part"] == {"S": "sykehus"}
    client.update_item(  # as written before the record held its part
        TableName=table,
        Key={PK: {"S": f"PORTFOLIO#{LIS}"}, SK: {"S": "PORTFOLIO"}},
        UpdateExpression="REMOVE #part",
        ExpressionAttributeNames={"#part": "part"},
    )
    assert store.portfolios.get(LIS) == record
    calls = backend.guard.operations

    def counted(action: Callable[[], object]) -> list[str]:
        calls.clear()
        action()
        return list(calls)

    one_write = ["TransactWriteItems"]
    approved = replace(approved_goal()[-1], version=1)
    audit = goal_audit(0, "approve_goal")
    assert counted(lambda: store.goals.save(approved, audit=audit, within=record)) == one_write
    reopened = approvals.reopen(approved, by=LEDER, now=T0, comment="Igjen.")
    assert (
        counted(lambda: store.goals.save(reopened, audit=audit, within=record, reopens=True))
        == one_write
    )
    assert counted(lambda: store.goals.get(LIS, "KLS-001")) == ["GetItem"]
    assert counted(lambda: store.goals.of_owner(LIS)) == ["Query"]
    planned = conversation()
    assert counted(lambda: store.conversations.save(planned, audit=audit)) == one_write
    assert counted(lambda: store.conversations.get(LIS, "conv-1")) == ["GetItem"]
    assert counted(lambda: store.conversations.of_owner(LIS)) == ["Query"]
    assert counted(lambda: store.portfolios.employing(HF)) == ["Query"]
    assert store.goals.get(LIS, "KLS-001") == goal_in_utc(reopened)
    assert store.portfolios.get(LIS) == replace(record, version=2)
    with pytest.raises(GoalChanged):  # a record without its part is not in the kommune's
        store.goals.save(
            replace(waiting_goal("KLS-002"), part="kommune"),
            audit=audit,
            within=moved(replace(record, version=2)),
        )
    current = start_kommune(store, replace(record, version=2))
    raw = client.get_item(
        TableName=table, Key={PK: {"S": f"PORTFOLIO#{LIS}"}, SK: {"S": "PORTFOLIO"}}
    )
    assert raw["Item"]["part"] == {"S": "kommune"}
    assert store.portfolios.employing(KOMMUNE) == [current]
