"""Keys of accounts and sign-in, and the audit details both adapters record.

    item         pk                    sk                      gsi1pk / gsi1sk
    -----------  --------------------  ----------------------  -------------------------------------
    user         USER#<subject>        PROFILE                 -
                 name, e-mail, created_at; ``search_terms``: the terms of its search entries,
                 so a save knows which to delete; ``version`` counts saves (the condition of
                 the next one, so two sign-ins at once cannot leave stale entries behind)
    search entry USER#<subject>        SEARCH#<term>           PEOPLE#<term[:2]> /
                                                               <term>#<subject>
                 one per term of :func:`lis1.domain.people.search_terms` (the folded name
                 from each of its words on, and the folded e-mail), carrying the profile's
                 subject, name, e-mail and created_at, so a search reads no profile. Written
                 and deleted in the save's transaction with the profile. Finding people is
                 one Query of gsi1 PEOPLE#<first two folded characters of the text> with
                 begins_with(gsi1sk, text): partitions by two letters spread everyone out,
                 and no search reads them all (eventually consistent on AWS)
    grant        USER#<subject>        GRANT#<role>[#<org>]    ORG#<org> /
                                                               USER#<subject>#GRANT#<role>
                 (gsi1 only for grants held for an organisation: the admins of an HF or kommune)
    open apps    USER#<subject>        OPEN_APPLICATIONS       -
                 ``open:<org>:<ad>``: the day until which the person's application to that ad
                 is open for that HF or kommune (``9999-12-31``: until withdrawn); ``version``
                 counts changes. Submit sets the marks and withdraw removes them, in their
                 transactions; granting an administrator role for <org> reads the item, refuses
                 if a mark is still open, and checks the version it read (ConditionCheck).
                 Submit checks the applicant holds no such grant: so no one administers an
                 organisation they have applied to, even when both race
    session      SESSION#<token_hash>  SESSION                 SESSIONS#<subject> /       TTL
                                                               <token_hash>
                 holds the subject, name, e-mail and CSRF token: one GetItem identifies a caller;
                 a person's sessions are one Query of gsi1 (ending them all: a deleted account)
    tombstone    USER#<subject>        PROFILE                 -
                 what :meth:`Users.forget` leaves of a deleted account: kind ``forgotten``,
                 the subject, ``forgotten_at`` and ``version``, no name or e-mail; its search
                 entries are deleted in the same transaction. ``get`` reads it as no one
    login state  LOGIN#<state>         LOGIN                   -                          TTL
    audit entry  AUDIT#<entity>        <iso-instant>#<random>  -
    setting      SETTING#<name>        SETTING                 -
                 (names: clock, demo_anchor)

Audit entities: grants and revocations under :func:`lis1.services.ports.accounts.grant_entity`
(``organisasjon:<org>``, else ``bruker:<subject>``), settings under ``innstilling:<name>``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from ...domain.people import MIN_SEARCH, name_order
from ...identity import Grant, User
from ..values import iso

CLOCK = "clock"
DEMO_ANCHOR = "demo_anchor"
GRANT_PREFIX = "GRANT#"
SEARCH_PREFIX = "SEARCH#"
SEARCH_READ_LIMIT = 1000
"""Search entries one search reads at most (in term order): a text that matches more finds the
people of the first ones. Typing a letter more narrows it; no request reads without bound."""


def user_key(subject: str) -> tuple[str, str]:
    return f"USER#{subject}", "PROFILE"


def search_key(subject: str, term: str) -> tuple[str, str]:
    return f"USER#{subject}", f"{SEARCH_PREFIX}{term}"


def people_gsi1pk(text: str) -> str:
    """The gsi1 partition of search entries whose term (or a search whose text) starts so."""
    return f"PEOPLE#{text[:MIN_SEARCH]}"


def search_gsi1(subject: str, term: str) -> tuple[str, str]:
    """gsi1 keys of a search entry. Terms hold no ``#`` (folding makes it a space)."""
    return people_gsi1pk(term), f"{term}#{subject}"


def people_found(found: Iterable[User], limit: int) -> list[User]:
    """The people of a search's entries (the first entry of each person counts), by name in
    Norwegian order, then subject; at most ``limit``."""
    people: dict[str, User] = {}
    for user in found:
        people.setdefault(user.subject, user)
    ordered = sorted(people.values(), key=lambda user: (name_order(user.name), user.subject))
    return ordered[: max(limit, 0)]


def grant_key(subject: str, grant: Grant) -> tuple[str, str]:
    suffix = f"#{grant.organisation}" if grant.organisation is not None else ""
    return f"USER#{subject}", f"{GRANT_PREFIX}{grant.role.value}{suffix}"


def grant_gsi1(subject: str, grant: Grant) -> tuple[str, str] | None:
    """gsi1 keys of a grant item, for grants held for an organisation only."""
    if grant.organisation is None:
        return None
    return org_gsi1pk(grant.organisation), f"USER#{subject}#GRANT#{grant.role.value}"


def org_gsi1pk(organisation: str) -> str:
    return f"ORG#{organisation}"


def open_applications_key(subject: str) -> tuple[str, str]:
    return f"USER#{subject}", "OPEN_APPLICATIONS"


def open_mark(organisation: str, ad_id: str) -> str:
    """The attribute of :func:`open_applications_key` holding until when the application to
    ``ad_id`` is open for ``organisation``."""
    return f"{open_prefix(organisation)}{ad_id}"


def open_prefix(organisation: str) -> str:
    return f"open:{organisation}:"


def session_key(token_hash: str) -> tuple[str, str]:
    return f"SESSION#{token_hash}", "SESSION"


def session_gsi1(subject: str, token_hash: str) -> tuple[str, str]:
    """gsi1 keys of a session item: a person's sessions in one partition."""
    return sessions_gsi1pk(subject), token_hash


def sessions_gsi1pk(subject: str) -> str:
    return f"SESSIONS#{subject}"


FORGOTTEN = "forgotten"
"""The kind of a deleted account's tombstone item."""


def login_key(state: str) -> tuple[str, str]:
    return f"LOGIN#{state}", "LOGIN"


def audit_pk(entity: str) -> str:
    return f"AUDIT#{entity}"


def audit_sk(at: datetime, suffix: str | None = None) -> str:
    """``<iso-instant>#<random>``: oldest first, and two entries at one instant never collide."""
    return f"{iso(at)}#{suffix if suffix is not None else secrets.token_hex(6)}"


def setting_key(name: str) -> tuple[str, str]:
    return f"SETTING#{name}", "SETTING"


def setting_entity(name: str) -> str:
    """The audit entity a change of setting ``name`` is recorded under."""
    return f"innstilling:{name}"


def grant_detail(subject: str, grant: Grant) -> dict[str, str]:
    """What the Users port promises to record with a grant or revocation."""
    return {"subject": subject, "role": grant.role.value}


def clock_detail(offset: timedelta) -> dict[str, str]:
    seconds = offset.total_seconds()
    return {"offset_seconds": str(int(seconds)) if seconds.is_integer() else str(seconds)}


def demo_anchor_detail(anchor: date) -> dict[str, str]:
    return {"anchor": anchor.isoformat()}
