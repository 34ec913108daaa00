"""Response models of accounts: who is signed in, and the administrators of an organisation."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class RoleOut(BaseModel):
    role: str
    role_name: str
    organisation: str | None
    organisation_name: str | None


class Me(BaseModel):
    subject: str
    name: str
    roles: list[RoleOut]
    csrf_token: str | None
    """For scripts that post on the user's behalf (header X-CSRF-Token); null with bearer tokens."""


class SignedIn(BaseModel):
    """Whether anyone is signed in in this browser: what the site's static pages ask, so their
    header can name the person, without an error for everyone who is not."""

    signed_in: bool
    name: str | None = None
    csrf_token: str | None = None


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
