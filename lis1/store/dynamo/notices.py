"""The notices port on DynamoDB: a conditional Put per mail sent, and the reminder choice as an
item present only while reminders are off, each change in one transaction with its audit
entry (keys in :mod:`lis1.store.keys.notices`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import cast

from ...domain.reminders import NOTICE_KINDS, NoticeKind
from ...errors import Conflict
from ...services.ports.notices import (
    SET_REMINDERS,
    LanguageRecord,
    person_entity,
    reminders_detail,
)
from ..keys import notices as keys
from ..schema import TTL_ATTRIBUTE
from ..values import epoch_seconds, iso
from .table import AlreadyThere, Table, key
from .tx import TransactionCancelled


class DynamoNotices:
    def __init__(self, table: Table) -> None:
        self._table = table

    def mark_sent(self, offer_id: str, kind: NoticeKind, at: datetime) -> bool:
        item = {
            **key(*keys.sent_key(offer_id, kind)),
            "kind": "notice_sent",
            "offer_id": offer_id,
            "notice": kind,
            "at": iso(at),
            TTL_ATTRIBUTE: epoch_seconds(at + keys.SENT_KEPT),
        }
        try:
            self._table.put_new(item)
        except AlreadyThere:
            return False
        return True

    def sent(self, wanted: Iterable[tuple[str, NoticeKind]]) -> set[tuple[str, NoticeKind]]:
        found = self._table.batch_get(keys.sent_key(offer_id, kind) for offer_id, kind in wanted)
        return {
            (str(item["offer_id"]), cast(NoticeKind, item["notice"]))
            for item in found
            if item.get("notice") in NOTICE_KINDS
        }

    def reminders_on(self, subject: str) -> bool:
        return self._table.get(*keys.reminders_off_key(subject)) is None

    def set_reminders(self, subject: str, on: bool, *, at: datetime) -> bool:
        pk, sk = keys.reminders_off_key(subject)
        if on:
            change = self._table.removal(pk, sk, condition="attribute_exists(#pk)")
        else:
            off = {**key(pk, sk), "kind": "reminders_off", "updated_at": iso(at)}
            change = self._table.put(off, new=True)
        detail = reminders_detail(on)
        audit = self._table.audit(person_entity(subject), at, subject, SET_REMINDERS, detail)
        try:
            self._table.transact([change, audit])
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(0):
                return False  # already so: nothing written
            raise Conflict() from cancelled
        return True

    def language(self, subject: str) -> LanguageRecord | None:
        item = self._table.get(*keys.language_key(subject))
        if item is None:
            return None
        return LanguageRecord(str(item["language"]), bool(item.get("chosen", False)))

    def set_language(self, subject: str, record: LanguageRecord, *, at: datetime) -> None:
        item = {
            **key(*keys.language_key(subject)),
            "kind": "language",
            "language": record.language,
            "chosen": record.chosen,
            "updated_at": iso(at),
        }
        self._table.transact([self._table.put(item)])

    def forget(self, subject: str) -> None:
        keys_ = (keys.reminders_off_key(subject), keys.language_key(subject))
        self._table.transact([self._table.removal(pk, sk) for pk, sk in keys_])
