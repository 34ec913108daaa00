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
from ..norwegian import long_date
from .page_common import NOT_PUBLISHED, Page, period_path, source_list, subscribe_block, time_tag

# --- dates ------------------------------------------------------------------------------------


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
    parts.append("## Kilder\n\n" + source_list(period.sources))
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


# --- helpers ------------------------------------------------------------------------------------


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in text.splitlines()) + "\n"
