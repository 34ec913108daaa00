"""Invitations by link: an editor invites a person by name and e-mail to an administrator role
(the link is shown once and mailed); the person opens it, signs in and accepts; if the name
they signed in with is not the one invited, the inviter confirms. See
:mod:`lis1.domain.invitations` for the rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ...domain.invitations import Invitation
from ...errors import DomainError
from ...i18n import N_, _
from ...identity import Grant
from ...services import accounts
from ...services import invitations as invites
from ...services.env import Env
from ...services.language import in_both_languages, localized_path
from ...services.ports.mail import Mail
from ..errors import status_of
from ..inputs import id_query
from ..pages import page
from ..pipeline import Context
from ..presenters import editor as present
from ..registry import EDITOR, HTML, SIGNED_IN, Reply, Routes
from ..schemas.accounts import InvitationOut, InviteIn

routes = Routes()


def _out(ctx: Context, invitation: Invitation, link: str | None = None) -> InvitationOut:
    row = present.invitation_row(ctx.deps.catalog, invitation, ctx.deps.clock.now())
    return InvitationOut(
        id=invitation.id,
        name=invitation.name,
        email=invitation.email,
        role=row["kind"],
        organisation=invitation.purpose.organisation,
        status=row["status"],
        created_at=invitation.created_at,
        expires_at=invitation.expires_at,
        link=link,
    )


@routes.route(
    "GET",
    "/admin/invitations/new",
    summary=N_("Skjema for å invitere en ny administrator"),
    access=EDITOR,
    media=(HTML,),
    query=(id_query("organisasjon", N_("Organisasjonen rollen gjelder.")),),
)
def invite_form(ctx: Context) -> Reply:
    values = {"organisation_id": ctx.query.get("organisasjon", "")}
    return _invite_again(ctx, values, {}, 200)


def _invite_again(
    ctx: Context, values: dict[str, str], errors: dict[str, str], status: int
) -> Reply:
    names = ("organisation_id", "name", "email")
    return page(
        ctx,
        "invite.html",
        status=status,
        title=_("Inviter en administrator"),
        organisations=[("", _("Velg organisasjon")), *present.organisations(ctx.deps.catalog)],
        values={name: str(values.get(name) or "") for name in names},
        errors=errors,
        csrf=ctx.csrf,
    )


@routes.route(
    "POST",
    "/admin/invitations",
    summary=N_("Inviter en person til en administratorrolle (lenken vises én gang og sendes)"),
    access=EDITOR,
    body=InviteIn,
    response=InvitationOut,
    status=201,
    errors=(400, 401, 403, 404),
    forms=True,
    form_page=lambda ctx, values, errors: _invite_again(ctx, values, errors, 400),
)
def invite(ctx: Context) -> InvitationOut | Reply:
    body: InviteIn = ctx.body
    catalog, now = ctx.deps.catalog, ctx.deps.clock.now()
    try:
        role = accounts.admin_role(catalog, body.organisation_id)
        invitation, token = invites.invite(
            ctx.deps.store,
            who=ctx.signed_in(),
            grant=Grant(role, body.organisation_id),
            name=body.name,
            email=body.email,
            env=Env(now),
        )
    except DomainError as error:
        if ctx.form_post:
            fields = error.fields or {"organisation_id": error.message}
            return _invite_again(ctx, body.model_dump(), fields, status_of(error))
        raise
    link = ctx.deps.config.public_origin + invites.link(token)
    _send(ctx, invitation, invites.link(token), now)
    out = _out(ctx, invitation, link)
    if ctx.form_post:
        row = present.invitation_row(catalog, invitation, now)
        return page(
            ctx, "invited.html", status=201, title=_("Invitasjonen er sendt"), row=row, link=link
        )
    return Reply(out, status=201)


def _send(ctx: Context, invitation: Invitation, path: str, now: datetime) -> None:
    """In both languages: nobody knows the invitee's until they have signed in."""

    def compose() -> tuple[str, str]:
        row = present.invitation_row(ctx.deps.catalog, invitation, now)
        body = _(
            "Hei {name},\n\n{inviter} har invitert deg til å bli {role} for {organisation} i "
            "LIS1.\n\nÅpne lenken, logg inn og godta invitasjonen:\n{link}\n\n"
            "Lenken virker én gang og til {expires}. Var invitasjonen ikke ment for deg, kan du se "
            "bort fra den."
        ).format(
            name=invitation.name,
            inviter=invitation.inviter_name,
            role=row["role"],
            organisation=row["organisation"],
            link=ctx.deps.config.public_origin + localized_path(path),
            expires=row["expires_at"].strftime("%d.%m.%Y"),
        )
        return _("Invitasjon til LIS1"), body

    subject, body = in_both_languages(compose)
    ctx.deps.mailer.send(Mail(to=invitation.email, subject=subject, body=body))


@routes.route(
    "POST",
    "/admin/invitations/{invitation_id}/confirm",
    summary=N_("Bekreft at den som godtok invitasjonen, er den du mente"),
    access=EDITOR,
    errors=(401, 403, 404, 409),
    forms=True,
)
def confirm(ctx: Context) -> Reply:
    return _change(ctx, invites.confirm, "bekreftet")


@routes.route(
    "POST",
    "/admin/invitations/{invitation_id}/revoke",
    summary=N_("Trekk en invitasjon tilbake"),
    access=EDITOR,
    errors=(401, 403, 404, 409),
    forms=True,
)
def revoke(ctx: Context) -> Reply:
    return _change(ctx, invites.revoke, "trukket")


def _change(ctx: Context, change: Callable[..., Invitation], done: str) -> Reply:
    invitation = change(
        ctx.deps.store,
        who=ctx.signed_in(),
        invitation_id=ctx.params["invitation_id"],
        env=Env(ctx.deps.clock.now()),
    )
    if ctx.form_post:
        return Reply(status=303, headers={"Location": f"/api/admin?melding={done}"})
    return Reply(_out(ctx, invitation))


@routes.route(
    "GET",
    "/invitasjoner/{token}",
    summary=N_("En invitasjon, slik den som har fått lenken ser den"),
    access=SIGNED_IN,
    response=InvitationOut,
    errors=(401, 404, 409),
    media=(HTML,),
)
def open_invitation(ctx: Context) -> InvitationOut | Reply:
    invitation = invites.look_up(
        ctx.deps.store, token=ctx.params["token"], now=ctx.deps.clock.now()
    )
    if not ctx.html:
        return _out(ctx, invitation)
    row = present.invitation_row(ctx.deps.catalog, invitation, ctx.deps.clock.now())
    return page(
        ctx,
        "invitation.html",
        title=_("Invitasjon til LIS1"),
        row=row,
        inviter=invitation.inviter_name,
        token=ctx.params["token"],
        csrf=ctx.csrf,
    )


@routes.route(
    "POST",
    "/invitasjoner/{token}/accept",
    summary=N_(
        "Godta invitasjonen (rollen gis med én gang, eller når den som inviterte bekrefter)"
    ),
    access=SIGNED_IN,
    response=InvitationOut,
    errors=(401, 403, 404, 409),
    forms=True,
)
def accept(ctx: Context) -> InvitationOut | Reply:
    now = ctx.deps.clock.now()
    invitation = invites.accept(
        ctx.deps.store, who=ctx.signed_in(), token=ctx.params["token"], env=Env(now)
    )
    if not ctx.form_post:
        return _out(ctx, invitation)
    row = present.invitation_row(ctx.deps.catalog, invitation, now)
    return page(ctx, "accepted.html", title=_("Invitasjonen er godtatt"), row=row)
