"""Editors grant and revoke the administrator roles of HF and kommuner; every change is recorded."""

from __future__ import annotations

from ...i18n import N_
from ...services import accounts
from ..pipeline import Context
from ..registry import EDITOR, Routes
from ..schemas.accounts import AdminList, AdminOut, AuditList, AuditOut

routes = Routes()


@routes.route(
    "GET",
    "/admin/organisations/{organisation_id}/admins",
    summary=N_("Administratorene for et helseforetak eller en kommune"),
    access=EDITOR,
    response=AdminList,
    errors=(401, 403, 404),
)
def list_admins(ctx: Context) -> AdminList:
    org = ctx.params["organisation_id"]
    found = accounts.admins(ctx.deps.store, ctx.deps.catalog, organisation_id=org)
    return AdminList(
        organisation=org,
        admins=[
            AdminOut(subject=user.subject, name=user.name, role=grant.role.value)
            for user, grant in found
        ],
    )


@routes.route(
    "PUT",
    "/admin/organisations/{organisation_id}/admins/{subject}",
    summary=N_("Gi en person administratorrollen for organisasjonen"),
    access=EDITOR,
    response=AdminOut,
    status=201,
    errors=(400, 401, 403, 404, 409),
)
def grant_admin(ctx: Context) -> AdminOut:
    org, subject = ctx.params["organisation_id"], ctx.params["subject"]
    grant = accounts.grant_admin(
        ctx.deps.store,
        ctx.deps.catalog,
        editor=ctx.signed_in(),
        organisation_id=org,
        subject=subject,
        now=ctx.deps.clock.now(),
    )
    user = ctx.deps.store.users.get(subject)
    return AdminOut(subject=subject, name=user.name if user else "", role=grant.role.value)


@routes.route(
    "DELETE",
    "/admin/organisations/{organisation_id}/admins/{subject}",
    summary=N_("Ta administratorrollen fra en person"),
    access=EDITOR,
    status=204,
    errors=(401, 403, 404),
)
def revoke_admin(ctx: Context) -> None:
    accounts.revoke_admin(
        ctx.deps.store,
        ctx.deps.catalog,
        editor=ctx.signed_in(),
        organisation_id=ctx.params["organisation_id"],
        subject=ctx.params["subject"],
        now=ctx.deps.clock.now(),
    )


@routes.route(
    "GET",
    "/admin/organisations/{organisation_id}/audit",
    summary=N_("Hvem som har gitt og tatt roller for organisasjonen, og når"),
    access=EDITOR,
    response=AuditList,
    errors=(401, 403, 404),
)
def audit(ctx: Context) -> AuditList:
    org = ctx.params["organisation_id"]
    entries = accounts.history(ctx.deps.store, ctx.deps.catalog, organisation_id=org)
    return AuditList(
        organisation=org,
        entries=[
            AuditOut(at=e.at, actor=e.actor, action=e.action, detail=e.detail) for e in entries
        ],
    )
