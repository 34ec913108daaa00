"""Jobbagenter (job alerts) as pure rules: a saved filter of ads, which published ads match it,
which of them an agent has still to tell its owner about, and whether its mail is due today.

A filter names at most one application period, one HF and one region, and how reststillinger
count: included (``med``), only (``bare``) or left out (``uten``). A reststilling belongs to no
period, so a period in the filter narrows the ordinary ads only; with ``bare`` no period may be
chosen. An agent tells of an ad once: published after the agent was made (an agent announces
what is new, the ad list shows what is there), still taking applications, matching, and not told
before. At most one mail per agent and Oslo day (:func:`mail_due`). Nothing here reads a clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from ..catalog import Catalog
from ..errors import Conflict, DomainError, InvalidInput
from ..i18n import N_, _
from ..oslo import oslo_today
from .ads import Ad, application_window, organisation_of

RestChoice = Literal["med", "bare", "uten"]
REST_CHOICES: tuple[RestChoice, ...] = ("med", "bare", "uten")
MAX_AGENTS = 10
"""Agents per person (our bound: enough for every combination worth a mail)."""
TOLD_KEPT = timedelta(days=30)
"""An ad told about is remembered until this long after its søknadsfrist has ended (so a
søknadsfrist moved in data a little later cannot bring it back)."""
HF_KINDS = frozenset({"hf", "ideell"})


@dataclass(frozen=True)
class AgentFilter:
    period_id: str | None
    """An ordinary application period (None: every period)."""
    organisation: str | None
    """One HF (None: every HF)."""
    region: str | None
    """One regional health authority's id, as the organisations data names it (None: all)."""
    reststilling: RestChoice = "med"


@dataclass(frozen=True)
class JobAgent:
    id: str
    owner: str
    """The person's subject; never shown on the signed link's page."""
    filter: AgentFilter
    language: str
    """The locale the agent was made in: its mails are written in it."""
    token: str
    """The secret of the agent's link in every mail (see :mod:`lis1.services.job_agents`)."""
    created_at: datetime
    updated_at: datetime
    version: int
    """Counts every change, the job's records included: the job's write is conditional on it."""
    last_mail_day: date | None = None
    """The Oslo day of the last mail."""
    told: frozenset[str] = frozenset()
    """Ids of the ads already told about (forgotten :data:`TOLD_KEPT` after they closed)."""


class TooManyAgents(Conflict):
    code = "for_mange_jobbagenter"
    message = N_(
        "Du har så mange jobbagenter som en person kan ha. Stopp en av dem før du lager en ny."
    )


def region_of(catalog: Catalog, organisation_id: str) -> str | None:
    found = organisation_of(catalog, organisation_id)
    return found.region if found is not None else None


def check_filter(agent_filter: AgentFilter, catalog: Catalog, today: date) -> None:
    """InvalidInput naming each field that cannot be used: an unknown (or ended) period, HF or
    region, an HF outside the region chosen, or a period with only reststillinger."""
    problems: dict[str, str] = {}
    period_id, hf, region = agent_filter.period_id, agent_filter.organisation, agent_filter.region
    if period_id is not None:
        period = next((p for p in catalog.periods if p.id == period_id), None)
        if period is None:
            problems["period_id"] = _("Søknadsperioden finnes ikke. Velg en fra listen.")
        elif period.application_deadline is not None and period.application_deadline < today:
            problems["period_id"] = _(
                "Søknadsfristen for %(period)s er ute, så det kommer ingen nye annonser der. "
                "Velg en senere periode, eller alle perioder."
            ) % {"period": period.name}
        elif agent_filter.reststilling == "bare":
            problems["period_id"] = _(
                "Reststillinger hører ikke til en søknadsperiode. Velg «Alle perioder», eller "
                "ta med ordinære stillinger."
            )
    if hf is not None:
        found = organisation_of(catalog, hf)
        if found is None or found.kind not in HF_KINDS:
            problems["organisation"] = _("Helseforetaket finnes ikke. Velg et fra listen.")
    if region is not None:
        if not any(o.id == region and o.kind == "rhf" for o in catalog.organisations):
            problems["region"] = _("Regionen finnes ikke. Velg en fra listen.")
        elif hf is not None and "organisation" not in problems and region_of(catalog, hf) != region:
            problems["organisation"] = _(
                "Helseforetaket ligger ikke i regionen du valgte. Velg et annet helseforetak, "
                "eller alle helseforetak."
            )
    if problems:
        raise InvalidInput(
            _("Filteret kan ikke brukes. Se feltene som er markert."), fields=problems
        )


def matches(agent_filter: AgentFilter, ad: Ad, ad_region: str | None) -> bool:
    """Whether the published ``ad`` (whose HF is in ``ad_region``) fits the filter."""
    content = ad.content
    if ad.status != "publisert":
        return False
    if agent_filter.organisation is not None and content.organisation != agent_filter.organisation:
        return False
    if agent_filter.region is not None and ad_region != agent_filter.region:
        return False
    if content.reststilling:
        return agent_filter.reststilling != "uten"
    if agent_filter.reststilling == "bare":
        return False
    return agent_filter.period_id is None or content.period_id == agent_filter.period_id


@dataclass(frozen=True)
class Published:
    """A published ad with what every agent asks of it, worked out once per run."""

    ad: Ad
    region: str | None
    """The region of the ad's HF."""
    closes: datetime
    """When it stops taking applications."""


def published(ads: Iterable[Ad], catalog: Catalog) -> list[Published]:
    """The published ads among ``ads`` whose søknadsfrist can be told."""
    found = []
    for ad in ads:
        if ad.status != "publisert" or ad.published_at is None:
            continue
        try:
            closes = application_window(ad.content, catalog, ad.published_at)[1]
        except DomainError:
            continue
        found.append(Published(ad, region_of(catalog, ad.content.organisation), closes))
    return found


def new_for(agent: JobAgent, ads: Iterable[Published], now: datetime) -> list[Ad]:
    """The ads the agent has still to tell of at ``now``, oldest publication first."""
    found = [
        p.ad
        for p in ads
        if p.ad.id not in agent.told
        and p.ad.published_at is not None
        and p.ad.published_at >= agent.created_at
        and now < p.closes
        and matches(agent.filter, p.ad, p.region)
    ]
    return sorted(found, key=lambda ad: (ad.published_at or now, ad.id))


def still_told(agent: JobAgent, ads: Iterable[Published], now: datetime) -> frozenset[str]:
    """The ids to remember: all but those of ads closed :data:`TOLD_KEPT` ago (an id whose ad
    was not read is kept)."""
    forgotten = {p.ad.id for p in ads if p.closes + TOLD_KEPT <= now}
    return agent.told - forgotten


def mail_due(agent: JobAgent, now: datetime) -> bool:
    """No mail yet on the Oslo day of ``now``: one mail per agent per day at most."""
    return agent.last_mail_day is None or agent.last_mail_day < oslo_today(now)
