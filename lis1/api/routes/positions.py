"""Ads and applications: HF administrators publish, applicants apply and withdraw, with receipts.

Every route answers JSON, and HTML for browsers (``Accept: text/html``), so the pages work
without JavaScript: forms post here and get a 303 to a result page; a form with mistakes comes
back with the message next to the field.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo

from ...domain.positions import (
    MAX_COVER_TEXT,
    MAX_VERSION,
    Ad,
    AdContent,
    Receipt,
    application_window,
    date_out_of_range,
    new_reference,
)
from ...errors import Conflict, DeadlinePassed, DomainError, Forbidden, InvalidInput, NotFound
from ...identity import Role
from ...oslo import oslo_today
from ...services import positions as service
from .. import position_pages as pages
from ..errors import status_of
from ..inputs import id_query, query_param
from ..routing import HF_ADMIN, HTML, LOCAL_SIGNED_IN, PUBLIC, SIGNED_IN, Context, Reply, route


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


Optional = BeforeValidator(_blank_is_none)


def _service_date(value: date, info: ValidationInfo) -> date:
    """A date an ad may carry: from the first LIS1 period to ten years after today (Oslo)."""
    today = (info.context or {}).get("today") or oslo_today(datetime.now(UTC))
    problem = date_out_of_range(value, today)
    if problem is not None:
        raise ValueError(problem)
    return value


ServiceDate = Annotated[date, AfterValidator(_service_date)]
Version = Annotated[int, Field(ge=1, le=MAX_VERSION, description="Versjonen du endrer.")]


class AdIn(BaseModel):
    """An ad as the HF administrator writes it. Empty form fields count as not given."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    organisation: str = Field(min_length=1, max_length=80)
    place: str = Field(min_length=1, max_length=200)
    seats: int = Field(ge=1, le=100)
    kommune: str = Field(min_length=1, max_length=80)
    starts: ServiceDate
    description: str = Field(min_length=1, max_length=5000)
    period_id: Annotated[str | None, Optional] = Field(default=None, max_length=80)
    application_deadline: Annotated[ServiceDate | None, Optional] = None
    ends: Annotated[ServiceDate | None, Optional] = None

    def content(self) -> AdContent:
        return AdContent(
            self.organisation,
            self.place,
            self.seats,
            self.kommune,
            self.starts,
            self.description,
            self.period_id,
            self.application_deadline,
            self.ends,
        )


class AdEdit(AdIn):
    """A changed ad: the whole ad again, with the version it was based on."""

    version: Version


class AdOut(BaseModel):
    id: str
    status: str
    version: int
    organisation: str
    organisation_name: str
    region: str | None
    place: str
    seats: int
    kommune: str
    kommune_name: str
    starts: date
    description: str
    period_id: str | None
    period_name: str | None
    reststilling: bool
    applications_open_at: datetime | None
    applications_close_at: datetime | None
    """When applications are received (UTC; the deadline is the first instant after it).
    Null for a draft whose period has no published dates yet."""
    published_at: datetime | None


class AdList(BaseModel):
    ads: list[AdOut]


class VersionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: Version


class ApplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    cover_text: str = Field(
        default="", max_length=MAX_COVER_TEXT, description="Kort søknadstekst (valgfri)."
    )


class ReceiptOut(BaseModel):
    reference: str
    at: datetime
    action: str
    ad_id: str
    summary: str


class MyApplication(BaseModel):
    ad: AdOut
    status: str
    reference: str
    submitted_at: datetime
    changed_at: datetime


class MyApplications(BaseModel):
    applications: list[MyApplication]


class ApplicantOut(BaseModel):
    reference: str
    name: str
    email: str | None
    status: str
    submitted_at: datetime
    cover_text: str


class ApplicantList(BaseModel):
    ad_id: str
    applicants: list[ApplicantOut]


# --- serialising ----------------------------------------------------------------------------------


def ad_out(ctx: Context, ad: Ad) -> AdOut:
    catalog = ctx.deps.catalog
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
        period_name=period.name if period else None,
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


def _html(ctx: Context) -> bool:
    return "text/html" in ctx.headers.get("accept", "")


def _csrf(ctx: Context) -> str | None:
    return ctx.session.csrf_token if ctx.session else None


def _reference() -> str:
    return new_reference(secrets.token_bytes(8))


