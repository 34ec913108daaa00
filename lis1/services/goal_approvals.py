"""Use cases of the learning goals on their way to approval: the LIS sends and recalls, the
veileder and supervisører recommend, a leder or delegated approver decides.

Who may do what (the table "Who sees what" and :mod:`lis1.domain.portfolio.approvals`):

- the LIS sends a goal of the part the record is in, and recalls it before a decision;
- a person who counts now as the LIS's veileder, or as a supervisør who signed an activity
  serving the goal, recommends it while it waits, as themselves (their subject from the
  sign-in, never a name typed);
- a leder or approver, confirmed by the employer, of an employment in the part the record is
  in decides on that part's goals: approves (with the two recommendations), returns with a
  comment, or reopens an approval with a reason. After the move to the kommune nobody decides
  on a hospital goal, and the store refuses a decision made from a read before the move.

To a person with no relation on the portfolio, it and its goals do not exist
(:class:`NoPortfolio`). Every change is an audit entry under the portfolio: who, as what, which
goal and its status, never the words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..catalog import Catalog
from ..domain.portfolio import approvals as rules
from ..domain.portfolio.activities import Activity
from ..domain.portfolio.approvals import (
    DECIDER_KINDS,
    Decider,
    DeciderKind,
    GoalApproval,
    GoalStatus,
    Recommendation,
    RecommenderKind,
)
from ..domain.portfolio.errors import (
    CommentRequired,
    NoPortfolio,
    NotDecider,
    NotRecommender,
    UnknownGoal,
    WrongPart,
)
from ..domain.portfolio.goals import PlanGoal
from ..domain.portfolio.records import Portfolio
from ..domain.portfolio.relations import Relation, holds
from ..errors import InvalidInput
from ..i18n import _
from ..identity import Principal
from . import portfolios
from .ports.accounts import AuditEntry
from .ports.portfolios import portfolio_entity
from .ports.store import Store


@dataclass(frozen=True)
class GoalRow:
    goal: PlanGoal
    approval: GoalApproval | None

    @property
    def status(self) -> GoalStatus:
        return "åpen" if self.approval is None else self.approval.status

    @property
    def missing(self) -> tuple[RecommenderKind, ...]:
        return rules.missing(self.approval or _none(self.goal))


def _none(goal: PlanGoal) -> GoalApproval:
    return rules.fresh("", goal)


def rows(store: Store, catalog: Catalog, portfolio: Portfolio, now: datetime) -> list[GoalRow]:
    """Every goal of the plan in effect, with what was done with it."""
    stored = {g.code: g for g in store.goals.of_owner(portfolio.owner)}
    goals = portfolios.goals_now(catalog, portfolio, now)
    return [GoalRow(goal, stored.get(goal.code)) for goal in goals.goals]


def blocking(store: Store, catalog: Catalog, portfolio: Portfolio, now: datetime) -> list[str]:
    """The codes of the hospital goals not yet approved: what keeps the kommune part from
    starting in the record."""
    stored = {g.code: g for g in store.goals.of_owner(portfolio.owner)}
    goals = portfolios.goals_now(catalog, portfolio, now)
    return [goal.code for goal in rules.blocking(goals, stored)]


def plan_goal(catalog: Catalog, portfolio: Portfolio, code: str, now: datetime) -> PlanGoal:
    for goal in portfolios.goals_now(catalog, portfolio, now).goals:
        if goal.code == code:
            return goal
    raise UnknownGoal()


def current(store: Store, owner: str, goal: PlanGoal) -> GoalApproval:
    return store.goals.get(owner, goal.code) or rules.fresh(owner, goal)


# --- the LIS ----------------------------------------------------------------------------------


def send(
    store: Store, catalog: Catalog, *, who: Principal, code: str, now: datetime
) -> GoalApproval:
    portfolio = portfolios.own(store, who=who)
    goal = plan_goal(catalog, portfolio, code, now)
    if rules.part_of(goal) != portfolio.part:
        raise WrongPart()
    sent = rules.send(current(store, who.subject, goal), now=now)
    return _save(store, sent, portfolio, who.subject, "lis", "send_goal", now)


def recall(
    store: Store, catalog: Catalog, *, who: Principal, code: str, now: datetime
) -> GoalApproval:
    portfolio = portfolios.own(store, who=who)
    goal = plan_goal(catalog, portfolio, code, now)
    recalled = rules.recall(current(store, who.subject, goal))
    return _save(store, recalled, portfolio, who.subject, "lis", "recall_goal", now)


# --- the veileder and the supervisører --------------------------------------------------------


def recommender_kinds(
    store: Store, relations: list[Relation], subject: str, owner: str, code: str
) -> tuple[RecommenderKind, ...]:
    """What ``subject`` counts as for recommending goal ``code`` of ``owner`` now: the
    veileder, and a supervisør who signed an activity serving the goal."""
    return kinds_among(relations, store.activities.of_owner(owner), subject, code)


def kinds_among(
    relations: list[Relation], activities: list[Activity], subject: str, code: str
) -> tuple[RecommenderKind, ...]:
    """As :func:`recommender_kinds`, over the LIS's activities already read (a page of many
    goals reads them once)."""
    kinds: list[RecommenderKind] = []
    if holds(relations, subject, "veileder"):
        kinds.append("veileder")
    if holds(relations, subject, "supervisør") and any(
        a.status == "signert" and a.supervisor == subject and code in a.goals for a in activities
    ):
        kinds.append("supervisør")
    return tuple(kinds)


def recommend(
    store: Store,
    catalog: Catalog,
    *,
    who: Principal,
    owner: str,
    code: str,
    text: str,
    now: datetime,
) -> GoalApproval:
    portfolio, relations = _related(store, who, owner)
    goal = plan_goal(catalog, portfolio, code, now)
    kinds = recommender_kinds(store, relations, who.subject, owner, code)
    if not kinds:
        raise NotRecommender()
    words = checked_text(text, required=True, field="text")
    recommendation = Recommendation(who.subject, who.name, kinds, now, words)
    changed = rules.recommend(current(store, owner, goal), recommendation)
    return _save(store, changed, portfolio, who.subject, "+".join(kinds), "recommend_goal", now)


# --- the leder and the delegated approver ------------------------------------------------------


def decider(portfolio: Portfolio, relations: list[Relation], who: Principal) -> Decider:
    """``who`` as a confirmed leder or approver of an employment in the part the record is in."""
    arenas = {e.id: e.arena for e in portfolio.employments}
    for relation in relations:
        if (
            relation.subject == who.subject
            and relation.counts
            and relation.kind in DECIDER_KINDS
            and arenas.get(relation.role.employment_id) == portfolio.part
        ):
            role: DeciderKind = "leder" if relation.kind == "leder" else "godkjenner"
            return Decider(who.subject, who.name, role)
    raise NotDecider()


def approve(
    store: Store,
    catalog: Catalog,
    *,
    who: Principal,
    owner: str,
    code: str,
    comment: str,
    now: datetime,
) -> GoalApproval:
    goal, portfolio, by = _deciding(store, catalog, who, owner, code, now)
    text = checked_text(comment, required=False) or None
    approved = rules.approve(current(store, owner, goal), by=by, now=now, comment=text)
    return _save(store, approved, portfolio, who.subject, by.role, "approve_goal", now)


def give_back(
    store: Store,
    catalog: Catalog,
    *,
    who: Principal,
    owner: str,
    code: str,
    comment: str,
    now: datetime,
) -> GoalApproval:
    goal, portfolio, by = _deciding(store, catalog, who, owner, code, now)
    text = checked_text(comment, required=True)
    returned = rules.give_back(current(store, owner, goal), by=by, now=now, comment=text)
    return _save(store, returned, portfolio, who.subject, by.role, "return_goal", now)


def reopen(
    store: Store,
    catalog: Catalog,
    *,
    who: Principal,
    owner: str,
    code: str,
    comment: str,
    now: datetime,
) -> GoalApproval:
    goal, portfolio, by = _deciding(store, catalog, who, owner, code, now)
    text = checked_text(comment, required=True)
    reopened = rules.reopen(current(store, owner, goal), by=by, now=now, comment=text)
    return _save(store, reopened, portfolio, who.subject, by.role, "reopen_goal", now, reopens=True)


def checked_text(text: str, *, required: bool, field: str = "comment") -> str:
    """The words typed, trimmed; the errors name ``field``, the body's field they came in."""
    words = text.strip()
    if required and not words:
        raise CommentRequired(fields={field: CommentRequired().message})
    if len(words) > rules.MAX_TEXT:
        message = _("Skriv høyst {count} tegn.").format(count=rules.MAX_TEXT)
        raise InvalidInput(fields={field: message})
    return words


