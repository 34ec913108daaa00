"""The editor's pages as values: people found, organisations to give roles for, an
organisation's administrators and its log in words, and invitations with where they stand."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...catalog import Catalog
from ...domain.invitations import Invitation, status_at
from ...domain.portfolio.relations import KIND_NAMES, PortfolioRole
from ...i18n import N_, _
from ...identity import ROLE_NAMES
from ...services.accounts import ADMIN_ROLE_FOR_KIND
from ...services.ports.accounts import AuditEntry
from ..inputs import notice_text

NOTICES = {
    "gitt": N_("Rollen er gitt og ført i endringsloggen."),
    "tatt": N_("Rollen er tatt fra personen og ført i endringsloggen."),
    "bekreftet": N_("Invitasjonen er bekreftet, og personen har fått rollen."),
    "trukket": N_("Invitasjonen er trukket tilbake. Lenken virker ikke lenger."),
}

STATUS_WORDS = {
    "sendt": N_("sendt, ikke brukt ennå"),
    "venter_på_bekreftelse": N_("venter på at du bekrefter"),
    "akseptert": N_("godtatt"),
    "trukket": N_("trukket tilbake"),
    "utløpt": N_("utløpt"),
}
ACTIONS = {
    "grant": N_("ga rollen"),
    "revoke": N_("tok rollen"),
    "invite": N_("inviterte"),
    "accept": N_("invitasjonen ble godtatt"),
    "await_confirmation": N_("invitasjonen venter på bekreftelse"),
    "confirm": N_("bekreftet invitasjonen"),
    "revoke_invitation": N_("trakk invitasjonen"),
}


def notice(query: dict[str, str]) -> str | None:
    return notice_text(query, NOTICES)


def organisations(catalog: Catalog) -> list[tuple[str, str]]:
    """Every organisation that can have administrators, HF first, by name."""
    found = [o for o in catalog.organisations if o.kind in ADMIN_ROLE_FOR_KIND]
    found.sort(key=lambda o: (o.kind not in ("hf", "ideell"), o.name))
    return [(o.id, o.name) for o in found]


def invitation_row(catalog: Catalog, invitation: Invitation, now: datetime) -> dict[str, Any]:
    purpose = invitation.purpose
    organisation = purpose.organisation or ""
    kind: str
    if isinstance(purpose, PortfolioRole):
        kind, lis, role = purpose.kind, purpose.owner_name, _(KIND_NAMES[purpose.kind])
    else:
        kind, lis, role = purpose.role.value, "", _(ROLE_NAMES[purpose.role])
    return {
        "id": invitation.id,
        "name": invitation.name,
        "email": invitation.email,
        "portfolio": isinstance(purpose, PortfolioRole),
        "kind": kind,
        "lis": lis,
        "role": role,
        "organisation": catalog.organisation(organisation).name if organisation else "",
        "status": status_at(invitation, now),
        "status_words": _(STATUS_WORDS[status_at(invitation, now)]),
        "created_at": invitation.created_at,
        "expires_at": invitation.expires_at,
        "accepted_name": invitation.accepted_name,
    }


def log_rows(entries: list[AuditEntry], names: dict[str, str]) -> list[dict[str, Any]]:
    """An organisation's log, newest first, with people named (their id when unknown)."""
    return [
        {
            "at": entry.at,
            "actor": names.get(entry.actor, entry.actor),
            "action": _(ACTIONS[entry.action]) if entry.action in ACTIONS else entry.action,
            "about": names.get(entry.detail.get("subject", ""), entry.detail.get("subject", "")),
            "detail": entry.detail.get("name") or "",
        }
        for entry in reversed(entries)
    ]
