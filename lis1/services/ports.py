"""The ports the services depend on. Adapters: lis1/store/memory.py (stateful fakes for unit tests
and nothing else) and lis1/store/dynamodb.py (production, DynamoDB Local, moto); one contract
suite (tests/store/test_contract.py) runs over each.

Storage keys never leave the adapters: the ports speak in domain values only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from ..domain.positions import Ad, Application, Receipt
from ..identity import Grant, User


@dataclass(frozen=True)
class Session:
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored."""

    token_hash: str
    subject: str
    csrf_token: str
    created_at: datetime
    expires_at: datetime


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


@dataclass(frozen=True)
class Idempotency:
    """A request its client may send again (a double click, a retry): the Idempotency-Key scoped
    to the caller, and a fingerprint of what was asked (action and body). Kept 24 hours."""

    scope: str
    fingerprint: str


@dataclass(frozen=True)
class FirstRequest:
    """What the store kept of the first request with an Idempotency-Key: its fingerprint and
    what it produced (a receipt reference, an ad id)."""

    fingerprint: str
    result: str


class ConflictOfInterest(Exception):
    """Raised by a store when an application and an administrator role would meet: the
    applicant administers the ad's HF or kommune, or the person to be made administrator has
    an open application there. The service words it."""


def grant_entity(subject: str, grant: Grant) -> str:
    """The audit entity a grant is recorded under: its organisation, else the person."""
    return f"organisasjon:{grant.organisation}" if grant.organisation else f"bruker:{subject}"


class Users(Protocol):
    def get(self, subject: str) -> User | None: ...

    def save(self, user: User) -> None:
        """Create the user or update name and e-mail; ``created_at`` of an existing user stays."""
        ...

    def grants(self, subject: str) -> frozenset[Grant]: ...

    def grant(self, subject: str, grant: Grant, *, actor: str, at: datetime) -> bool:
        """Give ``grant``; False if it was already held. Recorded in the audit log under
        :func:`grant_entity` with action "grant" and detail {"subject", "role"}.

        :class:`ConflictOfInterest` (nothing written) if the grant is for an organisation where
        ``subject`` has an open application (see :meth:`Applications.submit`)."""
        ...

    def revoke(self, subject: str, grant: Grant, *, actor: str, at: datetime) -> bool:
        """Take ``grant`` away; False if it was not held. Recorded like :meth:`grant`, with
        action "revoke"."""
        ...

    def holders(self, organisation: str) -> list[tuple[str, Grant]]:
        """(subject, grant) for every grant held for ``organisation``, by subject."""
        ...


class Sessions(Protocol):
    def create(self, session: Session) -> None: ...

    def get(self, token_hash: str, *, now: datetime) -> Session | None:
        """The session, or None if unknown or expired at ``now``."""
        ...

    def delete(self, token_hash: str) -> None: ...


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


class Requests(Protocol):
    def first(self, scope: str, *, now: datetime) -> FirstRequest | None:
        """The first request made with the scoped key, while it is kept; else None."""
        ...


class Ads(Protocol):
    def create(self, ad: Ad, *, idempotency: Idempotency | None = None) -> FirstRequest | None:
        """Store a new ad and return None; Conflict if the id is taken. With ``idempotency``
        the key is recorded in the same write (result: the ad id); if it was already used,
        nothing is written and the first request is returned."""
        ...

    def get(self, ad_id: str) -> Ad | None: ...

    def update(self, ad: Ad, *, expected_version: int, audit: AuditEntry | None) -> None:
        """Replace the ad if its stored version is ``expected_version`` (``ad.version`` is the
        new one), else Conflict. ``audit`` (a correction after publication) is written in the
        same transaction, under entity ``annonse:<ad id>``."""
        ...

    def by_period(self, period_id: str | None) -> list[Ad]:
        """Every ad of the period (None: every reststilling), drafts included, by id."""
        ...

    def by_organisation(self, organisation: str) -> list[Ad]:
        """Every ad of the HF, drafts included, by id."""
        ...


class Applications(Protocol):
    def submit(
        self,
        application: Application,
        receipt: Receipt,
        *,
        conflicting: frozenset[Grant] = frozenset(),
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        """Store the application with its receipt in one transaction and return None.
        Conflict (code "har_allerede_søkt") if the applicant has an application to the ad that
        is not withdrawn; a withdrawn one is replaced (re-applying before the deadline is
        allowed).

        :class:`ConflictOfInterest` if the applicant holds one of ``conflicting`` (the
        administrator roles of the ad's HF and kommune); the same write counts the application
        as open for those organisations, so a grant there is refused until it is withdrawn.

        With ``idempotency`` the same transaction records the key (kept 24 hours from
        ``receipt.at``; result: the receipt reference). If the key was already used, nothing is
        written and the first request is returned."""
        ...

    def withdraw(
        self,
        application: Application,
        receipt: Receipt,
        *,
        conflicting: frozenset[Grant] = frozenset(),
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        """Store ``application`` (status "trukket") and the receipt, if the stored one has
        version ``application.version - 1`` and is not withdrawn; else Conflict. The
        application no longer counts as open for the organisations of ``conflicting`` (pass
        what was passed to :meth:`submit`). ``idempotency`` as for :meth:`submit`."""
        ...

    def get(self, ad_id: str, applicant: str) -> Application | None: ...

    def by_applicant(self, applicant: str) -> list[Application]:
        """The applicant's applications, newest first."""
        ...

    def by_ad(self, ad_id: str) -> list[Application]:
        """Every application to the ad (withdrawn ones included), oldest first."""
        ...

    def receipt(self, reference: str) -> Receipt | None: ...


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


class Mailer(Protocol):
    """Sends e-mail: SES in production, a local outbox folder under `make serve`, a list in
    tests. A failed send never undoes the change it reports (the receipt is on screen too)."""

    def send(self, mail: Mail) -> None: ...


@dataclass(frozen=True)
class Store:
    """Everything the API needs from storage, passed in as one bundle."""

    users: Users
    sessions: Sessions
    logins: LoginStates
    audit: AuditLog
    settings: Settings
    ads: Ads
    applications: Applications
    requests: Requests
    kind: str
    """Which adapter: "dynamodb", "dynamodb-local", "moto" or "memory" (reported by /api/health)."""
