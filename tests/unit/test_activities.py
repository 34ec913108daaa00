"""Learning activities as pure rules: the state machine (draft, sent, signed, returned,
recalled), the weeks an activity waits and the key of each weekly reminder, and what the LIS and
the supervisør type, checked with words by field."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from lis1.domain.portfolio import activities as rules
from lis1.domain.portfolio.activities import Activity
from lis1.domain.portfolio.errors import ActivityNotEditable, ActivityNotWaiting
from lis1.errors import InvalidInput
from lis1.services.activity_input import ActivityIn, checked, checked_comment

NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)
TODAY = date(2026, 11, 25)
CODES = frozenset({"KLS-001", "KLS-002", "FKMS-001"})


def draft() -> Activity:
    return rules.draft(
        activity_id="a1",
        owner="lis",
        kind="kurs",
        day=date(2026, 11, 20),
        description="Akuttmedisinkurs",
        goals=("KLS-001",),
        now=NOW,
    )


def sent(at: datetime = NOW, to: str = "sup") -> Activity:
    return rules.send(draft(), supervisor=to, supervisor_name="Sup Ervisør", now=at)


# --- the state machine --------------------------------------------------------------------------


def test_a_draft_is_sent_signed_and_then_settled() -> None:
    activity = sent()
    assert (activity.status, activity.supervisor, activity.version) == ("sendt", "sup", 2)
    signed = rules.sign(activity, by="sup", comment="Godt", now=NOW + timedelta(days=1))
    assert (signed.status, signed.comment, signed.version) == ("signert", "Godt", 3)
    with pytest.raises(ActivityNotEditable):
        rules.edit(signed, kind="kurs", day=signed.day, description="x", goals=signed.goals)
    with pytest.raises(ActivityNotEditable):
        rules.send(signed, supervisor="sup", supervisor_name="S", now=NOW)
    with pytest.raises(ActivityNotWaiting):
        rules.give_back(signed, by="sup", comment="Nei", now=NOW)
    with pytest.raises(ActivityNotWaiting):
        rules.recall(signed, now=NOW)


def test_a_returned_activity_is_corrected_and_sent_again_without_the_old_comment() -> None:
    returned = rules.give_back(sent(), by="sup", comment="Legg til mål", now=NOW)
    assert returned.status == "returnert" and returned.comment == "Legg til mål"
    edited = rules.edit(
        returned, kind="kurs", day=returned.day, description="Bedre", goals=("KLS-001", "KLS-002")
    )
    assert edited.status == "returnert" and edited.goals == ("KLS-001", "KLS-002")
    again = rules.send(edited, supervisor="other", supervisor_name="O", now=NOW)
    assert (again.status, again.supervisor, again.comment) == ("sendt", "other", None)


def test_only_the_supervisor_it_was_sent_to_decides_and_only_while_it_waits() -> None:
    activity = sent()
    with pytest.raises(ActivityNotWaiting):
        rules.sign(activity, by="someone-else", comment=None, now=NOW)
    with pytest.raises(ActivityNotWaiting):
        rules.sign(draft(), by="sup", comment=None, now=NOW)


def test_a_waiting_activity_is_recalled_to_a_draft_and_a_draft_cannot_be_recalled() -> None:
    recalled = rules.recall(sent(), now=NOW)
    assert recalled.status == "utkast"
    with pytest.raises(ActivityNotWaiting):
        rules.recall(recalled, now=NOW)


# --- weeks waited and the reminder keys ---------------------------------------------------------


@pytest.mark.parametrize(
    ("after", "weeks"),
    [
        (timedelta(0), 0),
        (timedelta(days=7) - timedelta(seconds=1), 0),
        (timedelta(days=7), 1),
        (timedelta(days=13, hours=23), 1),
        (timedelta(days=14), 2),
        (timedelta(days=50), 7),
    ],
)
def test_weeks_waited_are_whole_weeks_since_sending(after: timedelta, weeks: int) -> None:
    assert rules.weeks_waited(sent(), NOW + after) == weeks


def test_an_activity_that_does_not_wait_has_waited_no_weeks() -> None:
    later = NOW + timedelta(days=30)
    assert rules.weeks_waited(draft(), later) == 0
    assert rules.weeks_waited(rules.sign(sent(), by="sup", comment=None, now=NOW), later) == 0


def test_each_week_and_each_sending_has_its_own_reminder_key() -> None:
    first = sent()
    assert rules.reminder_key(first, 1) != rules.reminder_key(first, 2)
    recalled = rules.recall(first, now=NOW)
    resent = rules.send(recalled, supervisor="sup", supervisor_name="S", now=NOW + timedelta(1))
    assert rules.reminder_key(resent, 1) != rules.reminder_key(first, 1)
    assert rules.reminder_key(first, 1) == rules.reminder_key(sent(), 1)  # a rerun: the same


# --- what is typed ------------------------------------------------------------------------------


FIRST_GOALS = date(2020, 3, 1)
"""data/learning-goals/2020-03-01.yaml: in force from that day."""


def given(**changes: object) -> ActivityIn:
    values: dict[str, object] = {
        "kind": "kurs",
        "day": date(2026, 11, 20),
        "description": "  Akuttkurs  ",
        "goals": ("KLS-001", "FKMS-001", "KLS-001"),
    }
    values.update(changes)
    return ActivityIn(**values)  # type: ignore[arg-type]


def problems(activity: ActivityIn) -> dict[str, str]:
    with pytest.raises(InvalidInput) as raised:
        checked(activity, CODES, TODAY, FIRST_GOALS)
    return raised.value.fields


def test_a_good_activity_is_kept_trimmed_with_each_goal_once() -> None:
    done = checked(given(), CODES, TODAY, FIRST_GOALS)
    assert (done.description, done.goals) == ("Akuttkurs", ("KLS-001", "FKMS-001"))
    assert checked(given(day=TODAY), CODES, TODAY, FIRST_GOALS).day == TODAY


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"kind": "fest"}, "kind", "Velg hva slags aktivitet"),
        ({"kind": ""}, "kind", "Velg hva slags aktivitet"),
        ({"description": "   "}, "description", "Beskriv hva du gjorde"),
        ({"description": "x" * 2001}, "description", "høyst 2000 tegn; den har 2001"),
        ({"description": "a\u200bb\x85"}, "description", "tegn som ikke kan brukes"),
        ({"day": None}, "day", "Skriv datoen"),
        ({"day": date(2026, 11, 26)}, "day", "ikke være etter i dag"),
        ({"day": date(2020, 2, 29)}, "day", "før 1. mars 2020"),
        ({"goals": ()}, "goals", "minst ett læringsmål"),
        ({"goals": ("KLS-001", "KLS-999")}, "goals", "KLS-999 er ikke et læringsmål i planen"),
        ({"goals": ("<b>x</b>",)}, "goals", "Velg læringsmål fra planen din"),
        ({"goals": tuple(f"KLS-{n:03}" for n in range(31))}, "goals", "høyst 30"),
    ],
)
def test_each_mistake_is_named_by_its_field(
    changes: dict[str, object], field: str, words: str
) -> None:
    found = problems(given(**changes))
    assert list(found) == [field] and words in found[field], found


def test_every_mistake_is_named_at_once_in_the_order_of_the_form() -> None:
    found = problems(ActivityIn("", None, "", ()))
    assert list(found) == ["kind", "day", "description", "goals"]


def test_a_description_of_exactly_2000_characters_with_line_breaks_is_kept() -> None:
    text = ("a" * 999 + "\n") * 2
    assert checked(given(description=text), CODES, TODAY, FIRST_GOALS).description == text.strip()


def test_a_comment_is_optional_to_sign_required_to_return_and_at_most_1000() -> None:
    assert checked_comment("  ", required=False) == ""
    assert checked_comment(" Bra \n", required=True) == "Bra"
    assert checked_comment("x" * 1000, required=True) == "x" * 1000
    for text, required, words in (
        ("", True, "Skriv hva legen"),
        ("x" * 1001, False, "høyst 1000 tegn"),
        ("a\u2028b", False, "tegn som ikke kan brukes"),
    ):
        with pytest.raises(InvalidInput) as raised:
            checked_comment(text, required=required)
        assert words in raised.value.fields["comment"], text[:5]
