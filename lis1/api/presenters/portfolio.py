"""The portfolio's pages as values: the plan in words, each employment with its people and open
invitations, and the goals by arena. Rules come from the domain; nothing here decides."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ...catalog import Catalog
from ...domain.invitations import Invitation, status_at
from ...domain.portfolio import records
from ...domain.portfolio.goals import GoalArena, PlanGoals
from ...domain.portfolio.records import Employment, Portfolio
from ...domain.portfolio.relations import (
    KIND_NAMES,
    ONE_PER_EMPLOYMENT,
    STATUS_NAMES,
    PortfolioRole,
    Relation,
    RelationKind,
)
from ...i18n import N_, _
from ...wording import long_date

ARENA_WORDS: dict[str, str] = {
    "sykehus": N_("Sykehus"),
    "psykiatri": N_("Psykiatri"),
    "kommune": N_("Kommune"),
}
INVITED_BY_LIS: tuple[RelationKind, ...] = ("leder", "veileder", "supervisør")


@dataclass
class EmploymentView:
    employment: Employment
    arena: str
    organisation: str
    people: list[dict[str, Any]] = field(default_factory=list)
    invitations: list[dict[str, Any]] = field(default_factory=list)
    may_invite: list[tuple[str, str]] = field(default_factory=list)
    """(kind, word) the LIS may still invite to here."""


def organisation_name(catalog: Catalog, organisation: str) -> str:
    try:
        return catalog.organisation(organisation).name
    except KeyError:
        return organisation


def relation_row(catalog: Catalog, relation: Relation) -> dict[str, Any]:
    return {
        "id": relation.id,
        "kind": relation.kind,
        "role": _(KIND_NAMES[relation.kind]),
        "name": relation.name,
        "status": relation.status,
        "status_words": _(STATUS_NAMES[relation.status]),
        "lis": relation.role.owner_name,
        "organisation": organisation_name(catalog, relation.role.organisation),
        "since": relation.created_at,
    }


def invitation_row(invitation: Invitation, now: datetime) -> dict[str, Any]:
    purpose = invitation.purpose
    assert isinstance(purpose, PortfolioRole)
    return {
        "id": invitation.id,
        "kind": purpose.kind,
        "role": _(KIND_NAMES[purpose.kind]),
        "name": invitation.name,
        "email": invitation.email,
        "status": status_at(invitation, now),
        "accepted_name": invitation.accepted_name,
        "expires_at": invitation.expires_at,
    }


def employments(
    catalog: Catalog,
    portfolio: Portfolio,
    relations: list[Relation],
    invitations: list[Invitation],
    now: datetime,
) -> list[EmploymentView]:
    views = []
    for employment in portfolio.employments:
        view = EmploymentView(
            employment,
            _(ARENA_WORDS[employment.arena]),
            organisation_name(catalog, employment.organisation),
        )
        here = [r for r in relations if r.role.employment_id == employment.id]
        view.people = [relation_row(catalog, r) for r in here if r.status != "avsluttet"]
        mine = [i for i in invitations if _employment(i) == employment.id]
        view.invitations = [invitation_row(i, now) for i in mine]
        busy = {r["kind"] for r in view.people} | {i["kind"] for i in view.invitations}
        view.may_invite = [
            (kind, _(KIND_NAMES[kind]))
            for kind in INVITED_BY_LIS
            if kind not in ONE_PER_EMPLOYMENT or kind not in busy
        ]
        views.append(view)
    return views


def _employment(invitation: Invitation) -> str | None:
    purpose = invitation.purpose
    return purpose.employment_id if isinstance(purpose, PortfolioRole) else None


def plan_summary(
    catalog: Catalog, portfolio: Portfolio, goals: PlanGoals, today: date
) -> dict[str, Any]:
    """The plan in words: which versions, how many goals per arena, and the transition rule
    where it applies."""
    arenas: tuple[GoalArena, ...] = ("sykehus", "psykiatri", "kommune")
    counts = {
        arena: {
            "clinical": sum(1 for g in goals.in_arena(arena) if g.kind == "klinisk"),
            "common": sum(1 for g in goals.in_arena(arena) if g.kind == "felles"),
        }
        for arena in arenas
    }
    clinical = sum(1 for g in goals.goals if g.kind == "klinisk")
    common = goals.common
    newest = catalog.common_goals[-1]
    return {
        "clinical_from": goals.clinical.in_force_from,
        "clinical_count": clinical,
        "common_count": len([g for g in goals.goals if g.kind == "felles"]) or common.count,
        "common_codes": bool(common.goals),
        "common_from": common.in_force_from,
        "common_until": common.in_force_until,
        "counts": counts,
        "psychiatry": portfolio.psychiatry,
        "hospital_start": portfolio.hospital_start,
        "old_plan": goals.common.in_force_until is not None,
        "may_move": portfolio.moved is None
        and records.may_keep_old_plan(portfolio.plan, today, newest.transition_until),
        "old_plan_until": newest.transition_until,
        "new_from": newest.in_force_from,
    }


def goal_sections(goals: PlanGoals) -> list[dict[str, Any]]:
    arenas: tuple[GoalArena, ...] = ("sykehus", "psykiatri", "kommune")
    sections = []
    for arena in arenas:
        found = goals.in_arena(arena)
        if found:
            sections.append(
                {
                    "arena": arena,
                    "title": _(ARENA_WORDS[arena]),
                    "clinical": [g for g in found if g.kind == "klinisk"],
                    "common": [g for g in found if g.kind == "felles"],
                }
            )
    return sections


def organisations_for(catalog: Catalog, arena: str) -> list[tuple[str, str]]:
    kinds = {"sykehus": ("hf", "ideell"), "kommune": ("kommune",)}[arena]
    found = sorted((o for o in catalog.organisations if o.kind in kinds), key=lambda o: o.name)
    return [(o.id, o.name) for o in found]


def period_text(employment: Employment) -> str:
    return _("%(start)s til %(end)s") % {
        "start": long_date(employment.starts, with_weekday=False),
        "end": long_date(employment.ends, with_weekday=False),
    }
