"""The jobbagent: a signed-in person lists, makes, changes and stops their own agents (the link
in an agent's mail, which needs no sign-in, is :mod:`.job_agent_links`). Pages for browsers,
JSON for scripts; forms work without JavaScript."""

from __future__ import annotations

from datetime import date
from typing import Any

from ...domain.job_agents import MAX_AGENTS, AgentFilter, JobAgent
from ...errors import InvalidInput
from ...i18n import N_, _
from ...oslo import oslo_today
from ...services import job_agents as service
from ...services.env import Env
from ..inputs import notice_query, notice_text
from ..pages import page
from ..pipeline import Context
from ..presenters import job_agents as present
from ..registry import HTML, SIGNED_IN, Reply, Routes
from ..schemas.job_agents import JobAgentIn, JobAgentList, JobAgentOut, JobAgentStopped

routes = Routes()

HOME = "/api/jobbagent"
NOTICES = {
    "lagret": N_("Jobbagenten er laget. Du får e-post når nye stillinger som passer, publiseres."),
    "endret": N_("Filteret er lagret."),
    "stoppet": N_("Jobbagenten er stoppet. Den sender ingen flere e-poster."),
}


def _today(ctx: Context) -> date:
    return oslo_today(ctx.deps.clock.now())


@routes.route(
    "GET",
    "/jobbagent",
    summary=N_("Jobbagentene dine, og skjema for å lage en ny"),
    access=SIGNED_IN,
    response=JobAgentList,
    errors=(401,),
    media=(HTML,),
    query=(notice_query(list(NOTICES)),),
)
def list_agents(ctx: Context) -> JobAgentList | Reply:
    mine = service.my_agents(ctx.deps.store, who=ctx.signed_in())
    out = JobAgentList(
        agents=[present.agent_out(ctx.deps.catalog, a) for a in mine], limit=MAX_AGENTS
    )
    if not ctx.html:
        return out
    return _list_page(ctx, out, None, {}, 200, notice_text(ctx.query, NOTICES))


def _list_page(
    ctx: Context,
    out: JobAgentList | None,
    values: dict[str, Any] | None,
    errors: dict[str, str],
    status: int,
    notice: str | None = None,
) -> Reply:
    who = ctx.signed_in()
    if out is None:
        mine = service.my_agents(ctx.deps.store, who=who)
        out = JobAgentList(agents=[present.agent_out(ctx.deps.catalog, a) for a in mine], limit=0)
    return page(
        ctx,
        "job_agents.html",
        status=status,
        notice=notice,
        title=_("Jobbagent"),
        email=who.email,
        agents=[present.shown(a) for a in out.agents],
        can_add=len(out.agents) < MAX_AGENTS,
        limit=MAX_AGENTS,
        form=present.form(ctx.deps.catalog, _today(ctx), values, errors),
        csrf=ctx.csrf,
    )


@routes.route(
    "POST",
    "/jobbagent",
    summary=N_("Lag en jobbagent (høyst 10 per person)"),
    access=SIGNED_IN,
    body=JobAgentIn,
    response=JobAgentOut,
    status=201,
    errors=(400, 401, 409),
    forms=True,
    form_page=lambda ctx, values, errors: _list_page(ctx, None, values, errors, 400),
)
def create_agent(ctx: Context) -> JobAgentOut | Reply:
    body: JobAgentIn = ctx.body
    try:
        agent = service.create_agent(
            ctx.deps.store,
            ctx.deps.catalog,
            who=ctx.signed_in(),
            agent_filter=body.agent_filter(),
            env=Env(ctx.deps.clock.now()),
        )
    except InvalidInput as error:
        if ctx.form_post:
            return _list_page(ctx, None, body.model_dump(), error.fields, 400)
        raise
    if ctx.form_post:
        return Reply(status=303, headers={"Location": f"{HOME}?melding=lagret"})
    return Reply(present.agent_out(ctx.deps.catalog, agent), status=201)


@routes.route(
    "GET",
    "/jobbagent/{agent_id}",
    summary=N_("Én av jobbagentene dine"),
    access=SIGNED_IN,
    response=JobAgentOut,
    errors=(401, 404),
    media=(HTML,),
)
def get_agent(ctx: Context) -> JobAgentOut | Reply:
    agent = service.my_agent(ctx.deps.store, who=ctx.signed_in(), agent_id=ctx.params["agent_id"])
    if not ctx.html:
        return present.agent_out(ctx.deps.catalog, agent)
    return agent_page(ctx, agent, None, {}, 200, f"{HOME}/{agent.id}", code=None)


def agent_page(
    ctx: Context,
    agent: JobAgent,
    values: dict[str, Any] | AgentFilter | None,
    errors: dict[str, str],
    status: int,
    action: str,
    *,
    code: str | None,
    notice: str | None = None,
) -> Reply:
    return page(
        ctx,
        "job_agent_link.html",
        status=status,
        notice=notice,
        title=_("Jobbagent"),
        agent=present.shown(present.agent_out(ctx.deps.catalog, agent)),
        form=present.form(ctx.deps.catalog, _today(ctx), values or agent.filter, errors),
        action=action,
        code=code,
        csrf=ctx.csrf,
    )


def _mine_again(ctx: Context, values: dict[str, Any], errors: dict[str, str]) -> Reply:
    agent = service.my_agent(ctx.deps.store, who=ctx.signed_in(), agent_id=ctx.params["agent_id"])
    return agent_page(ctx, agent, values, errors, 400, f"{HOME}/{agent.id}", code=None)


@routes.route(
    "POST",
    "/jobbagent/{agent_id}",
    summary=N_("Endre filteret til en av jobbagentene dine"),
    access=SIGNED_IN,
    body=JobAgentIn,
    response=JobAgentOut,
    errors=(400, 401, 404),
    forms=True,
    form_page=_mine_again,
)
def change_agent(ctx: Context) -> JobAgentOut | Reply:
    body: JobAgentIn = ctx.body
    try:
        agent = service.change_agent(
            ctx.deps.store,
            ctx.deps.catalog,
            who=ctx.signed_in(),
            agent_id=ctx.params["agent_id"],
            agent_filter=body.agent_filter(),
            now=ctx.deps.clock.now(),
        )
    except InvalidInput as error:
        if ctx.form_post:
            return _mine_again(ctx, body.model_dump(), error.fields)
        raise
    if ctx.form_post:
        return Reply(status=303, headers={"Location": f"{HOME}?melding=endret"})
    return present.agent_out(ctx.deps.catalog, agent)


@routes.route(
    "POST",
    "/jobbagent/{agent_id}/stopp",
    summary=N_("Stopp en av jobbagentene dine"),
    access=SIGNED_IN,
    response=JobAgentStopped,
    errors=(401, 404),
    forms=True,
)
def stop_agent(ctx: Context) -> JobAgentStopped | Reply:
    service.stop_agent(ctx.deps.store, who=ctx.signed_in(), agent_id=ctx.params["agent_id"])
    if ctx.form_post:
        return Reply(status=303, headers={"Location": f"{HOME}?melding=stoppet"})
    return JobAgentStopped(stopped=True, message=_(NOTICES["stoppet"]))
