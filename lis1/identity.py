"""Who someone is in LIS1 and what they may do: roles, grants and the signed-in principal.

Every signed-in person may apply (applicant). Administrator roles are granted per organisation
(an HF or a kommune) by an editor, and every grant and revocation is recorded. Leder, veileder
and supervisør are relations on a portfolio and come with the competence records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cached_property

from .i18n import N_


class Role(StrEnum):
    APPLICANT = "applicant"
    HF_ADMIN = "hf_admin"
    KOMMUNE_ADMIN = "kommune_admin"
    EDITOR = "editor"


ROLE_NAMES: dict[Role, str] = {
    Role.APPLICANT: N_("søker"),
    Role.HF_ADMIN: N_("administrator for helseforetak"),
    Role.KOMMUNE_ADMIN: N_("administrator for kommune"),
    Role.EDITOR: N_("redaktør"),
}
"""Marked for the catalogue; translate when shown."""

ORGANISATION_ROLES = frozenset({Role.HF_ADMIN, Role.KOMMUNE_ADMIN})


@dataclass(frozen=True, order=True)
class Grant:
    role: Role
    organisation: str | None = None
    """The HF or kommune an administrator role is for; None for roles without one."""

    def __post_init__(self) -> None:
        if (self.role in ORGANISATION_ROLES) != (self.organisation is not None):
            raise ValueError(f"{self.role} needs an organisation exactly when it is an admin role")


@dataclass(frozen=True)
class User:
    """A person known to the service. ``subject`` is the identity provider's stable id."""

    subject: str
    name: str
    email: str | None
    created_at: datetime


@dataclass(frozen=True)
class Principal:
    """The signed-in caller of one request.

    ``held`` is the caller's grants, or how to read them: a request that needs no role reads
    none, and one that does reads them fresh, so a revoked role stops working at once."""

    subject: str
    name: str
    held: frozenset[Grant] | Callable[[], frozenset[Grant]] = field(default_factory=frozenset)
    email: str | None = None

    @cached_property
    def grants(self) -> frozenset[Grant]:
        return self.held() if callable(self.held) else self.held

    def has(self, role: Role, organisation: str | None = None) -> bool:
        if role is Role.APPLICANT:
            return True
        return any(
            g.role is role and (organisation is None or g.organisation == organisation)
            for g in self.grants
        )

    def organisations(self, role: Role) -> frozenset[str]:
        return frozenset(g.organisation for g in self.grants if g.role is role and g.organisation)
