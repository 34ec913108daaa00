"""One table through one client: the few operations the adapters use, on plain values, with
every failure mapped (:mod:`.client`) and every transaction retried (:mod:`.tx`)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from ...domain.errors import StoreBusy
from ...identity import Grant
from ...services.ports.requests import FirstRequest, Idempotency
from ..keys.accounts import audit_pk, audit_sk, open_applications_key, open_mark
from ..schema import PK, SK
from ..values import iso
from .client import error_code, mapped_errors
from .codec import from_item, to_item
from .tx import Sleep, put_idempotent, transact

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import (
        ConditionCheckTypeDef,
        DeleteTypeDef,
        PutTypeDef,
        QueryInputTypeDef,
        TransactWriteItemTypeDef,
        UpdateTypeDef,
    )


class AlreadyThere(Exception):
    """:meth:`Table.put_new` found the key taken; the adapter says what that means."""


def key(pk: str, sk: str) -> dict[str, str]:
    return {PK: pk, SK: sk}


class Table:
    def __init__(self, client: DynamoDBClient, name: str, sleep: Sleep = time.sleep) -> None:
        self.client = client
        self.name = name
        self.sleep = sleep

    # --- reads ------------------------------------------------------------------------------

    def get(self, pk: str, sk: str) -> dict[str, Any] | None:
        with mapped_errors():
            response = self.client.get_item(
                TableName=self.name, Key=to_item(key(pk, sk)), ConsistentRead=True
            )
        item = response.get("Item")
        return None if item is None else from_item(item)

    def batch_get(self, keys: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
        """The items that exist of ``keys`` (strongly consistent), in 100s, retrying what
        DynamoDB left unprocessed."""
        wanted = [to_item(key(pk, sk)) for pk, sk in dict.fromkeys(keys)]
        found: list[dict[str, Any]] = []
        for start in range(0, len(wanted), 100):
            pending = wanted[start : start + 100]
            for attempt in range(8):
                with mapped_errors():
                    response = self.client.batch_get_item(
                        RequestItems={self.name: {"Keys": pending, "ConsistentRead": True}}
                    )
                found += [from_item(item) for item in response["Responses"].get(self.name, [])]
                left = response.get("UnprocessedKeys", {}).get(self.name)
                pending = list(left["Keys"]) if left else []
                if not pending:
                    break
                self.sleep(0.05 * 2**attempt)
            if pending:
                raise StoreBusy()
        return found

    def query(
        self,
        key_condition: str,
        names: dict[str, str],
        values: Mapping[str, Any],
        *,
        index: str | None = None,
        forward: bool = True,
    ) -> Iterator[dict[str, Any]]:
        request: QueryInputTypeDef = {
            "TableName": self.name,
            "KeyConditionExpression": key_condition,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": to_item(values),
            "ScanIndexForward": forward,
        }
        if index is None:
            request["ConsistentRead"] = True  # not offered on a GSI
        else:
            request["IndexName"] = index
        while True:
            with mapped_errors():
                page = self.client.query(**request)
            yield from (from_item(item) for item in page["Items"])
            if "LastEvaluatedKey" not in page:
                return
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def take(self, pk: str, sk: str) -> dict[str, Any] | None:
        """Delete the item and return what it was: of two concurrent takes, one gets it."""
        with mapped_errors():
            response = self.client.delete_item(
                TableName=self.name, Key=to_item(key(pk, sk)), ReturnValues="ALL_OLD"
            )
        item = response.get("Attributes")
        return from_item(item) if item else None

    # --- single writes ------------------------------------------------------------------------

    def put_new(self, values: Mapping[str, Any]) -> None:
        """Put the item unless its key exists: then :class:`AlreadyThere`."""
        try:
            with mapped_errors():
                self.client.put_item(
                    TableName=self.name,
                    Item=to_item(values),
                    ConditionExpression="attribute_not_exists(#pk)",
                    ExpressionAttributeNames={"#pk": PK},
                )
        except ClientError as error:
            if error_code(error) == "ConditionalCheckFailedException":
                raise AlreadyThere() from error
            raise

    def delete(self, pk: str, sk: str) -> None:
        with mapped_errors():
            self.client.delete_item(TableName=self.name, Key=to_item(key(pk, sk)))

    # --- transactions -------------------------------------------------------------------------

    def transact(self, items: Iterable[TransactWriteItemTypeDef]) -> None:
        transact(self.client, list(items), sleep=self.sleep)

    def transact_once(
        self,
        items: list[TransactWriteItemTypeDef],
        idempotency: Idempotency | None,
        result: str,
        at: datetime,
    ) -> FirstRequest | None:
        """:meth:`transact`, and with ``idempotency`` only once per key (see
        :func:`.tx.put_idempotent`): None when this call wrote, else the first request."""
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

    def put(
        self,
        values: Mapping[str, Any],
        *,
        new: bool = False,
        condition: str | None = None,
        names: dict[str, str] | None = None,
        condition_values: Mapping[str, Any] | None = None,
    ) -> TransactWriteItemTypeDef:
        """A Put for :meth:`transact`; with ``new``, on condition that the key is not taken,
        else on ``condition`` if given."""
        put: PutTypeDef = {"TableName": self.name, "Item": to_item(values)}
        if new:
            put["ConditionExpression"] = "attribute_not_exists(#pk)"
            put["ExpressionAttributeNames"] = {"#pk": PK}
        elif condition is not None:
            put["ConditionExpression"] = condition
            put["ExpressionAttributeNames"] = names or {}
            if condition_values:
                put["ExpressionAttributeValues"] = to_item(condition_values)
        return {"Put": put}

    def update(
        self,
        pk: str,
        sk: str,
        expression: str,
        names: dict[str, str],
        values: Mapping[str, Any],
        condition: str | None = None,
    ) -> TransactWriteItemTypeDef:
        """An Update for :meth:`transact`."""
        update: UpdateTypeDef = {
            "TableName": self.name,
            "Key": to_item(key(pk, sk)),
            "UpdateExpression": expression,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": to_item(values),
        }
        if condition is not None:
            update["ConditionExpression"] = condition
        return {"Update": update}

    def removal(
        self,
        pk: str,
        sk: str,
        condition: str | None = None,
        names: Mapping[str, str] | None = None,
        values: Mapping[str, Any] | None = None,
    ) -> TransactWriteItemTypeDef:
        """A Delete for :meth:`transact`, with ``condition`` if given (on ``#pk`` unless
        ``names`` says what it names)."""
        delete: DeleteTypeDef = {"TableName": self.name, "Key": to_item(key(pk, sk))}
        if condition is not None:
            delete["ConditionExpression"] = condition
            delete["ExpressionAttributeNames"] = dict(names) if names else {"#pk": PK}
        if values:
            delete["ExpressionAttributeValues"] = to_item(values)
        return {"Delete": delete}

    def condition_check(
        self, pk: str, sk: str, condition: str, names: dict[str, str], values: Mapping[str, Any]
    ) -> TransactWriteItemTypeDef:
        check: ConditionCheckTypeDef = {
            "TableName": self.name,
            "Key": to_item(key(pk, sk)),
            "ConditionExpression": condition,
            "ExpressionAttributeNames": names,
        }
        if values:
            check["ExpressionAttributeValues"] = to_item(values)
        return {"ConditionCheck": check}

    def open_marks(
        self, subject: str, ad_id: str, conflicting: Iterable[Grant], until: date | None
    ) -> list[TransactWriteItemTypeDef]:
        """Mark the person's application to ``ad_id`` open ``until`` for the organisation of
        each grant, or with ``until`` None, no longer open (nothing, without grants)."""
        chosen = sorted({g.organisation for g in conflicting if g.organisation is not None})
        if not chosen:
            return []
        names = {f"#o{n}": open_mark(org, ad_id) for n, org in enumerate(chosen)}
        names["#version"] = "version"
        values: dict[str, Any] = {":one": 1}
        marks = [name for name in names if name != "#version"]
        if until is None:
            expression = "REMOVE " + ", ".join(marks)
        else:
            expression = "SET " + ", ".join(f"{name} = :until" for name in marks)
            values[":until"] = until.isoformat()
        expression += " ADD #version :one"
        return [self.update(*open_applications_key(subject), expression, names, values)]

    def audit(
        self, entity: str, at: datetime, actor: str, action: str, detail: dict[str, str]
    ) -> TransactWriteItemTypeDef:
        """The audit entry of a change, for the change's own transaction."""
        values = {
            **key(audit_pk(entity), audit_sk(at)),
            "kind": "audit",
            "entity": entity,
            "at": iso(at),
            "actor": actor,
            "action": action,
            "detail": dict(detail),
        }
        return self.put(values, new=True)
