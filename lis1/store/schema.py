"""The one definition of LIS1's single DynamoDB table: attributes, index, TTL and item keys.

The API, the local server, infra/ and the tests all create the table from
:func:`create_table_kwargs`, so there is no second copy of the key schema to drift. Every item
has a string partition key ``pk`` and sort key ``sk``; one overloaded global secondary index
``gsi1`` (``gsi1pk``/``gsi1sk``, all attributes projected) answers the "by the other side"
questions; ``expires`` (epoch seconds) lets DynamoDB's TTL delete short-lived items, lazily
(within days), so readers still check the item's own ``expires_at``.

Item kinds (``<x>`` is a domain value; ``-``: not in gsi1; TTL: has ``expires``)::

    item         pk                    sk                      gsi1pk / gsi1sk
    -----------  --------------------  ----------------------  -------------------------------------
    user         USER#<subject>        PROFILE                 -
    grant        USER#<subject>        GRANT#<role>[#<org>]    ORG#<org> /
                                                               USER#<subject>#GRANT#<role>
                 (gsi1 only for grants held for an organisation: the admins of an HF or kommune)
    session      SESSION#<token_hash>  SESSION                 -                          TTL
    login state  LOGIN#<state>         LOGIN                   -                          TTL
    audit entry  AUDIT#<entity>        <iso-instant>#<random>  -
    setting      SETTING#<name>        SETTING                 -
                 (names: clock, demo_anchor)
    open apps    USER#<subject>        OPEN_APPLICATIONS       -
                 ``open:<org>``: how many of the person's applications are open (sent, not
                 withdrawn) to ads of that HF or kommune. Submit adds 1 and withdraw takes 1 in
                 their transactions; granting an administrator role for <org> checks it is 0
                 (ConditionCheck), and submit checks the applicant holds no such grant: so no one
                 administers an organisation they have applied to, even when both race
    idempotency  IDEMPOTENCY#<scope>   IDEMPOTENCY             -                          TTL 24 h
                 one per request a client may repeat, scope <subject>#<key>
                 (:func:`request_scope`): Put with ``attribute_not_exists(pk) OR expires <=
                 :now`` in the SAME TransactWriteItems as the change it guards; a repeat is
                 cancelled by that condition and reads the item (GetItem). Holds the request's
                 fingerprint and result (JSON in ``receipt``); ``expires`` is the change's
                 instant + 24 h
    ad           AD#<ad>               AD                      PERIOD#<period> / AD#<ad>
                                                               (reststilling: RESTSTILLINGER /
                                                               AD#<ad>)
    ad (HF copy) HF#<hf>               AD#<ad>                 -
                 by id: GetItem; per period: Query gsi1 (eventually consistent on AWS); per HF:
                 Query pk HF#<hf> (strongly consistent, so an admin sees a draft at once). Both
                 items carry every attribute and are written in one TransactWriteItems: create
                 with attribute_not_exists(pk) on AD#<ad>; update with ``version = :expected``
                 (and the stored organisation, whose copy it replaces; a move to another HF
                 deletes the old copy), plus the audit entry ``annonse:<ad>`` when given
    application  AD#<ad>               APPLICATION#<subject>   APPLICANT#<subject> /
                                                               APPLICATION#<iso-sent>#<ad>
                 per ad: Query pk with begins_with APPLICATION# (strongly consistent, sorted
                 oldest first); per applicant: Query gsi1 descending (newest first). One live
                 application per ad and applicant: submit is Put with ``attribute_not_exists(pk)
                 OR status = trukket``; withdraw is Put with ``version = :previous AND status =
                 sendt``; each in one TransactWriteItems with its receipt, the open-application
                 counts and, with an idempotency key, its idempotency item
    receipt      RECEIPT#<reference>   RECEIPT                 -
                 Put with attribute_not_exists(pk), in the transaction of the change it proves

Audit entities: grants and revocations are recorded under
:func:`lis1.services.ports.grant_entity` (``organisasjon:<org>``, else ``bruker:<subject>``),
settings under ``innstilling:<name>`` (:func:`setting_entity`), corrections of a published ad
under ``annonse:<ad>`` (:func:`ad_entity`). Instants are ISO-8601 UTC strings with microseconds
and a ``Z`` (:func:`iso`): fixed width, so they sort as text, in keys and in condition
expressions alike. Dates are ISO (``2025-03-01``).

Why not the planned ``PERIOD#<period> / HF#<hf>#AD#<ad>`` alone: that answers "ads of an HF"
only within one period, and a second index would mean migrating every existing table. The HF
copy costs one more item per write and none per read.

Planned for the next features (so that the keys fit; not implemented yet)::

    item         pk                    sk                      gsi1pk / gsi1sk
    -----------  --------------------  ----------------------  -------------------------------------
    offer        ROUND#<period>#<n>    OFFER#<ad>#<subject>    APPLICANT#<subject> /
                                                               PERIOD#<period>#OFFER#<n>#<ad>
                 per round: Query pk; an applicant's offers (and private feed): Query gsi1
                 with begins_with PERIOD# (an applicant's applications begin APPLICATION#);
                 no answer after the deadline: condition ``answer_by > :now`` on the offer
    accepted     APPLICANT#<subject>   ACCEPTED#<period>       -
                 Put with attribute_not_exists(pk) in the transaction that accepts an offer:
                 at most one accepted offer per applicant and period
    competence   LIS#<subject>         RECORD#<goal>           -
                 per LIS: Query pk; optimistic writes with condition ``version = :expected``

Ids in keys are stable ids from data/ or the identity provider; the adapter keeps the domain
values as plain attributes too, so nothing is ever parsed back out of a key.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import CreateTableInputTypeDef

    from ..domain.positions import Application
    from ..identity import Grant
    from ..services.ports import AuditEntry

PK = "pk"
SK = "sk"
GSI1 = "gsi1"
GSI1PK = "gsi1pk"
GSI1SK = "gsi1sk"
TTL_ATTRIBUTE = "expires"

CLOCK = "clock"
DEMO_ANCHOR = "demo_anchor"


class TableMismatch(RuntimeError):
    """An existing table does not have the key schema this code expects."""


def create_table_kwargs(table_name: str) -> CreateTableInputTypeDef:
    """Arguments for ``client.create_table(**...)``: the table as this module defines it."""
    return {
        "TableName": table_name,
        "AttributeDefinitions": [
            {"AttributeName": name, "AttributeType": "S"} for name in (PK, SK, GSI1PK, GSI1SK)
        ],
        "KeySchema": [
            {"AttributeName": PK, "KeyType": "HASH"},
            {"AttributeName": SK, "KeyType": "RANGE"},
        ],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": GSI1,
                "KeySchema": [
                    {"AttributeName": GSI1PK, "KeyType": "HASH"},
                    {"AttributeName": GSI1SK, "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        "BillingMode": "PAY_PER_REQUEST",
    }


def ensure_table(
    client: DynamoDBClient, table_name: str, *, delay: int = 1, max_attempts: int = 120
) -> None:
    """Create the table unless it exists, wait until it is ACTIVE, and switch TTL on.

    Safe to run again and from several processes at once. An existing table with another key
    schema raises :class:`TableMismatch` rather than being used or changed.
    """
    # The table may exist already, or another process may be creating it: the waiter covers both.
    with contextlib.suppress(client.exceptions.ResourceInUseException):
        client.create_table(**create_table_kwargs(table_name))
    client.get_waiter("table_exists").wait(
        TableName=table_name, WaiterConfig={"Delay": delay, "MaxAttempts": max_attempts}
    )
    _check_schema(client, table_name)
    _enable_ttl(client, table_name)


def _check_schema(client: DynamoDBClient, table_name: str) -> None:
    wanted = create_table_kwargs(table_name)
    table = client.describe_table(TableName=table_name)["Table"]
    keys = [(k["AttributeName"], k["KeyType"]) for k in table.get("KeySchema", [])]
    indexes = {
        index["IndexName"]: [(k["AttributeName"], k["KeyType"]) for k in index["KeySchema"]]
        for index in table.get("GlobalSecondaryIndexes", [])
    }
    wanted_keys = [(k["AttributeName"], k["KeyType"]) for k in wanted["KeySchema"]]
    wanted_gsi = [(GSI1PK, "HASH"), (GSI1SK, "RANGE")]
    if keys != wanted_keys or indexes.get(GSI1) != wanted_gsi:
        raise TableMismatch(
            f"Tabellen {table_name} har et annet nøkkeloppsett enn lis1.store.schema "
            f"(nøkler {keys}, indekser {indexes}). Bruk en ny tabell eller migrer den."
        )


def _enable_ttl(client: DynamoDBClient, table_name: str) -> None:
    try:
        current = client.describe_time_to_live(TableName=table_name)["TimeToLiveDescription"]
        if current.get("TimeToLiveStatus") in {"ENABLED", "ENABLING"}:
            return
        client.update_time_to_live(
            TableName=table_name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE},
        )
    except client.exceptions.ClientError as error:
        # An engine without TTL (or a concurrent enable) leaves expiry to the readers, which
        # check expires_at themselves anyway.
        if error.response.get("Error", {}).get("Code") not in {
            "UnknownOperationException",
            "ValidationException",
        }:
            raise


# --- keys --------------------------------------------------------------------------------------
# Built only here and used only by the adapters: keys never leave lis1.store.


def user_key(subject: str) -> tuple[str, str]:
    return f"USER#{subject}", "PROFILE"


GRANT_PREFIX = "GRANT#"


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


def session_key(token_hash: str) -> tuple[str, str]:
    return f"SESSION#{token_hash}", "SESSION"


def login_key(state: str) -> tuple[str, str]:
    return f"LOGIN#{state}", "LOGIN"


def audit_pk(entity: str) -> str:
    return f"AUDIT#{entity}"


def audit_sk(at: datetime, suffix: str | None = None) -> str:
    """``<iso-instant>#<random>``: oldest first, and two entries at one instant never collide."""
    return f"{iso(at)}#{suffix if suffix is not None else secrets.token_hex(6)}"


