"""Editors grant and revoke the administrator roles of HF and kommuner; every change is recorded."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from ...services import accounts
from ..routing import EDITOR, Context, route


class AdminOut(BaseModel):
    subject: str
    name: str
    role: str


class AdminList(BaseModel):
    organisation: str
    admins: list[AdminOut]


class AuditOut(BaseModel):
    at: datetime
    actor: str
    action: str
    detail: dict[str, str]


class AuditList(BaseModel):
    organisation: str
    entries: list[AuditOut]


@route(
    "GET",
    "/admin/organisations/{organisation_id}/admins",
    summary="Administratorene for et helseforetak eller en kommune",
    access=EDITOR,
    response=AdminList,
    errors=(401, 403, 404),
)
def list_admins(ctx: Context) -> AdminList:
    org = ctx.params["organisation_id"]
    found = accounts.admins(ctx.deps.store.users, ctx.deps.catalog, org)
    return AdminList(
        organisation=org,
        admins=[
            AdminOut(subject=user.subject, name=user.name, role=grant.role.value)
            for user, grant in found
        ],
    )


@route(
    "PUT",
    "/admin/organisations/{organisation_id}/admins/{subject}",
    summary="Gi en person administratorrollen for organisasjonen",
    access=EDITOR,
    response=AdminOut,
    status=201,
    errors=(400, 401, 403, 404, 409),
)
def grant_admin(ctx: Context) -> AdminOut:
    org, subject = ctx.params["organisation_id"], ctx.params["subject"]
    grant = accounts.grant_admin(
        ctx.deps.store.users, ctx.deps.catalog, ctx.signed_in(), org, subject, ctx.deps.clock.now()
    )
    user = ctx.deps.store.users.get(subject)
    return AdminOut(subject=subject, name=user.name if user else "", role=grant.role.value)


@route(
    "DELETE",
    "/admin/organisations/{organisation_id}/admins/{subject}",
    summary="Ta administratorrollen fra en person",
    access=EDITOR,
    status=204,
    errors=(401, 403, 404),
)
def revoke_admin(ctx: Context) -> None:
    accounts.revoke_admin(
        ctx.deps.store.users,
        ctx.deps.catalog,
        ctx.signed_in(),
        ctx.params["organisation_id"],
        ctx.params["subject"],
        ctx.deps.clock.now(),
    )


@route(
    "GET",
    "/admin/organisations/{organisation_id}/audit",
    summary="Hvem som har gitt og tatt roller for organisasjonen, og når",
    access=EDITOR,
    response=AuditList,
    errors=(401, 403, 404),
)
def audit(ctx: Context) -> AuditList:
    org = ctx.params["organisation_id"]
    entries = accounts.history(ctx.deps.store.audit, ctx.deps.catalog, org)
    return AuditList(
        organisation=org,
        entries=[
            AuditOut(at=e.at, actor=e.actor, action=e.action, detail=e.detail) for e in entries
        ],
    )
