"""Keys of ads, applications and receipts, and the orders both adapters list them in.

    item         pk                    sk                      gsi1pk / gsi1sk
    -----------  --------------------  ----------------------  -------------------------------------
    ad           AD#<ad>               AD                      ADS / PERIOD#<period>#<ad>
                                                               (reststilling: ADS / REST#<ad>)
    ad (HF copy) HF#<hf>               AD#<ad>                 -
                 by id: GetItem; every ad, or one period's: one Query of gsi1 ADS (with
                 begins_with for a period; eventually consistent on AWS); per HF: Query pk
                 HF#<hf> (strongly consistent, so an admin sees a draft at once). Both items
                 carry every attribute and are written in one TransactWriteItems: create with
                 attribute_not_exists(pk) on AD#<ad>; update with ``version = :expected`` (and
                 the stored organisation, whose copy it replaces; a move to another HF deletes
                 the old copy), plus the audit entry ``annonse:<ad>`` when given
    application  AD#<ad>               APPLICATION#<subject>   APPLICANT#<subject> /
                                                               APPLICATION#<iso-sent>#<ad>
                 per ad: Query pk with begins_with APPLICATION# (strongly consistent, sorted
                 oldest first); per applicant: Query gsi1 descending (newest first). One live
                 application per ad and applicant: submit is an Update with
                 ``attribute_not_exists(pk) OR status = trukket`` that counts the version;
                 withdraw an Update with ``status = sendt``; each in one TransactWriteItems with
                 its receipt, the open-application counts and, with an idempotency key, its
                 idempotency item
    counts       AD#<ad>               COUNTS                  -
                 ``sent``: applications to the ad that stand (sent, not withdrawn); ADD 1 by
                 submit and -1 by withdraw, in their transactions; read for many ads at once
                 with BatchGetItem. The planned offer rounds keep their counts here too
    receipt      RECEIPT#<reference>   RECEIPT                 APPLICANT#<subject> /
                                                               RECEIPT#<iso-at>#<reference>
                 Put with attribute_not_exists(pk), in the transaction of the change it proves;
                 by reference: GetItem; the applicant's: Query gsi1 descending (newest first)

Offers, acceptances and ranked lists are in :mod:`.offers`; they share the ad's COUNTS item.
Planned (so that the keys fit; not implemented yet): competence records ``LIS#<subject>`` /
``RECORD#<goal>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from ..values import iso

if TYPE_CHECKING:
    from ...domain.applications import Application, Receipt
    from ...services.ports.accounts import AuditEntry

AD_SK = "AD"
AD_PREFIX = "AD#"
ADS_GSI1PK = "ADS"
APPLICATION_PREFIX = "APPLICATION#"
RECEIPT_PREFIX = "RECEIPT#"


def ad_key(ad_id: str) -> tuple[str, str]:
    return f"{AD_PREFIX}{ad_id}", AD_SK


def ad_gsi1_prefix(period_id: str | None) -> str:
    """What every gsi1sk of the period's ads (None: every reststilling) begins with."""
    return "REST#" if period_id is None else f"PERIOD#{period_id}#"


def ad_gsi1(period_id: str | None, ad_id: str) -> tuple[str, str]:
    """gsi1 keys of an ad item: all ads in one partition, by period (or reststilling), then id."""
    return ADS_GSI1PK, f"{ad_gsi1_prefix(period_id)}{ad_id}"


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


def ad_counts_key(ad_id: str) -> tuple[str, str]:
    return f"{AD_PREFIX}{ad_id}", "COUNTS"


def application_key(ad_id: str, applicant: str) -> tuple[str, str]:
    return f"{AD_PREFIX}{ad_id}", f"{APPLICATION_PREFIX}{applicant}"


def applicant_gsi1pk(applicant: str) -> str:
    return f"APPLICANT#{applicant}"


def application_gsi1(applicant: str, submitted_at: datetime, ad_id: str) -> tuple[str, str]:
    """gsi1 keys of an application: the applicant, then when it was sent (fixed-width text)."""
    return applicant_gsi1pk(applicant), f"{APPLICATION_PREFIX}{iso(submitted_at)}#{ad_id}"


def receipt_key(reference: str) -> tuple[str, str]:
    return f"{RECEIPT_PREFIX}{reference}", "RECEIPT"


def receipt_gsi1(applicant: str, at: datetime, reference: str) -> tuple[str, str]:
    """gsi1 keys of a receipt: beside the applicant's applications and offers, by time."""
    return applicant_gsi1pk(applicant), f"{RECEIPT_PREFIX}{iso(at)}#{reference}"


def receipts_newest_first(receipts: Iterable[Receipt]) -> list[Receipt]:
    """As a descending Query on :func:`receipt_gsi1` returns them."""
    return sorted(receipts, key=lambda r: (iso(r.at), r.reference), reverse=True)


def newest_first(applications: Iterable[Application]) -> list[Application]:
    """An applicant's applications: latest ``submitted_at`` first (then by ad, also reversed,
    exactly as a descending Query on :func:`application_gsi1` returns them)."""
    return sorted(applications, key=lambda a: (iso(a.submitted_at), a.ad_id), reverse=True)


def oldest_first(applications: Iterable[Application]) -> list[Application]:
    """An ad's applications: earliest ``submitted_at`` first, then by applicant."""
    return sorted(applications, key=lambda a: (iso(a.submitted_at), a.applicant))
