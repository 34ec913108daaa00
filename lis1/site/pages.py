"""Catalogue -> Markdown pages, in plain Python (no templating inside Markdown).

Every date on a page is rendered from the same value the feeds and the API use, in Norwegian
("fredag 26. oktober 2018") inside a ``<time datetime="2018-10-26">`` element, so tests and
scripts can read the exact value back.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..catalog import Catalog, Deadline, timeline
from ..catalog.models import (
    ARENA_PREFIX,
    Arena,
    ExtraRound,
    Period,
    Template,
)
from ..feeds import ALL_FEED, CHANGE_LOG, FEED_PATH, Feed, published_feeds
from ..norwegian import long_date
from ..oslo import end_of_day_utc, oslo_wall_clock_to_utc

NOT_PUBLISHED = "ikke publisert ennå"
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


@dataclass(frozen=True)
class Page:
    path: str
    """Path below the docs folder, e.g. ``frister/2018-host.md``."""
    title: str
    updated: date
    body: str

    def markdown(self) -> str:
        front = f"---\ntitle: {json.dumps(self.title, ensure_ascii=False)}\n"
        return f"{front}updated: {self.updated.isoformat()}\n---\n\n{self.body.strip()}\n"


def period_path(period_id: str) -> str:
    return f"frister/{period_id}.md"


def generated_pages(catalog: Catalog, changes: list[dict[str, Any]]) -> list[Page]:
    periods = list(reversed(catalog.all_periods()))
    pages = [period_overview(catalog, changes)]
    pages += [period_page(catalog, period, changes) for period in periods]
    pages.append(calendars_page(catalog))
    pages.append(rules_page(catalog))
    pages.append(learning_goals_page(catalog))
    pages.append(templates_index(catalog))
    pages += [template_page(template) for template in catalog.templates]
    return pages


# --- dates ------------------------------------------------------------------------------------


def time_tag(day: date | None, *, weekday: bool = True) -> str:
    if day is None:
        return f'<span class="lis1-unpublished">{NOT_PUBLISHED}</span>'
    return f'<time datetime="{day.isoformat()}">{long_date(day, with_weekday=weekday)}</time>'


def deadline_cell(deadline: Deadline) -> str:
    text = time_tag(deadline.day)
    if deadline.at is not None:
        text += f" innen kl. {deadline.at:%H.%M}"
    return f'<span data-deadline="{deadline.key}">{text}</span>'


def moved_notices(changes: list[dict[str, Any]], period_id: str, labels: dict[str, str]) -> str:
    """One notice per moved date of this period: from the date first published to the date now
    ('svarfrist runde 1 er flyttet fra … til …'), or, when a mistaken move was undone, that the
    date was shown wrongly for a while and stands as first published."""
    moves: dict[str, list[dict[str, Any]]] = {}
    for change in changes:
        if change["period"] == period_id:
            moves.setdefault(change["uid"], []).append(change)
    lines = []
    for uid, history in moves.items():
        history.sort(key=lambda c: c["sequence"])
        first = _day_of(history[0]["from"]["start"])
        now = _day_of(history[-1]["to"]["start"])
        changed = time_tag(date.fromisoformat(history[-1]["updated"]), weekday=False)
        label = labels.get(uid.split("@", 1)[0], history[0]["kind"])
        label = label[0].upper() + label[1:]
        if first == now:
            shown = _day_of(history[0]["to"]["start"])
            lines.append(
                f"**{label}** ble en tid vist som {time_tag(shown)} ved en feil. Datoen er "
                f"fortsatt {time_tag(now)} (rettet {changed})."
            )
        else:
            lines.append(
                f"**{label}** er flyttet fra {time_tag(first)} til {time_tag(now)} "
                f"(endret {changed})."
            )
    if not lines:
        return ""
    body = "\n".join(f"    - {line}" for line in lines)
    return f'!!! warning "Endrede datoer"\n\n{body}\n\n'


def _day_of(ical_value: str) -> date:
    return date(int(ical_value[0:4]), int(ical_value[4:6]), int(ical_value[6:8]))


# --- periods ----------------------------------------------------------------------------------


def _intro(catalog: Catalog, period: Period | ExtraRound) -> str:
    starts = long_date(period.starts, with_weekday=False)
    if isinstance(period, ExtraRound):
        return (
            f"Ekstra tilsettingsrunder uten nye annonser og uten søknadsfrist, for stillinger med "
            f"oppstart {starts}. Tilbudene gikk til de neste kandidatene på innstillingslistene "
            f"fra [{_name_of(catalog, period.draws_from)}]({period.draws_from}.md)."
        )
    return f"Søknadsperioden for LIS1-stillinger med oppstart {starts}."


def _name_of(catalog: Catalog, period_id: str) -> str:
    return next(p.name.lower() for p in catalog.all_periods() if p.id == period_id)


EXPLAIN_DAY = (
    "Tilbud og svarfrist er datoer uten klokkeslett. En svarfrist gjelder **hele dagen, norsk "
    "tid**: svaret ditt må være mottatt før midnatt (kl. 24.00) samme dag. Merking skjer innen "
    "kl. 12.00 norsk tid."
)


def period_page(
    catalog: Catalog, period: Period | ExtraRound, changes: list[dict[str, Any]]
) -> Page:
    entries = timeline(period)
    labels = {d.key: d.label for d in entries}
    parts = [
        f"# LIS1 {period.name}",
        _intro(catalog, period),
        moved_notices(changes, period.id, labels),
    ]
    if isinstance(period, Period):
        head = {d.kind: d for d in entries if d.round is None}
        parts.append("## Utlysning og søknad\n")
        parts.append(
            "| Hva | Dato | Hva det betyr |\n|---|---|---|\n"
            f"| Annonsene klare | {deadline_cell(head['annonser-klare'])} | Frist for "
            "helseforetakene: annonsene skal være klare til publisering i portalen. |\n"
            f"| Utlysning | {deadline_cell(head['utlysning'])} | Alle stillingene lyses ut "
            "samtidig i den nasjonale søknadsportalen. |\n"
            f"| Søknadsfrist | {deadline_cell(head['soknadsfrist'])} | Siste dag å søke. "
            "Fristen gjelder hele dagen, til midnatt norsk tid. |\n"
        )
    else:
        parts.append(
            f"**Stillinger:** {period.positions if period.positions is not None else NOT_PUBLISHED}"
            "\n"
        )
        if period.positions_by_organisation:
            rows = "\n".join(
                f"| {catalog.organisation(s.organisation).name} | {s.positions} | {s.note or ''} |"
                for s in period.positions_by_organisation
            )
            parts.append(
                '??? info "Fordeling per helseforetak"\n\n'
                + _indent("| Helseforetak | Stillinger | Merknad |\n|---|---|---|\n" + rows)
            )
    parts.append("## Tilsettingsrunder\n")
    parts.append(EXPLAIN_DAY + "\n")
    round_rows: list[str] = []
    by_round: dict[int, dict[str, Deadline]] = {}
    for d in entries:
        if d.round is not None:
            by_round.setdefault(d.round, {})[d.kind] = d
    for number, kinds in sorted(by_round.items()):
        round_rows.append(
            f"| {number} | {deadline_cell(kinds['tilbud'])} | {deadline_cell(kinds['svarfrist'])} "
            f"| {deadline_cell(kinds['merking'])} |"
        )
    parts.append(
        "| Runde | Tilbud sendes ut | Svarfrist | Merking |\n|---|---|---|---|\n"
        + "\n".join(round_rows)
        + "\n"
    )
    notes = [f"Runde {r.number}: {r.note}" for r in period.rounds if r.note]
    if period.note:
        notes.insert(0, period.note)
    if notes:
        parts.append('!!! note "Merknader"\n\n' + _indent("\n".join(f"- {n}" for n in notes)))
    parts.append(
        "## Hva skjer i hver runde?\n\n"
        "1. **Tilbud:** helseforetakene sender tilbud samme dag for alle stillinger, til den som "
        "står øverst på innstillingslisten.\n"
        "2. **Svarfrist:** alle har samme frist, så du kan sammenligne tilbudene. Svarer du ikke, "
        "regnes det som nei.\n"
        "3. **Merking:** helseforetakene registrerer utfallet i portalen. Stillinger som blir "
        "ledige, går til neste kandidat i neste runde. Har du takket ja, får du ikke flere "
        "tilbud.\n"
    )
    feed = next((f for f in published_feeds(catalog) if f.period_id == period.id), None)
    if feed is not None:
        parts.append(f"## Abonner på datoene\n\n{subscribe_block(catalog, feed, '../../')}")
    parts.append("## Kilder\n\n" + _sources(period.sources))
    return Page(period_path(period.id), f"LIS1 {period.name}", period.updated, "\n\n".join(parts))


def period_overview(catalog: Catalog, changes: list[dict[str, Any]]) -> Page:
    parts = [
        "# Frister",
        "Alle LIS1-stillinger lyses ut samlet to ganger i året. Her er datoene for hver "
        "søknadsperiode, den nyeste først. " + EXPLAIN_DAY,
        '<div id="lis1-next" class="lis1-next" role="region" aria-label="Neste frist" hidden>'
        "</div>",
        "Vil du ha datoene i kalenderen din? Se [Kalendere](../kalender/index.md).",
    ]
    for period in reversed(catalog.all_periods()):
        entries = timeline(period)
        items = [
            f"- {d.label[0].upper() + d.label[1:]}: {deadline_cell(d)}"
            for d in entries
            if d.kind in ("utlysning", "soknadsfrist", "svarfrist")
        ]
        moved = " Noen datoer er endret." if any(c["period"] == period.id for c in changes) else ""
        parts.append(
            f"## {period.name}\n\n{_intro(catalog, period)}{moved} "
            f"[Alle datoer for {period.name.lower()}]({period.id}.md)\n\n" + "\n".join(items)
        )
    updated = max(p.updated for p in catalog.all_periods())
    return Page("frister/index.md", "Frister", updated, "\n\n".join(parts))


# --- calendars ----------------------------------------------------------------------------------


def feed_url(catalog: Catalog, feed: Feed) -> str:
    return f"{catalog.site.public_url}{FEED_PATH}{feed.file}"


def subscribe_block(catalog: Catalog, feed: Feed, root: str) -> str:
    """Copyable https address, webcal link and download, for one feed; works without JS.

    ``root`` leads from the page to the site root (e.g. ``../../``), so links work under any
    host, locally too.
    """
    url = feed_url(catalog, feed)
    webcal = "webcal://" + url.split("://", 1)[1]
    field = f"feed-{feed.file.removesuffix('.ics')}"
    name = html.escape(feed.name)
    return (
        f'<div class="lis1-subscribe" data-feed="{FEED_PATH}{feed.file}">\n'
        f'<label for="{field}">Kalenderadresse for «{name}»</label>\n'
        f'<input id="{field}" class="lis1-feed-url" type="text" readonly value="{url}" '
        f'aria-describedby="{field}-help">\n'
        f'<p id="{field}-help" class="lis1-help">Kopier adressen og lim den inn der kalenderen '
        "din lar deg legge til en kalender fra en nettadresse.</p>\n"
        f'<p class="lis1-actions"><button type="button" class="md-button lis1-copy" '
        f'data-target="{field}" hidden>Kopier adressen</button> '
        f'<a class="md-button lis1-webcal" href="{webcal}">Åpne i kalenderprogrammet</a> '
        f'<a class="lis1-download" href="{root}{FEED_PATH}{feed.file}">'
        "Last ned som fil (.ics)</a></p>\n"
        f'<p class="lis1-copy-status" role="status" aria-live="polite"></p>\n'
        "</div>\n"
    )


HOW_TO_SUBSCRIBE = """\
## Slik abonnerer du

