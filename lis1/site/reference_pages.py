"""The reference pages: the rules for applicants, the learning goals and the printable templates.

They exist apart from the period pages because they describe what stays the same from period to
period; they share only the page helpers with them.
"""

from __future__ import annotations

import html
from datetime import date

from ..catalog import Catalog
from ..catalog.models import ARENA_PREFIX, Arena, Template
from .page_common import Page, source_list, source_text, time_tag

ARENA_NAMES: dict[Arena, str] = {
    "sykehus": "Sykehus (spesialisthelsetjenesten)",
    "psykiatri": "Psykiatri (for dem med psykiatri i sykehusåret)",
    "kommune": "Kommune (kommunehelsetjenesten)",
}
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


def learning_goals_page(catalog: Catalog) -> Page:
    parts = [
        "# Læringsmål",
        "I LIS1 skal legen nå kliniske læringsmål i sykehus og i kommunen, og felles "
        "kompetansemål (FKM) for utøvelse av legerollen. Læringsmålene står i "
        "spesialistforskriften; en lege følger den versjonen som gjaldt da hen startet.",
    ]
    for version in catalog.learning_goals:
        until = (
            f" til {time_tag(version.in_force_until, weekday=False)}"
            if version.in_force_until
            else ""
        )
        parts.append(
            f"## Kliniske læringsmål fra {time_tag(version.in_force_from, weekday=False)}"
            f"{until}\n\n"
            f"Hele teksten til hvert mål står i [forskriften på Lovdata]({version.regulation}). "
            "Vi viser koden og arenaen; et kort tema står bare der en kilde navngir det."
        )
        for arena, prefix in ARENA_PREFIX.items():
            goals = [g for g in version.goals if g.arena == arena]
            parts.append(
                f"### {ARENA_NAMES[arena]}: {len(goals)} mål ({prefix}) "
                f"{{#{version.id}-{prefix.lower()}}}\n\n"
                + "| Kode | Tema |\n|---|---|\n"
                + "\n".join(f"| {g.code} | {g.label or '–'} |" for g in goals)
            )
    parts.append("## Felles kompetansemål (FKM)")
    for fkm in catalog.common_goals:
        start = time_tag(fkm.in_force_from, weekday=False) if fkm.in_force_from else "ukjent dato"
        end = f" til {time_tag(fkm.in_force_until, weekday=False)}" if fkm.in_force_until else ""
        split = ""
        if fkm.completed_in_hospital is not None:
            split = (
                f" {fkm.completed_in_hospital} fullføres i sykehusåret, og "
                f"{fkm.started_in_hospital_completed_in_kommune} påbegynnes der og "
                "fullføres i kommunen."
            )
        incomplete = (
            '\n\n!!! note "Ufullstendig"\n\n    Kodene for de enkelte målene er ikke publisert i '
            "kildene våre ennå."
            if not fkm.complete
            else ""
        )
        topics = "\n".join(f"- {t.name}" for t in fkm.topics)
        parts.append(
            f"### Versjon fra {start}{end} {{#fkm-{fkm.id}}}\n\n"
            f"{fkm.count} felles kompetansemål i LIS1.{split}{incomplete}\n\n"
            f"Temaer:\n\n{topics}\n\n" + (f"{fkm.note}\n" if fkm.note else "")
        )
    updated = max((p.updated for p in catalog.all_periods()), default=date(2026, 1, 1))
    return Page("laringsmal/index.md", "Læringsmål", updated, "\n\n".join(parts))


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
