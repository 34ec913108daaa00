"""The standard report of a portfolio and its progress, as one set of values every format is
made from (page, PDF, CSV, JSON), so they cannot disagree with each other or with the record.

The report proves what is done: approved goals (who approved them, as what, when) and signed
activities (who signed them, when). It names the LIS by name and HPR number only, and holds no
recommendation text, comment or supervision conversation. Who may ask for it is who may read the
portfolio (:mod:`lis1.services.goal_reading`): the LIS, and through their relation a confirmed
leder or approver and the veileder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..catalog import Catalog
from ..catalog.goal_models import CommonGoalVersion
from ..domain.portfolio.errors import NoPortfolio
from ..domain.portfolio.goals import GoalArena
from ..domain.portfolio.progress import Progress, progress
from ..domain.portfolio.records import Part
from ..domain.portfolio.relations import Relation
from ..identity import Principal
from . import goal_reading as reading
from .goal_reading import Seen
from .portfolios import goals_now
from .ports.store import Store
from .receipts import organisation_name


@dataclass(frozen=True)
class EmploymentLine:
    arena: str
    organisation: str
    organisation_name: str
    starts: date
    ends: date


@dataclass(frozen=True)
class ApprovedGoal:
    code: str
    arena: GoalArena
    text: str | None
    approved_at: datetime
    approved_by: str
    """The name of the leder or approver who approved it."""
    role: str


@dataclass(frozen=True)
class SignedActivity:
    day: date
    kind: str
    description: str
    goals: tuple[str, ...]
    signed_by: str
    signed_at: datetime


@dataclass(frozen=True)
class Report:
    owner: str
    lis_name: str
    hpr: str | None
    employments: tuple[EmploymentLine, ...]
    clinical_catalogue: str
    common_catalogue: str
    part: Part
    made_at: datetime
    goals: tuple[ApprovedGoal, ...]
    activities: tuple[SignedActivity, ...]
    progress: Progress
    common_not_tracked: int
    """Common goals of the plan that have no published codes (the old plan's): not followed one
    by one here, so not in the counts either."""


def own(store: Store, catalog: Catalog, *, who: Principal, now: datetime) -> Report:
    return of_seen(catalog, reading.own(store, catalog, who=who, now=now), now)


def of_relation(
    store: Store, catalog: Catalog, *, who: Principal, relation_id: str, now: datetime
) -> Report:
    seen = reading.of_relation(store, catalog, who=who, relation_id=relation_id, now=now)
    return of_seen(catalog, seen, now)


def overview(
    store: Store, catalog: Catalog, *, who: Principal, now: datetime
) -> list[tuple[Relation, Report]]:
    """Every LIS whose portfolio ``who`` reads (once each, by the first relation that lets
    them), by name: a supervisør only, or a leder the employer has not confirmed, reads none."""
    found: dict[str, tuple[Relation, Report]] = {}
    for relation in store.portfolios.relations_of(who.subject):
        if relation.role.owner in found or not relation.counts:
            continue
        try:
            report = of_relation(store, catalog, who=who, relation_id=relation.id, now=now)
        except NoPortfolio:
            continue
        found[relation.role.owner] = (relation, report)
    return sorted(found.values(), key=lambda pair: pair[1].lis_name)


def progress_of(seen: Seen, catalog: Catalog, now: datetime) -> Progress:
    approvals = {r.goal.code: r.approval for r in seen.rows if r.approval is not None}
    return progress(
        (r.goal for r in seen.rows),
        approvals,
        seen.viewer.activities,
        reading.blocking(seen, catalog, now),
    )


def of_seen(catalog: Catalog, seen: Seen, now: datetime) -> Report:
    """The report of a portfolio read in full (``seen.full``)."""
    portfolio = seen.portfolio
    goals = tuple(
        ApprovedGoal(
            code=row.goal.code,
            arena=row.goal.arena,
            text=row.goal.text,
            approved_at=row.approval.decision.at,
            approved_by=row.approval.decision.name,
            role=row.approval.decision.role,
        )
        for row in seen.rows
        if row.approval is not None
        and row.approval.status == "godkjent"
        and row.approval.decision is not None
    )
    activities = tuple(
        SignedActivity(
            day=a.day,
            kind=a.kind,
            description=a.description,
            goals=a.goals,
            signed_by=a.supervisor_name or "",
            signed_at=a.decided_at or a.created_at,
        )
        for a in sorted(seen.viewer.activities, key=lambda a: (a.day, a.id))
        if a.status == "signert"
    )
    return Report(
        owner=portfolio.owner,
        lis_name=portfolio.owner_name,
        hpr=portfolio.hpr,
        employments=tuple(
            EmploymentLine(
                e.arena,
                e.organisation,
                organisation_name(catalog, e.organisation),
                e.starts,
                e.ends,
            )
            for e in sorted(portfolio.employments, key=lambda e: e.starts)
        ),
        clinical_catalogue=portfolio.plan.clinical,
        common_catalogue=portfolio.plan.common,
        part=portfolio.part,
        made_at=now,
        goals=goals,
        activities=activities,
        progress=progress_of(seen, catalog, now),
        common_not_tracked=_not_tracked(goals_now(catalog, portfolio, now).common),
    )


def _not_tracked(common: CommonGoalVersion) -> int:
    return 0 if common.goals else common.count
