"""Ports of accounts and sign-in: people and their roles, sessions, sign-ins under way, the audit
log and the few settings kept in the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from ...identity import Grant, User


@dataclass(frozen=True)
class Session:
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored.

    It carries the person's name and e-mail as the identity provider gave them at sign-in, so a
    request needs no second read to greet the person or mail them a receipt. Roles are not
    carried: they are read when a rule needs them, so a revocation counts at once."""

    token_hash: str
    subject: str
    csrf_token: str
    created_at: datetime
    expires_at: datetime
    name: str = ""
    email: str | None = None


@dataclass(frozen=True)
class LoginState:
    """One sign-in in progress (OIDC code flow with PKCE); used once, then gone."""

    state: str
    code_verifier: str
    nonce: str
    return_to: str
    expires_at: datetime
    came_from: str = "/"
    """The page of this site the person left to sign in: where a cancelled sign-in goes back."""


@dataclass(frozen=True)
class AuditEntry:
    """Who did what to which record, when. Kept for every grant, revocation and approval."""

    entity: str
    at: datetime
    actor: str
    action: str
    detail: dict[str, str]


FORGET_ACTION = "delete_account"
"""The audit action of a deleted account (:meth:`Users.forget`)."""


def grant_entity(subject: str, grant: Grant) -> str:
    """The audit entity a grant is recorded under: its organisation, else the person."""
    return f"organisasjon:{grant.organisation}" if grant.organisation else f"bruker:{subject}"


class Users(Protocol):
    def get(self, subject: str) -> User | None: ...

    def save(self, user: User) -> None:
        """Create the user or update name and e-mail; ``created_at`` of an existing user stays."""
        ...

    def find(self, text: str, limit: int = 20) -> list[User]:
        """People whose name, any word of their name on, or e-mail starts with ``text``, as
        :func:`lis1.domain.people.fold` compares them (case and accents aside; æ, ø and å are
        letters of their own). By name in Norwegian order (:func:`lis1.domain.people.
        name_order`), then subject; at most ``limit``. ``[]`` when ``text`` folds to fewer than
        two characters. Never a Scan: see :mod:`lis1.store.keys.accounts`."""
        ...

    def grants(self, subject: str) -> frozenset[Grant]: ...

    def grant(self, subject: str, grant: Grant, *, actor: str, at: datetime) -> bool:
        """Give ``grant``; False if it was already held. Recorded in the audit log under
        :func:`grant_entity` with action "grant" and detail {"subject", "role"}.

        :class:`lis1.domain.errors.AppliedThere` (nothing written) if the grant is for an
        organisation where ``subject`` has an application still open on ``at``'s Oslo date (see
        Applications.submit)."""
        ...

    def revoke(self, subject: str, grant: Grant, *, actor: str, at: datetime) -> bool:
        """Take ``grant`` away; False if it was not held. Recorded like :meth:`grant`, with
        action "revoke"."""
        ...

    def holders(self, organisation: str) -> list[tuple[str, Grant]]:
        """(subject, grant) for every grant held for ``organisation``, by subject."""
        ...

    def forget(self, subject: str, *, at: datetime) -> None:
        """Replace the person's profile with a tombstone that holds no name or e-mail, and
        delete their search entries (no one finds them), with the audit entry (entity
        ``bruker:<subject>``, actor the person, action :data:`FORGET_ACTION`) in the same
        write. :meth:`get` answers None for a tombstone, and a later :meth:`save` makes a fresh
        profile (``created_at`` from that save). Grants are not touched: revoke them first."""
        ...


class Sessions(Protocol):
    def create(self, session: Session) -> None:
        """Store a new session; every session of a person can be found by their subject."""
        ...

    def get(self, token_hash: str, *, now: datetime) -> Session | None:
        """The session, or None if unknown or expired at ``now``."""
        ...

    def delete(self, token_hash: str) -> None: ...

    def forget(self, subject: str) -> int:
        """End every session of the person (each browser they are signed in on); how many
        there were."""
        ...


class LoginStates(Protocol):
    def put(self, login: LoginState) -> None: ...

    def take(self, state: str, *, now: datetime) -> LoginState | None:
        """Return and delete in one step, so a state can be used once; None if unknown/expired."""
        ...


class AuditLog(Protocol):
    def entries(self, entity: str) -> list[AuditEntry]:
        """Every entry about ``entity``, oldest first."""
        ...


class Settings(Protocol):
    """Settings kept in the store: the local demo's clock offset and anchor day."""

    def clock_offset(self) -> timedelta: ...

    def set_clock_offset(self, offset: timedelta, *, actor: str, at: datetime) -> None: ...

    def demo_anchor(self) -> date | None:
        """The day the local demo data was first seeded; None before that."""
        ...

    def set_demo_anchor(self, anchor: date, *, actor: str, at: datetime) -> None: ...
