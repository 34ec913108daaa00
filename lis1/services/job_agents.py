"""Use cases of the jobbagent: a signed-in person makes, changes and stops their own agents;
whoever holds an agent's link (from its mails) sees its filter, changes or stops it without
signing in.

Who may do what: an agent is its owner's alone. Every signed-in use case takes the signed-in
person, never an owner from the request, and another person's agent answers as one that does
not exist (:class:`AgentUnknown`, 404). The link carries the agent's id and its secret token,
made with the agent (``secrets.token_urlsafe``, 256 bits) and compared in constant time; a
wrong token, a changed byte and a stopped agent all answer :class:`AgentLinkUnknown`, which says
nothing of which it was. The page a link opens shows the filter only, never who owns it or
their other agents.

Why the token is kept, not only its hash (as invitations and calendar addresses keep theirs):
every mail of the agent repeats its link, so the service must be able to write it again; the
alternative, an HMAC with a service-wide key, needs a secret the project does not have, and a
key kept in the table would protect no better. A token opens one agent's filter, nothing else.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime

from ..catalog import Catalog
from ..catalog.translations import localized
from ..domain.job_agents import (
    MAX_AGENTS,
    AgentFilter,
    JobAgent,
    RestChoice,
    TooManyAgents,
    check_filter,
)
from ..errors import NotFound
from ..i18n import N_, _, current_locale
from ..identity import Principal
from ..oslo import oslo_today
from ..secret import same_secret
from .env import Env
from .ports.store import Store
from .receipts import organisation_name

TOKEN_BYTES = 32
REST_TEXT: dict[RestChoice, str] = {
    "med": N_("Reststillinger: tatt med"),
    "bare": N_("Bare reststillinger"),
    "uten": N_("Reststillinger: ikke tatt med"),
}
LINK_PATH = "/api/jobbagent/lenke/"
TOKEN_FIELD = "kode"


class AgentUnknown(NotFound):
    code = "ukjent_jobbagent"
    message = N_("Fant ikke jobbagenten. Den kan være stoppet.")


class AgentLinkUnknown(NotFound):
    code = "ukjent_jobbagentlenke"
    message = N_(
        "Lenken virker ikke. Jobbagenten er stoppet, eller lenken er ikke hel. Logg inn og "
        "åpne Jobbagent for å se jobbagentene dine."
    )


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def link_path(agent: JobAgent) -> str:
    """The address (path and query) of the agent's own page, without signing in; the origin
    and language prefix are the caller's. The token is in the query, never the path: paths
    are logged (the local server's lines), queries are not, and forms send it in the body."""
    return f"{LINK_PATH}{agent.id}?{TOKEN_FIELD}={agent.token}"


def filter_lines(catalog: Catalog, agent_filter: AgentFilter) -> list[str]:
    """What the agent looks for, one line per field, in the current locale."""
    lines = []
    if agent_filter.reststilling != "bare":
        period = next((p for p in catalog.periods if p.id == agent_filter.period_id), None)
        shown = localized(period, "name") if period is not None else _("alle perioder")
        lines.append(_("Søknadsperiode: %(value)s") % {"value": shown})
    hf = agent_filter.organisation
    shown = organisation_name(catalog, hf) if hf else _("alle helseforetak")
    lines.append(_("Helseforetak: %(value)s") % {"value": shown})
    region = agent_filter.region
    shown = organisation_name(catalog, region) if region else _("alle regioner")
    lines.append(_("Region: %(value)s") % {"value": shown})
    lines.append(_(REST_TEXT[agent_filter.reststilling]))
    return lines


def my_agents(store: Store, *, who: Principal) -> list[JobAgent]:
    return store.job_agents.for_person(who.subject)


def create_agent(
    store: Store,
    catalog: Catalog,
    *,
    who: Principal,
    agent_filter: AgentFilter,
    env: Env,
    make_token: Callable[[], str] = new_token,
) -> JobAgent:
    """A new agent of ``who``, written in the language of the request (its mails will be)."""
    check_filter(agent_filter, catalog, oslo_today(env.now))
    agent = JobAgent(
        id=env.new_id(),
        owner=who.subject,
        filter=agent_filter,
        language=current_locale(),
        token=make_token(),
        created_at=env.now,
        updated_at=env.now,
        version=1,
    )
    try:
        store.job_agents.create(agent, limit=MAX_AGENTS)
    except TooManyAgents:
        raise TooManyAgents(
            _(
                "Du har allerede %(count)d jobbagenter, som er det høyeste antallet. Stopp en av "
                "dem før du lager en ny."
            )
            % {"count": MAX_AGENTS}
        ) from None
    return agent


def my_agent(store: Store, *, who: Principal, agent_id: str) -> JobAgent:
    agent = store.job_agents.get(agent_id)
    if agent is None or agent.owner != who.subject:
        raise AgentUnknown()
    return agent


def change_agent(
    store: Store,
    catalog: Catalog,
    *,
    who: Principal,
    agent_id: str,
    agent_filter: AgentFilter,
    now: datetime,
) -> JobAgent:
    my_agent(store, who=who, agent_id=agent_id)
    check_filter(agent_filter, catalog, oslo_today(now))
    changed = store.job_agents.change(agent_id, who.subject, agent_filter, at=now)
    if changed is None:
        raise AgentUnknown()
    return changed


def stop_agent(store: Store, *, who: Principal, agent_id: str) -> None:
    if not store.job_agents.stop(agent_id, who.subject):
        raise AgentUnknown()


def by_link(store: Store, *, agent_id: str, token: str) -> JobAgent:
    """The agent whose link this is; AgentLinkUnknown for anything else."""
    agent = store.job_agents.get(agent_id)
    if agent is None or not same_secret(token, agent.token):
        raise AgentLinkUnknown()
    return agent


def change_by_link(
    store: Store,
    catalog: Catalog,
    *,
    agent_id: str,
    token: str,
    agent_filter: AgentFilter,
    now: datetime,
) -> JobAgent:
    agent = by_link(store, agent_id=agent_id, token=token)
    check_filter(agent_filter, catalog, oslo_today(now))
    changed = store.job_agents.change(agent_id, agent.owner, agent_filter, at=now)
    if changed is None:
        raise AgentLinkUnknown()
    return changed


def stop_by_link(store: Store, *, agent_id: str, token: str) -> None:
    agent = by_link(store, agent_id=agent_id, token=token)
    if not store.job_agents.stop(agent_id, agent.owner):
        raise AgentLinkUnknown()
