"""The reference pages: the rules for applicants, the learning goals and the printable templates.

The learning goals page is built in ``goal_page`` and re-exported here with the others.

They exist apart from the period pages because they describe what stays the same from period to
period; they share only the page helpers with them.
"""

from __future__ import annotations

import html
from typing import Any

from ..catalog import Catalog
from ..catalog.models import Template
from ..i18n import N_, _
from .goal_page import learning_goals_page
from .page_common import Page, authoritative_note, source_list, source_text, text_of

AUDIENCE_NAMES = {
    "kommune": N_("For kommuner"),
    "helseforetak": N_("For helseforetak"),
    "statsforvalter": N_("For Statsforvalteren"),
}


# --- rules, learning goals, templates -------------------------------------------------------


def rules_page(catalog: Catalog) -> Page:
    parts = [
        "# " + _("Regler for søkere"),
        _("Reglene under gjelder alle som søker LIS1-stilling."),
        authoritative_note("soke/regler.md"),
    ]
    for rule_list in catalog.rules:
        for rule in rule_list.rules:
            source = source_text(text_of(rule.source, "title"), rule.source.url)
            parts.append(
                f"## {text_of(rule, 'title')} {{#{rule.id}}}\n\n{text_of(rule, 'text')}\n\n"
                f"*{_('Kilde: %(source)s') % {'source': source}}*"
            )
    updated = max(p.updated for p in catalog.all_periods())
    return Page(
        "soke/regler.md", _("Regler for søkere"), updated, "\n\n".join(p for p in parts if p)
    )


def templates_index(catalog: Catalog) -> Page:
    parts = [
        "# " + _("Maler"),
        _(
            "Malene kan skrives ut (bruk nettleserens utskrift; menyer skjules automatisk) eller "
            "brukes som sjekkliste på skjermen."
        ),
    ]
    for audience, title in AUDIENCE_NAMES.items():
        chosen = [t for t in catalog.templates if t.audience == audience]
        if chosen:
            links = "\n".join(f"- [{text_of(t, 'title')}]({t.id}.md)" for t in chosen)
            parts.append(f"## {_(title)}\n\n{links}")
    updated = max((t.updated for t in catalog.templates), default=catalog.all_periods()[-1].updated)
    return Page("maler/index.md", _("Maler"), updated, "\n\n".join(parts))


FIELD_HINTS = {
    "tekst": "",
    "dato": N_("dd.mm.åååå"),
    "periode": N_("fra dd.mm.åååå til dd.mm.åååå"),
    "prosent": "%",
    "antall": "",
    "avkrysning": N_("☐ ja ☐ nei"),
    "signatur": "",
}


def _hint(kind: str) -> str:
    hint = FIELD_HINTS[kind]
    return _(hint) if hint and hint != "%" else hint


def template_page(template: Template) -> Page:
    title = text_of(template, "title")
    parts = [
        f"# {title}",
        f'<p class="lis1-print-meta">{_(AUDIENCE_NAMES[template.audience])}</p>',
        text_of(template, "purpose"),
    ]
    for section in template.sections:
        block = [f"## {text_of(section, 'heading')}"]
        if text_of(section, "text"):
            block.append(text_of(section, "text"))
        checklist = text_of(section, "checklist")
        if checklist:
            block.append(
                '<ul class="lis1-checklist">\n'
                + "\n".join(f"<li>{html.escape(item)}</li>" for item in checklist)
                + "\n</ul>"
            )
        if section.fields:
            rows = "\n".join(_field_row(f) for f in section.fields)
            head = _("| Felt | Fylles ut |")
            block.append(f"{head}\n|---|---|\n" + rows)
        parts.append("\n\n".join(block))
    if text_of(template, "note"):
        parts.append(f'!!! note "{_("Merknad")}"\n\n    {text_of(template, "note")}')
    parts.append("## " + _("Kilder") + "\n\n" + source_list(template.sources))
    return Page(f"maler/{template.id}.md", title, template.updated, "\n\n".join(parts))


def _field_row(field: Any) -> str:
    label, help_text = text_of(field, "label"), text_of(field, "help")
    shown = f"{label} ({help_text})" if help_text else label
    blank = f'<span class="lis1-blank lis1-blank-{field.kind}">{_hint(field.kind)}</span>'
    return f"| {shown} | {blank} |"


__all__ = ["learning_goals_page", "rules_page", "template_page", "templates_index"]
