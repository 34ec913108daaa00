"""Jobbagenter as the API answers them: the JSON model, and the values the pages show (the
filter in words, the choices of the form). Values only; the templates make the markup."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ...catalog import Catalog
from ...catalog.translations import localized
from ...domain.job_agents import HF_KINDS, AgentFilter, JobAgent
from ...i18n import _
from ...services.job_agents import filter_lines
from ...wording import long_date
from ..schemas.job_agents import JobAgentOut

FIELDS = ("period_id", "organisation", "region", "reststilling")


def agent_out(catalog: Catalog, agent: JobAgent) -> JobAgentOut:
    chosen = agent.filter
    return JobAgentOut(
        id=agent.id,
        period_id=chosen.period_id,
        organisation=chosen.organisation,
        region=chosen.region,
        reststilling=chosen.reststilling,
        description=filter_lines(catalog, chosen),
        language=agent.language,
        created_at=agent.created_at,
        last_mail_day=agent.last_mail_day,
    )


def shown(out: JobAgentOut) -> dict[str, Any]:
    """One agent as a page lists it: the filter in words and when it last mailed."""
    last = out.last_mail_day
    return {
        "id": out.id,
        "lines": out.description,
        "last_mail": long_date(last, with_weekday=False) if last else None,
    }


def form(
    catalog: Catalog,
    today: date,
    values: Mapping[str, Any] | AgentFilter | None,
    errors: Mapping[str, str],
) -> dict[str, Any]:
    """The filter form's choices, what is chosen, and the mistakes by field. Periods are those
    whose søknadsfrist has not passed (an ended one has no new ads), newest first."""
    if isinstance(values, AgentFilter):
        values = {name: getattr(values, name) for name in FIELDS}
    values = values or {}
    periods = [
        (p.id, localized(p, "name"))
        for p in reversed(catalog.periods)
        if p.application_deadline is None or p.application_deadline >= today
    ]
    return {
        "options": {
            "period_id": [("", _("Alle perioder")), *periods],
            "organisation": [("", _("Alle helseforetak"))]
            + [(o.id, o.name) for o in catalog.organisations if o.kind in HF_KINDS],
            "region": [("", _("Alle regioner"))]
            + [(o.id, o.name) for o in catalog.organisations if o.kind == "rhf"],
            "reststilling": [
                ("med", _("Ta med reststillinger")),
                ("bare", _("Bare reststillinger")),
                ("uten", _("Ikke reststillinger")),
            ],
        },
        "chosen": {name: str(values.get(name) or "") for name in FIELDS}
        | {"reststilling": str(values.get("reststilling") or "med")},
        "errors": dict(errors),
    }
