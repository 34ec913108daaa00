"""HTML pages for positions and applications: lists, an ad with its apply form, receipts, the HF
administrator's page. Plain forms that work without JavaScript; errors next to the field.

Every value is escaped here; the routes pass models, never markup.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from html import escape
from typing import TYPE_CHECKING, Any

from ..catalog import Catalog
from ..domain.positions import MAX_COVER_TEXT, Application
from ..identity import Principal, Role
from ..norwegian import long_date, long_datetime
from ..oslo import OSLO
from .html import page
from .routing import CSRF_FIELD, IDEMPOTENCY_FIELD

if TYPE_CHECKING:
    from .routes.positions import AdList, AdOut, ApplicantList, MyApplications, Outbox, ReceiptOut


def _csrf_field(token: str) -> str:
    return f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(token)}">'


def _once() -> str:
    """One key per rendered form: the same form sent twice (a double click) acts once."""
    return f'<input type="hidden" name="{IDEMPOTENCY_FIELD}" value="{secrets.token_urlsafe(16)}">'


def _field_error(errors: dict[str, str], name: str) -> tuple[str, str]:
    """(error paragraph, aria attributes) for a field, empty when it has no error."""
    if name not in errors:
        return "", ""
    ident = f"feil-{name}"
    return (
        f'<p class="feil" id="{ident}"><strong>Feil:</strong> {escape(errors[name])}</p>',
        f' aria-invalid="true" aria-describedby="{ident}"',
    )


def _ad_summary(ad: AdOut) -> str:
    kind = "Reststilling" if ad.reststilling else escape(ad.period_name or "")
    return (
        f'<li><a href="/api/ads/{escape(ad.id)}">{escape(ad.place)}</a> – '
        f"{escape(ad.organisation_name)}, med kommunedel i {escape(ad.kommune_name)}. "
        f"{kind}. {ad.seats} {'stilling' if ad.seats == 1 else 'stillinger'}, oppstart "
        f"{long_date(ad.starts, with_weekday=False)}. Søknadsfrist {_deadline(ad)}.</li>"
    )


def _deadline(ad: AdOut) -> str:
    """The last day applications are received, in words: the deadline instant is 00:00 Oslo
    time the day after, so the day shown is the one before it."""
    if ad.applications_close_at is None:
        return "ikke publisert ennå"
    last_day = (ad.applications_close_at - timedelta(seconds=1)).astimezone(OSLO).date()
    return f"{long_date(last_day)}, til midnatt norsk tid"


def _select(name: str, label: str, options: list[tuple[str, str]], chosen: str) -> str:
    items = "".join(
        f'<option value="{escape(v)}"{" selected" if v == chosen else ""}>{escape(t)}</option>'
        for v, t in options
    )
    return (
        f'<p><label for="{name}">{label}</label><br>'
        f'<select id="{name}" name="{name}">{items}</select></p>'
    )


def ad_list(catalog: Catalog, ads: AdList, query: dict[str, str]) -> str:
    periods = [("", "Alle perioder")] + [(p.id, p.name) for p in reversed(catalog.all_periods())]
    hfs = [("", "Alle helseforetak")] + [
        (o.id, o.name) for o in catalog.organisations if o.kind in ("hf", "ideell")
    ]
    regions = [("", "Alle regioner")] + [
        (o.id, o.name) for o in catalog.organisations if o.kind == "rhf"
    ]
    rest = [("", "Alle"), ("nei", "Bare ordinære stillinger"), ("ja", "Bare reststillinger")]
    form = (
        '<form method="get" action="/api/ads" class="filter"><fieldset>'
        "<legend>Filtrer stillingene</legend>"
        + _select("periode", "Søknadsperiode", periods, query.get("periode", ""))
        + _select("hf", "Helseforetak", hfs, query.get("hf", ""))
        + _select("region", "Region", regions, query.get("region", ""))
        + _select("reststilling", "Type", rest, query.get("reststilling", ""))
        + '<p><button type="submit">Vis stillinger</button></p></fieldset></form>'
    )
    listing = (
        '<ul class="stillinger">' + "".join(_ad_summary(a) for a in ads.ads) + "</ul>"
        if ads.ads
        else "<p>Ingen stillinger passer med filteret.</p>"
    )
    count = f'<p role="status">{len(ads.ads)} stillinger.</p>'
    return page("Stillinger", form + count + listing)


def ad_page(
    ad: AdOut,
    who: Principal | None,
    mine: Application | None,
    csrf: str | None,
    now: datetime,
    errors: dict[str, str],
    cover_text: str,
) -> str:
    facts = (
        "<dl>"
        f"<dt>Helseforetak</dt><dd>{escape(ad.organisation_name)}</dd>"
        f"<dt>Sted</dt><dd>{escape(ad.place)}</dd>"
        f"<dt>Kommunedel</dt><dd>{escape(ad.kommune_name)}</dd>"
        f"<dt>Antall stillinger</dt><dd>{ad.seats}</dd>"
        f"<dt>Oppstart</dt><dd>{long_date(ad.starts)}</dd>"
        f"<dt>Søknadsperiode</dt><dd>{escape(ad.period_name or 'Reststilling')}</dd>"
        f"<dt>Søknadsfrist</dt><dd>{_deadline(ad)}</dd>"
        "</dl>"
    )
    text = "".join(f"<p>{escape(part)}</p>" for part in ad.description.split("\n\n"))
    status = "" if ad.status == "publisert" else "<p><strong>Utkast – ikke publisert.</strong></p>"
    opens, closes = ad.applications_open_at, ad.applications_close_at
    open_now = (
        ad.status == "publisert"
        and opens is not None
        and closes is not None
        and opens <= now < closes
    )
    if who is None:
        action = (
            f'<p><a href="/api/auth/login?return_to=/api/ads/{escape(ad.id)}">Logg inn for '
            "å søke</a></p>"
        )
    elif mine is not None and mine.status == "sendt":
        action = (
            f"<p>Du søkte {escape(long_datetime(mine.submitted_at))} (referanse "
            f"{escape(mine.reference)}).</p>"
            + (
                f'<form method="post" action="/api/ads/{escape(ad.id)}/applications/withdraw">'
                f'{_csrf_field(csrf or "")}{_once()}<button type="submit">Trekk søknaden</button>'
                "</form>"
                if open_now
                else "<p>Fristen er ute; søknaden kan ikke lenger trekkes.</p>"
            )
        )
    elif not open_now:
        action = "<p>Det er ikke mulig å søke på denne stillingen nå.</p>"
    else:
        error, aria = _field_error(errors, "cover_text")
        action = (
            f'<form method="post" action="/api/ads/{escape(ad.id)}/applications">'
            f"{_csrf_field(csrf or '')}{_once()}"
            f'<p><label for="cover_text">Kort søknadstekst (valgfri, høyst {MAX_COVER_TEXT} '
            "tegn)</label></p>"
            f"{error}"
            f'<p><textarea id="cover_text" name="cover_text" rows="6" cols="60" '
            f'maxlength="{MAX_COVER_TEXT}"{aria}>{escape(cover_text)}</textarea></p>'
            '<p><button type="submit">Send søknad</button></p></form>'
            "<p>Du kan søke på så mange stillinger du vil, men bare én gang på hver.</p>"
        )
    if errors and 'id="feil-cover_text"' not in action:
        action = f'<div role="alert">{_field_error(errors, "cover_text")[0]}</div>' + action
    title = f"{ad.place} – {ad.organisation_name}"
    back = (
        '<p><a href="/api/ads">Alle stillinger</a> · '
        '<a href="/api/applications">Mine søknader</a></p>'
    )
    return page(title, status + facts + text + "<h2>Søknad</h2>" + action + back)


def receipt(r: ReceiptOut) -> str:
    body = (
        f'<p role="status"><strong>{escape(r.summary)}</strong></p>'
        "<dl>"
        f"<dt>Referanse</dt><dd>{escape(r.reference)}</dd>"
        f"<dt>Tidspunkt</dt><dd>{escape(long_datetime(r.at))}</dd>"
        f"<dt>Hva</dt><dd>{escape(r.action.capitalize())}</dd>"
        "</dl>"
        "<p>Kvitteringen er også sendt til e-postadressen din. Ta vare på referansen.</p>"
        f'<p><a href="/api/ads/{escape(r.ad_id)}">Til stillingen</a> · '
        '<a href="/api/applications">Mine søknader</a></p>'
    )
    return page("Kvittering", body)


def my_applications(mine: MyApplications, csrf: str, now: datetime) -> str:
    if not mine.applications:
        return page(
            "Mine søknader",
            '<p>Du har ingen søknader ennå. <a href="/api/ads">Finn stillinger</a>.</p>',
        )
    rows = []
    for item in mine.applications:
        ad = item.ad
        closes = ad.applications_close_at
        can_withdraw = item.status == "sendt" and closes is not None and now < closes
        withdraw = (
            f'<form method="post" action="/api/ads/{escape(ad.id)}/applications/withdraw">'
            f'{_csrf_field(csrf)}{_once()}<button type="submit">Trekk søknaden til '
            f"{escape(ad.place)}</button></form>"
            if can_withdraw
            else ""
        )
        rows.append(
            f'<li><a href="/api/ads/{escape(ad.id)}">{escape(ad.place)}</a> – '
            f"{escape(ad.organisation_name)}. Status: {escape(item.status)} "
            f"({escape(long_datetime(item.changed_at))}, referanse "
            f'<a href="/api/receipts/{escape(item.reference)}">{escape(item.reference)}</a>).'
            f"{withdraw}</li>"
        )
    return page("Mine søknader", "<ul>" + "".join(rows) + "</ul>")


def hf_home(
    catalog: Catalog,
    who: Principal,
    ads: AdList,
    csrf: str,
    errors: dict[str, str],
    values: dict[str, Any],
) -> str:
    orgs = sorted(who.organisations(Role.HF_ADMIN))
    listing = []
    for ad in ads.ads:
        publish = ""
        if ad.status == "utkast":
            publish = (
                f'<form method="post" action="/api/ads/{escape(ad.id)}/publish">'
                f'{_csrf_field(csrf)}<input type="hidden" name="version" value="{ad.version}">'
                f'<button type="submit">Publiser «{escape(ad.place)}»</button></form>'
            )
        listing.append(
            f'<li id="annonse-{escape(ad.id)}"><a href="/api/ads/{escape(ad.id)}">'
            f"{escape(ad.place)}</a> ({escape(ad.status)}, "
            f"{escape(ad.period_name or 'reststilling')}) – "
            f'<a href="/api/ads/{escape(ad.id)}/applications">søkere</a>{publish}</li>'
        )
    current = "<ul>" + "".join(listing) + "</ul>" if listing else "<p>Ingen annonser ennå.</p>"
    periods = [("", "Reststilling (egen frist)")] + [
        (p.id, p.name) for p in reversed(catalog.periods)
    ]
    kommuner = [(o.id, o.name) for o in catalog.organisations if o.kind == "kommune"]
    hf_options = [(o, catalog.organisation(o).name) for o in orgs]

    def text(name: str, label: str, kind: str = "text", extra: str = "") -> str:
        error, aria = _field_error(errors, name)
        value = escape(str(values.get(name) or ""))
        return (
            f'<p><label for="{name}">{label}</label><br>{error}'
            f'<input id="{name}" name="{name}" type="{kind}" value="{value}"{aria}{extra}>'
            "</p>"
        )

    desc_error, desc_aria = _field_error(errors, "description")
    summary = ""
    if errors:
        items = "".join(f"<li>{escape(v)}</li>" for v in errors.values())
        summary = (
            f'<div role="alert"><p>Annonsen ble ikke lagret. Rett feilene:</p>'
            f"<ul>{items}</ul></div>"
        )
    form = (
        '<h2 id="ny">Ny annonse</h2>'
        + summary
        + f'<form method="post" action="/api/ads">{_csrf_field(csrf)}{_once()}'
        + _select("organisation", "Helseforetak", hf_options, str(values.get("organisation", "")))
        + text("place", "Sted (sykehus og by)", extra=' required maxlength="200"')
        + text("seats", "Antall stillinger", "number", ' min="1" max="100" required')
        + _select("kommune", "Kommunedel", kommuner, str(values.get("kommune", "")))
        + text("starts", "Oppstart", "date", " required")
        + _select("period_id", "Søknadsperiode", periods, str(values.get("period_id") or ""))
        + text("application_deadline", "Søknadsfrist (bare reststilling)", "date")
        + text("ends", "Siste dag i ansettelsen (bare reststilling, minst to måneder)", "date")
        + f'<p><label for="description">Beskrivelse</label><br>{desc_error}'
        + '<textarea id="description" name="description" rows="6" cols="60" required'
        + f"{desc_aria}>{escape(str(values.get('description') or ''))}</textarea></p>"
        + '<p><button type="submit">Lagre som utkast</button></p></form>'
    )
    return page("Annonser for ditt helseforetak", current + form)


def applicants(ad: AdOut, listing: ApplicantList) -> str:
    rows = "".join(
        f"<tr><td>{escape(a.reference)}</td><td>{escape(a.name)}</td>"
        f"<td>{escape(a.email or '')}</td><td>{escape(a.status)}</td>"
        f"<td>{escape(long_datetime(a.submitted_at))}</td><td>{escape(a.cover_text)}</td></tr>"
        for a in listing.applicants
    )
    table = (
        '<table><caption>Søkere</caption><thead><tr><th scope="col">Referanse</th>'
        '<th scope="col">Navn</th><th scope="col">E-post</th><th scope="col">Status</th>'
        '<th scope="col">Sendt</th><th scope="col">Søknadstekst</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        if listing.applicants
        else "<p>Ingen søkere ennå.</p>"
    )
    csv = f'<p><a href="/api/ads/{escape(ad.id)}/applications?format=csv">Last ned som CSV</a></p>'
    return page(f"Søkere til {ad.place}", table + csv + '<p><a href="/api/hf">Tilbake</a></p>')


def outbox(box: Outbox) -> str:
    items = "".join(
        f"<li><h2>{escape(m.subject)}</h2><p>Til: {escape(m.to)} ({escape(m.file)})</p>"
        f"<pre>{escape(m.body)}</pre></li>"
        for m in box.mails
    )
    body = "<p>E-post som ville blitt sendt. Bare i lokalt utviklingsmiljø.</p>" + (
        f"<ul>{items}</ul>" if items else "<p>Utboksen er tom.</p>"
    )
    return page("Utboks (lokal)", body)