def _related(store: Store, who: Principal, owner: str) -> tuple[Portfolio, list[Relation]]:
    """The portfolio and its relations when ``who`` holds one that counts, else NoPortfolio."""
    portfolio = store.portfolios.get(owner)
    relations = store.portfolios.relations(owner)
    if portfolio is None or not any(r.subject == who.subject and r.counts for r in relations):
        raise NoPortfolio()
    return portfolio, relations


def _deciding(
    store: Store, catalog: Catalog, who: Principal, owner: str, code: str, now: datetime
) -> tuple[PlanGoal, Portfolio, Decider]:
    portfolio, relations = _related(store, who, owner)
    goal = plan_goal(catalog, portfolio, code, now)
    if rules.part_of(goal) != portfolio.part:
        raise WrongPart()
    return goal, portfolio, decider(portfolio, relations, who)


def _save(
    store: Store,
    goal: GoalApproval,
    portfolio: Portfolio,
    actor: str,
    role: str,
    action: str,
    now: datetime,
    *,
    reopens: bool = False,
) -> GoalApproval:
    detail = {"mål": goal.code, "rolle": role, "status": goal.status}
    audit = AuditEntry(portfolio_entity(goal.owner), now, actor, action, detail)
    store.goals.save(goal, audit=audit, within=portfolio, reopens=reopens)
    return goal
