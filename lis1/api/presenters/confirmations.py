"""Bekreftelse på gjennomført tjenestetid as the API gives it: the employments an administrator
may confirm, the form's fields, a confirmation, and the document its PDF is drawn from."""

from __future__ import annotations

from ...catalog import Catalog
from ...documents.model import Document, Facts, Heading, Paragraph
from ...domain.portfolio.confirmations import field_key
from ...domain.portfolio.records import ConfirmedField, ServiceConfirmation
from ...i18n import _
from ...services import service_confirmations as service
from ...services.receipts import organisation_name
from ...services.service_confirmations import Employed
from ...wording import long_date, long_datetime
from ..schemas.confirmations import ConfirmationFormOut, ConfirmationOut, EmploymentOut, FieldOut

TITLE = "Bekreftelse på gjennomført tjenestetid i utdanningens første del (LIS1)"


def employed_out(catalog: Catalog, seen: Employed) -> EmploymentOut:
    e = seen.employment
    return EmploymentOut(
        employment_id=e.id,
        lis=seen.portfolio.owner_name,
        arena=e.arena,
        organisation=e.organisation,
        organisation_name=organisation_name(catalog, e.organisation),
        starts=e.starts,
        ends=e.ends,
        confirmations=[c.id for c in seen.confirmations],
    )


def form_out(catalog: Catalog, seen: Employed, given: dict[str, str]) -> ConfirmationFormOut:
    template = service.template(catalog)
    fields = [
        FieldOut(
            name=field_key(s, f),
            section=section.heading,
            label=blank.label,
            kind=blank.kind,
            help=blank.help,
            value=given.get(field_key(s, f), ""),
        )
        for s, section in enumerate(template.sections)
        for f, blank in enumerate(section.fields)
        if blank.kind != "signatur"
    ]
    return ConfirmationFormOut(
        employment=employed_out(catalog, seen),
        template=f"{template.id}@{template.updated}",
        fields=fields,
    )


def shown_value(field: ConfirmedField) -> str:
    if field.kind == "avkrysning":
        return _("Ja") if field.value == "ja" else _("Nei")
    return field.value or "–"


def confirmation_out(
    catalog: Catalog, seen: Employed, confirmation: ServiceConfirmation
) -> ConfirmationOut:
    return ConfirmationOut(
        id=confirmation.id,
        employment=employed_out(catalog, seen),
        hpr=seen.portfolio.hpr,
        template=confirmation.template,
        fields=[
            FieldOut(name="", section=f.section, label=f.label, kind=f.kind, value=f.value)
            for f in confirmation.fields
        ],
        confirmed_by=confirmation.by_name,
        confirmed_at=confirmation.at,
        leder=confirmation.leder,
    )


def confirmation_document(
    catalog: Catalog, seen: Employed, confirmation: ServiceConfirmation
) -> Document:
    """The confirmation for the PDF: the LIS (name and HPR number), the employment, the
    template's fields as filled in, who confirmed it and when, and where the fields come from."""
    e = seen.employment
    employer = organisation_name(catalog, e.organisation)
    blocks: list[Heading | Paragraph | Facts] = [
        Heading(_(TITLE), 1),
        Facts(
            (
                (_("Lege"), seen.portfolio.owner_name),
                (_("HPR-nummer"), seen.portfolio.hpr or _("ikke oppgitt")),
                (_("Arbeidsgiver"), employer),
                (_("Ansettelse"), f"{long_date(e.starts, with_weekday=False)} – "
                                  f"{long_date(e.ends, with_weekday=False)}"),
            )
        ),
    ]  # fmt: skip
    sections: dict[str, list[ConfirmedField]] = {}
    for field in confirmation.fields:
        sections.setdefault(field.section, []).append(field)
    for heading, fields in sections.items():
        blocks += [Heading(heading, 2), Facts(tuple((f.label, shown_value(f)) for f in fields))]
    blocks += [
        Heading(_("Bekreftet av"), 2),
        Facts(
            (
                (_("Bekreftet av"), f"{confirmation.by_name}, {employer}"),
                (_("Tidspunkt"), long_datetime(confirmation.at)),
                (_("Leder for ansettelsen"), confirmation.leder or _("ingen bekreftet leder")),
            )
        ),
        Paragraph(
            _(
                "Bekreftelsen er laget i LIS1-tjenesten og lagt i legens portefølje. Feltene "
                "følger malen {template}, som Helsedirektoratets redaktører vedlikeholder: det "
                "nøyaktige innholdet i direktoratets standardskjema er ikke kjent for tjenesten, "
                "og ved forskjeller gjelder direktoratets skjema."
            ).format(template=confirmation.template)
        ),
    ]
    return Document(
        title=_(TITLE),
        lang="nb",
        author=employer,
        subject=_("Bekreftelse på tjenestetid for {name}").format(name=seen.portfolio.owner_name),
        blocks=tuple(blocks),
        footer=_("{name} · bekreftelse på tjenestetid · {employer}").format(
            name=seen.portfolio.owner_name, employer=employer
        ),
    )