def setting_key(name: str) -> tuple[str, str]:
    return f"SETTING#{name}", "SETTING"


IDEMPOTENCY_TTL = timedelta(hours=24)


def idempotency_key(key: str) -> tuple[str, str]:
    return f"IDEMPOTENCY#{key}", "IDEMPOTENCY"


def request_scope(subject: str, key: str) -> str:
    """What :func:`idempotency_key` is given for a request sent with ``key``: a key counts per
    caller, so another person's same key is another item."""
    return f"{subject}#{key}"


OPEN_APPLICATIONS_SK = "OPEN_APPLICATIONS"


def open_applications_key(subject: str) -> tuple[str, str]:
    return f"USER#{subject}", OPEN_APPLICATIONS_SK


def open_count(organisation: str) -> str:
    """The attribute of :func:`open_applications_key` counting open applications there."""
    return f"open:{organisation}"


def setting_entity(name: str) -> str:
    """The audit entity a change of setting ``name`` is recorded under."""
    return f"innstilling:{name}"


AD_SK = "AD"
AD_PREFIX = "AD#"
REST_GSI1PK = "RESTSTILLINGER"


def ad_key(ad_id: str) -> tuple[str, str]:
    return f"{AD_PREFIX}{ad_id}", AD_SK


def ad_gsi1(period_id: str | None, ad_id: str) -> tuple[str, str]:
    """gsi1 keys of an ad item: its period (or every reststilling), then its id."""
    pk = REST_GSI1PK if period_id is None else f"PERIOD#{period_id}"
    return pk, f"{AD_PREFIX}{ad_id}"


