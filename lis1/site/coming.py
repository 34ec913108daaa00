"""What the site says when no coming date is published, computed from the periods in data.

The front page and the overview of deadlines carry a region ("Neste frist"). Its content is
built here, from data only: when the application periods have usually opened (the months of
the published utlysning dates), the latest period with dates, and which periods between the
first and the last are missing and why. No date is typed in and none is guessed.

Whether a date is still coming is decided in two steps, and neither reads the clock at build
time. The build knows the day the data was last updated (``data_date``): if no published date
falls on or after it, nothing can be coming later either, and the region is shown as built. If
some date does, the region is built hidden, and the site's script (``assets/lis1.js``) shows it
at view time: the next deadline when there is one, otherwise this text as built.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog import Catalog
from ..catalog.models import Period, Season
from ..i18n import N_, _, ngettext
from ..wording import list_text, month_name
from .page_common import data_date, period_name, source_text, text_of

SEASONS: tuple[Season, ...] = ("var", "host")
OPENINGS: dict[Season, str] = {
    "var": N_(
        "Vårens søknadsperiode, for stillinger med oppstart %(starts)s, har åpnet i "
        "%(months)s %(when)s (%(years)s)."
    ),
    "host": N_(
        "Høstens søknadsperiode, for stillinger med oppstart %(starts)s, har åpnet i "
        "%(months)s %(when)s (%(years)s)."
    ),
}
SLOT_NAMES: dict[Season, str] = {"var": N_("våren %(year)d"), "host": N_("høsten %(year)d")}


def coming_in_data(catalog: Catalog) -> bool:
    """Whether a published date falls on or after the day the data was last updated."""
    today = data_date(catalog)
    return any(d.day is not None and d.day >= today for d in catalog.deadlines())


def dated(catalog: Catalog) -> list[Period]:
    """The ordinary periods with at least one published date, oldest first."""
    periods = [p for p in catalog.periods if p.publication or p.application_deadline]
    return sorted(periods, key=lambda p: p.starts)


def opening_sentences(catalog: Catalog) -> list[str]:
    """Per season: the months its utlysning fell in, in every year with a published date."""
    sentences = []
    for season in SEASONS:
        periods = [p for p in dated(catalog) if p.season == season and p.publication]
        if not periods:
            continue
        months = sorted({p.publication.month for p in periods if p.publication})
        starts = list(dict.fromkeys(_start_words(p) for p in periods))
        years = list_text([str(p.year) for p in periods])
        when = (
            _("hvert år vi har datoer for") if len(periods) > 1 else _("det året vi har datoer for")
        )
        sentences.append(
            _(OPENINGS[season])
            % {
                "starts": list_text(starts, last="eller"),
                "months": list_text([month_name(m) for m in months], last="eller"),
                "when": when,
                "years": years,
            }
        )
    spans = sorted(
        {
            (p.application_deadline - p.publication).days
            for p in dated(catalog)
            if p.publication and p.application_deadline
        }
    )
    if spans:
        if len(spans) == 1:
            sentence = ngettext(
                "Søknadsfristen har vært %(days)d dag etter utlysningen.",
                "Søknadsfristen har vært %(days)d dager etter utlysningen.",
                spans[0],
            ) % {"days": spans[0]}
        else:
            sentence = ngettext(
                "Søknadsfristen har vært %(least)d til %(days)d dag etter utlysningen.",
                "Søknadsfristen har vært %(least)d til %(days)d dager etter utlysningen.",
                spans[-1],
            ) % {"least": spans[0], "days": spans[-1]}
        sentences.append(sentence)
    return sentences


def _start_words(period: Period) -> str:
    """ "1. september" / "1 September", with "året etter" when the start is the next year."""
    values = {"day": period.starts.day, "month": month_name(period.starts.month)}
    if period.starts.year > period.year:
        return _("%(day)d. %(month)s året etter") % values
    return _("%(day)d. %(month)s") % values


def _slots(first: Period, last: Period) -> Iterator[tuple[int, Season]]:
    """Every (year, season) from ``first`` to ``last``: spring, then autumn, each year."""
    year, season = first.year, first.season
    while (year, SEASONS.index(season)) <= (last.year, SEASONS.index(last.season)):
        yield year, season
        year, season = (year, "host") if season == "var" else (year + 1, "var")


def _name(year: int, season: Season) -> str:
    return _(SLOT_NAMES[season]) % {"year": year}


def data_gaps(catalog: Catalog, base: str) -> str:
    """Markdown naming the periods between the first and the last with dates that have none:
    those in data without dates (their page says why), and those not registered at all.
    ``base`` leads from the page to the docs root ("" or "../"). Empty when there is no gap."""
    periods = dated(catalog)
    if len(periods) < 2:
        return ""
    known = {(p.year, p.season): p for p in catalog.periods}
    runs: list[tuple[bool, list[tuple[int, Season]]]] = []
    for slot in _slots(periods[0], periods[-1]):
        period = known.get(slot)
        if period is not None and period in periods:
            continue
        registered = period is not None
        if runs and runs[-1][0] == registered and _follows(runs[-1][1][-1], slot):
            runs[-1][1].append(slot)
        else:
            runs.append((registered, [slot]))
    if not runs:
        return ""
    source = next((s for s in reversed(periods[-1].sources) if s.url), periods[-1].sources[-1])
    lines = []
    for registered, slots in runs:
        if registered:
            for slot in slots:
                period = known[slot]
                link = f"[{period_name(period)}]({base}frister/{period.id}.md)"
                if period.note:
                    line = _(
                        "%(period)s er registrert, men uten datoer; siden for perioden sier "
                        "hvorfor."
                    )
                else:
                    line = _("%(period)s er registrert, men uten datoer.")
                lines.append("- " + line % {"period": link})
            continue
        span = _name(*slots[0])
        if len(slots) > 1:
            span = _("%(first)s til og med %(last)s") % {"first": span, "last": _name(*slots[-1])}
        lines.append(
            "- "
            + ngettext(
                "%(span)s (%(count)d søknadsperiode) er ikke registrert her ennå. Kilden vår for "
                "datoene, %(source)s, viser bare de nyeste periodene, og eldre datoer har vi ikke "
                "funnet i andre kilder.",
                "%(span)s (%(count)d søknadsperioder) er ikke registrert her ennå. Kilden vår for "
                "datoene, %(source)s, viser bare de nyeste periodene, og eldre datoer har vi ikke "
                "funnet i andre kilder.",
                len(slots),
            )
            % {
                "span": span[:1].upper() + span[1:],
                "count": len(slots),
                "source": source_text(text_of(source, "title"), source.url),
            }
        )
    return (
        _("Vi har ikke datoer for alle søknadsperiodene mellom %(first)s og %(last)s:")
        % {"first": period_name(periods[0]).lower(), "last": period_name(periods[-1]).lower()}
        + "\n\n"
        + "\n".join(lines)
        + "\n"
    )


def _follows(before: tuple[int, Season], after: tuple[int, Season]) -> bool:
    year, season = before
    return after == ((year, "host") if season == "var" else (year + 1, "var"))


def next_region(catalog: Catalog, base: str, *, with_gaps: bool = False) -> str:
    """The "Neste frist" region with the text for when no coming date is published; hidden as
    built when the data holds a coming date (the script then shows the next one)."""
    hidden = " hidden" if coming_in_data(catalog) else ""
    latest = dated(catalog)[-1] if dated(catalog) else None
    parts = [
        _(
            "**Ingen kommende frister er publisert ennå.** Datoene for neste søknadsperiode "
            "kommer her og i %(calendars)s så snart de er publisert."
        )
        % {"calendars": f"[{_('kalenderne')}]({base}kalender/index.md)"},
        *opening_sentences(catalog),
    ]
    if latest is not None:
        parts.append(
            _("Den siste søknadsperioden vi har datoer for, er %(period)s.")
            % {"period": f"[{period_name(latest).lower()}]({base}frister/{latest.id}.md)"}
        )
    if with_gaps:
        parts.append(data_gaps(catalog, base))
    body = "\n\n".join(part.strip() for part in parts if part)
    return (
        f'<div id="lis1-next" class="lis1-next" role="region" aria-labelledby="lis1-next-title"'
        f"{hidden} markdown>\n"
        f'<h2 id="lis1-next-title">{_("Neste frist")}</h2>\n'
        f'<div class="lis1-next-none" markdown>\n\n{body}\n\n</div>\n</div>'
    )
