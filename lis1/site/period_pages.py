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
from ..i18n import _, ngettext
from ..wording import long_date
from .coming import data_gaps, next_region
from .notes import round_notes
from .page_common import (
    Page,
    api_href,
    capitalised,
    data_date,
    deadline_label,
    deadline_words,
    explain_deadlines,
    period_name,
    period_path,
    source_list,
    subscribe_block,
    text_of,
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
        label = capitalised(labels.get(uid.split("@", 1)[0], history[0]["kind"]))
        if first == now:
            shown = _day_of(history[0]["to"]["start"])
            lines.append(
                _(
                    "**%(label)s** ble en tid vist som %(shown)s ved en feil. Datoen er "
                    "fortsatt %(now)s (rettet %(changed)s)."
                )
                % {
                    "label": label,
                    "shown": time_tag(shown),
                    "now": time_tag(now),
                    "changed": changed,
                }
            )
        else:
            lines.append(
                _("**%(label)s** er flyttet fra %(first)s til %(now)s (endret %(changed)s).")
                % {
                    "label": label,
                    "first": time_tag(first),
                    "now": time_tag(now),
                    "changed": changed,
                }
            )
    if not lines:
        return ""
    body = "\n".join(f"    - {line}" for line in lines)
    return f'!!! warning "{_("Endrede datoer")}"\n\n{body}\n\n'


def _day_of(ical_value: str) -> date:
    return date(int(ical_value[0:4]), int(ical_value[4:6]), int(ical_value[6:8]))


# --- periods ----------------------------------------------------------------------------------


def _intro(catalog: Catalog, period: Period | ExtraRound) -> str:
    starts = long_date(period.starts, with_weekday=False)
    if isinstance(period, ExtraRound):
        return _(
            "Ekstra tilsettingsrunder uten nye annonser og uten søknadsfrist, for stillinger med "
            "oppstart %(starts)s. Tilbudene gikk til de neste kandidatene på innstillingslistene "
            "fra %(period)s."
        ) % {
            "starts": starts,
            "period": f"[{_name_of(catalog, period.draws_from)}]({period.draws_from}.md)",
        }
    return _("Søknadsperioden for LIS1-stillinger med oppstart %(starts)s.") % {"starts": starts}


def _name_of(catalog: Catalog, period_id: str) -> str:
    return next(period_name(p).lower() for p in catalog.all_periods() if p.id == period_id)


def period_page(
    catalog: Catalog, period: Period | ExtraRound, changes: list[dict[str, Any]]
) -> Page:
    entries = timeline(period)
    labels = {d.key: deadline_label(d) for d in entries}
    over = is_over(catalog, period)
    name = period_name(period)
    parts = [
        f"# LIS1 {name}",
        _intro(catalog, period),
        moved_notices(changes, period.id, labels),
    ]
    if isinstance(period, Period):
        parts += [_application_table(entries, over)]
    else:
        parts += _extra_positions(catalog, period, over)
    parts.append("## " + _("Tilsettingsrunder") + "\n")
    parts.append(explain_deadlines() + "\n")
    by_round: dict[int, dict[str, Deadline]] = {}
    for d in entries:
        if d.round is not None:
            by_round.setdefault(d.round, {})[d.kind] = d
    round_rows = [
        f"| {number} | {deadline_cell(kinds['tilbud'], final=over)} "
        f"| {deadline_cell(kinds['svarfrist'], final=over)} "
        f"| {deadline_cell(kinds['merking'], final=over)} |"
        for number, kinds in sorted(by_round.items())
    ]
    head = _("| Runde | Tilbud sendes ut | Svarfrist | Frist for merking |")
    parts.append(f"{head}\n|---|---|---|---|\n" + "\n".join(round_rows) + "\n")
    notes = round_notes(period.rounds)
    if text_of(period, "note"):
        notes.insert(0, text_of(period, "note"))
    if notes:
        body = _indent("\n".join(f"- {n}" for n in notes))
        parts.append(f'!!! note "{_("Merknader")}"\n\n{body}')
    parts.append(_round_steps())
    statistics = period.id if isinstance(period, Period) else period.draws_from
    parts.append(
        "<p>"
        + _(
            "%(link)s: tilbud, svar og ledige stillinger runde for runde, per helseforetak og "
            "for hele landet."
        )
        % {
            "link": f'<a href="{api_href("statistikk/" + statistics)}">'
            + _("Statistikk for tilbudsrundene")
            + "</a>"
        }
        + "</p>\n"
    )
    feed = next((f for f in published_feeds(catalog) if f.period_id == period.id), None)
    if feed is not None:
        parts.append("## " + _("Abonner på datoene") + f"\n\n{subscribe_block(catalog, feed, 2)}")
    parts.append("## " + _("Kilder") + "\n\n" + source_list(period.sources))
    return Page(period_path(period.id), f"LIS1 {name}", period.updated, "\n\n".join(parts))


def _application_table(entries: list[Deadline], over: bool) -> str:
    head = {d.kind: d for d in entries if d.round is None}
    rows = [
        (
            head["annonser-klare"],
            _("Annonsene klare"),
            _("Frist for helseforetakene: annonsene skal være klare til publisering i portalen."),
        ),
        (
            head["utlysning"],
            _("Utlysning"),
            _(
                "Alle annonsene publiseres samme dag i den nasjonale søknadsportalen. En annonse "
                "kan gjelde én eller flere stillinger."
            ),
        ),
        (head["soknadsfrist"], _("Søknadsfrist"), _("Siste frist for å søke.")),
    ]
    table = _("| Hva | Dato | Hva det betyr |") + "\n|---|---|---|\n"
    table += "".join(
        f"| {what} | {deadline_cell(entry, final=over)} | {meaning} |\n"
        for entry, what, meaning in rows
    )
    return "## " + _("Utlysning og søknad") + "\n\n" + table


def _extra_positions(catalog: Catalog, period: ExtraRound, over: bool) -> list[str]:
    name = period_name(period)
    if period.positions is not None:
        parts = [
            ngettext(
                "%(name)s gjaldt %(count)d stilling.",
                "%(name)s gjaldt %(count)d stillinger.",
                period.positions,
            )
            % {"name": name, "count": period.positions}
            + "\n"
        ]
    else:
        parts = [
            _("Antall stillinger i %(name)s: %(count)s.")
            % {"name": name.lower(), "count": unpublished(over)}
            + "\n"
        ]
    if period.positions_by_organisation:
        rows = "\n".join(
            f"| {text_of(catalog.organisation(s.organisation), 'name')} | {s.positions} "
            f"| {text_of(s, 'note') or ''} |"
            for s in period.positions_by_organisation
        )
        head = _("| Helseforetak | Stillinger | Merknad |")
        parts.append(
            f'??? info "{_("Fordeling per helseforetak")}"\n\n'
            + _indent(f"{head}\n|---|---|---|\n" + rows)
        )
    return parts


def _round_steps() -> str:
    return (
        "## "
        + _("Hva skjer i hver runde?")
        + "\n\n"
        + _(
            "1. **Tilbud:** helseforetakene sender tilbud samme dag for alle stillinger, til den "
            "som står øverst på innstillingslisten.\n"
            "2. **Svarfrist:** alle har samme frist, så du kan sammenligne tilbudene. Svarer du "
            "ikke, regnes det som nei.\n"
            "3. **Merking:** helseforetakene registrerer utfallet i portalen. Stillinger som blir "
            "ledige, går til neste kandidat i neste runde. Har du takket ja, får du ikke flere "
            "tilbud.\n"
        )
    )


def period_overview(catalog: Catalog, changes: list[dict[str, Any]]) -> Page:
    parts = [
        "# " + _("Frister"),
        _(
            "Alle LIS1-stillinger lyses ut samlet to ganger i året. Her er datoene for hver "
            "søknadsperiode, den nyeste først."
        )
        + " "
        + explain_deadlines(),
        next_region(catalog, "../"),
        _("Vil du ha datoene i kalenderen din? Se %(link)s.")
        % {"link": f"[{_('Kalendere')}](../kalender/index.md)"},
    ]
    gaps = data_gaps(catalog, "../")
    if gaps:
        parts.append(f'!!! info "{_("Perioder uten datoer")}"\n\n' + _indent(gaps))
    for period in reversed(catalog.all_periods()):
        entries = timeline(period)
        over = is_over(catalog, period)
        name = period_name(period)
        items = [
            f"- {capitalised(deadline_label(d))}: {deadline_cell(d, final=over)}"
            for d in entries
            if d.kind in ("utlysning", "soknadsfrist", "svarfrist")
        ]
        if all(d.day is None for d in entries):
            items = [_("Vi har ingen datoer for denne perioden.")]
        moved = ""
        if any(c["period"] == period.id for c in changes):
            moved = " " + _("Noen datoer er endret.")
        every = _("Alle datoer for %(period)s") % {"period": name.lower()}
        parts.append(
            f"## {name}\n\n{_intro(catalog, period)}{moved} [{every}]({period.id}.md)\n\n"
            + "\n".join(items)
        )
    return Page("frister/index.md", _("Frister"), data_date(catalog), "\n\n".join(parts))


# --- helpers ------------------------------------------------------------------------------------


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in text.splitlines()) + "\n"
