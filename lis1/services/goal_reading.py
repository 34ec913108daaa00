"""The learning goals on their way to approval as each person may read them, and what each may
do with them now (the changes themselves are :mod:`lis1.services.goal_approvals`).

Who reads what (the table "Who sees what"):

- the LIS: all their goals, with the recommendations, decisions and history;
- a reader of the portfolio (a confirmed leder or approver, the veileder): the same, reached
  through their relation as Veiledning names the LIS;
- a supervisør who is not a reader: one goal, and only one served by an activity they signed:
  its status and their own recommendation, never the others' words or a decision's comment.

To anyone else the portfolio does not exist (:class:`NoPortfolio`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypeAlias

from ..catalog import Catalog
from ..domain.portfolio import approvals as rules
from ..domain.portfolio.activities import Activity
from ..domain.portfolio.approvals import Decider, RecommenderKind
from ..domain.portfolio.errors import NoPortfolio, NotDecider
from ..domain.portfolio.records import Portfolio
from ..domain.portfolio.relations import Relation
from ..identity import Principal
from . import goal_approvals, portfolios
from .goal_approvals import GoalRow
from .ports.portfolios import portfolio_entity
from .ports.store import Store

Action: TypeAlias = Literal["send", "trekk", "anbefal", "godkjenn", "returner", "angre"]
GOAL_ACTIONS = frozenset(
    {"send_goal", "recall_goal", "recommend_goal", "approve_goal", "return_goal", "reopen_goal"}
)
"""The audit actions of :mod:`lis1.services.goal_approvals`."""


@dataclass(frozen=True)
class Viewer:
    """The person looking, and what they count as on this LIS's goals now."""

    subject: str
    lis: bool
    decider: Decider | None
    relations: list[Relation]
    activities: list[Activity]

    def kinds(self, code: str) -> tuple[RecommenderKind, ...]:
        return goal_approvals.kinds_among(self.relations, self.activities, self.subject, code)

    def actions(self, row: GoalRow, part: str) -> tuple[Action, ...]:
        """The changes the rules let this person make to ``row`` now."""
        here = rules.part_of(row.goal) == part
        status = row.status
        if self.lis:
            if status == "sendt":
                return ("trekk",)
            return ("send",) if here and status in ("åpen", "returnert") else ()
        found: list[Action] = []
        if status == "sendt" and self.kinds(row.goal.code):
            found.append("anbefal")
        if self.decider is not None and here:
            if status == "sendt":
                found += ["godkjenn", "returner"]
            elif status == "godkjent":
                found.append("angre")
        return tuple(found)


@dataclass(frozen=True)
class Seen:
    """A LIS's goals (all, or the one asked for) as one person may read them."""

    portfolio: Portfolio
    rows: list[GoalRow]
    viewer: Viewer
    full: bool
    """False for a supervisør who is not a reader: their own recommendation and the status."""
    relation: Relation | None = None
    """The viewer's relation that named the LIS (None for the LIS)."""


@dataclass(frozen=True)
class Event:
    """A line of a goal's history: when, who (as what), what; never the words."""

    at: datetime
    name: str
    role: str
    action: str
    status: str


def own(store: Store, catalog: Catalog, *, who: Principal, now: datetime) -> Seen:
    portfolio = portfolios.own(store, who=who)
    return _seen(store, catalog, who, portfolio, None, None, now, full=True)


def own_goal(store: Store, catalog: Catalog, *, who: Principal, code: str, now: datetime) -> Seen:
    portfolio = portfolios.own(store, who=who)
    return _seen(store, catalog, who, portfolio, None, code, now, full=True)


def of_relation(
    store: Store, catalog: Catalog, *, who: Principal, relation_id: str, now: datetime
) -> Seen:
    """All the goals of the LIS of ``who``'s relation, for a reader of the portfolio."""
    relation = relation_of(store, who, relation_id)
    readable = portfolios.readable(store, who=who, owner=relation.role.owner)
    portfolio, relations = readable.portfolio, readable.relations
    return _seen(store, catalog, who, portfolio, relation, None, now, full=True, known=relations)


def goal_of_relation(
    store: Store, catalog: Catalog, *, who: Principal, relation_id: str, code: str, now: datetime
) -> Seen:
    """One goal of the LIS of ``who``'s relation: whole for a reader; for a supervisør who
    signed an activity serving it, the status and their own recommendation."""
    relation = relation_of(store, who, relation_id)
    try:
        readable = portfolios.readable(store, who=who, owner=relation.role.owner)
    except NoPortfolio:
        portfolio = store.portfolios.get(relation.role.owner)
        if portfolio is None:
            raise
        seen = _seen(store, catalog, who, portfolio, relation, code, now, full=False)
        if "supervisør" not in seen.viewer.kinds(code):
            raise
        return seen
    portfolio, relations = readable.portfolio, readable.relations
    return _seen(store, catalog, who, portfolio, relation, code, now, full=True, known=relations)


def history(store: Store, seen: Seen, code: str) -> list[Event]:
    """The changes to goal ``code`` from the portfolio's audit entries, oldest first, each
    person named as the relations (or the record) name them."""
    names = {r.subject: r.name for r in seen.viewer.relations}
    names[seen.portfolio.owner] = seen.portfolio.owner_name
    return [
        Event(e.at, names.get(e.actor, ""), e.detail.get("rolle", ""), e.action, e.detail["status"])
        for e in store.audit.entries(portfolio_entity(seen.portfolio.owner))
        if e.action in GOAL_ACTIONS and e.detail.get("mål") == code and "status" in e.detail
    ]


def serving(seen: Seen, code: str) -> list[Activity]:
    """The LIS's activities that name goal ``code``, newest day first."""
    return [a for a in seen.viewer.activities if code in a.goals]


def blocking(seen: Seen, catalog: Catalog, now: datetime) -> list[str] | None:
    """While the record is in the hospital part, the hospital goals not yet approved (they
    keep the kommune part from starting); None once it is in the kommune."""
    if seen.portfolio.part != "sykehus":
        return None
    approvals = {r.goal.code: r.approval for r in seen.rows if r.approval is not None}
    goals = portfolios.goals_now(catalog, seen.portfolio, now)
    return [goal.code for goal in rules.blocking(goals, approvals)]


def relation_of(store: Store, who: Principal, relation_id: str) -> Relation:
    """``who``'s relation ``relation_id`` (the way Veiledning names a LIS), else NoPortfolio."""
    for relation in store.portfolios.relations_of(who.subject):
        if relation.id == relation_id:
            return relation
    raise NoPortfolio()


def _seen(
    store: Store,
    catalog: Catalog,
    who: Principal,
    portfolio: Portfolio,
    relation: Relation | None,
    code: str | None,
    now: datetime,
    *,
    full: bool,
    known: list[Relation] | None = None,
) -> Seen:
    """``known``: the portfolio's relations when the caller has read them already."""
    owner = portfolio.owner
    relations = store.portfolios.relations(owner) if known is None else known
    if code is None:
        rows = goal_approvals.rows(store, catalog, portfolio, now)
    else:
        goal = goal_approvals.plan_goal(catalog, portfolio, code, now)
        rows = [GoalRow(goal, store.goals.get(owner, code))]
    decider: Decider | None = None
    lis = owner == who.subject
    if not lis:
        try:
            decider = goal_approvals.decider(portfolio, relations, who)
        except NotDecider:
            decider = None
    activities = store.activities.of_owner(owner)
    viewer = Viewer(who.subject, lis, decider, relations, activities)
    return Seen(portfolio, rows, viewer, full, relation)
