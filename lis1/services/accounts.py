"""Use cases for signing in and out, and for the administrator roles editors grant.

Each function takes its ports as arguments; none knows about HTTP or storage keys.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..catalog import Catalog
from ..errors import Conflict, InvalidInput, NotFound
from ..identity import Grant, Principal, Role, User
from .ports import AuditEntry, AuditLog, ConflictOfInterest, Session, Sessions, Users

ADMIN_ROLE_FOR_KIND = {"hf": Role.HF_ADMIN, "ideell": Role.HF_ADMIN, "kommune": Role.KOMMUNE_ADMIN}


@dataclass(frozen=True)
class NewSession:
    """A session as created: ``token`` goes into the cookie and is never stored."""

    token: str
    session: Session


def token_hash(token: str) -> str:
    """What is stored of a session token: its SHA-256, so a copy of the table opens no session."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(
    users: Users,
    sessions: Sessions,
    *,
    subject: str,
    name: str,
    email: str | None,
    now: datetime,
    lifetime: timedelta,
) -> NewSession:
    """Record the signed-in person (name and e-mail as the identity provider gave them) and open
    a session. The token is random; only its hash is stored."""
    existing = users.get(subject)
    users.save(User(subject, name, email, existing.created_at if existing else now))
    token = secrets.token_urlsafe(32)
    session = Session(token_hash(token), subject, secrets.token_urlsafe(24), now, now + lifetime)
    sessions.create(session)
    return NewSession(token, session)


def admin_role(catalog: Catalog, organisation_id: str) -> Role:
    """Which administrator role an organisation has: HF (and ideelle sykehus) or kommune."""
    try:
        organisation = catalog.organisation(organisation_id)
    except KeyError:
        raise NotFound(f"Organisasjonen «{organisation_id}» finnes ikke.") from None
    role = ADMIN_ROLE_FOR_KIND.get(organisation.kind)
    if role is None:
        raise InvalidInput(
            f"{organisation.name} kan ikke ha administratorer i LIS1.", code="ingen_administratorer"
        )
    return role


def grant_admin(
    users: Users,
    catalog: Catalog,
    editor: Principal,
    organisation_id: str,
    subject: str,
    now: datetime,
) -> Grant:
    grant = Grant(admin_role(catalog, organisation_id), organisation_id)
    if users.get(subject) is None:
        raise NotFound(
            "Personen har ikke logget inn i tjenesten ennå, og kan ikke få en rolle.",
            code="ukjent_bruker",
        )
    try:
        granted = users.grant(subject, grant, actor=editor.subject, at=now)
    except ConflictOfInterest:
        name = catalog.organisation(organisation_id).name
        raise Conflict(
            f"Personen har en åpen søknad på en stilling hos {name} og kan ikke bli "
            "administrator der: en administrator ser alle søknadene. Rollen kan gis når "
            "søknaden er trukket.",
            code="søker_hos_organisasjonen",
        ) from None
    if not granted:
        raise Conflict(
            "Personen er allerede administrator for denne organisasjonen.",
            code="har_allerede_rollen",
        )
    return grant


def revoke_admin(
    users: Users,
    catalog: Catalog,
    editor: Principal,
    organisation_id: str,
    subject: str,
    now: datetime,
) -> Grant:
    grant = Grant(admin_role(catalog, organisation_id), organisation_id)
    if not users.revoke(subject, grant, actor=editor.subject, at=now):
        raise NotFound(
            "Personen er ikke administrator for denne organisasjonen.", code="har_ikke_rollen"
        )
    return grant


def admins(users: Users, catalog: Catalog, organisation_id: str) -> list[tuple[User, Grant]]:
    admin_role(catalog, organisation_id)
    found = []
    for subject, grant in users.holders(organisation_id):
        user = users.get(subject)
        if user is not None:
            found.append((user, grant))
    return found


def history(audit: AuditLog, catalog: Catalog, organisation_id: str) -> list[AuditEntry]:
    admin_role(catalog, organisation_id)
    return audit.entries(f"organisasjon:{organisation_id}")  # see ports.grant_entity
