"""Bekreftelse på gjennomført tjenestetid: the employer confirms the service a LIS did in one
employment (the period, the position percentage, absence beyond statutory holiday and courses).

The fields are not ours to fix: they are the template in ``data/templates/`` that the
directorate's editors keep (the exact fields of the directorate's own form are unknown), so
a confirmation stores each field's label with the value as they were when it was made; a later
change to the template leaves earlier confirmations as they were written. The confirmation is
part of the LIS's record, so it follows them to the next employer and into the export.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

from ...catalog.models import Template
from ...i18n import _
from .errors import ConfirmationFields
from .records import ConfirmedField, Portfolio, ServiceConfirmation

MAX_TEXT = 300


def field_key(section: int, field: int) -> str:
    """The form's name for a template field (labels can repeat across sections)."""
    return f"felt-{section}-{field}"


def checked(template: Template, given: dict[str, str]) -> tuple[ConfirmedField, ...]:
    """The template's fields with the values ``given`` (by :func:`field_key`), each checked by
    its kind; ConfirmationFields names every field that is wrong, in words."""
    found: list[ConfirmedField] = []
    problems: dict[str, str] = {}
    for s, section in enumerate(template.sections):
        for f, blank in enumerate(section.fields):
            key = field_key(s, f)
            value = " ".join(str(given.get(key, "")).split())
            if blank.kind == "signatur":
                continue  # signed by the administrator's sign-in, below the fields
            problem = _problem(blank.kind, value)
            if problem:
                problems[key] = problem
            found.append(ConfirmedField(section.heading, blank.label, blank.kind, value))
    if problems:
        raise ConfirmationFields(problems)
    return tuple(found)


def _problem(kind: str, value: str) -> str | None:
    if len(value) > MAX_TEXT:
        return _("Skriv høyst {count} tegn.").format(count=MAX_TEXT)
    if kind == "avkrysning":
        return None if value in ("", "ja") else _("Kryss av, eller la stå tomt.")
    if kind == "periode":
        return None  # free text: one line per period, or empty
    if not value:
        return _("Fyll ut feltet.")
    if kind == "dato":
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                raise ValueError(value)
            date.fromisoformat(value)
        except ValueError:
            return _("Skriv datoen som ÅÅÅÅ-MM-DD.")
    if kind == "prosent" and not (re.fullmatch(r"[0-9]{1,3}", value) and 1 <= int(value) <= 100):
        return _("Skriv stillingsprosenten som et helt tall fra 1 til 100.")
    if kind == "antall" and not re.fullmatch(r"[0-9]{1,4}", value):
        return _("Skriv et helt tall (0 hvis det ikke var noe).")
    return None


def add(portfolio: Portfolio, confirmation: ServiceConfirmation, now: datetime) -> Portfolio:
    portfolio.employment(confirmation.employment_id)  # UnknownEmployment if not this record's
    return replace(
        portfolio,
        confirmations=(*portfolio.confirmations, confirmation),
        version=portfolio.version + 1,
        updated_at=now,
    )
