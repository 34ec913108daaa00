"""What the portfolio proves: progress at a glance (for the LIS, for each reader through their
relation, and for a leder over all their LIS) and the standard report as a page, PDF, CSV and
JSON. Whoever may read the portfolio may read these; to anyone else it does not exist (404)."""

from __future__ import annotations

from ...errors import DomainError
from ...i18n import N_, _
from ...services import portfolio_report as service
from ...services import portfolios
from ...services.portfolio_report import Report
from ..errors import status_of
from ..inputs import notice_query, notice_text, query_param
from ..pages import page
from ..pipeline import Context
from ..presenters import reports as present
from ..registry import HTML, SIGNED_IN, Reply, Routes
from ..schemas.reports import HprIn, LisProgressOut, OverviewOut, ProgressOut, ReportOut

routes = Routes()

OWN = "/api/portefolje"
NOTICES = {"hpr": N_("HPR-nummeret er lagret. Rapportene viser det nå.")}
FORMAT = query_param(
    "format",
    "|pdf|csv|json",
    N_("forventet pdf, csv eller json"),
    N_("pdf for utskrift og arkiv, csv for et regneark, json for maskiner."),
)
PDF = "application/pdf"


def _own(ctx: Context) -> Report:
    who, now = ctx.signed_in(), ctx.deps.clock.now()
    return service.own(ctx.deps.store, ctx.deps.catalog, who=who, now=now)


def _of_relation(ctx: Context) -> tuple[Report, str]:
    """The report of the LIS of the caller's relation, and the address it is under."""
    relation_id = ctx.params["relation_id"]
    who, now = ctx.signed_in(), ctx.deps.clock.now()
    report = service.of_relation(
        ctx.deps.store, ctx.deps.catalog, who=who, relation_id=relation_id, now=now
    )
    return report, f"/api/veiledning/{relation_id}"


def _progress_page(ctx: Context, out: ProgressOut, *, lis: bool, base: str) -> Reply:
    title = _("Fremdrift") if lis else _("Fremdriften til {name}").format(name=out.owner_name)
    return page(ctx, "progress.html", title=title, result=out, lis=lis, base=base)


