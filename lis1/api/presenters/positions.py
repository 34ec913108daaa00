"""Ads, applications and receipts as the API answers them: the JSON models, and the values the
pages show (worded deadlines, what the person may do now). Values and rule results only; the
templates in lis1/web make the markup."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ...catalog import Catalog
from ...catalog.translations import localized
from ...domain.ads import Ad, application_window
from ...domain.applications import MAX_COVER_TEXT, Application, Receipt
from ...errors import DomainError
from ...i18n import N_, _
from ...identity import Principal, Role
from ...oslo import OSLO
from ...wording import deadline_text, long_datetime
from ..registry import Reply
from ..schemas.positions import AdList, AdOut, MyApplications, ReceiptOut

APPLICATION_STATUS = {"sendt": N_("sendt"), "trukket": N_("trukket")}
"""An application's status (stored in bokmål) as a page in either language says it."""


def status_words(status: str) -> str:
    return _(APPLICATION_STATUS[status]) if status in APPLICATION_STATUS else status


def ad_out(catalog: Catalog, ad: Ad) -> AdOut:
    content = ad.content
    hf = catalog.organisation(content.organisation)
    # A draft is not open yet; its window is shown as if published now.
    opens: datetime | None
    closes: datetime | None
    try:
        opens, closes = application_window(content, catalog, ad.published_at or ad.updated_at)
    except DomainError:
        opens = closes = None
    period = next((p for p in catalog.all_periods() if p.id == content.period_id), None)
    return AdOut(
        id=ad.id,
        status=ad.status,
        version=ad.version,
        organisation=content.organisation,
        organisation_name=hf.name,
        region=hf.region,
        place=content.place,
        seats=content.seats,
        kommune=content.kommune,
        kommune_name=catalog.organisation(content.kommune).name,
        starts=content.starts,
        description=content.description,
        period_id=content.period_id,
        period_name=localized(period, "name") if period else None,
        reststilling=content.reststilling,
        applications_open_at=opens,
        applications_close_at=closes,
        published_at=ad.published_at,
    )


def receipt_out(receipt: Receipt) -> ReceiptOut:
    return ReceiptOut(
        reference=receipt.reference,
        at=receipt.at,
        action=receipt.action,
        ad_id=receipt.ad_id,
        summary=receipt.summary,
    )


def receipt_reply(receipt: Receipt, form_post: bool, status: int = 200) -> Reply:
    """A change done: a form is sent on to its receipt page (303), JSON gets the receipt."""
    if form_post:
        return Reply(status=303, headers={"Location": f"/api/receipts/{receipt.reference}"})
    return Reply(receipt_out(receipt), status=status)


def deadline_words(ad: AdOut) -> str:
    """The last day applications are received, in words: the deadline instant is 00:00 Oslo
    time the day after, so the day shown is the one before it."""
    if ad.applications_close_at is None:
        return _("ikke publisert ennå")
    last_day = (ad.applications_close_at - timedelta(seconds=1)).astimezone(OSLO).date()
    return deadline_text(last_day)


def open_now(ad: AdOut, now: datetime) -> bool:
    opens, closes = ad.applications_open_at, ad.applications_close_at
    return (
        ad.status == "publisert"
        and opens is not None
        and closes is not None
        and (opens <= now < closes)
    )


def ad_page(
    ad: AdOut,
    who: Principal | None,
    mine: Application | None,
    now: datetime,
    errors: dict[str, str],
    cover_text: str,
) -> dict[str, Any]:
    """What the ad's page shows, and which of apply, withdraw or nothing it offers; when
    applying is not possible, ``reason`` says why."""
    is_open = open_now(ad, now)
    reason = None
    if ad.status != "publisert":
        reason = _("Annonsen er et utkast og kan ikke søkes på før den er publisert.")
    elif ad.applications_close_at is None or ad.applications_open_at is None:
        reason = _("Søknadsperioden har ikke fått datoer ennå. Da kan ingen søke.")
    elif now >= ad.applications_close_at:
        reason = _("Søknadsfristen er ute. Den var {deadline}.").format(deadline=deadline_words(ad))
    elif now < ad.applications_open_at:
        reason = _("Du kan søke fra {opens}.").format(opens=long_datetime(ad.applications_open_at))
    if who is not None and mine is not None and mine.status == "sendt":
        state = "applied"
    elif reason is not None:
        state = "closed"
    elif who is None:
        state = "anonymous"
    else:
        state = "open"
    return {
        "title": f"{ad.place} – {ad.organisation_name}",
        "ad": {
            **ad.model_dump(),
            "draft": ad.status != "publisert",
            "period": ad.period_name or _("Reststilling"),
            "deadline": deadline_words(ad),
            "paragraphs": ad.description.split("\n\n"),
        },
        "state": state,
        "reason": reason,
        "can_edit": who is not None and who.has(Role.HF_ADMIN, ad.organisation),
        "mine": mine,
        "open_now": is_open,
        "errors": errors,
        "cover_text": cover_text,
        "max_cover_text": MAX_COVER_TEXT,
    }


