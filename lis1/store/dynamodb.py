"""The storage ports on DynamoDB's single table: production, DynamoDB Local and moto alike.

This is the only module of the package that imports boto3 or botocore, so the rest of LIS1
(domain, services, API) stays testable without a cloud SDK and storage keys never leave here and
:mod:`lis1.store.schema`. The client is always passed in (:func:`make_client` builds one), never
created at import time.

Rules every request path follows, because they are what keeps the invariants true under
concurrency:

- reads are GetItem (strongly consistent) or Query, never Scan;
- writes are PutItem/UpdateItem/DeleteItem, with a ConditionExpression where an invariant
  depends on it, or one TransactWriteItems when several items change together (a grant and its
  audit entry);
- TransactionConflict (another transaction touched an item at the same moment) is retried with
  bounded exponential backoff and jitter (:func:`transact`) and ends as
  :class:`lis1.errors.Unavailable`, never as the user's :class:`lis1.errors.Conflict`;
- a failed condition on an optimistic write is :class:`lis1.errors.Conflict`;
- instants are ISO-8601 UTC strings (:func:`lis1.store.schema.iso`); nothing personal is logged.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeAlias

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from ..domain.positions import (
    Ad,
    AdContent,
    AdStatus,
    Application,
    ApplicationStatus,
    Receipt,
    ReceiptAction,
)
from ..errors import Conflict, InvalidInput, Unavailable
from ..identity import Grant, Role, User
from ..services.ports import (
    AuditEntry,
    ConflictOfInterest,
    FirstRequest,
    Idempotency,
    LoginState,
    Session,
    Store,
    grant_entity,
)
from . import schema
from .schema import (
    GSI1,
    GSI1PK,
    GSI1SK,
    IDEMPOTENCY_TTL,
    PK,
    SK,
    TTL_ATTRIBUTE,
    iso,
    parse_iso,
    utc,
)

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import (
        AttributeValueTypeDef,
        ConditionCheckTypeDef,
        QueryInputTypeDef,
        TransactWriteItemTypeDef,
    )

    Item: TypeAlias = dict[str, AttributeValueTypeDef]

Sleep: TypeAlias = Callable[[float], None]

log = logging.getLogger(__name__)

REGION = "eu-north-1"
# DynamoDB Local accepts only letters and digits in the access key; moto accepts anything.
LOCAL_ACCESS_KEY = "local"
LOCAL_SECRET_KEY = "local"

TRANSACT_ATTEMPTS = 5
BACKOFF_BASE = 0.02
BACKOFF_CAP = 0.5

UNAVAILABLE = "Databasen svarer ikke akkurat nå. Prøv igjen om litt."
BUSY = "Databasen er travel akkurat nå. Prøv igjen om litt."
STORE_REFUSED = "Forespørselen har verdier som er for lange eller ikke kan lagres."

# Errors that mean "the store is down or overloaded", not "the request is wrong".
_OUTAGE_CODES = frozenset(
    {
        "InternalServerError",
        "ServiceUnavailable",
        "ThrottlingException",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
    }
)
_RETRYABLE_REASONS = frozenset(
    {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"}
)
_CONDITION_FAILED = "ConditionalCheckFailed"


# --- client ------------------------------------------------------------------------------------


def make_client(
    endpoint_url: str | None,
    region: str = REGION,
    *,
    local: bool | None = None,
    connect_timeout: float = 2,
    read_timeout: float = 5,
    max_attempts: int = 3,
) -> DynamoDBClient:
    """A DynamoDB client; with ``endpoint_url`` (DynamoDB Local) it carries dummy credentials.

    ``local`` forces dummy credentials (moto, which has no endpoint) or the default credential
    chain; by default it is whether an ``endpoint_url`` is given. Timeouts are short and
    botocore's standard retry mode backs off on throttling, so a request path fails fast.
    """
    if local is None:
        local = endpoint_url is not None
    key, secret = (LOCAL_ACCESS_KEY, LOCAL_SECRET_KEY) if local else (None, None)
    session = boto3.session.Session(
        aws_access_key_id=key, aws_secret_access_key=secret, region_name=region
    )
    config = Config(
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        retries={"mode": "standard", "total_max_attempts": max_attempts},
    )
    return session.client("dynamodb", endpoint_url=endpoint_url, config=config)


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


@contextmanager
def _outage_is_unavailable() -> Iterator[None]:
    """Turn "cannot reach / overloaded" into Unavailable and a value the table refuses into
    InvalidInput; anything else (a bug) stays as it is."""
    try:
        yield
    except BotoCoreError as error:
        log.warning("DynamoDB svarer ikke: %s", type(error).__name__)
        raise Unavailable(UNAVAILABLE) from error
    except ClientError as error:
        if _code(error) in _OUTAGE_CODES:
            log.warning("DynamoDB er overbelastet: %s", _code(error))
            raise Unavailable(BUSY) from error
        if _code(error) == "ValidationException":
            # A value beyond the table's limits (a key over 2 KB, say) is the caller's mistake.
            raise InvalidInput(STORE_REFUSED, code="ugyldig_verdi") from error
        raise


def ping(client: DynamoDBClient, table_name: str | None = None) -> None:
    """Raise :class:`Unavailable` unless the table store answers.

    With ``table_name`` it asks for that table (DescribeTable: needs no account-wide
    permission, and a missing table counts as unavailable); without, for any table (ListTables).
    """
    # Not logged here: a readiness loop pings many times before the store answers.
    try:
        if table_name is None:
            client.list_tables(Limit=1)
        else:
            client.describe_table(TableName=table_name)
    except (BotoCoreError, ClientError) as error:
        raise Unavailable(UNAVAILABLE) from error


# --- transactions ------------------------------------------------------------------------------


class TransactionCancelled(Exception):
    """A transaction was cancelled by a condition (or another reason that retrying won't fix).

    ``reasons`` holds one cancellation code per item, in order: ``"None"`` where that item was
    fine, ``"ConditionalCheckFailed"`` where its condition failed.
    """

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = list(reasons)
        super().__init__(f"transaksjonen ble avbrutt: {self.reasons}")

    def condition_failed(self, index: int) -> bool:
        return index < len(self.reasons) and self.reasons[index] == _CONDITION_FAILED


def backoff(attempt: int) -> float:
    """Seconds to wait before retry ``attempt + 1``: exponential, capped, half of it random."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2.0**attempt)
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def transact(
    client: DynamoDBClient,
    items: Sequence[TransactWriteItemTypeDef],
    *,
    sleep: Sleep = time.sleep,
    attempts: int = TRANSACT_ATTEMPTS,
) -> None:
    """Write ``items`` in one TransactWriteItems, all or nothing.

    A cancellation by TransactionConflict (or throttling) is retried up to ``attempts`` times in
    all, with :func:`backoff` between; then :class:`Unavailable`. Any other cancellation raises
    :class:`TransactionCancelled` with the reasons, for the caller to map: only the caller knows
    whether a failed condition means "already done" or the user's conflict.
    """
    for attempt in range(attempts):
        try:
            with _outage_is_unavailable():
                client.transact_write_items(TransactItems=list(items))
            return
        except ClientError as error:
            if _code(error) != "TransactionCanceledException":
                raise
            reasons = [
                str(reason.get("Code", "None"))
                for reason in error.response.get("CancellationReasons", [])
            ]
            if "ValidationError" in reasons:
                raise InvalidInput(STORE_REFUSED, code="ugyldig_verdi") from error
            if not _RETRYABLE_REASONS.intersection(reasons):
                raise TransactionCancelled(reasons) from error
            if attempt + 1 < attempts:
                log.info("TransactionConflict, forsøk %d av %d", attempt + 1, attempts)
                sleep(backoff(attempt))
    log.warning("TransactionConflict etter %d forsøk; gir opp", attempts)
    raise Unavailable(BUSY)


def put_idempotent(
    client: DynamoDBClient,
    table: str,
    *,
    key: str,
    receipt: Mapping[str, Any],
    items: Sequence[TransactWriteItemTypeDef],
    now: datetime | None = None,
    ttl: timedelta = IDEMPOTENCY_TTL,
    sleep: Sleep = time.sleep,
) -> dict[str, Any]:
    """Write ``items`` once per ``key``; return the receipt of the first write.

    For requests a client may repeat (a form posted twice, a retried API call): the idempotency
    item (``IDEMPOTENCY#<key>``, expiring after ``ttl``) is written in the SAME transaction as
    ``items``, with the condition that no live one exists. A repeat is cancelled by that
    condition and gets the receipt stored by the first, so ``items`` are written once however
    often it is called. ClientRequestToken would do this only for 10 minutes, and moto ignores it.

    ``key`` must identify the request, scoped to its caller (e.g. subject + Idempotency-Key
    header: :meth:`DynamoApplications.submit` uses :func:`schema.apply_idempotency_scope`).
    ``receipt`` must be JSON; it comes back as a JSON round trip on every call. If one
    of ``items`` fails its own condition, :class:`TransactionCancelled` is raised with the
    reasons of ``items`` only (the idempotency item's left out), so indices match ``items``.
    """
    if len(items) > 99:
        raise ValueError(
            "en transaksjon har plass til 99 elementer ved siden av idempotensnøkkelen"
        )
    now = utc(now) if now is not None else datetime.now(UTC)
    pk, sk = schema.idempotency_key(key)
    stored_receipt = json.dumps(receipt, ensure_ascii=False, sort_keys=True)
    marker: TransactWriteItemTypeDef = {
        "Put": {
            "TableName": table,
            "Item": {
                PK: {"S": pk},
                SK: {"S": sk},
                "kind": {"S": "idempotency"},
                "receipt": {"S": stored_receipt},
                "created_at": {"S": iso(now)},
                TTL_ATTRIBUTE: {"N": str(schema.epoch_seconds(now + ttl))},
            },
            # An expired item may linger until TTL deletes it: it no longer counts.
            "ConditionExpression": "attribute_not_exists(#pk) OR #expires <= :now",
            "ExpressionAttributeNames": {"#pk": PK, "#expires": TTL_ATTRIBUTE},
            "ExpressionAttributeValues": {":now": {"N": str(schema.epoch_seconds(now))}},
        }
    }
    for _attempt in range(2):  # a second round only if the first's item expired in between
        try:
            transact(client, [marker, *items], sleep=sleep)
        except TransactionCancelled as cancelled:
            if not cancelled.condition_failed(0):
                raise TransactionCancelled(cancelled.reasons[1:]) from cancelled
        else:
            loaded: dict[str, Any] = json.loads(stored_receipt)
            return loaded
        with _outage_is_unavailable():
            found = client.get_item(
                TableName=table, Key={PK: {"S": pk}, SK: {"S": sk}}, ConsistentRead=True
            ).get("Item")
        if found is not None:
            first: dict[str, Any] = json.loads(found["receipt"]["S"])
            return first
    raise Unavailable(BUSY)


# --- items -------------------------------------------------------------------------------------


def _key(pk: str, sk: str) -> Item:
    return {PK: {"S": pk}, SK: {"S": sk}}


def _str(item: Item, name: str) -> str:
    return item[name]["S"]


def _opt_str(item: Item, name: str) -> str | None:
    value = item.get(name)
    return None if value is None else value["S"]


def _time(item: Item, name: str) -> datetime:
    return parse_iso(_str(item, name))


def _opt_time(item: Item, name: str) -> datetime | None:
    value = _opt_str(item, name)
    return None if value is None else parse_iso(value)


def _opt_date(item: Item, name: str) -> date | None:
    value = _opt_str(item, name)
    return None if value is None else date.fromisoformat(value)


def _int(item: Item, name: str) -> int:
    return int(item[name]["N"])


def _optional(values: Mapping[str, str | None]) -> Item:
    """String attributes for the values that are not None (an absent attribute means None)."""
    return {name: {"S": value} for name, value in values.items() if value is not None}


class _Table:
    """One table through one client: the few operations the adapters use, errors mapped."""

    def __init__(self, client: DynamoDBClient, name: str, sleep: Sleep) -> None:
        self.client = client
        self.name = name
        self.sleep = sleep

    def get(self, pk: str, sk: str) -> Item | None:
        with _outage_is_unavailable():
            response = self.client.get_item(
                TableName=self.name, Key=_key(pk, sk), ConsistentRead=True
            )
        return response.get("Item")

    def query(
        self,
        key_condition: str,
        names: dict[str, str],
        values: Item,
        *,
        index: str | None = None,
        forward: bool = True,
    ) -> Iterator[Item]:
        request: QueryInputTypeDef = {
            "TableName": self.name,
            "KeyConditionExpression": key_condition,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
            "ScanIndexForward": forward,
        }
        if index is None:
            request["ConsistentRead"] = True  # not offered on a GSI
        else:
            request["IndexName"] = index
        while True:
            with _outage_is_unavailable():
                page = self.client.query(**request)
            yield from page["Items"]
            if "LastEvaluatedKey" not in page:
                return
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def put_new(self, item: Item) -> None:
        """Put ``item`` unless its key exists: then :class:`Conflict`."""
        try:
            with _outage_is_unavailable():
                self.client.put_item(
                    TableName=self.name,
                    Item=item,
                    ConditionExpression="attribute_not_exists(#pk)",
                    ExpressionAttributeNames={"#pk": PK},
                )
        except ClientError as error:
            if _code(error) == "ConditionalCheckFailedException":
                raise Conflict() from error
            raise

    def transact(self, items: Sequence[TransactWriteItemTypeDef]) -> None:
        transact(self.client, items, sleep=self.sleep)

    def transact_once(
        self,
        items: Sequence[TransactWriteItemTypeDef],
        idempotency: Idempotency | None,
        result: str,
        at: datetime,
    ) -> FirstRequest | None:
        """:meth:`transact`, and with ``idempotency`` only once per key (see
        :func:`put_idempotent`): None when this call wrote, else the first request."""
        if idempotency is None:
            self.transact(items)
            return None
        mine = {"fingerprint": idempotency.fingerprint, "result": result}
        first = put_idempotent(
            self.client,
            self.name,
            key=idempotency.scope,
            receipt=mine,
            items=items,
            now=at,
            sleep=self.sleep,
        )
        if first == mine:
            return None
        return FirstRequest(str(first.get("fingerprint")), str(first.get("result")))

    def condition_check(
        self, pk: str, sk: str, condition: str, names: dict[str, str], values: Item | None = None
    ) -> TransactWriteItemTypeDef:
        check: ConditionCheckTypeDef = {
            "TableName": self.name,
            "Key": _key(pk, sk),
            "ConditionExpression": condition,
            "ExpressionAttributeNames": names,
        }
        if values:
            check["ExpressionAttributeValues"] = values
        return {"ConditionCheck": check}

    def count_open(
        self, subject: str, conflicting: Iterable[Grant], step: int
    ) -> list[TransactWriteItemTypeDef]:
        """Add ``step`` to the person's open-application count for the organisation of each
        grant (none, without grants)."""
        chosen = sorted({g.organisation for g in conflicting if g.organisation is not None})
        if not chosen:
            return []
        names = {f"#o{n}": schema.open_count(org) for n, org in enumerate(chosen)}
        update: TransactWriteItemTypeDef = {
            "Update": {
                "TableName": self.name,
                "Key": _key(*schema.open_applications_key(subject)),
                "UpdateExpression": "ADD " + ", ".join(f"{name} :step" for name in names),
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": {":step": {"N": str(step)}},
            }
        }
        return [update]

    def put_item(self, item: Item, *, new: bool = False) -> TransactWriteItemTypeDef:
        """A Put for :meth:`transact`; with ``new``, on condition that the key is not taken."""
        if not new:
            return {"Put": {"TableName": self.name, "Item": item}}
        return {
            "Put": {
                "TableName": self.name,
                "Item": item,
                "ConditionExpression": "attribute_not_exists(#pk)",
                "ExpressionAttributeNames": {"#pk": PK},
            }
        }

    def audit_item(
        self, entity: str, at: datetime, actor: str, action: str, detail: dict[str, str]
    ) -> TransactWriteItemTypeDef:
        item: Item = {
            **_key(schema.audit_pk(entity), schema.audit_sk(at)),
            "kind": {"S": "audit"},
            "entity": {"S": entity},
            "at": {"S": iso(at)},
            "actor": {"S": actor},
            "action": {"S": action},
            "detail": {"M": {name: {"S": value} for name, value in detail.items()}},
        }
        return self.put_item(item, new=True)


# --- ports -------------------------------------------------------------------------------------


def _grant_of(item: Item) -> Grant:
    return Grant(Role(_str(item, "role")), _opt_str(item, "organisation"))


class DynamoUsers:
    def __init__(self, table: _Table) -> None:
        self._table = table

    def get(self, subject: str) -> User | None:
        item = self._table.get(*schema.user_key(subject))
        if item is None:
            return None
        return User(
            subject=_str(item, "subject"),
            name=_str(item, "name"),
            email=_opt_str(item, "email"),
            created_at=_time(item, "created_at"),
        )

    def save(self, user: User) -> None:
        names = {"#kind": "kind", "#subject": "subject", "#name": "name", "#created": "created_at"}
        values: Item = {
            ":kind": {"S": "user"},
            ":subject": {"S": user.subject},
            ":name": {"S": user.name},
            ":created": {"S": iso(user.created_at)},
        }
        update = (
            "SET #kind = :kind, #subject = :subject, #name = :name, "
            "#created = if_not_exists(#created, :created)"
        )
        names["#email"] = "email"
        if user.email is None:
            update += " REMOVE #email"
        else:
            update += ", #email = :email"
            values[":email"] = {"S": user.email}
        with _outage_is_unavailable():
            self._table.client.update_item(
                TableName=self._table.name,
                Key=_key(*schema.user_key(user.subject)),
                UpdateExpression=update,
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
            )

    def grants(self, subject: str) -> frozenset[Grant]:
        pk, _ = schema.user_key(subject)
        items = self._table.query(
            "#pk = :pk AND begins_with(#sk, :prefix)",
            {"#pk": PK, "#sk": SK},
            {":pk": {"S": pk}, ":prefix": {"S": schema.GRANT_PREFIX}},
        )
        return frozenset(_grant_of(item) for item in items)

    def grant(self, subject: str, grant: Grant, *, actor: str, at: datetime) -> bool:
        item: Item = {
            **_key(*schema.grant_key(subject, grant)),
            "kind": {"S": "grant"},
            "subject": {"S": subject},
            "role": {"S": grant.role.value},
            "granted_at": {"S": iso(at)},
            "granted_by": {"S": actor},
        }
        if grant.organisation is not None:
            item["organisation"] = {"S": grant.organisation}
        if (gsi1 := schema.grant_gsi1(subject, grant)) is not None:
            item[GSI1PK], item[GSI1SK] = {"S": gsi1[0]}, {"S": gsi1[1]}
        audit = self._table.audit_item(
            grant_entity(subject, grant), at, actor, "grant", schema.grant_detail(subject, grant)
        )
        if grant.organisation is None:
            return self._write_or_already(self._table.put_item(item, new=True), audit)
        no_open_application = self._table.condition_check(
            *schema.open_applications_key(subject),
            "attribute_not_exists(#open) OR #open <= :zero",
            {"#open": schema.open_count(grant.organisation)},
            {":zero": {"N": "0"}},
        )
        return self._write_or_already(
            self._table.put_item(item, new=True), audit, no_open_application
        )

    def revoke(self, subject: str, grant: Grant, *, actor: str, at: datetime) -> bool:
        delete: TransactWriteItemTypeDef = {
            "Delete": {
                "TableName": self._table.name,
                "Key": _key(*schema.grant_key(subject, grant)),
                "ConditionExpression": "attribute_exists(#pk)",
                "ExpressionAttributeNames": {"#pk": PK},
            }
        }
        audit = self._table.audit_item(
            grant_entity(subject, grant), at, actor, "revoke", schema.grant_detail(subject, grant)
        )
        return self._write_or_already(delete, audit)

    def _write_or_already(
        self,
        change: TransactWriteItemTypeDef,
        audit: TransactWriteItemTypeDef,
        *checks: TransactWriteItemTypeDef,
    ) -> bool:
        """Write the change and its audit entry together; False if the change's condition says
        it was already so (then neither is written). ``checks`` guard against a conflict of
        interest."""
        try:
            self._table.transact([change, audit, *checks])
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(0):
                return False
            if any(cancelled.condition_failed(2 + n) for n in range(len(checks))):
                raise ConflictOfInterest() from cancelled
            raise Conflict() from cancelled
        return True

    def holders(self, organisation: str) -> list[tuple[str, Grant]]:
        # gsi1 is eventually consistent: on AWS a grant shows here a moment after it is written
        # (moto and DynamoDB Local show it at once). grants(subject) reads the base table.
        items = self._table.query(
            "#g = :g AND begins_with(#gs, :prefix)",
            {"#g": GSI1PK, "#gs": GSI1SK},
            {":g": {"S": schema.org_gsi1pk(organisation)}, ":prefix": {"S": "USER#"}},
            index=GSI1,
        )
        # Sorted here as well as by gsi1sk, so a subject with odd characters sorts as in Python.
        return sorted((_str(item, "subject"), _grant_of(item)) for item in items)


class DynamoSessions:
    def __init__(self, table: _Table) -> None:
        self._table = table

    def create(self, session: Session) -> None:
        self._table.put_new(
            {
                **_key(*schema.session_key(session.token_hash)),
                "kind": {"S": "session"},
                "subject": {"S": session.subject},
                "csrf_token": {"S": session.csrf_token},
                "created_at": {"S": iso(session.created_at)},
                "expires_at": {"S": iso(session.expires_at)},
                TTL_ATTRIBUTE: {"N": str(schema.epoch_seconds(session.expires_at))},
            }
        )

    def get(self, token_hash: str, *, now: datetime) -> Session | None:
        item = self._table.get(*schema.session_key(token_hash))
        if item is None:
            return None
        expires_at = _time(item, "expires_at")
        if expires_at <= utc(now):  # TTL deletes lazily, so an expired item may still be there
            return None
        return Session(
            token_hash=token_hash,
            subject=_str(item, "subject"),
            csrf_token=_str(item, "csrf_token"),
            created_at=_time(item, "created_at"),
            expires_at=expires_at,
        )

    def delete(self, token_hash: str) -> None:
        with _outage_is_unavailable():
            self._table.client.delete_item(
                TableName=self._table.name, Key=_key(*schema.session_key(token_hash))
            )


class DynamoLoginStates:
    def __init__(self, table: _Table) -> None:
        self._table = table

    def put(self, login: LoginState) -> None:
        self._table.put_new(
            {
                **_key(*schema.login_key(login.state)),
                "kind": {"S": "login"},
                "code_verifier": {"S": login.code_verifier},
                "nonce": {"S": login.nonce},
                "return_to": {"S": login.return_to},
                "came_from": {"S": login.came_from},
                "expires_at": {"S": iso(login.expires_at)},
                TTL_ATTRIBUTE: {"N": str(schema.epoch_seconds(login.expires_at))},
            }
        )

    def take(self, state: str, *, now: datetime) -> LoginState | None:
        # One DeleteItem returning the old item: of two concurrent takes, only one gets it.
        with _outage_is_unavailable():
            response = self._table.client.delete_item(
                TableName=self._table.name,
                Key=_key(*schema.login_key(state)),
                ReturnValues="ALL_OLD",
            )
        item = response.get("Attributes")
        if not item:
            return None
        expires_at = _time(item, "expires_at")
        if expires_at <= utc(now):
            return None
        return LoginState(
            state=state,
            code_verifier=_str(item, "code_verifier"),
            nonce=_str(item, "nonce"),
            return_to=_str(item, "return_to"),
            expires_at=expires_at,
            came_from=_opt_str(item, "came_from") or "/",
        )


class DynamoAuditLog:
    def __init__(self, table: _Table) -> None:
        self._table = table

    def entries(self, entity: str) -> list[AuditEntry]:
        items = self._table.query("#pk = :pk", {"#pk": PK}, {":pk": {"S": schema.audit_pk(entity)}})
        return [
            AuditEntry(
                entity=_str(item, "entity"),
                at=_time(item, "at"),
                actor=_str(item, "actor"),
                action=_str(item, "action"),
                detail={name: value["S"] for name, value in item["detail"]["M"].items()},
            )
            for item in items
        ]


class DynamoSettings:
    def __init__(self, table: _Table) -> None:
        self._table = table

    def clock_offset(self) -> timedelta:
        item = self._table.get(*schema.setting_key(schema.CLOCK))
        if item is None:
            return timedelta(0)
        return timedelta(microseconds=int(item["offset_us"]["N"]))

    def set_clock_offset(self, offset: timedelta, *, actor: str, at: datetime) -> None:
        value: Item = {"offset_us": {"N": str(offset // timedelta(microseconds=1))}}
        detail = schema.clock_detail(offset)
        self._set(schema.CLOCK, value, "set_clock_offset", detail, actor=actor, at=at)

    def demo_anchor(self) -> date | None:
        item = self._table.get(*schema.setting_key(schema.DEMO_ANCHOR))
        return None if item is None else date.fromisoformat(_str(item, "anchor"))

    def set_demo_anchor(self, anchor: date, *, actor: str, at: datetime) -> None:
        value: Item = {"anchor": {"S": anchor.isoformat()}}
        detail = schema.demo_anchor_detail(anchor)
        self._set(schema.DEMO_ANCHOR, value, "set_demo_anchor", detail, actor=actor, at=at)

    def _set(
        self,
        name: str,
        value: Item,
        action: str,
        detail: dict[str, str],
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """Write the setting and its audit entry in one transaction."""
        setting: Item = {
            **_key(*schema.setting_key(name)),
            "kind": {"S": "setting"},
            "updated_at": {"S": iso(at)},
            **value,
        }
        audit = self._table.audit_item(schema.setting_entity(name), at, actor, action, detail)
        try:
            self._table.transact([self._table.put_item(setting), audit])
        except TransactionCancelled as cancelled:  # only the audit entry has a condition
            raise Conflict() from cancelled


# Stored text back to the domain's literals; anything else is a bug, not a value to guess.
_AD_STATUSES: dict[str, AdStatus] = {"utkast": "utkast", "publisert": "publisert"}
_APPLICATION_STATUSES: dict[str, ApplicationStatus] = {"sendt": "sendt", "trukket": "trukket"}
_RECEIPT_ACTIONS: dict[str, ReceiptAction] = {
    "søknad sendt": "søknad sendt",
    "søknad trukket": "søknad trukket",
}


def _ad_attributes(ad: Ad) -> Item:
    content = ad.content
    published = iso(ad.published_at) if ad.published_at is not None else None
    deadline = content.application_deadline
    return {
        "id": {"S": ad.id},
        "organisation": {"S": content.organisation},
        "place": {"S": content.place},
        "seats": {"N": str(content.seats)},
        "kommune": {"S": content.kommune},
        "starts": {"S": content.starts.isoformat()},
        "description": {"S": content.description},
        "status": {"S": ad.status},
        "version": {"N": str(ad.version)},
        "created_by": {"S": ad.created_by},
        "created_at": {"S": iso(ad.created_at)},
        "updated_at": {"S": iso(ad.updated_at)},
        **_optional(
            {
                "period_id": content.period_id,
                "application_deadline": deadline.isoformat() if deadline is not None else None,
                "ends": content.ends.isoformat() if content.ends is not None else None,
                "published_at": published,
            }
        ),
    }


def _ad_of(item: Item) -> Ad:
    return Ad(
        id=_str(item, "id"),
        content=AdContent(
            organisation=_str(item, "organisation"),
            place=_str(item, "place"),
            seats=_int(item, "seats"),
            kommune=_str(item, "kommune"),
            starts=date.fromisoformat(_str(item, "starts")),
            description=_str(item, "description"),
            period_id=_opt_str(item, "period_id"),
            application_deadline=_opt_date(item, "application_deadline"),
            ends=_opt_date(item, "ends"),
        ),
        status=_AD_STATUSES[_str(item, "status")],
        version=_int(item, "version"),
        created_by=_str(item, "created_by"),
        created_at=_time(item, "created_at"),
        updated_at=_time(item, "updated_at"),
        published_at=_opt_time(item, "published_at"),
    )


class DynamoAds:
    """Each ad is two items written together: ``AD#<ad>`` (read by id; in gsi1 by period) and
    the HF's copy ``HF#<hf>`` / ``AD#<ad>`` (read by organisation, strongly consistent)."""

    def __init__(self, table: _Table) -> None:
        self._table = table

    def _items(self, ad: Ad) -> tuple[Item, Item]:
        attributes = _ad_attributes(ad)
        gsi1pk, gsi1sk = schema.ad_gsi1(ad.content.period_id, ad.id)
        main: Item = {
            **_key(*schema.ad_key(ad.id)),
            "kind": {"S": "ad"},
            GSI1PK: {"S": gsi1pk},
            GSI1SK: {"S": gsi1sk},
            **attributes,
        }
        copy: Item = {
            **_key(*schema.ad_copy_key(ad.content.organisation, ad.id)),
            "kind": {"S": "ad_copy"},
            **attributes,
        }
        return main, copy

    def create(self, ad: Ad, *, idempotency: Idempotency | None = None) -> FirstRequest | None:
        main, copy = self._items(ad)
        items = [self._table.put_item(main, new=True), self._table.put_item(copy)]
        try:
            return self._table.transact_once(items, idempotency, ad.id, ad.created_at)
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(0):
                raise Conflict(schema.AD_EXISTS) from cancelled
            raise Conflict() from cancelled

    def get(self, ad_id: str) -> Ad | None:
        item = self._table.get(*schema.ad_key(ad_id))
        return None if item is None else _ad_of(item)

    def update(self, ad: Ad, *, expected_version: int, audit: AuditEntry | None) -> None:
        entity = schema.ad_audit_entity(ad.id, audit)
        main, copy = self._items(ad)  # refuses naive instants before anything is read
        stored = self._table.get(*schema.ad_key(ad.id))
        if stored is None or _int(stored, "version") != expected_version:
            raise Conflict(schema.AD_CHANGED)
        old_organisation = _str(stored, "organisation")
        items: list[TransactWriteItemTypeDef] = [
            {
                "Put": {
                    "TableName": self._table.name,
                    "Item": main,
                    # The organisation too: it says which copy to replace.
                    "ConditionExpression": "#version = :expected AND #org = :org",
                    "ExpressionAttributeNames": {"#version": "version", "#org": "organisation"},
                    "ExpressionAttributeValues": {
                        ":expected": {"N": str(expected_version)},
                        ":org": {"S": old_organisation},
                    },
                }
            },
            self._table.put_item(copy),
        ]
        if old_organisation != ad.content.organisation:
            old_copy = _key(*schema.ad_copy_key(old_organisation, ad.id))
            items.append({"Delete": {"TableName": self._table.name, "Key": old_copy}})
        if audit is not None:
            items.append(
                self._table.audit_item(entity, audit.at, audit.actor, audit.action, audit.detail)
            )
        try:
            self._table.transact(items)
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(0):
                raise Conflict(schema.AD_CHANGED) from cancelled
            raise Conflict() from cancelled

    def by_period(self, period_id: str | None) -> list[Ad]:
        # gsi1 is eventually consistent on AWS: a new ad shows here a moment after it is written.
        gsi1pk, _ = schema.ad_gsi1(period_id, "")
        items = self._table.query(
            "#g = :g AND begins_with(#gs, :prefix)",
            {"#g": GSI1PK, "#gs": GSI1SK},
            {":g": {"S": gsi1pk}, ":prefix": {"S": schema.AD_PREFIX}},
            index=GSI1,
        )
        return sorted((_ad_of(item) for item in items), key=lambda ad: ad.id)

    def by_organisation(self, organisation: str) -> list[Ad]:
        pk, _ = schema.ad_copy_key(organisation, "")
        items = self._table.query(
            "#pk = :pk AND begins_with(#sk, :prefix)",
            {"#pk": PK, "#sk": SK},
            {":pk": {"S": pk}, ":prefix": {"S": schema.AD_PREFIX}},
        )
        return sorted((_ad_of(item) for item in items), key=lambda ad: ad.id)


def _application_item(application: Application) -> Item:
    gsi1pk, gsi1sk = schema.application_gsi1(
        application.applicant, application.submitted_at, application.ad_id
    )
    return {
        **_key(*schema.application_key(application.ad_id, application.applicant)),
        "kind": {"S": "application"},
        GSI1PK: {"S": gsi1pk},
        GSI1SK: {"S": gsi1sk},
        "ad_id": {"S": application.ad_id},
        "applicant": {"S": application.applicant},
        "cover_text": {"S": application.cover_text},
        "status": {"S": application.status},
        "reference": {"S": application.reference},
        "submitted_at": {"S": iso(application.submitted_at)},
        "changed_at": {"S": iso(application.changed_at)},
        "version": {"N": str(application.version)},
    }


def _application_of(item: Item) -> Application:
    return Application(
        ad_id=_str(item, "ad_id"),
        applicant=_str(item, "applicant"),
        cover_text=_str(item, "cover_text"),
        status=_APPLICATION_STATUSES[_str(item, "status")],
        reference=_str(item, "reference"),
        submitted_at=_time(item, "submitted_at"),
        changed_at=_time(item, "changed_at"),
        version=_int(item, "version"),
    )


def _receipt_item(receipt: Receipt) -> Item:
    return {
        **_key(*schema.receipt_key(receipt.reference)),
        "kind": {"S": "receipt"},
        "reference": {"S": receipt.reference},
        "at": {"S": iso(receipt.at)},
        "action": {"S": receipt.action},
        "ad_id": {"S": receipt.ad_id},
        "applicant": {"S": receipt.applicant},
        "summary": {"S": receipt.summary},
    }


def _refused(cancelled: TransactionCancelled, refused: str, *, code: str | None) -> Conflict:
    """The Conflict for a cancelled [application, receipt, ...] transaction."""
    if cancelled.condition_failed(0):
        return Conflict(refused, code=code)
    if cancelled.condition_failed(1):
        return Conflict(schema.RECEIPT_EXISTS)
    return Conflict()


class DynamoApplications:
    def __init__(self, table: _Table) -> None:
        self._table = table

    def submit(
        self,
        application: Application,
        receipt: Receipt,
        *,
        conflicting: frozenset[Grant] = frozenset(),
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        put: TransactWriteItemTypeDef = {
            "Put": {
                "TableName": self._table.name,
                "Item": _application_item(application),
                # One live application per (ad, applicant); a withdrawn one may be replaced.
                "ConditionExpression": "attribute_not_exists(#pk) OR #status = :withdrawn",
                "ExpressionAttributeNames": {"#pk": PK, "#status": "status"},
                "ExpressionAttributeValues": {":withdrawn": {"S": "trukket"}},
            }
        }
        subject = application.applicant
        items = [put, self._table.put_item(_receipt_item(receipt), new=True)]
        items += [
            self._table.condition_check(
                *schema.grant_key(subject, grant), "attribute_not_exists(#pk)", {"#pk": PK}
            )
            for grant in sorted(conflicting)
        ]
        items += self._table.count_open(subject, conflicting, 1)
        try:
            return self._table.transact_once(items, idempotency, receipt.reference, receipt.at)
        except TransactionCancelled as cancelled:
            if any(cancelled.condition_failed(n) for n in range(2, 2 + len(conflicting))):
                raise ConflictOfInterest() from cancelled
            raise _refused(
                cancelled, schema.ALREADY_APPLIED, code=schema.ALREADY_APPLIED_CODE
            ) from cancelled

    def withdraw(
        self,
        application: Application,
        receipt: Receipt,
        *,
        conflicting: frozenset[Grant] = frozenset(),
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        put: TransactWriteItemTypeDef = {
            "Put": {
                "TableName": self._table.name,
                "Item": _application_item(application),
                "ConditionExpression": "#version = :previous AND #status = :sent",
                "ExpressionAttributeNames": {"#version": "version", "#status": "status"},
                "ExpressionAttributeValues": {
                    ":previous": {"N": str(application.version - 1)},
                    ":sent": {"S": "sendt"},
                },
            }
        }
        items = [put, self._table.put_item(_receipt_item(receipt), new=True)]
        items += self._table.count_open(application.applicant, conflicting, -1)
        try:
            return self._table.transact_once(items, idempotency, receipt.reference, receipt.at)
        except TransactionCancelled as cancelled:
            raise _refused(cancelled, schema.APPLICATION_CHANGED, code=None) from cancelled

    def get(self, ad_id: str, applicant: str) -> Application | None:
        item = self._table.get(*schema.application_key(ad_id, applicant))
        return None if item is None else _application_of(item)

    def by_applicant(self, applicant: str) -> list[Application]:
        # gsi1 is eventually consistent on AWS; get(ad, applicant) reads the base table.
        gsi1pk = schema.applicant_gsi1pk(applicant)
        items = self._table.query(
            "#g = :g AND begins_with(#gs, :prefix)",
            {"#g": GSI1PK, "#gs": GSI1SK},
            {":g": {"S": gsi1pk}, ":prefix": {"S": schema.APPLICATION_PREFIX}},
            index=GSI1,
            forward=False,
        )
        return schema.newest_first(_application_of(item) for item in items)

    def by_ad(self, ad_id: str) -> list[Application]:
        pk, _ = schema.application_key(ad_id, "")
        items = self._table.query(
            "#pk = :pk AND begins_with(#sk, :prefix)",
            {"#pk": PK, "#sk": SK},
            {":pk": {"S": pk}, ":prefix": {"S": schema.APPLICATION_PREFIX}},
        )
        return schema.oldest_first(_application_of(item) for item in items)

    def receipt(self, reference: str) -> Receipt | None:
        item = self._table.get(*schema.receipt_key(reference))
        if item is None:
            return None
        return Receipt(
            reference=_str(item, "reference"),
            at=_time(item, "at"),
            action=_RECEIPT_ACTIONS[_str(item, "action")],
            ad_id=_str(item, "ad_id"),
            applicant=_str(item, "applicant"),
            summary=_str(item, "summary"),
        )


class DynamoRequests:
    def __init__(self, table: _Table) -> None:
        self._table = table

    def first(self, scope: str, *, now: datetime) -> FirstRequest | None:
        item = self._table.get(*schema.idempotency_key(scope))
        if item is None or _int(item, TTL_ATTRIBUTE) <= schema.epoch_seconds(utc(now)):
            return None  # TTL deletes lazily: an expired item no longer counts
        first = json.loads(_str(item, "receipt"))
        return FirstRequest(str(first.get("fingerprint")), str(first.get("result")))


def dynamodb_store(
    client: DynamoDBClient, table_name: str, kind: str, *, sleep: Sleep = time.sleep
) -> Store:
    """The ports on ``table_name`` through ``client``; ``kind`` is reported by /api/health.

    ``sleep`` is what :func:`transact` waits with between retries (tests pass a recorder).
    """
    table = _Table(client, table_name, sleep)
    return Store(
        users=DynamoUsers(table),
        sessions=DynamoSessions(table),
        logins=DynamoLoginStates(table),
        audit=DynamoAuditLog(table),
        settings=DynamoSettings(table),
        ads=DynamoAds(table),
        applications=DynamoApplications(table),
        requests=DynamoRequests(table),
        kind=kind,
    )
