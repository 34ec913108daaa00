"""The editor's pages: find a person by name or e-mail and give them a role, see an
organisation's administrators and take a role away, read its log as a table, and follow the
invitations one has sent. The JSON routes for the same changes are in :mod:`.admin`."""

from __future__ import annotations

from ...errors import DomainError
from ...i18n import N_, _
from ...services import accounts
from ...services import invitations as invites
from ..errors import status_of
from ..inputs import id_query, notice_query, query_param
from ..pages import page
from ..pipeline import Context
from ..presenters import editor as present
from ..registry import EDITOR, HTML, Reply, Routes
from ..schemas.accounts import GrantIn

routes = Routes()

NOTICE = notice_query(list(present.NOTICES))


@routes.route(
    "GET",
    "/admin",
    summary=N_("Redaktørens side: finn en person, gi roller, følg invitasjonene"),
    access=EDITOR,
    errors=(400, 401, 403),
    media=(HTML,),
    query=(
        query_param("finn", r"[^\x00-\x1f]{0,100}", N_("forventet høyst 100 tegn"), ""),
        id_query("organisasjon", N_("Organisasjonen rollen gjelder.")),
        NOTICE,
    ),
)
def editor_home(ctx: Context) -> Reply:
    who, store, catalog = ctx.signed_in(), ctx.deps.store, ctx.deps.catalog
    text = ctx.query.get("finn", "").strip()
    people, problem = [], None
    if text:
        try:
            people = accounts.find_people(store, who=who, text=text)
        except DomainError as error:
            problem = error.message
    now = ctx.deps.clock.now()
    return page(
        ctx,
        "editor.html",
        status=400 if problem else 200,
        title=_("Roller og tilgang"),
        notice=present.notice(ctx.query),
        text=text,
        problem=problem,
        people=people,
        organisations=present.organisations(catalog),
        chosen=ctx.query.get("organisasjon", ""),
        waiting=[
            present.invitation_row(catalog, i, now)
            for i in invites.awaiting_confirmation(store, who=who)
        ],
        sent=[present.invitation_row(catalog, i, now) for i in invites.mine(store, who=who)],
        csrf=ctx.csrf,
    )


@routes.route(
    "POST",
    "/admin/roles",
    summary=N_("Gi en person administratorrollen (skjema)"),
    access=EDITOR,
    body=GrantIn,
    errors=(400, 401, 403, 404, 409),
    forms=True,
)
def grant_role_form(ctx: Context) -> Reply:
    body: GrantIn = ctx.body
    organisation, subject = body.organisation_id, body.subject
    try:
        accounts.grant_admin(
            ctx.deps.store,
            ctx.deps.catalog,
            editor=ctx.signed_in(),
            organisation_id=organisation,
            subject=subject,
            now=ctx.deps.clock.now(),
        )
    except DomainError as error:
        if not ctx.form_post:
            raise
        return organisation_page(ctx, organisation, problem=error.message, status=status_of(error))
    return _done(ctx, organisation, "gitt")


@routes.route(
    "GET",
    "/admin/organisations/{organisation_id}",
    summary=N_("En organisasjons administratorer og endringslogg"),
    access=EDITOR,
    errors=(401, 403, 404),
    media=(HTML,),
    query=(NOTICE,),
)
def organisation_home(ctx: Context) -> Reply:
    return organisation_page(ctx, ctx.params["organisation_id"], notice=present.notice(ctx.query))


def organisation_page(
    ctx: Context,
    organisation: str,
    *,
    problem: str | None = None,
    notice: str | None = None,
    status: int = 200,
) -> Reply:
    store, catalog = ctx.deps.store, ctx.deps.catalog
    admins = accounts.admins(store, catalog, organisation_id=organisation)
    entries = accounts.history(store, catalog, organisation_id=organisation)
    people = {e.actor for e in entries} | {e.detail.get("subject", "") for e in entries}
    names = {p: user.name for p in people if p and (user := store.users.get(p)) is not None}
    return page(
        ctx,
        "organisation.html",
        status=status,
        notice=notice,
        title=catalog.organisation(organisation).name,
        organisation=organisation,
        admins=admins,
        log=present.log_rows(entries, names),
        problem=problem,
        csrf=ctx.csrf,
    )


@routes.route(
    "POST",
    "/admin/organisations/{organisation_id}/admins/{subject}/revoke",
    summary=N_("Ta administratorrollen fra en person (skjema)"),
    access=EDITOR,
    errors=(401, 403, 404),
    forms=True,
)
def revoke_role_form(ctx: Context) -> Reply:
    organisation = ctx.params["organisation_id"]
    try:
        accounts.revoke_admin(
            ctx.deps.store,
            ctx.deps.catalog,
            editor=ctx.signed_in(),
            organisation_id=organisation,
            subject=ctx.params["subject"],
            now=ctx.deps.clock.now(),
        )
    except DomainError as error:
        if not ctx.form_post:
            raise
        return organisation_page(ctx, organisation, problem=error.message, status=status_of(error))
    return _done(ctx, organisation, "tatt")


def _done(ctx: Context, organisation: str, done: str) -> Reply:
    """Back to the organisation's page with a message; for a script, 204."""
    if not ctx.form_post:
        return Reply(status=204)
    where = f"/api/admin/organisations/{organisation}?melding={done}"
    return Reply(status=303, headers={"Location": where})
