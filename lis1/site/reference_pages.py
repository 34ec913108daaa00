"""The reference pages: the rules for applicants, the learning goals and the printable templates.

The learning goals page is built in ``goal_page`` and re-exported here with the others.

They exist apart from the period pages because they describe what stays the same from period to
period; they share only the page helpers with them.
"""

from __future__ import annotations

import html

from ..catalog import Catalog
from ..catalog.models import Template
from .goal_page import learning_goals_page
from .page_common import Page, source_list, source_text

AUDIENCE_NAMES = {
    "kommune": "For kommuner",
    "helseforetak": "For helseforetak",
    "statsforvalter": "For Statsforvalteren",
}


# --- rules, learning goals, templates -------------------------------------------------------


def rules_page(catalog: Catalog) -> Page:
    parts = ["# Regler for søkere", "Reglene under gjelder alle som søker LIS1-stilling."]
    for rule_list in catalog.rules:
        for rule in rule_list.rules:
            source = source_text(rule.source.title, rule.source.url)
            parts.append(f"## {rule.title} {{#{rule.id}}}\n\n{rule.text}\n\n*Kilde: {source}*")
    updated = max(p.updated for p in catalog.all_periods())
    return Page("soke/regler.md", "Regler for søkere", updated, "\n\n".join(parts))


def templates_index(catalog: Catalog) -> Page:
    parts = [
        "# Maler",
        "Malene kan skrives ut (bruk nettleserens utskrift; menyer skjules automatisk) eller "
        "brukes som sjekkliste på skjermen.",
    ]
    for audience, title in AUDIENCE_NAMES.items():
        chosen = [t for t in catalog.templates if t.audience == audience]
        if chosen:
            parts.append(f"## {title}\n\n" + "\n".join(f"- [{t.title}]({t.id}.md)" for t in chosen))
    updated = max((t.updated for t in catalog.templates), default=catalog.all_periods()[-1].updated)
    return Page("maler/index.md", "Maler", updated, "\n\n".join(parts))


FIELD_HINTS = {
    "tekst": "",
    "dato": "dd.mm.åååå",
    "periode": "fra dd.mm.åååå til dd.mm.åååå",
    "prosent": "%",
    "antall": "",
    "avkrysning": "☐ ja ☐ nei",
    "signatur": "",
}


def template_page(template: Template) -> Page:
    parts = [
        f"# {template.title}",
        f'<p class="lis1-print-meta">{AUDIENCE_NAMES[template.audience]}</p>',
        template.purpose,
    ]
    for section in template.sections:
        block = [f"## {section.heading}"]
        if section.text:
            block.append(section.text)
        if section.checklist:
            block.append(
                '<ul class="lis1-checklist">\n'
                + "\n".join(f"<li>{html.escape(item)}</li>" for item in section.checklist)
                + "\n</ul>"
            )
        if section.fields:
            rows = "\n".join(
                f"| {f.label}{' (' + f.help + ')' if f.help else ''} | "
                f'<span class="lis1-blank lis1-blank-{f.kind}">{FIELD_HINTS[f.kind]}</span> |'
                for f in section.fields
            )
            block.append("| Felt | Fylles ut |\n|---|---|\n" + rows)
        parts.append("\n\n".join(block))
    if template.note:
        parts.append(f'!!! note "Merknad"\n\n    {template.note}')
    parts.append("## Kilder\n\n" + source_list(template.sources))
    return Page(f"maler/{template.id}.md", template.title, template.updated, "\n\n".join(parts))


__all__ = ["learning_goals_page", "rules_page", "template_page", "templates_index"]