def ad_copy_key(organisation: str, ad_id: str) -> tuple[str, str]:
    """The HF's copy of an ad: ``by_organisation`` is one strongly consistent Query."""
    return f"HF#{organisation}", f"{AD_PREFIX}{ad_id}"


def ad_entity(ad_id: str) -> str:
    """The audit entity corrections of an ad are recorded under."""
    return f"annonse:{ad_id}"


def ad_audit_entity(ad_id: str, audit: AuditEntry | None) -> str:
    """:func:`ad_entity`; an audit entry naming another entity is a bug, refused before writing."""
    entity = ad_entity(ad_id)
    if audit is not None and audit.entity not in {"", entity}:
        raise ValueError(f"revisjonsoppføringen gjelder {audit.entity!r}, ikke {entity!r}")
    return entity


APPLICATION_PREFIX = "APPLICATION#"


def application_key(ad_id: str, applicant: str) -> tuple[str, str]:
    return f"{AD_PREFIX}{ad_id}", f"{APPLICATION_PREFIX}{applicant}"


def applicant_gsi1pk(applicant: str) -> str:
    return f"APPLICANT#{applicant}"


def application_gsi1(applicant: str, submitted_at: datetime, ad_id: str) -> tuple[str, str]:
    """gsi1 keys of an application: the applicant, then when it was sent (fixed-width text)."""
    return applicant_gsi1pk(applicant), f"{APPLICATION_PREFIX}{iso(submitted_at)}#{ad_id}"