def _report_reply(ctx: Context, report: Report, *, lis: bool, base: str) -> ReportOut | Reply:
    wanted = ctx.query.get("format", "")
    name = f"kompetanserapport-{report.made_at:%Y-%m-%d}"
    if wanted == "csv":
        return Reply(
            present.report_csv(report),
            content_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    if wanted == "pdf":
        from ...documents.pdf import render_pdf  # fpdf2 loads only when a PDF is asked for

        return Reply(
            render_pdf(present.report_document(report)),
            content_type=PDF,
            headers={"Content-Disposition": f'inline; filename="{name}.pdf"'},
        )
    out = present.report_out(report)
    if wanted == "json" or not ctx.html:
        return out
    return _report_page(ctx, out, lis=lis, base=base)


def _report_page(
    ctx: Context,
    out: ReportOut,
    *,
    lis: bool,
    base: str,
    problem: str | None = None,
    typed: str = "",
) -> Reply:
    """The report's page; ``problem`` and ``typed``: the HPR number refused, as it was typed."""
    return page(
        ctx,
        "report.html",
        status=400 if problem else 200,
        title=_("Kompetanserapport"),
        result=out,
        untracked=present.untracked_note(out.common_not_tracked) if out.common_not_tracked else "",
        lis=lis,
        base=base,
        csrf=ctx.csrf,
        notice=None if problem else notice_text(ctx.query, NOTICES),
        problem=problem,
        typed=typed,
    )


# --- the LIS ----------------------------------------------------------------------------------


@routes.route(
    "GET",
    "/portefolje/fremdrift",
    summary=N_("Fremdriften din: læringsmål per arena, aktiviteter som venter, hva som gjenstår"),
    access=SIGNED_IN,
    response=ProgressOut,
    errors=(401, 404),
    media=(HTML,),
)
def my_progress(ctx: Context) -> ProgressOut | Reply:
    report = _own(ctx)
    out = present.progress_out(report.progress, report.lis_name, report.part)
    return _progress_page(ctx, out, lis=True, base=OWN) if ctx.html else out


@routes.route(
    "GET",
    "/portefolje/rapport",
    summary=N_("Kompetanserapporten din: godkjente læringsmål og signerte aktiviteter"),
    access=SIGNED_IN,
    response=ReportOut,
    errors=(401, 404),
    media=(HTML, PDF, "text/csv"),
    query=(FORMAT, notice_query(list(NOTICES))),
)
def my_report(ctx: Context) -> ReportOut | Reply:
    return _report_reply(ctx, _own(ctx), lis=True, base=OWN)


@routes.route(
    "POST",
    "/portefolje/hpr",
    summary=N_("Legg inn HPR-nummeret ditt, som rapportene viser"),
    access=SIGNED_IN,
    body=HprIn,
    response=ReportOut,
    errors=(400, 401, 404),
    forms=True,
)
def set_hpr(ctx: Context) -> ReportOut | Reply:
    body: HprIn = ctx.body
    who, now = ctx.signed_in(), ctx.deps.clock.now()
    try:
        portfolios.set_hpr(ctx.deps.store, who=who, hpr=body.hpr, now=now)
    except DomainError as error:
        if not ctx.form_post or status_of(error) != 400:
            raise
        out = present.report_out(_own(ctx))
        return _report_page(ctx, out, lis=True, base=OWN, problem=error.message, typed=body.hpr)
    if ctx.form_post:
        return Reply(status=303, headers={"Location": f"{OWN}/rapport?melding=hpr"})
    return present.report_out(_own(ctx))


# --- the readers ------------------------------------------------------------------------------


@routes.route(
    "GET",
    "/veiledning/fremdrift",
    summary=N_("Fremdriften til alle legene du er bekreftet leder, godkjenner eller veileder for"),
    access=SIGNED_IN,
    response=OverviewOut,
    errors=(401,),
    media=(HTML,),
)
def overview(ctx: Context) -> OverviewOut | Reply:
    who, now = ctx.signed_in(), ctx.deps.clock.now()
    found = service.overview(ctx.deps.store, ctx.deps.catalog, who=who, now=now)
    rows = [
        LisProgressOut(
            **present.progress_out(report.progress, report.lis_name, report.part).model_dump(),
            relation_id=relation.id,
            role=relation.kind,
            role_name=present.role_name(relation.kind),
        )
        for relation, report in found
    ]
    result = OverviewOut(lis=rows)
    if not ctx.html:
        return result
    return page(ctx, "progress_overview.html", title=_("Fremdrift for legene dine"), result=result)


@routes.route(
    "GET",
    "/veiledning/{relation_id}/fremdrift",
    summary=N_("Fremdriften til en lege du er bekreftet leder, godkjenner eller veileder for"),
    access=SIGNED_IN,
    response=ProgressOut,
    errors=(401, 404),
    media=(HTML,),
)
def progress_of(ctx: Context) -> ProgressOut | Reply:
    report, base = _of_relation(ctx)
    out = present.progress_out(report.progress, report.lis_name, report.part)
    return _progress_page(ctx, out, lis=False, base=base) if ctx.html else out


@routes.route(
    "GET",
    "/veiledning/{relation_id}/rapport",
    summary=N_(
        "Kompetanserapporten til en lege du er bekreftet leder, godkjenner eller veileder for"
    ),
    access=SIGNED_IN,
    response=ReportOut,
    errors=(401, 404),
    media=(HTML, PDF, "text/csv"),
    query=(FORMAT,),
)
def report_of(ctx: Context) -> ReportOut | Reply:
    report, base = _of_relation(ctx)
    return _report_reply(ctx, report, lis=False, base=base)