def _new_id() -> str:
    return secrets.token_hex(6)


# --- finding positions ------------------------------------------------------------------------


@route(
    "GET",
    "/ads",
    summary="Stillinger (annonser) med filtre: periode, hf, region, reststilling",
    access=PUBLIC,
    response=AdList,
    public_cache_seconds=60,
    query=(
        id_query("periode", "Søknadsperioden (id), f.eks. 2024-host."),
        id_query("hf", "Helseforetaket (id)."),
        id_query("region", "Regionen (id)."),
        query_param("reststilling", "|ja|nei", "forventet ja eller nei", "Bare reststillinger?"),
    ),
    media=(HTML,),
)
def list_ads(ctx: Context) -> AdList | Reply:
    q = ctx.query
    rest = {"ja": True, "nei": False}.get(q.get("reststilling", ""))
    ads = service.find_ads(
        ctx.deps.store.ads,
        ctx.deps.catalog,
        period_id=q.get("periode") or None,
        organisation=q.get("hf") or None,
        region=q.get("region") or None,
        reststilling=rest,
        viewer=ctx.principal,
    )
    result = AdList(ads=[ad_out(ctx, ad) for ad in ads])
    if _html(ctx):
        return Reply(pages.ad_list(ctx.deps.catalog, result, q), content_type="text/html")
    return result


@route(
    "GET",
    "/ads/{ad_id}",
    summary="Én stilling",
    access=PUBLIC,
    response=AdOut,
    public_cache_seconds=60,
    errors=(404,),
    media=(HTML,),
)
def get_ad(ctx: Context) -> AdOut | Reply:
    ad = service.get_ad(ctx.deps.store.ads, ctx.params["ad_id"], ctx.principal)
    out = ad_out(ctx, ad)
    if _html(ctx):
        mine = None
        if ctx.principal is not None:
            mine = ctx.deps.store.applications.get(ad.id, ctx.principal.subject)
        page = pages.ad_page(out, ctx.principal, mine, _csrf(ctx), ctx.deps.clock.now(), {}, "")
        return Reply(page, content_type="text/html", headers={"Cache-Control": "no-store"})
    return out


# --- HF administrators ------------------------------------------------------------------------


@route(
    "GET",
    "/hf",
    summary="Annonsene til helseforetakene du administrerer",
    access=HF_ADMIN,
    response=AdList,
    errors=(401, 403),
    media=(HTML,),
)
def hf_home(ctx: Context) -> AdList | Reply:
    who = ctx.signed_in()
    ads = [
        ad
        for org in sorted(who.organisations(Role.HF_ADMIN))
        for ad in ctx.deps.store.ads.by_organisation(org)
    ]
    result = AdList(ads=[ad_out(ctx, ad) for ad in ads])
    if _html(ctx):
        return Reply(
            pages.hf_home(ctx.deps.catalog, who, result, _csrf(ctx) or "", {}, {}),
            content_type="text/html",
        )
    return result


@route(
    "POST",
    "/ads",
    summary="Lag en ny annonse (utkast)",
    access=HF_ADMIN,
    idempotent=True,
    body=AdIn,
    response=AdOut,
    status=201,
    errors=(400, 401, 403),
    media=(HTML,),
    forms=True,
)
def create_ad(ctx: Context) -> AdOut | Reply:
    body: AdIn = ctx.body
    who = ctx.signed_in()
    try:
        ad = service.create_ad(
            ctx.deps.store.ads,
            ctx.deps.catalog,
            who,
            body.content(),
            ctx.deps.clock.now(),
            _new_id,
            requests=ctx.deps.store.requests,
            idempotency_key=ctx.idempotency_key,
        )
    except InvalidInput as error:
        if ctx.form_post:
            return _hf_form_again(ctx, error, body.model_dump(mode="json"))
        raise
    return _changed(ctx, ad, status=201)


@route(
    "POST",
    "/ads/{ad_id}",
    summary="Endre en annonse (etter publisering bare plasser og tekst; endringen registreres)",
    access=HF_ADMIN,
    body=AdEdit,
    response=AdOut,
    errors=(400, 401, 403, 404, 409),
    forms=True,
)
def edit_ad(ctx: Context) -> AdOut | Reply:
    body: AdEdit = ctx.body
    ad = service.edit_ad(
        ctx.deps.store.ads,
        ctx.deps.catalog,
        ctx.signed_in(),
        ctx.params["ad_id"],
        body.content(),
        body.version,
        ctx.deps.clock.now(),
    )
    return _changed(ctx, ad)


