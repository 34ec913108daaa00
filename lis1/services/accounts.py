"""Use cases for signing in and out, and for the administrator roles editors grant.

Each function takes the store bundle and keyword-only values; none knows about HTTP or keys.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..catalog import Catalog
from ..domain.people import MIN_SEARCH, search_text
from ..errors import Conflict, Forbidden, InvalidInput, NotFound
from ..i18n import _
from ..identity import Grant, Principal, Role, User
from .ports.accounts import AuditEntry, Session
from .ports.store import Store

ADMIN_ROLE_FOR_KIND = {"hf": Role.HF_ADMIN, "ideell": Role.HF_ADMIN, "kommune": Role.KOMMUNE_ADMIN}
PEOPLE_FOUND = 20
"""People one search shows: enough to pick from, few enough to type one letter more."""


@dataclass(frozen=True)
class NewSession:
    """A session as created: ``token`` goes into the cookie and is never stored."""

    token: str
    session: Session


def token_hash(token: str) -> str:
    """What is stored of a session token: its SHA-256, so a copy of the table opens no session."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(
    store: Store,
    *,
    subject: str,
    name: str,
    email: str | None,
    now: datetime,
    lifetime: timedelta,
) -> NewSession:
    """Record the signed-in person (name and e-mail as the identity provider gave them) and open
    a session that carries them. The token is random; only its hash is stored."""
    existing = store.users.get(subject)
    store.users.save(User(subject, name, email, existing.created_at if existing else now))
    token = secrets.token_urlsafe(32)
    session = Session(
        token_hash(token),
        subject,
        secrets.token_urlsafe(24),
        now,
        now + lifetime,
        name=name,
        email=email,
    )
    store.sessions.create(session)
    return NewSession(token, session)


def find_people(store: Store, *, who: Principal, text: str) -> list[User]:
    """People whose name or e-mail starts with ``text`` (case and accents aside, see
    :mod:`lis1.domain.people`), for an editor choosing whom to give a role; by name."""
    if not who.has(Role.EDITOR):
        raise Forbidden(_("Bare redaktører kan søke etter personer."), code="ikke_redaktør")
    if search_text(text) is None:
        message = _("Skriv minst {count} bokstaver av navnet eller e-postadressen.").format(
            count=MIN_SEARCH
        )
        raise InvalidInput(message, code="for_kort_søk", fields={"text": message})
    return store.users.find(text, PEOPLE_FOUND)


def admin_role(catalog: Catalog, organisation_id: str) -> Role:
    """Which administrator role an organisation has: HF (and ideelle sykehus) or kommune."""
    try:
        organisation = catalog.organisation(organisation_id)
    except KeyError:
        raise NotFound(_("Organisasjonen «{id}» finnes ikke.").format(id=organisation_id)) from None
    role = ADMIN_ROLE_FOR_KIND.get(organisation.kind)
    if role is None:
        raise InvalidInput(
            _("{name} kan ikke ha administratorer i LIS1.").format(name=organisation.name),
            code="ingen_administratorer",
        )
    return role


def grant_admin(
    store: Store,
    catalog: Catalog,
    *,
    editor: Principal,
    organisation_id: str,
    subject: str,
    now: datetime,
) -> Grant:
    """Make ``subject`` administrator of the organisation; refused (AppliedThere, from the
    store's own transaction) while they have an open application there."""
    grant = Grant(admin_role(catalog, organisation_id), organisation_id)
    if store.users.get(subject) is None:
        raise NotFound(
            _("Personen har ikke logget inn i tjenesten ennå, og kan ikke få en rolle."),
            code="ukjent_bruker",
        )
    if not store.users.grant(subject, grant, actor=editor.subject, at=now):
        raise Conflict(
            _("Personen er allerede administrator for denne organisasjonen."),
            code="har_allerede_rollen",
        )
    return grant


def revoke_admin(
    store: Store,
    catalog: Catalog,
    *,
    editor: Principal,
    organisation_id: str,
    subject: str,
    now: datetime,
) -> Grant:
    grant = Grant(admin_role(catalog, organisation_id), organisation_id)
    if not store.users.revoke(subject, grant, actor=editor.subject, at=now):
        raise NotFound(
            _("Personen er ikke administrator for denne organisasjonen."), code="har_ikke_rollen"
        )
    return grant


def admins(store: Store, catalog: Catalog, *, organisation_id: str) -> list[tuple[User, Grant]]:
    admin_role(catalog, organisation_id)
    found = []
    for subject, grant in store.users.holders(organisation_id):
        user = store.users.get(subject)
        if user is not None:
            found.append((user, grant))
    return found


def history(store: Store, catalog: Catalog, *, organisation_id: str) -> list[AuditEntry]:
    admin_role(catalog, organisation_id)
    return store.audit.entries(f"organisasjon:{organisation_id}")  # see ports.grant_entity
