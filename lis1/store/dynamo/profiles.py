"""The profiles port on DynamoDB: the profile and the CV as two items under the person's key
(keys in :mod:`lis1.store.keys.profiles`), each Put whole, read with one GetItem, the profiles of
many people with BatchGetItem, and both deleted in one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict
from typing import Any, cast

from ...catalog.rule_checks import AuthorisationStatus, EarlierTraining, NorwegianProof
from ...domain.profiles import Cv, Education, Language, Profile, Reference, Work
from ..keys import profiles as keys
from ..values import iso, parse_iso
from .client import mapped_errors
from .codec import to_item
from .table import Table, key


class DynamoProfiles:
    def __init__(self, table: Table) -> None:
        self._table = table

    def get(self, subject: str) -> Profile | None:
        item = self._table.get(*keys.profile_key(subject))
        return None if item is None else _profile(item)

    def many(self, subjects: Iterable[str]) -> dict[str, Profile]:
        found = self._table.batch_get(keys.profile_key(s) for s in subjects)
        return {str(item["subject"]): _profile(item) for item in found}

    def save(self, profile: Profile) -> None:
        self._put(
            {
                **key(*keys.profile_key(profile.subject)),
                "kind": "profile",
                "subject": profile.subject,
                "authorisation": profile.authorisation,
                "hpr": profile.hpr,
                "norwegian": profile.norwegian,
                "earlier_training": profile.earlier_training,
                "updated_at": iso(profile.updated_at),
            }
        )

    def cv(self, subject: str) -> Cv | None:
        item = self._table.get(*keys.cv_key(subject))
        return None if item is None else _cv(item)

    def save_cv(self, cv: Cv) -> None:
        self._put(
            {
                **key(*keys.cv_key(cv.subject)),
                "kind": "cv",
                "subject": cv.subject,
                "education": [asdict(e) for e in cv.education],
                "work": [asdict(e) for e in cv.work],
                "languages": [asdict(e) for e in cv.languages],
                "references": [asdict(e) for e in cv.references],
                "updated_at": iso(cv.updated_at),
            }
        )

    def delete(self, subject: str) -> None:
        self._table.transact(
            [
                self._table.removal(*keys.profile_key(subject)),
                self._table.removal(*keys.cv_key(subject)),
            ]
        )

    def _put(self, values: Mapping[str, Any]) -> None:
        with mapped_errors():
            self._table.client.put_item(TableName=self._table.name, Item=to_item(values))


def _profile(item: dict[str, Any]) -> Profile:
    return Profile(
        subject=str(item["subject"]),
        authorisation=cast(AuthorisationStatus | None, item.get("authorisation")),
        hpr=item.get("hpr"),
        norwegian=cast(NorwegianProof | None, item.get("norwegian")),
        earlier_training=cast(EarlierTraining | None, item.get("earlier_training")),
        updated_at=parse_iso(str(item["updated_at"])),
    )


def _cv(item: dict[str, Any]) -> Cv:
    return Cv(
        subject=str(item["subject"]),
        education=tuple(Education(**e) for e in item.get("education", [])),
        work=tuple(Work(**e) for e in item.get("work", [])),
        languages=tuple(Language(**e) for e in item.get("languages", [])),
        references=tuple(Reference(**e) for e in item.get("references", [])),
        updated_at=parse_iso(str(item["updated_at"])),
    )
