"""An offer's history as the applicant reads it: when it came, how it was answered (with the
receipt), and what the clock or the HF did to it, oldest first.

Told from what is kept anyway (the offer, the applicant's receipts and the audit entries
about the offer), so nothing is written twice to keep a history. An HF's change is told as
"helseforetaket", never by who did it, but with the reason the HF gave, which the applicant has
a right to read ("Who sees what": the person an entry is about sees it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from ..i18n import _
from .applications import Receipt
from .offers import Offer, state_at

ANSWERS = ("takket ja til tilbud", "takket nei til tilbud")


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    what: str
    receipt: str = ""
    """The receipt's reference, when the entry has one."""


@dataclass(frozen=True)
class HfChange:
    """An audit entry about the offer: the new state and the reason the HF gave."""

    at: datetime
    state: str
    reason: str = ""


def offer_history(
    offer: Offer,
    receipts: Iterable[Receipt],
    changes: Iterable[HfChange],
    now: datetime,
    places: Mapping[str, str],
) -> list[HistoryEntry]:
    """``receipts`` are the applicant's (those of this offer's answers are picked out);
    ``places`` names the applicant's other offers by id, for a decline by accepting one."""
    entries = [
        HistoryEntry(
            offer.issued_at,
            _("Tilbud i runde {number} kom. Svarfristen ble satt.").format(
                number=offer.round.number
            ),
        )
    ]
    for receipt in receipts:
        if (
            receipt.ad_id == offer.ad_id
            and receipt.action in ANSWERS
            and receipt.at >= offer.issued_at
        ):
            what = _("Du takket ja.") if receipt.action == ANSWERS[0] else _("Du takket nei.")
            entries.append(HistoryEntry(receipt.at, what, receipt.reference))
    if offer.state == "takket_nei" and offer.reason:
        place = places.get(offer.reason, _("et annet tilbud"))
        entries.append(
            HistoryEntry(
                offer.changed_at,
                _("Avslått fordi du takket ja til {place}.").format(place=place),
            )
        )
    if state_at(offer, now) == "utløpt":
        entries.append(
            HistoryEntry(offer.answer_deadline, _("Svarfristen gikk ut uten svar: regnes som nei."))
        )
    entries += [_hf_entry(change) for change in changes]
    return sorted(entries, key=lambda e: e.at)


def _hf_entry(change: HfChange) -> HistoryEntry:
    words = {
        "ansatt": _("Helseforetaket merket deg som ansatt."),
        "frigitt": _("Helseforetaket frigav deg fra tilbudet."),
        "trukket_tilbake": _("Helseforetaket trakk tilbake tilbudet."),
    }
    what = words.get(change.state, _("Helseforetaket endret tilbudet."))
    if change.reason:
        what += " " + _("Begrunnelse: {reason}").format(reason=change.reason)
    return HistoryEntry(change.at, what)
