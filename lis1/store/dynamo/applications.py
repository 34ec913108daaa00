"""Applications and receipts on DynamoDB: every change one transaction with its receipt, the
one-application rule and the conflict-of-interest rule in its conditions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from ...domain.applications import Application, ApplicationStatus, Receipt, ReceiptAction
from ...domain.errors import (
    AdministersOrganisation,
    AlreadyApplied,
    NothingToWithdraw,
    ReceiptTaken,
)
from ...errors import Conflict, DomainError
from ...identity import Grant
from ...services.ports.requests import FirstRequest, Idempotency
from ..keys import accounts as account_keys
from ..keys import positions as keys
from ..schema import GSI1, GSI1PK, GSI1SK, PK, SK
from ..values import iso, keep_until_of, parse_iso, retention_fields
from .table import Table, key
from .tx import TransactionCancelled

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

_STATUSES: dict[str, ApplicationStatus] = {"sendt": "sendt", "trukket": "trukket"}
_ACTIONS: dict[str, ReceiptAction] = {
    "søknad sendt": "søknad sendt",
    "søknad trukket": "søknad trukket",
    "takket ja til tilbud": "takket ja til tilbud",
    "takket nei til tilbud": "takket nei til tilbud",
}


def _application_of(item: dict[str, Any]) -> Application:
    return Application(
        ad_id=item["ad_id"],
        applicant=item["applicant"],
        cover_text=item["cover_text"],
        status=_STATUSES[item["status"]],
        reference=item["reference"],
        submitted_at=parse_iso(item["submitted_at"]),
        changed_at=parse_iso(item["changed_at"]),
        version=item["version"],
        keep_until=keep_until_of(item),
    )


def receipt_item(receipt: Receipt) -> dict[str, Any]:
    gsi1pk, gsi1sk = keys.receipt_gsi1(receipt.applicant, receipt.at, receipt.reference)
    return {
        **key(*keys.receipt_key(receipt.reference)),
        "kind": "receipt",
        GSI1PK: gsi1pk,
        GSI1SK: gsi1sk,
        "reference": receipt.reference,
        "at": iso(receipt.at),
        "action": receipt.action,
        "ad_id": receipt.ad_id,
        "applicant": receipt.applicant,
        "summary": receipt.summary,
        **retention_fields(receipt.keep_until),
    }


def _refused(cancelled: TransactionCancelled, refused: DomainError, checks: int) -> DomainError:
    """The error for a cancelled [application, receipt, checks..., counts] transaction."""
    if cancelled.condition_failed(0):
        return refused
    if cancelled.condition_failed(1):
        return ReceiptTaken()
    if any(cancelled.condition_failed(2 + n) for n in range(checks)):
        return AdministersOrganisation()
    return Conflict()


class DynamoApplications:
    def __init__(self, table: Table) -> None:
        self._table = table

    def submit(
        self,
        application: Application,
        receipt: Receipt,
        *,
        conflicting: frozenset[Grant] = frozenset(),
        open_until: date | None = None,
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        subject = application.applicant
        gsi1pk, gsi1sk = keys.application_gsi1(subject, application.submitted_at, application.ad_id)
        fields = {
            "kind": "application",
            GSI1PK: gsi1pk,
            GSI1SK: gsi1sk,
            "ad_id": application.ad_id,
            "applicant": subject,
            "cover_text": application.cover_text,
            "status": "sendt",
            "reference": application.reference,
            "submitted_at": iso(application.submitted_at),
            "changed_at": iso(application.changed_at),
            **retention_fields(application.keep_until),
        }
        names = {f"#f{n}": name for n, name in enumerate(fields)}
        values: dict[str, Any] = {f":f{n}": value for n, value in enumerate(fields.values())}
        names |= {"#pk": PK, "#status": "status", "#version": "version"}
        values |= {":withdrawn": "trukket", ":one": 1}
        application_write = self._table.update(
            *keys.application_key(application.ad_id, subject),
            "SET " + ", ".join(f"#f{n} = :f{n}" for n in range(len(fields))) + " ADD #version :one",
            names,
            values,
            # One live application per (ad, applicant); a withdrawn one may be replaced.
            condition="attribute_not_exists(#pk) OR #status = :withdrawn",
        )
        checks = [
            self._table.condition_check(
                *account_keys.grant_key(subject, grant),
                "attribute_not_exists(#pk)",
                {"#pk": PK},
                {},
            )
            for grant in sorted(conflicting)
        ]
        items = [application_write, self._table.put(receipt_item(receipt), new=True), *checks]
        items += self._table.open_marks(
            subject, application.ad_id, conflicting, open_until or date.max
        )
        items.append(self._count(application.ad_id, 1))
        try:
            return self._table.transact_once(items, idempotency, receipt.reference, receipt.at)
        except TransactionCancelled as cancelled:
            raise _refused(cancelled, AlreadyApplied(), len(checks)) from cancelled

    def withdraw(
        self,
        ad_id: str,
        applicant: str,
        receipt: Receipt,
        *,
        conflicting: frozenset[Grant] = frozenset(),
        idempotency: Idempotency | None = None,
    ) -> FirstRequest | None:
        application_write = self._table.update(
            *keys.application_key(ad_id, applicant),
            "SET #status = :withdrawn, #text = :empty, #reference = :reference, "
            "#changed = :changed ADD #version :one",
            {
                "#status": "status",
                "#text": "cover_text",
                "#reference": "reference",
                "#changed": "changed_at",
                "#version": "version",
            },
            {
                ":withdrawn": "trukket",
                ":sent": "sendt",
                ":empty": "",
                ":reference": receipt.reference,
                ":changed": iso(receipt.at),
                ":one": 1,
            },
            condition="#status = :sent",
        )
        items = [application_write, self._table.put(receipt_item(receipt), new=True)]
        items += self._table.open_marks(applicant, ad_id, conflicting, None)
        items.append(self._count(ad_id, -1))
        try:
            return self._table.transact_once(items, idempotency, receipt.reference, receipt.at)
        except TransactionCancelled as cancelled:
            raise _refused(cancelled, NothingToWithdraw(), 0) from cancelled

    def _count(self, ad_id: str, step: int) -> TransactWriteItemTypeDef:
        return self._table.update(
            *keys.ad_counts_key(ad_id), "ADD #sent :step", {"#sent": "sent"}, {":step": step}
        )

    def counts(self, ad_ids: Iterable[str]) -> dict[str, int]:
        wanted = list(ad_ids)
        items = self._table.batch_get(keys.ad_counts_key(ad_id) for ad_id in wanted)
        found = {item[PK].removeprefix(keys.AD_PREFIX): int(item.get("sent", 0)) for item in items}
        return {ad_id: found.get(ad_id, 0) for ad_id in wanted}

    def get(self, ad_id: str, applicant: str) -> Application | None:
        item = self._table.get(*keys.application_key(ad_id, applicant))
        return None if item is None else _application_of(item)

    def by_applicant(self, applicant: str) -> list[Application]:
        # gsi1 is eventually consistent on AWS; get(ad, applicant) reads the base table.
        items = self._table.query(
            "#g = :g AND begins_with(#gs, :prefix)",
            {"#g": GSI1PK, "#gs": GSI1SK},
            {":g": keys.applicant_gsi1pk(applicant), ":prefix": keys.APPLICATION_PREFIX},
            index=GSI1,
            forward=False,
        )
        return keys.newest_first(_application_of(item) for item in items)

    def by_ad(self, ad_id: str) -> list[Application]:
        pk, _ = keys.application_key(ad_id, "")
        items = self._table.query(
            "#pk = :pk AND begins_with(#sk, :prefix)",
            {"#pk": PK, "#sk": SK},
            {":pk": pk, ":prefix": keys.APPLICATION_PREFIX},
        )
        return keys.oldest_first(_application_of(item) for item in items)

    def receipt(self, reference: str) -> Receipt | None:
        item = self._table.get(*keys.receipt_key(reference))
        return None if item is None else _receipt_of(item)

    def receipts(self, applicant: str) -> list[Receipt]:
        items = self._table.query(
            "#g = :g AND begins_with(#gs, :prefix)",
            {"#g": GSI1PK, "#gs": GSI1SK},
            {":g": keys.applicant_gsi1pk(applicant), ":prefix": keys.RECEIPT_PREFIX},
            index=GSI1,
            forward=False,
        )
        return keys.receipts_newest_first(_receipt_of(item) for item in items)


def _receipt_of(item: dict[str, Any]) -> Receipt:
    return Receipt(
        reference=item["reference"],
        at=parse_iso(item["at"]),
        action=_ACTIONS[item["action"]],
        ad_id=item["ad_id"],
        applicant=item["applicant"],
        summary=item["summary"],
        keep_until=keep_until_of(item),
    )
