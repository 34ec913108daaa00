"""A Hypothesis state machine over the portfolio's use cases on the in-memory store, with a
movable clock, in the world of :mod:`tests.unit.portfolio_world`: activities are signed, goals
sent, recalled, recommended and decided by anyone, relations end, another veileder comes, anyone
tries to confirm the start in the kommune, and supervision conversations are planned, written,
finalised. Every step may be refused with a DomainError. After every step (everyone tries to
read every conversation in the last check):

- an approved goal rests on a recommendation from a veileder and one from a supervisør, two
  different people, and that supervisør signed an activity serving the goal; every decision was
  made by the leder of the goal's part;
- once the record has moved to the kommune, every hospital goal is approved and its stored
  approval (status, decision, version) is exactly what it was at the move;
- every approval has its audit entry;
- a conversation is read (``get``, ``of_lis``, ``with_lis``) by the LIS, and by the veileder who
  planned it while they count as veileder, and by nobody else; no free text written (each a
  unique marker) is in an audit entry, a log record or an e-mail.

`make soak` (LIS1_SOAK=1) runs many more examples. Over 300 lines: one machine, its rules
and what it checks together.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from datetime import timedelta
from typing import ClassVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from lis1.domain.portfolio.conversations import Conversation
from lis1.domain.portfolio.errors import NoPortfolio, UnknownConversation
from lis1.domain.portfolio.relations import holds
from lis1.identity import Principal
from lis1.services import conversations
from lis1.services.ports.portfolios import portfolio_entity
from tests.unit.portfolio_world import (
    ENDABLE,
    EVERYONE,
    GOALS,
    HF_ADMIN,
    HOSPITAL_GOALS,
    KOMMUNE_ADMIN,
    KOMMUNE_GOALS,
    LEDER_H,
    LEDER_K,
    LEDERS,
    LIS,
    OUTSIDER,
    SUPERVISOR,
    VEILEDER,
    VEILEDER_2,
    World,
)

SOAK = os.environ.get("LIS1_SOAK") == "1"
codes = st.sampled_from(GOALS)
goal = st.integers(0, 9)
"""Which goal: see :meth:`PortfolioMachine.in_play`."""
how = st.sampled_from(["approve", "give_back", "reopen"])
LEDERS_BY_PART = {"sykehus": LEDER_H, "kommune": LEDER_K}
conversation = st.integers(0, 4)
"""Which of the conversations planned (modulo their number)."""
MARKER = re.compile(r"MERKE\d{4}X")
"""Every free text written holds one (:meth:`World.marker`)."""


class PortfolioMachine(RuleBasedStateMachine):
    """The rules about goals take their arguments as one tuple: Hypothesis draws a rule with
    fewer arguments more often, and these are the steps that matter most."""

    reached: ClassVar[Counter[str]] = Counter()
    """What the runs got to, across examples: a machine that never moves proves little."""

    def __init__(self) -> None:
        super().__init__()
        self.world = World(self.reached)

    def teardown(self) -> None:
        self.world.close()

    # --- activities, goals and the move ------------------------------------------------------

    @rule(
        activity=st.tuples(
            st.sampled_from([SUPERVISOR, VEILEDER]),
            st.lists(codes, min_size=1, max_size=3, unique=True),
            st.booleans(),
        )
    )
    def lis_has_an_activity_signed_or_returned(
        self, activity: tuple[Principal, list[str], bool]
    ) -> None:
        supervisor, goals, signs = activity
        self.world.sign(supervisor, tuple(goals), signs)

    @rule(sending=st.tuples(goal, st.sampled_from([False, False, True])))
    def lis_sends_or_recalls_a_goal(self, sending: tuple[int, bool]) -> None:
        pick, recall = sending
        if recall:
            self.world.send(self.in_play(pick, "sendt"), recall=True)
        else:
            self.world.send(self.in_play(pick, "åpen", "returnert", None), recall=False)

    @rule(recommendation=st.tuples(st.sampled_from([VEILEDER, SUPERVISOR, *EVERYONE]), goal))
    def someone_recommends(self, recommendation: tuple[Principal, int]) -> None:
        who, pick = recommendation
        self.world.recommend(who, self.in_play(pick, "sendt"))

    @rule(
        decision=st.tuples(
            st.sampled_from([LEDER_H, LEDER_K, LEDER_H, LEDER_K, *EVERYONE]),
            goal,
            how,
            st.sampled_from([True, True, False]),
        )
    )
    def someone_decides(self, decision: tuple[Principal, int, str, bool]) -> None:
        who, pick, how, comment = decision
        self.world.decide(who, self.in_play(pick, "sendt", "godkjent", anywhere=True), how, comment)

    @rule(decision=st.tuples(st.sampled_from(["other", "this"]), how))
    def a_leder_goes_through_the_goals(self, decision: tuple[str, str]) -> None:
        """The leder of the other part or of this part (the one the record is in) does the
        same with every goal waiting or approved, of either part."""
        which, how = decision
        who = LEDERS_BY_PART[self.part(which)]
        stored = self.world.store.goals.of_owner(LIS.subject)
        for code in [g.code for g in stored if g.status in ("sendt", "godkjent")]:
            self.world.decide(who, code, how, True)

    def in_play(self, pick: int, *statuses: str | None, anywhere: bool = False) -> str:
        """A goal with one of ``statuses`` (None: nothing stored) of the part the record is in
        (``anywhere``: of either part) if there is one, else any goal: so that most steps fall
        where they could be taken, and some where they cannot."""
        stored = {g.code: g.status for g in self.world.store.goals.of_owner(LIS.subject)}
        part = HOSPITAL_GOALS if self.world.frozen is None else KOMMUNE_GOALS
        among = GOALS if anywhere else part
        chosen = [c for c in among if stored.get(c) in statuses] or list(GOALS)
        return chosen[pick % len(chosen)]

    @initialize(
        begins=st.sampled_from(
            ["sykehus", "kommune", "sykehus", "kommune, goals waiting", "kommune, goals approved"]
        )
    )
    def the_record_begins_in(self, begins: str) -> None:
        """Most runs begin in the kommune part (the hospital part completed and the start
        confirmed), some with the kommune's goals waiting, recommended, or approved: so what
        follows the move is explored as much as what leads to it."""
        if begins != "sykehus":
            self.advance("sykehus", "approved", SUPERVISOR)
        if begins.startswith("kommune, "):
            stage = "recommended" if begins == "kommune, goals waiting" else "approved"
            self.advance("kommune", stage, SUPERVISOR)

    @rule(
        advance=st.tuples(
            st.sampled_from(["this", "other"]),
            st.sampled_from(["approved", "recommended", "sent", "approved"]),
            st.sampled_from([VEILEDER, SUPERVISOR, None, SUPERVISOR]),
        )
    )
    def a_part_advances(self, advance: tuple[str, str, Principal | None]) -> None:
        which, stage, signer = advance
        self.advance(self.part(which), stage, signer)

    def part(self, which: str) -> str:
        """The part the record is in ("this"), or the other."""
        this = "sykehus" if self.world.frozen is None else "kommune"
        return this if which == "this" else {"sykehus": "kommune", "kommune": "sykehus"}[this]

    def advance(self, part: str, stage: str, signer: Principal | None) -> None:
        """What the people around the LIS do to complete a part, up to ``stage``: an activity
        for its goals signed by ``signer`` (None: nobody), the goals sent, recommended by the
        veiledere and Jon, approved, and the kommune confirming the start after the hospital
        part (each step may still be refused). Without it a run seldom gets to the kommune
        part, or has a goal waiting when a leder decides."""
        world, goals = self.world, HOSPITAL_GOALS if part == "sykehus" else KOMMUNE_GOALS
        if signer is not None:
            world.sign(signer, goals, True)
        for code in goals:
            world.send(code)
            if stage != "sent":
                for who in (VEILEDER, VEILEDER_2, SUPERVISOR):
                    world.recommend(who, code)
            if stage == "approved":
                world.decide(LEDERS_BY_PART[part], code, "approve", False)
        if (part, stage) == ("sykehus", "approved"):
            world.confirm_start(KOMMUNE_ADMIN, "kommune")

    @rule(
        attempt=st.tuples(
            st.sampled_from([KOMMUNE_ADMIN] * 3 + [HF_ADMIN, LEDER_K, LIS, OUTSIDER]),
            st.sampled_from(["kommune", "kommune", "sykehus"]),
        )
    )
    def someone_confirms_the_start_in_the_kommune(self, attempt: tuple[Principal, str]) -> None:
        self.world.confirm_start(*attempt)

    @rule(key=st.sampled_from(ENDABLE))
    def lis_ends_a_relation(self, key: str) -> None:
        self.world.end(key)

    @rule(arena=st.sampled_from(["sykehus", "kommune"]))
    def lis_invites_another_veileder(self, arena: str) -> None:
        with self.world.step():
            self.world.relate(f"tone-{arena}", VEILEDER_2, "veileder", arena)

    @rule(hours=st.integers(1, 24 * 40))
    def time_passes(self, hours: int) -> None:
        self.world.now += timedelta(hours=hours)

    # --- conversations -----------------------------------------------------------------------

    @rule(who=st.sampled_from([VEILEDER, VEILEDER_2, LIS, SUPERVISOR, LEDER_H]))
    def someone_plans_a_conversation(self, who: Principal) -> None:
        self.world.plan(who)

    @rule()
    def a_conversation_goes_the_whole_way(self) -> None:
        """The veileder who counts plans, the LIS prepares, both write, the veileder
        finalises."""
        relations = self.world.store.portfolios.relations(LIS.subject)
        veileder = next(
            (p for p in (VEILEDER, VEILEDER_2) if holds(relations, p.subject, "veileder")), None
        )
        if veileder is not None and self.world.plan(veileder):
            for who, what in (
                (LIS, "prepare"),
                (veileder, "minutes"),
                (LIS, "minutes"),
                (veileder, "finalise"),
            ):
                self.world.write(-1, who, what, stale=False)

    @rule(
        index=conversation,
        who=st.sampled_from([LIS, VEILEDER, VEILEDER_2, SUPERVISOR, LEDER_H, OUTSIDER]),
        what=st.sampled_from(["prepare", "minutes", "finalise"]),
        stale=st.sampled_from([False, False, False, True]),
    )
    def someone_writes_in_a_conversation(
        self, index: int, who: Principal, what: str, stale: bool
    ) -> None:
        self.world.write(index, who, what, stale)

    # --- what always holds -------------------------------------------------------------------

    @invariant()
    def an_approval_rests_on_two_people_and_a_signature(self) -> None:
        store = self.world.store
        signed = {
            (a.supervisor, code)
            for a in store.activities.of_owner(LIS.subject)
            if a.status == "signert"
            for code in a.goals
        }
        for goal in store.goals.of_owner(LIS.subject):
            assert goal.part == ("sykehus" if goal.code in HOSPITAL_GOALS else "kommune"), goal
            if goal.decision is not None:
                assert (goal.decision.by, goal.decision.role) == (LEDERS[goal.part], "leder"), goal
            if goal.approved:
                veiledere = {r.by for r in goal.recommendations if "veileder" in r.kinds}
                supervisors = {
                    r.by
                    for r in goal.recommendations
                    if "supervisør" in r.kinds and (r.by, goal.code) in signed
                }
                assert veiledere <= {VEILEDER.subject, VEILEDER_2.subject}, goal
                assert any(v != s for v in veiledere for s in supervisors), goal

    @invariant()
    def the_hospital_approvals_are_settled_at_the_move(self) -> None:
        portfolio = self.world.store.portfolios.get(LIS.subject)
        frozen = self.world.frozen
        assert portfolio is not None
        assert (portfolio.moved is None) == (frozen is None)
        if frozen is not None:
            assert all(v is not None and v[0] == "godkjent" for v in frozen.values()), frozen
            assert self.world.hospital_approvals() == frozen

    @invariant()
    def every_approval_is_audited_and_no_words_leak(self) -> None:
        store = self.world.store
        entries = store.audit.entries(portfolio_entity(LIS.subject))
        audited = Counter(e.detail.get("mål", "") for e in entries if e.action == "approve_goal")
        assert audited == self.world.approved
        seen = [repr(entries), repr(self.world.mailer.sent), *self.world.logs.texts]
        leaked = MARKER.search("\n".join(seen))
        assert leaked is None, leaked

    @invariant()
    def conversations_are_read_by_the_lis_and_their_veileder_only(self) -> None:
        store, owner = self.world.store, LIS.subject
        stored = store.conversations.of_owner(owner)
        mine = conversations.of_lis(store, who=LIS)
        assert sorted(c.id for c in mine) == sorted(self.world.conversation_ids)
        relations = store.portfolios.relations(owner)
        for who in EVERYONE:
            if who is not LIS:
                assert conversations.of_lis(store, who=who) == []
            counts = bool(holds(relations, who.subject, "veileder"))
            try:
                listed = conversations.with_lis(store, who=who, owner=owner)
            except NoPortfolio:
                assert not counts, who
            else:
                assert counts, who
                assert listed == [c for c in stored if c.veileder == who.subject]
            for each in stored:
                self.check_reading(who, each, counts)

    def check_reading(self, who: Principal, stored: Conversation, counts: bool) -> None:
        """``who`` reads ``stored``: only the LIS, and its veileder while ``counts`` (they
        count as veileder), do; to anyone else it does not exist."""
        store, conversation_id = self.world.store, stored.id
        may = who is LIS or (who.subject == stored.veileder and counts)
        try:
            found = conversations.get(
                store, who=who, owner=LIS.subject, conversation_id=conversation_id
            )
        except (UnknownConversation, NoPortfolio):
            assert not may, who
        else:
            assert may, (who, stored)
            assert found == stored
            if who is not LIS:
                self.reached["read by the veileder"] += 1


def test_the_portfolio_keeps_its_rules_whatever_is_done() -> None:
    PortfolioMachine.reached.clear()
    run_state_machine_as_test(
        PortfolioMachine,
        settings=settings(
            max_examples=400 if SOAK else 40,
            derandomize=not SOAK,  # the same sequences on every run: the reach below is stable
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
    reached = PortfolioMachine.reached
    for what in (
        "moved",
        "approved in the sykehus",
        "approved in the kommune",
        "finalised",
        "read by the veileder",
    ):
        assert reached[what] > 0, reached
