"""Inviting people to a portfolio: the form, the invitation (its link shown once and mailed),
confirming who accepted when the name differed, revoking, and ending a role. Accepting is the
same for every invitation (:mod:`lis1.api.routes.invitations`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...domain.invitations import Invitation
from ...domain.portfolio.relations import KIND_NAMES, PortfolioRole
from ...errors import DomainError
from ...i18n import N_, _
from ...services import invitations as invites
from ...services import portfolio_invitations as inviting
from ...services import portfolio_relations as relating
from ...services import portfolios as service
from ...services.env import Env
from ...services.language import in_both_languages, localized_path
from ...services.ports.mail import Mail
from ..errors import status_of
from ..pages import page
from ..pipeline import Context
from ..presenters import portfolio as present
from ..registry import HTML, SIGNED_IN, Reply, Routes
from ..schemas.portfolio import PortfolioInvitationOut, PortfolioInviteIn, RelationOut
from .portfolio import EMPLOYMENT_QUERY, KIND_QUERY, invitation_out, relation_out

routes = Routes()


@routes.route(
    "GET",
    "/portefolje/invitasjoner/ny",
    summary=N_("Skjema for å invitere leder, veileder eller supervisør til en ansettelse"),
    access=SIGNED_IN,
    errors=(401, 404),
    media=(HTML,),
    query=(EMPLOYMENT_QUERY, KIND_QUERY),
)
def invite_form(ctx: Context) -> Reply:
    values = {
        "employment_id": ctx.query.get("ansettelse", ""),
        "kind": ctx.query.get("rolle", "") or "supervisør",
    }
    return _invite_page(ctx, values, {}, 200)


def _invite_page(
    ctx: Context, values: dict[str, Any], errors: dict[str, str], status: int
) -> Reply:
    portfolio = service.own(ctx.deps.store, who=ctx.signed_in())
    catalog = ctx.deps.catalog
    employments = [
        (e.id, f"{present.organisation_name(catalog, e.organisation)}, {present.period_text(e)}")
        for e in portfolio.employments
    ]
    kinds = [(kind, _(KIND_NAMES[kind])) for kind in present.INVITED_BY_LIS]
    names = ("employment_id", "kind", "name", "email")
    return page(
        ctx,
        "portfolio_invite.html",
        status=status,
        title=_("Inviter til porteføljen"),
        employments=employments,
        kinds=kinds,
        values={name: str(values.get(name) or "") for name in names},
        errors=errors,
        csrf=ctx.csrf,
    )


@routes.route(
    "POST",
    "/portefolje/invitasjoner",
    summary=N_("Inviter en person til en rolle i porteføljen (lenken vises én gang og sendes)"),
    access=SIGNED_IN,
    body=PortfolioInviteIn,
    response=PortfolioInvitationOut,
    status=201,
    errors=(400, 401, 403, 404, 409),
    forms=True,
    form_page=lambda ctx, values, errors: _invite_page(ctx, values, errors, 400),
)
def invite(ctx: Context) -> PortfolioInvitationOut | Reply:
    body: PortfolioInviteIn = ctx.body
    who, now = ctx.signed_in(), ctx.deps.clock.now()
    try:
        invitation, token = inviting.invite(
            ctx.deps.store,
            who=who,
            owner=who.subject,
            employment_id=body.employment_id,
            kind=body.kind,
            name=body.name,
            email=body.email,
            env=Env(now),
        )
    except DomainError as error:
        if ctx.form_post:
            fields = error.fields or {"kind": error.message}
            return _invite_page(ctx, body.model_dump(), fields, status_of(error))
        raise
    return invited(ctx, invitation, token, now)


def invited(
    ctx: Context, invitation: Invitation, token: str, now: datetime
) -> PortfolioInvitationOut | Reply:
    """Mail the link and show it once (or answer it once, to a script)."""
    link = ctx.deps.config.public_origin + invites.link(token)
    send_invitation(ctx, invitation, invites.link(token))
    if not ctx.form_post:
        return Reply(invitation_out(invitation, ctx, link), status=201)
    purpose = invitation.purpose
    assert isinstance(purpose, PortfolioRole)
    return page(
        ctx,
        "portfolio_invited.html",
        status=201,
        title=_("Invitasjonen er sendt"),
        row=present.invitation_row(invitation, now),
        organisation=present.organisation_name(ctx.deps.catalog, purpose.organisation),
        link=link,
        back="/api/portefolje" if purpose.owner == ctx.signed_in().subject else "/api/veiledning",
    )


def send_invitation(ctx: Context, invitation: Invitation, path: str) -> None:
    """In both languages: nobody knows the invitee's until they have signed in."""
    purpose = invitation.purpose
    assert isinstance(purpose, PortfolioRole)

    def compose() -> tuple[str, str]:
        body = _(
            "Hei {name},\n\n{inviter} har invitert deg til å bli {role} for {lis}, lege i "
            "spesialisering (LIS1) ved {organisation}.\n\n"
            "Åpne lenken, logg inn og godta invitasjonen:\n{link}\n\n"
            "Lenken virker én gang og til {expires}. Du trenger ingen bruker fra før. Var "
            "invitasjonen ikke ment for deg, kan du se bort fra den."
        ).format(
            name=invitation.name,
            inviter=invitation.inviter_name,
            role=_(KIND_NAMES[purpose.kind]),
            lis=purpose.owner_name,
            organisation=present.organisation_name(ctx.deps.catalog, purpose.organisation),
            link=ctx.deps.config.public_origin + localized_path(path),
            expires=invitation.expires_at.strftime("%d.%m.%Y"),
        )
        return _("Invitasjon til LIS1-portefølje"), body

    subject, body = in_both_languages(compose)
    ctx.deps.mailer.send(Mail(to=invitation.email, subject=subject, body=body))