@route(
    "POST",
    "/ads/{ad_id}/publish",
    summary="Publiser en annonse",
    access=HF_ADMIN,
    body=VersionIn,
    response=AdOut,
    errors=(400, 401, 403, 404, 409),
    forms=True,
)
def publish_ad(ctx: Context) -> AdOut | Reply:
    body: VersionIn = ctx.body
    ad = service.publish_ad(
        ctx.deps.store.ads,
        ctx.deps.catalog,
        ctx.signed_in(),
        ctx.params["ad_id"],
        body.version,
        ctx.deps.clock.now(),
    )
    return _changed(ctx, ad)


@route(
    "GET",
    "/ads/{ad_id}/applications",
    summary="Søkerne til en annonse (også som CSV med ?format=csv)",
    access=HF_ADMIN,
    query=(query_param("format", "|csv|json", "forventet csv eller json", "csv for Excel."),),
    response=ApplicantList,
    errors=(401, 403, 404),
    media=(HTML, "text/csv"),
)
def applicants(ctx: Context) -> ApplicantList | Reply:
    ad_id = ctx.params["ad_id"]
    rows = service.applicants(
        ctx.deps.store.applications,
        ctx.deps.store.ads,
        ctx.deps.store.users,
        ctx.signed_in(),
        ad_id,
    )
    ad = service.get_ad(ctx.deps.store.ads, ad_id, ctx.principal)
    if ctx.query.get("format") == "csv":
        text = service.applicants_csv(rows, ad, ctx.deps.catalog)
        return Reply(
            text,
            content_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="sokere-{ad_id}.csv"'},
        )
    result = ApplicantList(
        ad_id=ad_id,
        applicants=[
            ApplicantOut(
                reference=a.reference,
                name=user.name if user else "(ukjent)",
                email=user.email if user else None,
                status=a.status,
                submitted_at=a.submitted_at,
                cover_text=a.cover_text,
            )
            for a, user in rows
        ],
    )
    if _html(ctx):
        return Reply(pages.applicants(ad_out(ctx, ad), result), content_type="text/html")
    return result


def _changed(ctx: Context, ad: Ad, status: int = 200) -> AdOut | Reply:
    """The changed ad as JSON, or back to the HF page for a form post."""
    if ctx.form_post:
        return Reply(status=303, headers={"Location": "/api/hf#annonse-" + ad.id})
    return Reply(ad_out(ctx, ad), status=status)


def _hf_form_again(ctx: Context, error: InvalidInput, values: dict[str, Any]) -> Reply:
    who = ctx.signed_in()
    ads = [
        ad
        for org in sorted(who.organisations(Role.HF_ADMIN))
        for ad in ctx.deps.store.ads.by_organisation(org)
    ]
    page = pages.hf_home(
        ctx.deps.catalog,
        who,
        AdList(ads=[ad_out(ctx, a) for a in ads]),
        _csrf(ctx) or "",
        error.fields,
        values,
    )
    return Reply(page, status=400, content_type="text/html")


# --- applicants ---------------------------------------------------------------------------


@route(
    "POST",
    "/ads/{ad_id}/applications",
    summary="Søk på en stilling (én søknad per stilling)",
    access=SIGNED_IN,
    idempotent=True,
    body=ApplyIn,
    response=ReceiptOut,
    status=201,
    errors=(400, 401, 403, 404, 409),
    media=(HTML,),
    forms=True,
)
def apply(ctx: Context) -> ReceiptOut | Reply:
    body: ApplyIn = ctx.body
    store = ctx.deps.store
    try:
        receipt = service.apply(
            store.applications,
            store.ads,
            store.users,
            ctx.deps.catalog,
            ctx.deps.mailer,
            ctx.signed_in(),
            ctx.params["ad_id"],
            body.cover_text,
            ctx.deps.clock.now(),
            _reference(),
            requests=store.requests,
            idempotency_key=ctx.idempotency_key,
        )
    except (Conflict, DeadlinePassed, InvalidInput, Forbidden) as error:
        if ctx.form_post:
            return _ad_again(ctx, error, body.cover_text)
        raise
    if ctx.form_post:
        return Reply(status=303, headers={"Location": f"/api/receipts/{receipt.reference}"})
    return Reply(receipt_out(receipt), status=201)