Et abonnement oppdaterer seg selv når en dato endres. Kalenderprogrammene henter endringer med
ulike mellomrom, og **Google Kalender kan bruke flere timer (noen ganger opptil et døgn)**. Er en
dato flyttet, står det derfor også på siden for perioden.

??? info "Google Kalender"

    1. Kopier kalenderadressen over.
    2. Åpne Google Kalender på nett, velg **+** ved «Andre kalendere» og så **Fra nettadresse**.
    3. Lim inn adressen og velg **Legg til kalender**.

??? info "Outlook"

    1. Kopier kalenderadressen over.
    2. I Outlook på nett: velg **Legg til kalender**, så **Abonner fra nettet**.
    3. Lim inn adressen, gi kalenderen et navn og velg **Importer**.

??? info "Apple Kalender (Mac, iPhone og iPad)"

    - På iPhone og iPad: trykk **Åpne i kalenderprogrammet** og bekreft abonnementet.
    - På Mac: velg **Arkiv › Nytt kalenderabonnement**, lim inn adressen og velg **Abonner**.

Laster du ned filen i stedet, får du en kopi som ikke oppdateres når datoer endres.
"""


def calendars_page(catalog: Catalog) -> Page:
    feeds = published_feeds(catalog)
    parts = [
        "# Kalendere",
        "Alle frister finnes som kalendere (iCalendar) du kan abonnere på i Google Kalender, "
        "Outlook eller Apple Kalender. Svarfrister og søknadsfrister er heldagshendelser; merking "
        "er en hendelse som slutter kl. 12.00 norsk tid.",
    ]
    for feed in feeds:
        if feed.period_id is None:
            parts.append(
                f"## {feed.name}\n\n{feed.description}\n\n{subscribe_block(catalog, feed, '../')}"
            )
    parts.append(
        "## Én kalender per søknadsperiode\n\n"
        + "\n".join(
            f"- [{f.name}]({'../frister/' + f.period_id + '.md'}) ([.ics]({f.file}))"
            for f in reversed(feeds)
            if f.period_id is not None
        )
    )
    parts.append(HOW_TO_SUBSCRIBE)
    updated = max(p.updated for p in catalog.all_periods())
    return Page("kalender/index.md", "Kalendere", updated, "\n\n".join(parts))


# --- rules, learning goals, templates -------------------------------------------------------


def rules_page(catalog: Catalog) -> Page:
    parts = ["# Regler for søkere", "Reglene under gjelder alle som søker LIS1-stilling."]
    for rule_list in catalog.rules:
        for rule in rule_list.rules:
            source = _source_text(rule.source.title, rule.source.url)
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
    parts.append("## Kilder\n\n" + _sources(template.sources))
    return Page(f"maler/{template.id}.md", template.title, template.updated, "\n\n".join(parts))


# --- helpers ------------------------------------------------------------------------------------


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in text.splitlines()) + "\n"


def _source_text(title: str, url: Any) -> str:
    return f"[{title}]({url})" if url else f"{title} (ikke på nett hos oss)"


def _sources(sources: Iterable[Any]) -> str:
    return "\n".join(f"- {_source_text(s.title, s.url)}" for s in sources)


# --- JSON for scripts ---------------------------------------------------------------------------


def deadlines_json(catalog: Catalog) -> bytes:
    """Every published deadline with the UTC instant it ends, for the overview's small script."""
    rows = []
    for d in catalog.deadlines():
        if d.day is None:
            continue
        ends = oslo_wall_clock_to_utc(d.at) if d.at is not None else end_of_day_utc(d.day)
        rows.append(
            {
                "key": d.key,
                "period": d.period_id,
                "period_name": d.period_name,
                "kind": d.kind,
                "round": d.round,
                "label": d.label,
                "date": d.day.isoformat(),
                "text": long_date(d.day) + (f" innen kl. {d.at:%H.%M}" if d.at else ""),
                "ends_at": ends.isoformat().replace("+00:00", "Z"),
                "page": f"frister/{d.period_id}/",
            }
        )
    return (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def public_json(catalog: Catalog) -> bytes:
    """The whole published catalogue as one JSON document (the site's open-data export)."""

    def dump(items: Iterable[Any]) -> list[Any]:
        return [item.model_dump(mode="json") for item in items]

    document = {
        "periods": dump(catalog.periods),
        "extra_rounds": dump(catalog.extra_rounds),
        "organisations": dump(catalog.organisations),
        "rules": dump(catalog.rules),
        "learning_goals": dump(catalog.learning_goals),
        "common_goals": dump(catalog.common_goals),
        "templates": dump(catalog.templates),
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


__all__ = ["ALL_FEED", "CHANGE_LOG", "Page", "deadlines_json", "generated_pages", "public_json"]