def receipt_key(reference: str) -> tuple[str, str]:
    return f"RECEIPT#{reference}", "RECEIPT"


# --- rules both adapters share --------------------------------------------------------------------

AD_EXISTS = "Det finnes allerede en annonse med denne id-en."
AD_CHANGED = "Annonsen er endret av noen andre i mellomtiden. Last siden på nytt."
ALREADY_APPLIED_CODE = "har_allerede_søkt"
ALREADY_APPLIED = (
    "Du har allerede søkt på denne stillingen. Du kan trekke søknaden og søke på nytt før fristen."
)
APPLICATION_CHANGED = "Søknaden er allerede trukket eller endret i mellomtiden. Last siden på nytt."
RECEIPT_EXISTS = "Kvitteringsnummeret er allerede brukt. Prøv igjen."


def newest_first(applications: Iterable[Application]) -> list[Application]:
    """An applicant's applications: latest ``submitted_at`` first (then by ad, also reversed,
    exactly as a descending Query on :func:`application_gsi1` returns them)."""
    return sorted(applications, key=lambda a: (iso(a.submitted_at), a.ad_id), reverse=True)


def oldest_first(applications: Iterable[Application]) -> list[Application]:
    """An ad's applications: earliest ``submitted_at`` first, then by applicant."""
    return sorted(applications, key=lambda a: (iso(a.submitted_at), a.applicant))


# --- audit details ------------------------------------------------------------------------------
# Both adapters record the same details, so the contract suite can compare them.


def grant_detail(subject: str, grant: Grant) -> dict[str, str]:
    """What :class:`lis1.services.ports.Users` promises to record with a grant or revocation."""
    return {"subject": subject, "role": grant.role.value}


def clock_detail(offset: timedelta) -> dict[str, str]:
    seconds = offset.total_seconds()
    return {"offset_seconds": str(int(seconds)) if seconds.is_integer() else str(seconds)}


def demo_anchor_detail(anchor: date) -> dict[str, str]:
    return {"anchor": anchor.isoformat()}


# --- values ------------------------------------------------------------------------------------


def utc(instant: datetime) -> datetime:
    """``instant`` in UTC; a naive datetime is refused, never guessed."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("tidspunktet mangler tidssone (naiv datetime)")
    return instant.astimezone(UTC)


def iso(instant: datetime) -> str:
    """ISO-8601 UTC with microseconds and ``Z``: ``2024-10-27T01:30:00.000000Z``."""
    return utc(instant).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def epoch_seconds(instant: datetime) -> int:
    """Whole epoch seconds, rounded up: TTL never deletes an item before it has expired."""
    instant = utc(instant)
    seconds = int(instant.timestamp())
    return seconds + 1 if instant.microsecond else seconds