@routes.route(
    "POST",
    "/portefolje/invitasjoner/{invitation_id}/bekreft",
    summary=N_("Bekreft at den som godtok invitasjonen, er den du mente"),
    access=SIGNED_IN,
    response=PortfolioInvitationOut,
    errors=(401, 403, 404, 409),
    forms=True,
)
def confirm(ctx: Context) -> PortfolioInvitationOut | Reply:
    invitation = inviting.confirm(
        ctx.deps.store,
        who=ctx.signed_in(),
        invitation_id=ctx.params["invitation_id"],
        env=Env(ctx.deps.clock.now()),
    )
    return _after(ctx, invitation, "bekreftet")


@routes.route(
    "POST",
    "/portefolje/invitasjoner/{invitation_id}/trekk",
    summary=N_("Trekk tilbake en invitasjon til porteføljen"),
    access=SIGNED_IN,
    response=PortfolioInvitationOut,
    errors=(401, 403, 404, 409),
    forms=True,
)
def revoke(ctx: Context) -> PortfolioInvitationOut | Reply:
    invitation = inviting.revoke(
        ctx.deps.store,
        who=ctx.signed_in(),
        invitation_id=ctx.params["invitation_id"],
        env=Env(ctx.deps.clock.now()),
    )
    return _after(ctx, invitation, "trukket")


def _after(ctx: Context, invitation: Invitation, done: str) -> PortfolioInvitationOut | Reply:
    if ctx.form_post:
        return Reply(status=303, headers={"Location": f"/api/portefolje?melding={done}"})
    return invitation_out(invitation, ctx)


@routes.route(
    "POST",
    "/portefolje/roller/{relation_id}/avslutt",
    summary=N_("Avslutt en rolle i en portefølje (legen, arbeidsgiveren eller personen selv)"),
    access=SIGNED_IN,
    response=RelationOut,
    errors=(401, 404, 409),
    forms=True,
)
def end_relation(ctx: Context) -> RelationOut | Reply:
    who = ctx.signed_in()
    relation = relating.end(
        ctx.deps.store, who=who, relation_id=ctx.params["relation_id"], now=ctx.deps.clock.now()
    )
    if not ctx.form_post:
        return relation_out(relation)
    if relation.role.owner == who.subject:
        where = "/api/portefolje?melding=avsluttet"
    elif relation.subject == who.subject:
        where = "/api/veiledning?melding=avsluttet"
    else:
        where = "/api/arbeidsgiver/roller?melding=avsluttet"
    return Reply(status=303, headers={"Location": where})
