"""A jobbagent opened from the link in its mail, without signing in: the page shows its filter
only (never who owns it or their other agents), and its forms change or stop it. The code from
the link is the authority: in the query to open the page, in the body of each form, never in
the path (paths are logged, queries and bodies are not). CSRF-safe without a session because the
code is the secret a forged form cannot know; a signed-in browser sends its CSRF token too."""

from __future__ import annotations

from typing import Any

from ...errors import InvalidInput
from ...i18n import N_, _
from ...services import job_agents as service
from ..inputs import notice_query, notice_text, query_param
from ..pages import page
from ..pipeline import Context
from ..presenters import job_agents as present
from ..registry import HTML, PUBLIC, Reply, Routes
from ..schemas.job_agents import JobAgentLinkIn, JobAgentOut, JobAgentStopIn, JobAgentStopped
from .job_agents import NOTICES, agent_page

routes = Routes()

CODE = query_param(
    service.TOKEN_FIELD,
    r"|[A-Za-z0-9_-]{43}",
    N_("forventet lenken fra e-posten fra jobbagenten, uendret"),
    N_("Koden fra lenken i e-posten fra jobbagenten."),
)


def _link_action(agent_id: str) -> str:
    return f"{service.LINK_PATH}{agent_id}"


@routes.route(
    "GET",
    "/jobbagent/lenke/{agent_id}",
    summary=N_("En jobbagent, åpnet fra lenken i e-posten (uten innlogging)"),
    access=PUBLIC,
    response=JobAgentOut,
    errors=(400, 404),
    media=(HTML,),
    query=(CODE, notice_query(["endret"])),
)
def open_link(ctx: Context) -> JobAgentOut | Reply:
    code = ctx.query.get(service.TOKEN_FIELD, "")
    agent = service.by_link(ctx.deps.store, agent_id=ctx.params["agent_id"], token=code)
    if not ctx.html:
        return present.agent_out(ctx.deps.catalog, agent)
    notice = notice_text(ctx.query, NOTICES)
    action = _link_action(agent.id)
    return agent_page(ctx, agent, None, {}, 200, action, code=code, notice=notice)


def _link_again(ctx: Context, values: dict[str, Any], errors: dict[str, str]) -> Reply:
    code = str(values.get(service.TOKEN_FIELD) or "")
    agent = service.by_link(ctx.deps.store, agent_id=ctx.params["agent_id"], token=code)
    return agent_page(ctx, agent, values, errors, 400, _link_action(agent.id), code=code)


@routes.route(
    "POST",
    "/jobbagent/lenke/{agent_id}",
    summary=N_("Endre filteret til en jobbagent fra lenken i e-posten (koden er fullmakten)"),
    access=PUBLIC,
    body=JobAgentLinkIn,
    response=JobAgentOut,
    errors=(400, 404),
    forms=True,
    form_page=_link_again,
)
def change_by_link(ctx: Context) -> JobAgentOut | Reply:
    body: JobAgentLinkIn = ctx.body
    agent_id = ctx.params["agent_id"]
    try:
        agent = service.change_by_link(
            ctx.deps.store,
            ctx.deps.catalog,
            agent_id=agent_id,
            token=body.kode,
            agent_filter=body.agent_filter(),
            now=ctx.deps.clock.now(),
        )
    except InvalidInput as error:
        if ctx.form_post:
            return _link_again(ctx, body.model_dump(), error.fields)
        raise
    if ctx.form_post:
        location = f"{_link_action(agent_id)}?{service.TOKEN_FIELD}={body.kode}&melding=endret"
        return Reply(status=303, headers={"Location": location})
    return present.agent_out(ctx.deps.catalog, agent)


@routes.route(
    "POST",
    "/jobbagent/lenke/{agent_id}/stopp",
    summary=N_("Stopp en jobbagent fra lenken i e-posten (koden er fullmakten)"),
    access=PUBLIC,
    body=JobAgentStopIn,
    response=JobAgentStopped,
    errors=(400, 404),
    forms=True,
)
def stop_by_link(ctx: Context) -> JobAgentStopped | Reply:
    body: JobAgentStopIn = ctx.body
    service.stop_by_link(ctx.deps.store, agent_id=ctx.params["agent_id"], token=body.kode)
    if ctx.form_post:
        return Reply(status=303, headers={"Location": "/api/jobbagent/lenke/stoppet"})
    return JobAgentStopped(stopped=True, message=_(NOTICES["stoppet"]))


@routes.route(
    "GET",
    "/jobbagent/lenke/stoppet",
    summary=N_("Kvittering: jobbagenten er stoppet"),
    access=PUBLIC,
    response=JobAgentStopped,
    media=(HTML,),
)
def stopped(ctx: Context) -> JobAgentStopped | Reply:
    out = JobAgentStopped(stopped=True, message=_(NOTICES["stoppet"]))
    if not ctx.html:
        return out
    return page(ctx, "job_agent_link_stopped.html", title=_("Jobbagenten er stoppet"))
