"""What every generated page shares: the ``Page`` itself, dates as ``<time>`` and source lists,
plus the calendar subscription block and the calendars page that is built around it.

It exists so the period pages and the reference pages can use the same pieces without importing
each other or ``pages`` (which puts them all together). Every date is rendered in Norwegian
("fredag 26. oktober 2018") inside a ``<time datetime="2018-10-26">`` element, so tests and
scripts can read the exact value back.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from ..catalog import Catalog, Deadline
from ..catalog.deadlines import DeadlineKind
from ..feeds import FEED_PATH, Feed, published_feeds
from ..norwegian import END_OF_DAY, clock_text, deadline_text, deadline_time_text, long_date

NOT_PUBLISHED = "ikke publisert"
"""A date that was never published and no longer will be (its positions have started)."""
NOT_PUBLISHED_YET = "ikke publisert ennå"
"""A date that may still be published: its positions had not started when data was updated."""

WHOLE_DAY_DEADLINES: frozenset[DeadlineKind] = frozenset(
    {"annonser-klare", "soknadsfrist", "svarfrist"}
)
"""The kinds that are deadlines lasting the whole day; tilbud and utlysning are days on which
something happens, and merking is a deadline at a clock time."""

MARKING_CLOCK = time(12, 0)
"""Merking is always due by 12.00, in every published schedule."""


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


# --- dates ------------------------------------------------------------------------------------


def data_date(catalog: Catalog) -> date:
    """The day the period data was last updated: the site's one "now", read from data, never
    from the clock, so the build stays deterministic."""
    return max(p.updated for p in catalog.all_periods())


def unpublished(final: bool) -> str:
    """The words for a missing date; ``final`` when it can no longer come (see NOT_PUBLISHED)."""
    text = NOT_PUBLISHED if final else NOT_PUBLISHED_YET
    return f'<span class="lis1-unpublished">{text}</span>'


def time_tag(day: date | None, *, weekday: bool = True, final: bool = False) -> str:
    if day is None:
        return unpublished(final)
    return f'<time datetime="{day.isoformat()}">{long_date(day, with_weekday=weekday)}</time>'


def deadline_words(deadline: Deadline) -> str:
    """The date of a published entry as people read it: a deadline with its clock time
    (:func:`deadline_text`, :func:`deadline_time_text`), any other day as a plain date."""
    assert deadline.day is not None
    if deadline.at is not None:
        return deadline_time_text(deadline.at)
    if deadline.kind in WHOLE_DAY_DEADLINES:
        return deadline_text(deadline.day)
    return long_date(deadline.day)


def explain_deadlines() -> str:
    """The one explanation of how a deadline is read, for every page that shows them."""
    return (
        "Søknadsfrist, tilbud og svarfrist er publisert som datoer uten klokkeslett. En frist "
        "uten klokkeslett gjelder **hele dagen**: søknaden eller svaret ditt må være mottatt "
        f"innen {clock_text(END_OF_DAY)} den dagen. Merking skjer innen "
        f"{clock_text(MARKING_CLOCK)}."
    )


# --- sources ------------------------------------------------------------------------------------


def source_text(title: str, url: Any) -> str:
    return f"[{title}]({url})" if url else f"{title} (ikke på nett hos oss)"


def source_list(sources: Iterable[Any]) -> str:
    return "\n".join(f"- {source_text(s.title, s.url)}" for s in sources)


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
        "Outlook eller Apple Kalender. Svarfrister og søknadsfrister er heldagshendelser: fristen "
        f"går ut {clock_text(END_OF_DAY)} den dagen. Merking er en hendelse som slutter "
        f"{clock_text(MARKING_CLOCK)}.",
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
    return Page("kalender/index.md", "Kalendere", data_date(catalog), "\n\n".join(parts))
