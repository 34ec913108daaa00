"""Response models of accounts: who is signed in, and the administrators of an organisation."""

from __future__ import annotations

from datetime import datetime

from pydantic import ConfigDict, Field

from .base import Schema


class RoleOut(Schema):
    role: str
    role_name: str
    organisation: str | None
    organisation_name: str | None


class Me(Schema):
    subject: str
    name: str
    roles: list[RoleOut]
    csrf_token: str | None
    """For scripts that post on the user's behalf (header X-CSRF-Token); null with bearer tokens."""


class SignedIn(Schema):
    """Whether anyone is signed in in this browser: what the site's static pages ask, so their
    header can name the person, without an error for everyone who is not."""

    signed_in: bool
    name: str | None = None
    csrf_token: str | None = None


class AdminOut(Schema):
    subject: str
    name: str
    role: str


class AdminList(Schema):
    organisation: str
    admins: list[AdminOut]


class AuditOut(Schema):
    at: datetime
    actor: str
    action: str
    detail: dict[str, str]


class AuditList(Schema):
    organisation: str
    entries: list[AuditOut]


class GrantIn(Schema):
    """A role for a person who has signed in before (the editor's form)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    organisation_id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")
    subject: str = Field(pattern=r"^[A-Za-z0-9._~+/=:@|-]{1,200}$")


class InviteIn(Schema):
    """An invitation to an administrator role for someone named, by e-mail."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    organisation_id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=254)


class InvitationOut(Schema):
    id: str
    name: str
    email: str
    role: str
    organisation: str | None
    status: str
    created_at: datetime
    expires_at: datetime
    link: str | None = None
    """Only in the answer that created it: the token is never stored."""
