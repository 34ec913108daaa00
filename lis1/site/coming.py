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
from ..catalog.models import SEASON_NAMES, Period, Season
from ..norwegian import MONTHS, count_text, list_text
from .page_common import data_date, source_text

SEASONS: tuple[Season, ...] = ("var", "host")
LEADS: dict[Season, str] = {"var": "Vårens", "host": "Høstens"}


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
        when = "hvert år vi har datoer for" if len(periods) > 1 else "det året vi har datoer for"
        sentences.append(
            f"{LEADS[season]} søknadsperiode, for stillinger med oppstart "
            f"{list_text(starts, last='eller')}, har åpnet i "
            f"{list_text([MONTHS[m - 1] for m in months], last='eller')} {when} ({years})."
        )
    spans = sorted(
        {
            (p.application_deadline - p.publication).days
            for p in dated(catalog)
            if p.publication and p.application_deadline
        }
    )
    if spans:
        length = (
            count_text(spans[0], "dag", "dager")
            if len(spans) == 1
            else f"{spans[0]} til {count_text(spans[-1], 'dag', 'dager')}"
        )
        sentences.append(f"Søknadsfristen har vært {length} etter utlysningen.")
    return sentences


def _start_words(period: Period) -> str:
    text = f"{period.starts.day}. {MONTHS[period.starts.month - 1]}"
    return text + (" året etter" if period.starts.year > period.year else "")


def _slots(first: Period, last: Period) -> Iterator[tuple[int, Season]]:
    """Every (year, season) from ``first`` to ``last``: spring, then autumn, each year."""
    year, season = first.year, first.season
    while (year, SEASONS.index(season)) <= (last.year, SEASONS.index(last.season)):
        yield year, season
        year, season = (year, "host") if season == "var" else (year + 1, "var")


def _name(year: int, season: Season) -> str:
    return f"{SEASON_NAMES[season].lower()} {year}"


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
                why = "; siden for perioden sier hvorfor" if period.note else ""
                lines.append(
                    f"- [{period.name}]({base}frister/{period.id}.md) er registrert, men uten "
                    f"datoer{why}."
                )
            continue
        span = _name(*slots[0])
        if len(slots) > 1:
            span += f" til og med {_name(*slots[-1])}"
        count = count_text(len(slots), "søknadsperiode", "søknadsperioder")
        lines.append(
            f"- {span[0].upper() + span[1:]} ({count}) er ikke registrert her ennå. Kilden vår "
            f"for datoene, {source_text(source.title, source.url)}, viser bare de nyeste "
            "periodene, og eldre datoer har vi ikke funnet i andre kilder."
        )
    between = f"{periods[0].name.lower()} og {periods[-1].name.lower()}"
    return (
        f"Vi har ikke datoer for alle søknadsperiodene mellom {between}:\n\n"
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
        "**Ingen kommende frister er publisert ennå.** Datoene for neste søknadsperiode kommer "
        f"her og i [kalenderne]({base}kalender/index.md) så snart de er publisert.",
        *opening_sentences(catalog),
    ]
    if latest is not None:
        parts.append(
            f"Den siste søknadsperioden vi har datoer for, er "
            f"[{latest.name.lower()}]({base}frister/{latest.id}.md)."
        )
    if with_gaps:
        parts.append(data_gaps(catalog, base))
    body = "\n\n".join(part.strip() for part in parts if part)
    return (
        f'<div id="lis1-next" class="lis1-next" role="region" aria-labelledby="lis1-next-title"'
        f"{hidden} markdown>\n"
        '<h2 id="lis1-next-title">Neste frist</h2>\n'
        f'<div class="lis1-next-none" markdown>\n\n{body}\n\n</div>\n</div>'
    )
