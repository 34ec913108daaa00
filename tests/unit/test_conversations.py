"""Supervision conversations as pure rules: the veileder plans one, the LIS prepares, both
write the minutes, only the veileder finalises; nobody else reads or writes, and a finalised
conversation never changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from lis1.domain.portfolio import conversations as rules
from lis1.domain.portfolio.conversations import Conversation
from lis1.domain.portfolio.errors import (
    ConversationFinal,
    NotVeileder,
    OnlyLis,
    UnknownConversation,
)

NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)
LIS, VEILEDER = "lis", "anne"
OTHERS = ("leder", "supervisor", "admin", "other-veileder", "")

Change = Callable[[Conversation, str], Conversation]
CHANGES: dict[str, Change] = {
    "prepare": lambda c, who: rules.prepare(c, by=who, text="Forberedt", now=LATER),
    "minutes": lambda c, who: rules.write_minutes(c, by=who, text="Referat", now=LATER),
    "finalise": lambda c, who: rules.finalise(c, by=who, now=LATER),
}


def planned() -> Conversation:
    return rules.plan(
        conversation_id="c1",
        owner=LIS,
        veileder=VEILEDER,
        veileder_name="Anne Sæther",
        day=date(2026, 3, 9),
        topic="Vaktarbeid",
        now=NOW,
    )


def test_a_planned_conversation_is_open_and_read_by_the_two_only() -> None:
    conversation = planned()
    assert (conversation.status, conversation.version, conversation.topic) == (
        "åpen",
        1,
        "Vaktarbeid",
    )
    assert (conversation.preparation, conversation.minutes) == ("", "")
    assert conversation.readable_by(LIS) and conversation.readable_by(VEILEDER)
    assert not any(conversation.readable_by(who) for who in OTHERS)


def test_the_lis_prepares_both_write_the_minutes_each_keeping_the_other_text() -> None:
    prepared = rules.prepare(planned(), by=LIS, text="Mine spørsmål", now=NOW)
    assert (prepared.preparation, prepared.version, prepared.updated_by) == (
        "Mine spørsmål",
        2,
        LIS,
    )
    by_veileder = rules.write_minutes(prepared, by=VEILEDER, text="Vi snakket om vakter", now=LATER)
    assert (by_veileder.minutes, by_veileder.preparation) == (
        "Vi snakket om vakter",
        "Mine spørsmål",
    )
    assert (by_veileder.version, by_veileder.updated_by, by_veileder.updated_at) == (
        3,
        VEILEDER,
        LATER,
    )
    by_lis = rules.write_minutes(by_veileder, by=LIS, text="Og om kurs", now=LATER)
    assert (by_lis.minutes, by_lis.preparation, by_lis.version) == (
        "Og om kurs",
        "Mine spørsmål",
        4,
    )


def test_only_the_lis_prepares() -> None:
    with pytest.raises(OnlyLis):
        rules.prepare(planned(), by=VEILEDER, text="x", now=NOW)


def test_only_the_veileder_finalises_and_then_nothing_changes() -> None:
    with pytest.raises(NotVeileder):
        rules.finalise(planned(), by=LIS, now=LATER)
    final = rules.finalise(planned(), by=VEILEDER, now=LATER)
    assert (final.status, final.finalised_at, final.version) == ("ferdig", LATER, 2)
    for who in (LIS, VEILEDER):
        for change in CHANGES.values():
            with pytest.raises(ConversationFinal):
                change(final, who)


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("who", OTHERS)
@pytest.mark.parametrize("final", [False, True], ids=["open", "final"])
def test_to_anyone_else_a_conversation_does_not_exist(change: str, who: str, final: bool) -> None:
    """Not even whether it is finalised: the unknown comes before anything else."""
    conversation = rules.finalise(planned(), by=VEILEDER, now=NOW) if final else planned()
    with pytest.raises(UnknownConversation):
        CHANGES[change](conversation, who)
