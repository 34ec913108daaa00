"""The pages for the application periods: one page per period and the overview of them all.

They exist apart from the other pages because they carry the deadlines: the table cells with
``data-deadline`` keys, and the notices for dates that moved after they were first published.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..catalog import Catalog, Deadline, timeline
from ..catalog.models import ExtraRound, Period
from ..feeds import published_feeds
from ..norwegian import count_text, long_date
from .coming import data_gaps, next_region
from .notes import round_notes
from .page_common import (
    Page,
    data_date,
    deadline_words,
    explain_deadlines,
    period_path,
    source_list,
    subscribe_block,
    time_tag,
    unpublished,
)

# --- dates ------------------------------------------------------------------------------------


def deadline_cell(deadline: Deadline, *, final: bool) -> str:
    """The date of one entry, inside ``<span data-deadline>`` for the script and the tests;
    ``final`` when an unpublished date can no longer come (see ``is_over``)."""
    if deadline.day is None:
        text = unpublished(final)
    else:
        text = f'<time datetime="{deadline.day.isoformat()}">{deadline_words(deadline)}</time>'
    return f'<span data-deadline="{deadline.key}">{text}</span>'


def is_over(catalog: Catalog, period: Period | ExtraRound) -> bool:
    """Whether the period's positions had started when the data was last updated: a date of it
    that is still missing was then never published ("ikke publisert", not "… ennå")."""
    return period.starts <= data_date(catalog)


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


def period_page(
    catalog: Catalog, period: Period | ExtraRound, changes: list[dict[str, Any]]
) -> Page:
    entries = timeline(period)
    labels = {d.key: d.label for d in entries}
    over = is_over(catalog, period)
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
            f"| Annonsene klare | {deadline_cell(head['annonser-klare'], final=over)} | Frist "
            "for helseforetakene: annonsene skal være klare til publisering i portalen. |\n"
            f"| Utlysning | {deadline_cell(head['utlysning'], final=over)} | Alle annonsene "
            "publiseres samme dag i den nasjonale søknadsportalen. En annonse kan gjelde én "
            "eller flere stillinger. |\n"
            f"| Søknadsfrist | {deadline_cell(head['soknadsfrist'], final=over)} | Siste frist "
            "for å søke. |\n"
        )
    else:
        if period.positions is not None:
            count = count_text(period.positions, "stilling", "stillinger")
            parts.append(f"{period.name} gjaldt {count}.\n")
        else:
            parts.append(f"Antall stillinger i {period.name.lower()}: {unpublished(over)}.\n")
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
    parts.append(explain_deadlines() + "\n")
    round_rows: list[str] = []
    by_round: dict[int, dict[str, Deadline]] = {}
    for d in entries:
        if d.round is not None:
            by_round.setdefault(d.round, {})[d.kind] = d
    for number, kinds in sorted(by_round.items()):
        round_rows.append(
            f"| {number} | {deadline_cell(kinds['tilbud'], final=over)} "
            f"| {deadline_cell(kinds['svarfrist'], final=over)} "
            f"| {deadline_cell(kinds['merking'], final=over)} |"
        )
    parts.append(
        "| Runde | Tilbud sendes ut | Svarfrist | Frist for merking |\n|---|---|---|---|\n"
        + "\n".join(round_rows)
        + "\n"
    )
    notes = round_notes(period.rounds)
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
    statistics = period.id if isinstance(period, Period) else period.draws_from
    parts.append(
        f'<p><a href="/api/statistikk/{statistics}">Statistikk for tilbudsrundene</a>: tilbud, '
        "svar og ledige stillinger runde for runde, per helseforetak og for hele landet.</p>\n"
    )
    feed = next((f for f in published_feeds(catalog) if f.period_id == period.id), None)
    if feed is not None:
        parts.append(f"## Abonner på datoene\n\n{subscribe_block(catalog, feed, '../../')}")
    parts.append("## Kilder\n\n" + source_list(period.sources))
    return Page(period_path(period.id), f"LIS1 {period.name}", period.updated, "\n\n".join(parts))


def period_overview(catalog: Catalog, changes: list[dict[str, Any]]) -> Page:
    parts = [
        "# Frister",
        "Alle LIS1-stillinger lyses ut samlet to ganger i året. Her er datoene for hver "
        "søknadsperiode, den nyeste først. " + explain_deadlines(),
        next_region(catalog, "../"),
        "Vil du ha datoene i kalenderen din? Se [Kalendere](../kalender/index.md).",
    ]
    gaps = data_gaps(catalog, "../")
    if gaps:
        parts.append('!!! info "Perioder uten datoer"\n\n' + _indent(gaps))
    for period in reversed(catalog.all_periods()):
        entries = timeline(period)
        over = is_over(catalog, period)
        items = [
            f"- {d.label[0].upper() + d.label[1:]}: {deadline_cell(d, final=over)}"
            for d in entries
            if d.kind in ("utlysning", "soknadsfrist", "svarfrist")
        ]
        if all(d.day is None for d in entries):
            items = ["Vi har ingen datoer for denne perioden."]
        moved = " Noen datoer er endret." if any(c["period"] == period.id for c in changes) else ""
        parts.append(
            f"## {period.name}\n\n{_intro(catalog, period)}{moved} "
            f"[Alle datoer for {period.name.lower()}]({period.id}.md)\n\n" + "\n".join(items)
        )
    return Page("frister/index.md", "Frister", data_date(catalog), "\n\n".join(parts))


# --- helpers ------------------------------------------------------------------------------------


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in text.splitlines()) + "\n"
