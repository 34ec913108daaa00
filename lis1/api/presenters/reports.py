"""The standard report and the progress counts as the API gives them: JSON models, the CSV for
a spreadsheet and the document the PDF is drawn from. Every format is made from one
:class:`~lis1.services.portfolio_report.Report`, so they agree with each other and the record."""

from __future__ import annotations

import csv
import io

from ...documents.model import Document, Facts, Heading, Paragraph, Table
from ...domain.portfolio.activities import KIND_NAMES
from ...domain.portfolio.progress import Progress
from ...i18n import _, ngettext
from ...oslo import OSLO
from ...services.exports import csv_cell
from ...services.portfolio_report import Report
from ...wording import long_date, long_datetime
from ..schemas.reports import (
    ApprovedGoalOut,
    ArenaProgressOut,
    EmploymentLineOut,
    ProgressOut,
    ReportOut,
    SignedActivityOut,
)
from .goals import PART_NAMES, ROLE_NAMES
from .portfolio import ARENA_WORDS


def progress_out(progress: Progress, owner_name: str, part: str) -> ProgressOut:
    return ProgressOut(
        owner_name=owner_name,
        part=part,
        arenas=[
            ArenaProgressOut(
                arena=a.arena,
                arena_name=_(ARENA_WORDS[a.arena]),
                approved=a.approved,
                sent=a.sent,
                returned=a.returned,
                remaining=a.remaining,
                total=a.total,
            )
            for a in progress.arenas
        ],
        approved=progress.approved,
        total=progress.total,
        activities_waiting=progress.activities_waiting,
        activities_signed=progress.activities_signed,
        blocking=None if progress.blocking is None else list(progress.blocking),
    )


def report_out(report: Report) -> ReportOut:
    return ReportOut(
        lis_name=report.lis_name,
        hpr=report.hpr,
        employments=[
            EmploymentLineOut.model_validate(e, from_attributes=True) for e in report.employments
        ],
        clinical_catalogue=report.clinical_catalogue,
        common_catalogue=report.common_catalogue,
        part=report.part,
        made_at=report.made_at,
        progress=progress_out(report.progress, report.lis_name, report.part),
        common_not_tracked=report.common_not_tracked,
        goals=[ApprovedGoalOut.model_validate(g, from_attributes=True) for g in report.goals],
        activities=[
            SignedActivityOut(
                day=a.day,
                kind=a.kind,
                kind_name=_(KIND_NAMES[a.kind]) if a.kind in KIND_NAMES else a.kind,
                description=a.description,
                goals=list(a.goals),
                signed_by=a.signed_by,
                signed_at=a.signed_at,
            )
            for a in report.activities
        ],
    )


def role_name(role: str) -> str:
    return _(ROLE_NAMES[role]) if role in ROLE_NAMES else role


