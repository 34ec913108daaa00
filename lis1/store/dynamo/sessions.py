"""Sessions and sign-ins under way, on DynamoDB: short-lived items with TTL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...errors import Conflict
from ...services.ports.accounts import LoginState, Session
from ..keys import accounts as keys
from ..schema import GSI1, GSI1PK, GSI1SK, PK, SK, TTL_ATTRIBUTE
from ..values import epoch_seconds, iso, parse_iso, utc
from .table import AlreadyThere, Table, key


class DynamoSessions:
    def __init__(self, table: Table) -> None:
        self._table = table

    def create(self, session: Session) -> None:
        gsi1pk, gsi1sk = keys.session_gsi1(session.subject, session.token_hash)
        try:
            self._table.put_new(
                {
                    **key(*keys.session_key(session.token_hash)),
                    "kind": "session",
                    GSI1PK: gsi1pk,
                    GSI1SK: gsi1sk,
                    "subject": session.subject,
                    "name": session.name,
                    "email": session.email,
                    "csrf_token": session.csrf_token,
                    "created_at": iso(session.created_at),
                    "expires_at": iso(session.expires_at),
                    TTL_ATTRIBUTE: epoch_seconds(session.expires_at),
                }
            )
        except AlreadyThere:
            raise Conflict() from None

    def get(self, token_hash: str, *, now: datetime) -> Session | None:
        item = self._table.get(*keys.session_key(token_hash))
        if item is None:
            return None
        expires_at = parse_iso(item["expires_at"])
        if expires_at <= utc(now):  # TTL deletes lazily, so an expired item may still be there
            return None
        return _session_of(token_hash, item, expires_at)

    def delete(self, token_hash: str) -> None:
        self._table.delete(*keys.session_key(token_hash))

    def forget(self, subject: str) -> int:
        # gsi1 is eventually consistent on AWS: a session opened a moment ago may be missed,
        # and lives at most its lifetime; the deleted account's tombstone holds no roles.
        items = list(
            self._table.query(
                "#g = :g", {"#g": GSI1PK}, {":g": keys.sessions_gsi1pk(subject)}, index=GSI1
            )
        )
        for item in items:
            self._table.delete(item[PK], item[SK])
        return len(items)


def _session_of(token_hash: str, item: dict[str, Any], expires_at: datetime) -> Session:
    return Session(
        token_hash=token_hash,
        subject=item["subject"],
        csrf_token=item["csrf_token"],
        created_at=parse_iso(item["created_at"]),
        expires_at=expires_at,
        name=item.get("name", ""),
        email=item.get("email"),
    )


class DynamoLoginStates:
    def __init__(self, table: Table) -> None:
        self._table = table

    def put(self, login: LoginState) -> None:
        try:
            self._table.put_new(
                {
                    **key(*keys.login_key(login.state)),
                    "kind": "login",
                    "code_verifier": login.code_verifier,
                    "nonce": login.nonce,
                    "return_to": login.return_to,
                    "came_from": login.came_from,
                    "expires_at": iso(login.expires_at),
                    TTL_ATTRIBUTE: epoch_seconds(login.expires_at),
                }
            )
        except AlreadyThere:
            raise Conflict() from None

    def take(self, state: str, *, now: datetime) -> LoginState | None:
        item = self._table.take(*keys.login_key(state))
        if item is None:
            return None
        expires_at = parse_iso(item["expires_at"])
        if expires_at <= utc(now):
            return None
        return LoginState(
            state=state,
            code_verifier=item["code_verifier"],
            nonce=item["nonce"],
            return_to=item["return_to"],
            expires_at=expires_at,
            came_from=item.get("came_from", "/"),
        )
