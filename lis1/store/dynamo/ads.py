"""Ads on DynamoDB. Each ad is two items written together: ``AD#<ad>`` (read by id; in gsi1 with
every other ad, by period) and the HF's copy ``HF#<hf>`` / ``AD#<ad>`` (read by organisation,
strongly consistent). An update of a published ad also writes its seats to the ad's count item,
which offers are issued and accepted against (:mod:`lis1.store.keys.offers`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from ...domain.ads import Ad, AdContent, AdStatus
from ...domain.errors import AdChanged, AdExists, NotADraft, SeatsBelowTaken
from ...errors import Conflict
from ...services.ports.accounts import AuditEntry
from ...services.ports.requests import FirstRequest, Idempotency
from ..keys import positions as keys
from ..schema import GSI1, GSI1PK, GSI1SK, PK, SK
from ..values import iso, parse_iso
from .table import Table, key
from .tx import TransactionCancelled

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

# Stored text back to the domain's literals; anything else is a bug, not a value to guess.
_STATUSES: dict[str, AdStatus] = {"utkast": "utkast", "publisert": "publisert"}


def _attributes(ad: Ad) -> dict[str, Any]:
    content = ad.content
    return {
        "id": ad.id,
        "organisation": content.organisation,
        "place": content.place,
        "seats": content.seats,
        "kommune": content.kommune,
        "starts": content.starts.isoformat(),
        "description": content.description,
        "status": ad.status,
        "version": ad.version,
        "created_by": ad.created_by,
        "created_at": iso(ad.created_at),
        "updated_at": iso(ad.updated_at),
        "period_id": content.period_id,
        "application_deadline": _day(content.application_deadline),
        "ends": _day(content.ends),
        "published_at": iso(ad.published_at) if ad.published_at is not None else None,
    }


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _ad_of(item: dict[str, Any]) -> Ad:
    def day(name: str) -> date | None:
        return date.fromisoformat(item[name]) if name in item else None

    return Ad(
        id=item["id"],
        content=AdContent(
            organisation=item["organisation"],
            place=item["place"],
            seats=item["seats"],
            kommune=item["kommune"],
            starts=date.fromisoformat(item["starts"]),
            description=item["description"],
            period_id=item.get("period_id"),
            application_deadline=day("application_deadline"),
            ends=day("ends"),
        ),
        status=_STATUSES[item["status"]],
        version=item["version"],
        created_by=item["created_by"],
        created_at=parse_iso(item["created_at"]),
        updated_at=parse_iso(item["updated_at"]),
        published_at=parse_iso(item["published_at"]) if "published_at" in item else None,
    )


class DynamoAds:
    def __init__(self, table: Table) -> None:
        self._table = table

    def _items(self, ad: Ad) -> tuple[dict[str, Any], dict[str, Any]]:
        attributes = _attributes(ad)
        gsi1pk, gsi1sk = keys.ad_gsi1(ad.content.period_id, ad.id)
        main = {**key(*keys.ad_key(ad.id)), "kind": "ad", GSI1PK: gsi1pk, GSI1SK: gsi1sk}
        copy = {**key(*keys.ad_copy_key(ad.content.organisation, ad.id)), "kind": "ad_copy"}
        return {**main, **attributes}, {**copy, **attributes}

    def create(self, ad: Ad, *, idempotency: Idempotency | None = None) -> FirstRequest | None:
        main, copy = self._items(ad)
        items = [self._table.put(main, new=True), self._table.put(copy)]
        try:
            return self._table.transact_once(items, idempotency, ad.id, ad.created_at)
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(0):
                raise AdExists() from cancelled
            raise Conflict() from cancelled

    def get(self, ad_id: str) -> Ad | None:
        item = self._table.get(*keys.ad_key(ad_id))
        return None if item is None else _ad_of(item)

    def many(self, ad_ids: Iterable[str]) -> dict[str, Ad]:
        wanted = sorted(set(ad_ids))
        if not wanted:
            return {}
        ads = (_ad_of(item) for item in self._table.batch_get(keys.ad_key(a) for a in wanted))
        return {ad.id: ad for ad in ads}

    def update(self, ad: Ad, *, expected_version: int, audit: AuditEntry | None) -> None:
        entity = keys.ad_audit_entity(ad.id, audit)
        main, copy = self._items(ad)  # refuses naive instants before anything is read
        stored = self._table.get(*keys.ad_key(ad.id))
        if stored is None or stored["version"] != expected_version:
            raise AdChanged()
        old_organisation = stored["organisation"]
        put = self._table.put(
            main,
            # The organisation too: it says which copy to replace.
            condition="#version = :expected AND #org = :org",
            names={"#version": "version", "#org": "organisation"},
            condition_values={":expected": expected_version, ":org": old_organisation},
        )
        items = [put, self._table.put(copy)]
        if ad.status == "publisert":
            items.append(self._seats(ad))  # index 2
        if old_organisation != ad.content.organisation:
            items.append(self._table.removal(*keys.ad_copy_key(old_organisation, ad.id)))
        if audit is not None:
            items.append(
                self._table.audit(entity, audit.at, audit.actor, audit.action, audit.detail)
            )
        try:
            self._table.transact(items)
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(0):
                raise AdChanged() from cancelled
            if ad.status == "publisert" and cancelled.condition_failed(2):
                raise SeatsBelowTaken() from cancelled
            raise Conflict() from cancelled

    def _seats(self, ad: Ad) -> TransactWriteItemTypeDef:
        """A published ad's seats on its count item, which offers are issued and accepted
        against: never fewer than the offers accepted or hired."""
        return self._table.update(
            *keys.ad_counts_key(ad.id),
            "SET #seats = :seats",
            {"#seats": "seats", "#taken": "taken"},
            {":seats": ad.content.seats},
            condition="attribute_not_exists(#taken) OR #taken <= :seats",
        )

    def delete_draft(self, ad_id: str, *, expected_version: int) -> None:
        stored = self._table.get(*keys.ad_key(ad_id))
        if stored is None or stored["version"] != expected_version:
            raise AdChanged()
        if stored["status"] != "utkast":
            raise NotADraft()
        delete = self._table.removal(
            *keys.ad_key(ad_id),
            "#version = :expected AND #status = :draft",
            names={"#version": "version", "#status": "status"},
            values={":expected": expected_version, ":draft": "utkast"},
        )
        copy = self._table.removal(*keys.ad_copy_key(stored["organisation"], ad_id))
        try:
            self._table.transact([delete, copy])
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(0):
                raise AdChanged() from cancelled
            raise Conflict() from cancelled

    def every(self) -> list[Ad]:
        # gsi1 is eventually consistent on AWS: a new ad shows here a moment after it is written.
        items = self._table.query("#g = :g", {"#g": GSI1PK}, {":g": keys.ADS_GSI1PK}, index=GSI1)
        return sorted((_ad_of(item) for item in items), key=lambda ad: ad.id)

    def by_period(self, period_id: str | None) -> list[Ad]:
        items = self._table.query(
            "#g = :g AND begins_with(#gs, :prefix)",
            {"#g": GSI1PK, "#gs": GSI1SK},
            {":g": keys.ADS_GSI1PK, ":prefix": keys.ad_gsi1_prefix(period_id)},
            index=GSI1,
        )
        return sorted((_ad_of(item) for item in items), key=lambda ad: ad.id)

    def by_organisation(self, organisation: str) -> list[Ad]:
        pk, _ = keys.ad_copy_key(organisation, "")
        items = self._table.query(
            "#pk = :pk AND begins_with(#sk, :prefix)",
            {"#pk": PK, "#sk": SK},
            {":pk": pk, ":prefix": keys.AD_PREFIX},
        )
        return sorted((_ad_of(item) for item in items), key=lambda ad: ad.id)