def report_csv(report: Report) -> str:
    """One row per approved goal and per signed activity, for a spreadsheet: semicolons, a
    byte order mark, CRLF, times in Oslo, formula-looking cells defused (as the HF's CSVs)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    header = ("lege", "hpr-nummer", "type", "kode", "arena", "beskrivelse", "dag", "av", "rolle",
              "tidspunkt", "læringsmål")  # fmt: skip
    writer.writerow([_(name) for name in header])
    who = [report.lis_name, report.hpr or ""]
    rows: list[list[str]] = []
    for g in report.goals:
        at = f"{g.approved_at.astimezone(OSLO):%Y-%m-%d %H:%M}"
        what = [_("læringsmål"), g.code, g.arena, g.text or "", at[:10]]
        rows.append([*who, *what, g.approved_by, role_name(g.role), at, g.code])
    for a in report.activities:
        at = f"{a.signed_at.astimezone(OSLO):%Y-%m-%d %H:%M}"
        what = [_("aktivitet"), "", "", a.description, a.day.isoformat()]
        rows.append([*who, *what, a.signed_by, _("supervisør"), at, " ".join(a.goals)])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return "\ufeff" + buffer.getvalue()


def report_document(report: Report) -> Document:
    """The report as a document for the PDF: the LIS (name and HPR number), the employers, the
    catalogue versions and the date first, then the counts, the goals and the activities."""
    p = report.progress
    facts = Facts(
        (
            (_("Lege"), report.lis_name),
            (_("HPR-nummer"), report.hpr or _("ikke oppgitt")),
            *(
                (_(ARENA_WORDS[e.arena]) if e.arena in ARENA_WORDS else e.arena,
                 f"{e.organisation_name}, {long_date(e.starts, with_weekday=False)} – "
                 f"{long_date(e.ends, with_weekday=False)}")
                for e in report.employments
            ),
            (_("Læringsmål (katalog)"), f"{report.clinical_catalogue}, {report.common_catalogue}"),
            (_("Del av LIS1 nå"), _(PART_NAMES.get(report.part, report.part))),
            (_("Laget"), long_datetime(report.made_at)),
        )
    )  # fmt: skip
    counts = Table(
        _("Læringsmål per arena"),
        (_("Arena"), _("Godkjent"), _("Sendt"), _("Returnert"), _("Gjenstår"), _("I alt")),
        tuple(
            (_(ARENA_WORDS[a.arena]), str(a.approved), str(a.sent), str(a.returned),
             str(a.remaining), str(a.total))
            for a in p.arenas
        ),
    )  # fmt: skip
    goals = Table(
        ngettext("{n} godkjent læringsmål", "{n} godkjente læringsmål", len(report.goals)).format(
            n=len(report.goals)
        ),
        (_("Mål"), _("Godkjent"), _("Av")),
        tuple(
            (f"{g.code}" + (f": {g.text}" if g.text else ""),
             long_date(g.approved_at.astimezone(OSLO).date(), with_weekday=False),
             f"{g.approved_by} ({role_name(g.role)})")
            for g in report.goals
        ),
    )  # fmt: skip
    activities = Table(
        ngettext(
            "{n} signert læringsaktivitet",
            "{n} signerte læringsaktiviteter",
            len(report.activities),
        ).format(n=len(report.activities)),
        (_("Dag"), _("Aktivitet"), _("Læringsmål"), _("Signert av")),
        tuple(
            (long_date(a.day, with_weekday=False), a.description, ", ".join(a.goals), a.signed_by)
            for a in report.activities
        ),
    )
    title = _("Kompetanserapport LIS1")
    return Document(
        title=title,
        lang="nb",
        author=_("LIS1 – Helsedirektoratet"),
        subject=_("Godkjente læringsmål og signerte læringsaktiviteter for {name}").format(
            name=report.lis_name
        ),
        blocks=(
            Heading(title, 1),
            facts,
            Heading(_("Fremdrift"), 2),
            Paragraph(
                _("{approved} av {total} læringsmål er godkjent. {signed} læringsaktiviteter er "
                  "signert, {waiting} venter på signatur.").format(
                    approved=p.approved, total=p.total, signed=p.activities_signed,
                    waiting=p.activities_waiting,
                )
            ),
            counts,
            *([Paragraph(untracked_note(report.common_not_tracked))]
              if report.common_not_tracked else []),
            Heading(_("Godkjente læringsmål"), 2),
            goals if goals.rows else Paragraph(_("Ingen læringsmål er godkjent ennå.")),
            Heading(_("Signerte læringsaktiviteter"), 2),
            activities if activities.rows else Paragraph(_("Ingen aktiviteter er signert ennå.")),
        ),
        footer=_("{name} · kompetanserapport LIS1 · laget {day}").format(
            name=report.lis_name, day=long_date(report.made_at.astimezone(OSLO).date())
        ),
    )  # fmt: skip


def untracked_note(count: int) -> str:
    """Said beside the counts whenever the plan's common goals are not followed one by one."""
    return _(
        "Tallene gjelder de kliniske læringsmålene. Planens %(num)d felles kompetansemål har ingen "
        "publiserte koder og følges ikke enkeltvis i tjenesten; de er ikke med her."
    ) % {"num": count}
