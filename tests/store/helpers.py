"""What the contract tests share: fixed instants in a DST week, sample ads and applications,
and a client that makes transactions conflict."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import pytest

from lis1.domain.ads import Ad, AdContent
from lis1.domain.applications import Application, Receipt
from lis1.identity import Grant, Role
from lis1.services.ports.accounts import AuditEntry
from lis1.services.ports.requests import Idempotency
from lis1.services.ports.store import Store

from .conftest import DYNAMODB_ADAPTERS

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

# The Sunday clocks go back in Oslo: DST weeks are where off-by-one-hour bugs live.
T0 = datetime(2024, 10, 27, 0, 30, tzinfo=UTC)
OSLO_SUMMER = timezone(timedelta(hours=2))

HF = "helse-bergen"
KOMMUNE = "bergen"
HF_ADMIN = Grant(Role.HF_ADMIN, HF)
KOMMUNE_ADMIN = Grant(Role.KOMMUNE_ADMIN, KOMMUNE)
EDITOR = Grant(Role.EDITOR)

dynamodb_only = pytest.mark.parametrize("adapter", DYNAMODB_ADAPTERS, indirect=True)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


PERIOD = "h2025"
AD_CHANGED = "Annonsen er endret av noen andre i mellomtiden. Last siden på nytt."


def ad(
    ad_id: str = "ad-1",
    *,
    organisation: str = HF,
    period_id: str | None = PERIOD,
    status: str = "utkast",
    version: int = 1,
    seats: int = 2,
    updated: float = 0,
) -> Ad:
    rest = period_id is None
    content = AdContent(
        organisation=organisation,
        place="Haukeland universitetssjukehus, Bergen",
        seats=seats,
        kommune=KOMMUNE,
        starts=date(2025, 9, 1),
        description="Sykehusdelen «først», så kommunen.\nEn ny linje – og æøå.",
        period_id=period_id,
        application_deadline=date(2025, 3, 31) if rest else None,
        ends=date(2026, 2, 28) if rest else None,
    )
    published = at(updated).astimezone(OSLO_SUMMER) if status == "publisert" else None
    return Ad(
        id=ad_id,
        content=content,
        status=status,  # type: ignore[arg-type]
        version=version,
        created_by="hf-admin-1",
        created_at=T0.astimezone(OSLO_SUMMER),
        updated_at=at(updated).astimezone(OSLO_SUMMER),
        published_at=published,
    )


def in_utc(value: Ad) -> Ad:
    """What the store gives back: every instant in UTC."""
    published = value.published_at.astimezone(UTC) if value.published_at else None
    return replace(
        value,
        created_at=value.created_at.astimezone(UTC),
        updated_at=value.updated_at.astimezone(UTC),
        published_at=published,
    )


def correction(ad_id: str, minutes: float, actor: str = "hf-admin-2") -> AuditEntry:
    detail = {"felt": "seats", "fra": "2", "til": "3"}
    return AuditEntry(f"annonse:{ad_id}", at(minutes), actor, "correct", detail)


KEY = Idempotency("sub-1#klikk-1", "fingeravtrykk")
"""An idempotency key with its fingerprint, as the services make them."""

ALREADY_APPLIED = (
    "Du har allerede søkt på denne stillingen. Du kan trekke søknaden og søke på nytt før fristen."
)


def application(
    ad_id: str = "ad-1",
    applicant: str = "sub-1",
    *,
    reference: str = "LIS1-AAAA-0001",
    submitted: float = 0,
    changed: float | None = None,
    status: str = "sendt",
    version: int = 1,
    cover_text: str = "Jeg vil gjerne jobbe i Bergen.\n– Kari",
) -> Application:
    return Application(
        ad_id=ad_id,
        applicant=applicant,
        cover_text=cover_text,
        status=status,  # type: ignore[arg-type]
        reference=reference,
        submitted_at=at(submitted).astimezone(OSLO_SUMMER),
        changed_at=at(submitted if changed is None else changed).astimezone(OSLO_SUMMER),
        version=version,
    )


def receipt_for(value: Application) -> Receipt:
    action = "søknad sendt" if value.status == "sendt" else "søknad trukket"
    return Receipt(
        reference=value.reference,
        at=value.changed_at,
        action=action,  # type: ignore[arg-type]
        ad_id=value.ad_id,
        applicant=value.applicant,
        summary=f"Søknaden på {value.ad_id} er registrert.",
    )


def utc_application(value: Application) -> Application:
    return replace(
        value,
        submitted_at=value.submitted_at.astimezone(UTC),
        changed_at=value.changed_at.astimezone(UTC),
    )


def utc_receipt(value: Receipt) -> Receipt:
    return replace(value, at=value.at.astimezone(UTC))


def withdrawal(value: Application, reference: str, minutes: float) -> Application:
    """``value`` as the store keeps it once withdrawn: no cover text, the withdrawal's
    reference and instant, one version more."""
    return replace(
        value,
        status="trukket",
        cover_text="",
        reference=reference,
        changed_at=at(minutes),
        version=value.version + 1,
    )


def withdraw(
    store: Store, value: Application, reference: str, minutes: float, **options: Any
) -> Application:
    """Withdraw ``value``; what the store should now hold."""
    withdrawn = withdrawal(value, reference, minutes)
    store.applications.withdraw(value.ad_id, value.applicant, receipt_for(withdrawn), **options)
    return withdrawn


class ConflictingClient:
    """The real client, except that the first ``conflicts`` transactions are cancelled by a
    TransactionConflict, as when another request touched the same item at the same moment."""

    def __init__(self, real: DynamoDBClient, conflicts: int) -> None:
        self.real = real
        self.conflicts = conflicts
        self.transactions = 0

    def transact_write_items(self, **kwargs: Any) -> Any:
        self.transactions += 1
        if self.conflicts > 0:
            self.conflicts -= 1
            reasons = [{"Code": "None"} for _ in kwargs["TransactItems"]]
            reasons[0] = {"Code": "TransactionConflict", "Message": "Transaction is ongoing"}
            response: Any = {
                "Error": {"Code": "TransactionCanceledException", "Message": "cancelled"},
                "CancellationReasons": reasons,
            }
            raise self.real.exceptions.TransactionCanceledException(response, "TransactWriteItems")
        return self.real.transact_write_items(**kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)