@route(
    "POST",
    "/ads/{ad_id}/applications/withdraw",
    summary="Trekk søknaden din før fristen",
    access=SIGNED_IN,
    idempotent=True,
    response=ReceiptOut,
    errors=(401, 403, 404, 409),
    forms=True,
)
def withdraw(ctx: Context) -> ReceiptOut | Reply:
    store = ctx.deps.store
    receipt = service.withdraw(
        store.applications,
        store.ads,
        store.users,
        ctx.deps.catalog,
        ctx.deps.mailer,
        ctx.signed_in(),
        ctx.params["ad_id"],
        ctx.deps.clock.now(),
        _reference(),
        requests=store.requests,
        idempotency_key=ctx.idempotency_key,
    )
    if ctx.form_post:
        return Reply(status=303, headers={"Location": f"/api/receipts/{receipt.reference}"})
    return receipt_out(receipt)


@route(
    "GET",
    "/applications",
    summary="Søknadene dine",
    access=SIGNED_IN,
    response=MyApplications,
    errors=(401,),
    media=(HTML,),
)
def my_applications(ctx: Context) -> MyApplications | Reply:
    rows = service.my_applications(ctx.deps.store.applications, ctx.deps.store.ads, ctx.signed_in())
    result = MyApplications(
        applications=[
            MyApplication(
                ad=ad_out(ctx, ad),
                status=a.status,
                reference=a.reference,
                submitted_at=a.submitted_at,
                changed_at=a.changed_at,
            )
            for a, ad in rows
        ]
    )
    if _html(ctx):
        return Reply(
            pages.my_applications(result, _csrf(ctx) or "", ctx.deps.clock.now()),
            content_type="text/html",
        )
    return result


@route(
    "GET",
    "/receipts/{reference}",
    summary="En kvittering (bare din egen)",
    access=SIGNED_IN,
    response=ReceiptOut,
    errors=(401, 404),
    media=(HTML,),
)
def receipt(ctx: Context) -> ReceiptOut | Reply:
    found = service.receipt_for(
        ctx.deps.store.applications, ctx.signed_in(), ctx.params["reference"]
    )
    if _html(ctx):
        return Reply(pages.receipt(receipt_out(found)), content_type="text/html")
    return receipt_out(found)


def _ad_again(ctx: Context, error: DomainError, cover_text: str) -> Reply:
    """The ad page again, with the reason next to the form (forms without JavaScript)."""
    ad = service.get_ad(ctx.deps.store.ads, ctx.params["ad_id"], ctx.principal)
    mine = ctx.deps.store.applications.get(ad.id, ctx.signed_in().subject)
    message = error.fields.get("cover_text", error.message)
    page = pages.ad_page(
        ad_out(ctx, ad),
        ctx.principal,
        mine,
        _csrf(ctx),
        ctx.deps.clock.now(),
        {"cover_text": message},
        cover_text,
    )
    return Reply(page, status=status_of(error), content_type="text/html")


# --- the local outbox -----------------------------------------------------------------------------


class OutboxMail(BaseModel):
    file: str
    to: str
    subject: str
    body: str


class Outbox(BaseModel):
    mails: list[OutboxMail]


@route(
    "GET",
    "/dev/outbox",
    summary="E-poster sendt lokalt (bare lokalt)",
    access=LOCAL_SIGNED_IN,
    response=Outbox,
    errors=(404,),
    media=(HTML,),
)
def outbox(ctx: Context) -> Outbox | Reply:
    from ...mail import OutboxMailer

    mailer = ctx.deps.mailer
    if not isinstance(mailer, OutboxMailer):
        raise NotFound("Det er ingen lokal utboks i dette miljøet.")
    result = Outbox(
        mails=[
            OutboxMail(
                file=name,
                to=str(m["To"]),
                subject=str(m["Subject"]),
                body=m.get_content() if not m.is_multipart() else "",
            )
            for name, m in mailer.mails()
        ]
    )
    if _html(ctx):
        return Reply(pages.outbox(result), content_type="text/html")
    return result
