"""In-memory fakes of the accounts ports: people and grants, sessions, sign-ins, the audit log
and the settings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from ...domain.people import search_terms, search_text
from ...errors import Conflict
from ...identity import Grant, User
from ...services.ports.accounts import (
    FORGET_ACTION,
    AuditEntry,
    LoginState,
    Session,
    grant_entity,
)
from ...services.ports.notices import person_entity
from ..keys.accounts import (
    CLOCK,
    DEMO_ANCHOR,
    SEARCH_READ_LIMIT,
    clock_detail,
    demo_anchor_detail,
    grant_detail,
    people_found,
    setting_entity,
)
from ..values import utc
from .state import State


class MemoryUsers:
    def __init__(self, state: State) -> None:
        self._state = state
        self._users: dict[str, User] = {}
        self._grants = state.grants

    def get(self, subject: str) -> User | None:
        with self._state.lock:
            return self._users.get(subject)

    def save(self, user: User) -> None:
        user = replace(user, created_at=utc(user.created_at))
        with self._state.lock:
            existing = self._users.get(user.subject)
            if existing is not None:
                user = replace(user, created_at=existing.created_at)
            self._users[user.subject] = user

    def find(self, text: str, limit: int = 20) -> list[User]:
        wanted = search_text(text)
        if wanted is None or limit <= 0:
            return []
        with self._state.lock:
            users = list(self._users.values())
        # As the Query of gsi1 reads them: entries in order of their sort key, term#subject.
        entries = [
            (f"{term}#{user.subject}", user)
            for user in users
            for term in search_terms(user.name, user.email)
            if term.startswith(wanted)
        ]
        entries.sort(key=lambda entry: entry[0])
        return people_found((user for _, user in entries[:SEARCH_READ_LIMIT]), limit)

    def grants(self, subject: str) -> frozenset[Grant]:
        with self._state.lock:
            return frozenset(self._grants.get(subject, ()))

    def grant(self, subject: str, grant: Grant, *, actor: str, at: datetime) -> bool:
        at = utc(at)  # refused before anything changes, as in DynamoDB
        with self._state.lock:
            return self._state.give(subject, grant, actor=actor, at=at)

    def revoke(self, subject: str, grant: Grant, *, actor: str, at: datetime) -> bool:
        at = utc(at)
        with self._state.lock:
            held = self._grants.get(subject, set())
            if grant not in held:
                return False
            held.remove(grant)
            self._state.record(
                grant_entity(subject, grant), at, actor, "revoke", grant_detail(subject, grant)
            )
            return True

    def forget(self, subject: str, *, at: datetime) -> None:
        at = utc(at)
        with self._state.lock:
            self._users.pop(subject, None)  # the tombstone: get() answers None, save() anew
            self._state.record(
                person_entity(subject), at, subject, FORGET_ACTION, {"konto": "slettet"}
            )

    def holders(self, organisation: str) -> list[tuple[str, Grant]]:
        with self._state.lock:
            return sorted(
                (subject, grant)
                for subject, held in self._grants.items()
                for grant in held
                if grant.organisation == organisation
            )


class MemorySessions:
    def __init__(self, state: State) -> None:
        self._state = state
        self._sessions: dict[str, Session] = {}

    def create(self, session: Session) -> None:
        session = replace(
            session, created_at=utc(session.created_at), expires_at=utc(session.expires_at)
        )
        with self._state.lock:
            if session.token_hash in self._sessions:
                raise Conflict()
            self._sessions[session.token_hash] = session

    def get(self, token_hash: str, *, now: datetime) -> Session | None:
        with self._state.lock:
            session = self._sessions.get(token_hash)
        if session is None or session.expires_at <= utc(now):
            return None
        return session

    def delete(self, token_hash: str) -> None:
        with self._state.lock:
            self._sessions.pop(token_hash, None)

    def forget(self, subject: str) -> int:
        with self._state.lock:
            mine = [t for t, s in self._sessions.items() if s.subject == subject]
            for token_hash in mine:
                del self._sessions[token_hash]
            return len(mine)


class MemoryLoginStates:
    def __init__(self, state: State) -> None:
        self._state = state
        self._logins: dict[str, LoginState] = {}

    def put(self, login: LoginState) -> None:
        login = replace(login, expires_at=utc(login.expires_at))
        with self._state.lock:
            if login.state in self._logins:
                raise Conflict()
            self._logins[login.state] = login

    def take(self, state: str, *, now: datetime) -> LoginState | None:
        with self._state.lock:
            login = self._logins.pop(state, None)
        if login is None or login.expires_at <= utc(now):
            return None
        return login


class MemoryAuditLog:
    def __init__(self, state: State) -> None:
        self._state = state

    def entries(self, entity: str) -> list[AuditEntry]:
        with self._state.lock:
            by_key = self._state.audit.get(entity, {})
            return [replace(by_key[key], detail=dict(by_key[key].detail)) for key in sorted(by_key)]


class MemorySettings:
    def __init__(self, state: State) -> None:
        self._state = state
        self._clock_offset = timedelta(0)
        self._demo_anchor: date | None = None

    def clock_offset(self) -> timedelta:
        with self._state.lock:
            return self._clock_offset

    def set_clock_offset(self, offset: timedelta, *, actor: str, at: datetime) -> None:
        at = utc(at)
        with self._state.lock:
            self._clock_offset = offset
            detail = clock_detail(offset)
            self._state.record(setting_entity(CLOCK), at, actor, "set_clock_offset", detail)

    def demo_anchor(self) -> date | None:
        with self._state.lock:
            return self._demo_anchor

    def set_demo_anchor(self, anchor: date, *, actor: str, at: datetime) -> None:
        at = utc(at)
        with self._state.lock:
            self._demo_anchor = anchor
            detail = demo_anchor_detail(anchor)
            self._state.record(setting_entity(DEMO_ANCHOR), at, actor, "set_demo_anchor", detail)