def ad_list(catalog: Catalog, ads: AdList, query: dict[str, str], now: datetime) -> dict[str, Any]:
    """The list of ads with its filters, each ad in one line."""
    filters = {
        "periods": [("", _("Alle perioder"))]
        + [(p.id, localized(p, "name")) for p in reversed(catalog.all_periods())],
        "hfs": [("", _("Alle helseforetak"))]
        + [(o.id, o.name) for o in catalog.organisations if o.kind in ("hf", "ideell")],
        "regions": [("", _("Alle regioner"))]
        + [(o.id, o.name) for o in catalog.organisations if o.kind == "rhf"],
        "kinds": [
            ("", _("Alle")),
            ("nei", _("Bare ordinære stillinger")),
            ("ja", _("Bare reststillinger")),
        ],
    }
    chosen = {name: query.get(name, "") for name in ("periode", "hf", "region", "reststilling")}
    lines = [
        {
            **ad.model_dump(),
            "kind": _("Reststilling") if ad.reststilling else (ad.period_name or ""),
            "deadline": deadline_words(ad),
            "closed": ad.applications_close_at is not None and now >= ad.applications_close_at,
        }
        for ad in ads.ads
    ]
    return {
        "title": _("Stillinger"),
        "filters": filters,
        "chosen": chosen,
        "filtered": any(chosen.values()),
        "ads": lines,
    }


def my_applications(mine: MyApplications, now: datetime) -> list[dict[str, Any]]:
    rows = []
    for item in mine.applications:
        closes = item.ad.applications_close_at
        rows.append(
            {
                "ad_id": item.ad.id,
                "place": item.ad.place,
                "organisation_name": item.ad.organisation_name,
                "status": item.status,
                "status_words": status_words(item.status),
                "changed_at": item.changed_at,
                "reference": item.reference,
                "can_withdraw": item.status == "sendt" and closes is not None and now < closes,
            }
        )
    return rows


def hf_page(
    catalog: Catalog,
    who: Principal,
    ads: AdList,
    errors: dict[str, str],
    values: dict[str, Any],
) -> dict[str, Any]:
    """The HF administrator's page: their ads (drafts with a publish button) and the form for a
    new ad, filled with what was sent when it comes back with mistakes."""
    organisations = sorted(who.organisations(Role.HF_ADMIN))
    options = {
        "hfs": [(o, catalog.organisation(o).name) for o in organisations],
        "kommuner": [(o.id, o.name) for o in catalog.organisations if o.kind == "kommune"],
        "periods": [("", _("Reststilling (egen frist)"))]
        + [(p.id, localized(p, "name")) for p in reversed(catalog.periods)],
    }
    fields = (
        "organisation",
        "place",
        "seats",
        "kommune",
        "starts",
        "period_id",
        "application_deadline",
        "ends",
        "description",
    )
    shown = {name: str(values.get(name) or "") for name in fields}
    listing = [
        {
            **ad.model_dump(),
            "draft": ad.status == "utkast",
            "period": ad.period_name or _("reststilling"),
        }
        for ad in ads.ads
    ]
    return {
        "title": _("Annonser for ditt helseforetak"),
        "ads": listing,
        "options": options,
        "values": shown,
        "errors": errors,
    }


def action_words(receipt: ReceiptOut) -> str:
    return {
        "søknad sendt": _("Søknad sendt"),
        "søknad trukket": _("Søknad trukket"),
        "takket ja til tilbud": _("Takket ja til tilbud"),
        "takket nei til tilbud": _("Takket nei til tilbud"),
    }.get(receipt.action, receipt.action)
