"""People's profiles and their search entries on DynamoDB: saved together at each sign-in, and
found by the start of a name or e-mail with one Query of gsi1 (never a Scan).

The item layout is in :mod:`lis1.store.keys.accounts`."""

from __future__ import annotations

from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING, Any

from ...domain.people import search_terms, search_text
from ...errors import Conflict
from ...identity import User
from ...services.ports.accounts import FORGET_ACTION
from ...services.ports.notices import person_entity
from ..keys import accounts as keys
from ..schema import GSI1, GSI1PK, GSI1SK, PK
from ..values import iso, parse_iso, utc
from .table import Table, key
from .tx import TransactionCancelled

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

SAVE_ATTEMPTS = 3
"""Reads of the profile before a save gives up (another save came in between each time)."""


def user_of(item: dict[str, Any]) -> User:
    """The person of a profile or search entry (both carry the same attributes)."""
    return User(item["subject"], item["name"], item.get("email"), parse_iso(item["created_at"]))


def save_user(table: Table, user: User) -> None:
    """Create or update the profile, its search entries and the removal of stale ones, in one
    transaction on condition that the profile is as read; nothing when nothing changed."""
    created_at = utc(user.created_at)  # a naive instant is refused before anything is read
    terms = search_terms(user.name, user.email)
    for _attempt in range(SAVE_ATTEMPTS):
        old = table.get(*keys.user_key(user.subject))
        old_terms = frozenset(old.get("search_terms", ())) if old else frozenset()
        if (
            old is not None
            and "search_terms" in old
            and (old["name"], old.get("email"), old_terms) == (user.name, user.email, terms)
        ):
            return
        if old is not None and old.get("kind") != keys.FORGOTTEN:
            created_at = parse_iso(old["created_at"])  # a deleted account's comes afresh
        try:
            table.transact(_writes(table, user, created_at, terms, old, old_terms))
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(0):
                continue  # another sign-in saved the profile in between: read it again
            raise Conflict() from cancelled
        return
    raise Conflict()


def _writes(
    table: Table,
    user: User,
    created_at: datetime,
    terms: frozenset[str],
    old: dict[str, Any] | None,
    old_terms: frozenset[str],
) -> list[TransactWriteItemTypeDef]:
    person = {
        "subject": user.subject,
        "name": user.name,
        "email": user.email,
        "created_at": iso(created_at),
    }
    version = old.get("version") if old is not None else None
    values: dict[str, Any] = {}
    if old is None:
        condition, names = "attribute_not_exists(#pk)", {"#pk": PK}
    elif version is None:  # saved before profiles counted their versions
        condition = "attribute_exists(#pk) AND attribute_not_exists(#version)"
        names = {"#pk": PK, "#version": "version"}
    else:
        condition, names = "#version = :version", {"#version": "version"}
        values[":version"] = version
    profile = table.put(
        {
            **key(*keys.user_key(user.subject)),
            "kind": "user",
            **person,
            "search_terms": sorted(terms),
            "version": (version or 0) + 1,
        },
        condition=condition,
        names=names,
        condition_values=values,
    )
    entries = []
    for term in sorted(terms):
        gsi1pk, gsi1sk = keys.search_gsi1(user.subject, term)
        entry = {**key(*keys.search_key(user.subject, term)), "kind": "search", **person}
        entries.append(table.put({**entry, GSI1PK: gsi1pk, GSI1SK: gsi1sk}))
    stale = [
        table.removal(*keys.search_key(user.subject, term)) for term in sorted(old_terms - terms)
    ]
    return [profile, *entries, *stale]


def forget_user(table: Table, subject: str, *, at: datetime) -> None:
    """The tombstone in place of the profile, its search entries deleted and the audit entry,
    in one transaction on condition that the profile is as read."""
    for _attempt in range(SAVE_ATTEMPTS):
        old = table.get(*keys.user_key(subject))
        terms = sorted(old.get("search_terms", ())) if old else []
        version = old.get("version") if old is not None else None
        values: dict[str, Any] = {}
        if old is None:
            condition, names = "attribute_not_exists(#pk)", {"#pk": PK}
        elif version is None:
            condition, names = "attribute_not_exists(#version)", {"#version": "version"}
        else:
            condition, names = "#version = :version", {"#version": "version"}
            values[":version"] = version
        tombstone = table.put(
            {
                **key(*keys.user_key(subject)),
                "kind": keys.FORGOTTEN,
                "subject": subject,
                "forgotten_at": iso(at),
                "version": (version or 0) + 1,
            },
            condition=condition,
            names=names,
            condition_values=values,
        )
        stale = [table.removal(*keys.search_key(subject, term)) for term in terms]
        audit = table.audit(
            person_entity(subject), at, subject, FORGET_ACTION, {"konto": "slettet"}
        )
        try:
            table.transact([tombstone, *stale, audit])
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(0):
                continue  # a sign-in saved the profile in between: read it again
            raise Conflict() from cancelled
        return
    raise Conflict()


def find_users(table: Table, text: str, limit: int) -> list[User]:
    """People whose search terms start with ``text`` folded (see :mod:`lis1.domain.people`)."""
    wanted = search_text(text)
    if wanted is None or limit <= 0:
        return []
    items = table.query(
        "#g = :g AND begins_with(#gs, :text)",
        {"#g": GSI1PK, "#gs": GSI1SK},
        {":g": keys.people_gsi1pk(wanted), ":text": wanted},
        index=GSI1,
    )
    return keys.people_found(
        (user_of(item) for item in islice(items, keys.SEARCH_READ_LIMIT)), limit
    )
