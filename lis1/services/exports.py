"""What an HF administrator downloads as CSV for Excel: the applicants of an ad, and its offers
for merking."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from datetime import datetime

from ..domain.ads import Ad
from ..domain.applications import Application
from ..domain.offers import STATE_WORDS, Offer, state_at
from ..i18n import _
from ..identity import User
from ..oslo import OSLO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|")
"""A cell starting with one of these is a formula to Excel (CSV injection): prefixed with '."""


def csv_columns() -> tuple[str, ...]:
    return (_("referanse"), _("navn"), _("e-post"), _("status"), _("sendt"), _("søknadstekst"))


def applicants_csv(rows: Iterable[tuple[Application, User | None]], ad: Ad) -> str:
    """The applicants as CSV for Excel: semicolons, a byte order mark, CRLF line ends, times
    in Oslo. A cell that would start a formula is prefixed with ' (CSV injection)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(csv_columns())
    for application, user in rows:
        if application.ad_id != ad.id:
            raise ValueError(f"søknaden gjelder {application.ad_id}, ikke {ad.id}")
        sent = application.submitted_at.astimezone(OSLO)
        writer.writerow(
            [
                csv_cell(value)
                for value in (
                    application.reference,
                    user.name if user else "",
                    (user.email or "") if user else "",
                    application.status,
                    f"{sent:%Y-%m-%d %H:%M}",
                    application.cover_text,
                )
            ]
        )
    return "\ufeff" + buffer.getvalue()


def offers_csv(rows: Iterable[tuple[Offer, str]], now: datetime) -> str:
    """An ad's offers for merking, as CSV for Excel (as :func:`applicants_csv`): round,
    reference, name, state at ``now`` and whether a hire was marked late."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow((_("runde"), _("referanse"), _("navn"), _("status"), _("merket for sent")))
    for offer, name in rows:
        state = state_at(offer, now)
        late = _("ja") if offer.hired_late else ""
        cells = (str(offer.round.number), offer.reference, name, _(STATE_WORDS[state]), late)
        writer.writerow([csv_cell(value) for value in cells])
    return "\ufeff" + buffer.getvalue()


def csv_cell(value: str) -> str:
    """Spreadsheets read look-alike characters (fullwidth ＝, ＋, ＠) and leading spaces as the
    plain ones, so the check is on the compatibility form with leading spaces dropped."""
    seen = unicodedata.normalize("NFKC", value).lstrip(" \u00a0\u3000")
    return "'" + value if seen.startswith(FORMULA_STARTS) else value
