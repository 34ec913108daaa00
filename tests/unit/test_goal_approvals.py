"""Learning goals on their way to approval as pure rules: sending, recalling, recommending and
deciding, the recommendation rule (:func:`missing`: a veileder and a supervisør, two different
people), the goals that block the kommune part, and the move of the record to the kommune."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import pytest

from lis1.domain.portfolio import approvals as rules
from lis1.domain.portfolio import records
from lis1.domain.portfolio.approvals import (
    Decider,
    GoalApproval,
    GoalStatus,
    Recommendation,
    RecommenderKind,
)
from lis1.domain.portfolio.errors import (
    AlreadyMoved,
    GoalNotApproved,
    GoalNotOpen,
    GoalNotWaiting,
    GoalSettled,
    KommuneBlocked,
    MissingRecommendations,
    NotKommuneEmployment,
    UnknownEmployment,
)
from lis1.domain.portfolio.goals import GoalArena, PlanGoal, PlanGoals
from lis1.domain.portfolio.records import Employment, Plan, Portfolio

NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)
LEDER = Decider("leder", "Per Aas", "leder")
GOAL = PlanGoal("KLS-001", "sykehus", "klinisk", None)


def goal(status: GoalStatus = "åpen", *recommendations: Recommendation) -> GoalApproval:
    return replace(
        rules.fresh("lis", GOAL), status=status, recommendations=recommendations, version=3
    )


def by(person: str, *kinds: RecommenderKind, text: str = "Anbefales") -> Recommendation:
    return Recommendation(person, person.title(), kinds, NOW, text)


VEILEDER = by("anne", "veileder")
SUPERVISOR = by("jon", "supervisør")
BOTH = by("anne", "veileder", "supervisør")


# --- the state changes -------------------------------------------------------------------------


def test_a_goal_is_sent_recommended_and_approved_and_then_settled() -> None:
    sent = rules.send(rules.fresh("lis", GOAL), now=NOW)
    assert (sent.status, sent.sent_at, sent.version, sent.part) == ("sendt", NOW, 1, "sykehus")
    recommended = rules.recommend(rules.recommend(sent, VEILEDER), SUPERVISOR)
    assert recommended.version == 3 and recommended.recommendations == (VEILEDER, SUPERVISOR)
    later = NOW + timedelta(days=1)
    approved = rules.approve(recommended, by=LEDER, now=later, comment=None)
    assert approved.approved and approved.version == 4
    assert approved.decision == rules.Decision("godkjent", "leder", "Per Aas", "leder", later, None)
    with pytest.raises(GoalSettled):
        rules.send(approved, now=later)
    for change in (rules.recall, lambda g: rules.recommend(g, VEILEDER)):
        with pytest.raises(GoalNotWaiting):
            change(approved)
    with pytest.raises(GoalNotWaiting):
        rules.approve(approved, by=LEDER, now=later, comment=None)
    with pytest.raises(GoalNotWaiting):
        rules.give_back(approved, by=LEDER, now=later, comment="Nei")


@pytest.mark.parametrize("status", ["åpen", "returnert"])
def test_an_open_or_returned_goal_is_sent_and_a_waiting_one_is_not_sent_twice(
    status: GoalStatus,
) -> None:
    sent = rules.send(goal(status, VEILEDER), now=NOW)
    assert (sent.status, sent.version, sent.recommendations) == ("sendt", 4, (VEILEDER,))
    with pytest.raises(GoalNotOpen):
        rules.send(sent, now=NOW)


def test_a_recalled_goal_keeps_its_recommendations_and_is_sent_again() -> None:
    recalled = rules.recall(goal("sendt", VEILEDER, SUPERVISOR))
    assert (recalled.status, recalled.version) == ("åpen", 4)
    assert recalled.recommendations == (VEILEDER, SUPERVISOR)
    assert rules.send(recalled, now=NOW).status == "sendt"


@pytest.mark.parametrize("status", ["åpen", "returnert", "godkjent"])
def test_only_a_waiting_goal_is_recalled_recommended_approved_or_returned(
    status: GoalStatus,
) -> None:
    settled = goal(status, VEILEDER, SUPERVISOR)
    with pytest.raises(GoalNotWaiting):
        rules.recall(settled)
    with pytest.raises(GoalNotWaiting):
        rules.recommend(settled, VEILEDER)
    with pytest.raises(GoalNotWaiting):
        rules.approve(settled, by=LEDER, now=NOW, comment=None)
    with pytest.raises(GoalNotWaiting):
        rules.give_back(settled, by=LEDER, now=NOW, comment="Mer trening")


def test_a_goal_given_back_is_the_lis_s_again_with_the_comment() -> None:
    returned = rules.give_back(goal("sendt"), by=LEDER, now=NOW, comment="Mer trening")
    assert (returned.status, returned.version) == ("returnert", 4)
    assert returned.decision is not None
    assert (returned.decision.kind, returned.decision.comment) == ("returnert", "Mer trening")


def test_an_approval_is_reopened_with_a_reason_and_only_an_approval() -> None:
    reopened = rules.reopen(goal("godkjent"), by=LEDER, now=NOW, comment="Feil mål")
    assert (reopened.status, reopened.version) == ("returnert", 4)
    assert reopened.decision is not None
    assert (reopened.decision.kind, reopened.decision.comment) == ("gjenåpnet", "Feil mål")
    for status in ("åpen", "sendt", "returnert"):
        with pytest.raises(GoalNotApproved):
            rules.reopen(goal(status), by=LEDER, now=NOW, comment="Feil mål")


def test_an_approval_without_the_recommendations_is_refused_naming_what_lacks() -> None:
    with pytest.raises(MissingRecommendations) as refused:
        rules.approve(goal("sendt", BOTH), by=LEDER, now=NOW, comment=None)
    assert refused.value.lacking == ("supervisør",)
    assert refused.value.code == "mangler_anbefaling"
    assert "fra en supervisør" in refused.value.message
    assert "fra veilederen" not in refused.value.message
    with pytest.raises(MissingRecommendations) as none:
        rules.approve(goal("sendt"), by=LEDER, now=NOW, comment=None)
    assert none.value.lacking == ("veileder", "supervisør")
    assert "fra veilederen og en anbefaling fra en supervisør" in none.value.message


# --- the recommendation rule -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "lacking"),
    [
        pytest.param((), ("veileder", "supervisør"), id="none"),
        pytest.param((VEILEDER,), ("supervisør",), id="only-veileder"),
        pytest.param((SUPERVISOR,), ("veileder",), id="only-supervisor"),
        pytest.param(
            (by("jon", "supervisør"), by("ida", "supervisør")), ("veileder",), id="two-sup"
        ),
        pytest.param((BOTH,), ("supervisør",), id="one-person-as-both"),
        pytest.param((VEILEDER, SUPERVISOR), (), id="two-people"),
        pytest.param((BOTH, SUPERVISOR), (), id="both-and-a-supervisor"),
        pytest.param((VEILEDER, BOTH), ("supervisør",), id="same-person-replaced"),
        pytest.param((by("ida", "veileder"), BOTH), (), id="two-veiledere-one-also-sup"),
    ],
)
def test_missing_counts_each_person_once(
    given: tuple[Recommendation, ...], lacking: tuple[RecommenderKind, ...]
) -> None:
    recommended = rules.send(rules.fresh("lis", GOAL), now=NOW)
    for recommendation in given:
        recommended = rules.recommend(recommended, recommendation)
    assert rules.missing(recommended) == lacking


def test_a_person_s_second_recommendation_replaces_the_first() -> None:
    first = rules.recommend(goal("sendt", SUPERVISOR), by("anne", "veileder", text="Første"))
    second = rules.recommend(first, by("anne", "supervisør", text="Andre"))
    assert [(r.by, r.text) for r in first.recommendations] == [
        ("jon", "Anbefales"),
        ("anne", "Første"),
    ]
    assert [(r.by, r.text) for r in second.recommendations] == [
        ("jon", "Anbefales"),
        ("anne", "Andre"),
    ]
    assert rules.missing(first) == () and rules.missing(second) == ("veileder",)


# --- what blocks the kommune part -------------------------------------------------------------


def plan_goals(*arenas: tuple[str, GoalArena]) -> PlanGoals:
    """A plan of these goals only (:func:`blocking` reads nothing else of it)."""
    goals = tuple(PlanGoal(code, arena, "klinisk", None) for code, arena in arenas)
    return PlanGoals(goals, cast(Any, None), cast(Any, None))


PLAN = plan_goals(
    ("KLS-001", "sykehus"),
    ("KLP-001", "psykiatri"),
    ("FKMS-001", "sykehus"),
    ("KLK-001", "kommune"),
    ("FKMK-001", "kommune"),
)


def stored(code: str, status: GoalStatus) -> GoalApproval:
    return replace(goal(status), code=code)


def test_part_of_a_goal() -> None:
    assert [rules.part_of(g) for g in PLAN.goals] == [
        "sykehus",
        "sykehus",
        "sykehus",
        "kommune",
        "kommune",
    ]


def test_hospital_and_psychiatry_goals_block_until_approved_kommune_goals_never() -> None:
    assert [g.code for g in rules.blocking(PLAN, {})] == ["KLS-001", "KLP-001", "FKMS-001"]
    approvals = {"KLS-001": stored("KLS-001", "godkjent")}
    assert [g.code for g in rules.blocking(PLAN, approvals)] == ["KLP-001", "FKMS-001"]
    every = {g.code: stored(g.code, "godkjent") for g in PLAN.goals if g.arena != "kommune"}
    assert rules.blocking(PLAN, every) == []


@pytest.mark.parametrize("status", ["åpen", "sendt", "returnert"])
def test_a_goal_not_approved_blocks_whatever_was_done_with_it(status: GoalStatus) -> None:
    approvals = {g.code: stored(g.code, "godkjent") for g in PLAN.goals}
    approvals["KLP-001"] = stored("KLP-001", status)
    assert [g.code for g in rules.blocking(PLAN, approvals)] == ["KLP-001"]


# --- the move to the kommune ------------------------------------------------------------------


def portfolio() -> Portfolio:
    return Portfolio(
        owner="lis",
        owner_name="Lise Dahl",
        created_at=NOW,
        plan=Plan(clinical="2020-03-01", common="2025-09-01", old_common=False),
        employments=(
            Employment("h", "sykehus", "helse-bergen", date(2025, 9, 1), date(2026, 8, 31)),
            Employment("k", "kommune", "bergen-kommune", date(2026, 9, 1), date(2027, 2, 28)),
        ),
        version=4,
    )


def test_the_record_moves_to_the_kommune_once_nothing_blocks() -> None:
    assert portfolio().part == "sykehus"
    moved = records.move_to_kommune(portfolio(), "k", by="kadmin", now=NOW, blocking=[])
    assert moved.part == "kommune" and (moved.version, moved.updated_at) == (5, NOW)
    assert moved.moved == records.Move("k", "bergen-kommune", "kadmin", NOW)


def test_the_move_is_refused_counting_the_blocking_goals_without_naming_them() -> None:
    """The kommune's administrator reads this message; the goals are not theirs to read."""
    with pytest.raises(KommuneBlocked) as refused:
        records.move_to_kommune(
            portfolio(), "k", by="kadmin", now=NOW, blocking=["KLS-001", "KLP-007"]
        )
    assert refused.value.count == 2
    assert refused.value.code == "sykehusmål_ikke_godkjent"
    assert "Ikke godkjent ennå: 2 mål." in refused.value.message
    assert "KLS-001" not in refused.value.message and "KLP-007" not in refused.value.message


@pytest.mark.parametrize(
    ("employment_id", "error"), [("h", NotKommuneEmployment), ("x", UnknownEmployment)]
)
def test_the_move_is_only_to_a_kommune_employment_of_the_record(
    employment_id: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        records.move_to_kommune(portfolio(), employment_id, by="kadmin", now=NOW, blocking=[])


def test_a_record_moves_once() -> None:
    moved = records.move_to_kommune(portfolio(), "k", by="kadmin", now=NOW, blocking=[])
    for employment_id, blocking in (("k", []), ("h", ["KLS-001"])):
        with pytest.raises(AlreadyMoved):
            records.move_to_kommune(moved, employment_id, by="kadmin", now=NOW, blocking=blocking)
