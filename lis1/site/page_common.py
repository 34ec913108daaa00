"""What every generated page shares: the ``Page`` itself, dates as ``<time>`` and source lists,
plus the calendar subscription block and the calendars page that is built around it.

It exists so the period pages and the reference pages can use the same pieces without importing
each other or ``pages`` (which puts them all together). Every date is rendered in the page's
language ("fredag 26. oktober 2018", "Friday 26 October 2018") inside a
``<time datetime="2018-10-26">`` element, so tests and scripts can read the exact value back.

A page is made in the current locale (``with locale("en")`` makes the English one): its texts
through ``_()``, the data's texts through :func:`text_of`, its dates through :mod:`lis1.wording`.
English pages live one folder deeper (``/en/``), so raw HTML links use :func:`up`, and links
into the API :func:`api_href`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from ..catalog import Catalog, Deadline
from ..catalog.deadlines import DeadlineKind
from ..catalog.translations import localized
from ..feeds import FEED_PATH, Feed, published_feeds
from ..i18n import N_, _, current_locale
from ..wording import END_OF_DAY, clock_text, deadline_text, deadline_time_text, long_date
from .languages import DEFAULT, source_name

NOT_PUBLISHED = N_("ikke publisert")
"""A date that was never published and no longer will be (its positions have started)."""
NOT_PUBLISHED_YET = N_("ikke publisert ennå")
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
    """Path below the docs folder, e.g. ``frister/2018-host.md`` (the same in each language)."""
    title: str
    updated: date
    body: str
    language: str = field(default_factory=current_locale)

    @property
    def source(self) -> str:
        """The Markdown file written: ``frister/2018-host.en.md`` for the English page."""
        return source_name(self.path, self.language)

    def markdown(self) -> str:
        front = f"---\ntitle: {json.dumps(self.title, ensure_ascii=False)}\n"
        return f"{front}updated: {self.updated.isoformat()}\n---\n\n{self.body.strip()}\n"


def period_path(period_id: str) -> str:
    return f"frister/{period_id}.md"


def text_of(item: Any, name: str) -> Any:
    """A data item's readable field in the current language (bokmål, or its ``en:``)."""
    return localized(item, name)


def period_name(period: Any) -> str:
    """ "Høsten 2018" / "Autumn 2018"; an extra round's own name."""
    return str(localized(period, "name"))


def up(levels: int) -> str:
    """A raw HTML link's way from a page ``levels`` folders deep to the site root: one more on
    an English page, which is built under ``/en/`` (Markdown links need no such help)."""
    return "../" * (levels + (current_locale() != DEFAULT))


def api_href(path: str) -> str:
    """An address in the API (``ads`` -> ``/api/ads``) in the page's language (``/en/api/ads``)."""
    prefix = "" if current_locale() == DEFAULT else f"/{current_locale()}"
    return f"{prefix}/api/{path.lstrip('/')}"


# --- dates ------------------------------------------------------------------------------------


def data_date(catalog: Catalog) -> date:
    """The day the period data was last updated: the site's one "now", read from data, never
    from the clock, so the build stays deterministic."""
    return max(p.updated for p in catalog.all_periods())


def unpublished(final: bool) -> str:
    """The words for a missing date; ``final`` when it can no longer come (see NOT_PUBLISHED)."""
    text = _(NOT_PUBLISHED) if final else _(NOT_PUBLISHED_YET)
    return f'<span class="lis1-unpublished">{text}</span>'


def time_tag(day: date | None, *, weekday: bool = True, final: bool = False) -> str:
    if day is None:
        return unpublished(final)
    return f'<time datetime="{day.isoformat()}">{long_date(day, with_weekday=weekday)}</time>'


ROUND_LABELS: dict[DeadlineKind, str] = {
    "tilbud": N_("tilbud runde %(round)d"),
    "svarfrist": N_("svarfrist runde %(round)d"),
    "merking": N_("merking runde %(round)d"),
}
PERIOD_LABELS: dict[DeadlineKind, str] = {
    "annonser-klare": N_("annonsene klare"),
    "utlysning": N_("utlysning"),
    "soknadsfrist": N_("søknadsfrist"),
}


def deadline_label(deadline: Deadline) -> str:
    """ "svarfrist runde 1", "søknadsfrist": the entry's name in the current language."""
    if deadline.round is not None:
        return _(ROUND_LABELS[deadline.kind]) % {"round": deadline.round}
    return _(PERIOD_LABELS[deadline.kind])


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


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
    return _(
        "Søknadsfrist, tilbud og svarfrist er publisert som datoer uten klokkeslett. En frist "
        "uten klokkeslett gjelder **hele dagen**: søknaden eller svaret ditt må være mottatt "
        "innen %(end_of_day)s den dagen. Merking skjer innen %(marking)s."
    ) % {"end_of_day": clock_text(END_OF_DAY), "marking": clock_text(MARKING_CLOCK)}


def authoritative_note(path: str) -> str:
    """On an English page where legal wording matters (rules, the regulation, deadlines): one
    admonition saying the Norwegian text is authoritative, linking the bokmål page ``path``
    (e.g. ``soke/regler.md``) with ``hreflang="nb"``. Nothing on a bokmål page."""
    if current_locale() == DEFAULT:
        return ""
    slug = path.removesuffix(".md").removesuffix("index").rstrip("/")
    href = f"/{slug}/" if slug else "/"
    link = f'<a href="{href}" hreflang="nb">{_("den norske teksten")}</a>'
    text = _("Dette er en oversettelse. Ved uenighet gjelder %(original)s.") % {"original": link}
    return f'!!! info "{_("Norsk tekst gjelder")}"\n\n    {text}\n'


# --- sources ------------------------------------------------------------------------------------


def source_text(title: str, url: Any) -> str:
    if url:
        return f"[{title}]({url})"
    return _("%(title)s (ikke på nett hos oss)") % {"title": title}


def source_list(sources: Iterable[Any]) -> str:
    return "\n".join(f"- {source_text(text_of(s, 'title'), s.url)}" for s in sources)


# --- calendars ----------------------------------------------------------------------------------


def feed_file(feed: Feed) -> str:
    """The feed's file below ``kalender/``: an English page offers the English feeds
    (``en/alle.ics``), whose events have their own UIDs."""
    return feed.path


def feed_url(catalog: Catalog, feed: Feed) -> str:
    return f"{catalog.site.public_url}{FEED_PATH}{feed_file(feed)}"


def subscribe_block(catalog: Catalog, feed: Feed, levels: int) -> str:
    """Copyable https address, webcal link and download, for one feed; works without JS.

    ``levels`` is how deep the page is below the docs root, so the download link works under
    any host, locally too (:func:`up`).
    """
    url = feed_url(catalog, feed)
    webcal = "webcal://" + url.split("://", 1)[1]
    field = f"feed-{feed.file.removesuffix('.ics')}"
    name = html.escape(feed.name)
    return (
        f'<div class="lis1-subscribe" data-feed="{FEED_PATH}{feed_file(feed)}">\n'
        f'<label for="{field}">{_("Kalenderadresse for «%(name)s»") % {"name": name}}</label>\n'
        f'<input id="{field}" class="lis1-feed-url" type="text" readonly value="{url}" '
        f'aria-describedby="{field}-help">\n'
        f'<p id="{field}-help" class="lis1-help">'
        + _(
            "Kopier adressen og lim den inn der kalenderen din lar deg legge til en kalender fra "
            "en nettadresse."
        )
        + "</p>\n"
        f'<p class="lis1-actions"><button type="button" class="md-button lis1-copy" '
        f'data-target="{field}" hidden>{_("Kopier adressen")}</button> '
        f'<a class="md-button lis1-webcal" href="{webcal}">{_("Åpne i kalenderprogrammet")}</a> '
        f'<a class="lis1-download" href="{up(levels)}{FEED_PATH}{feed_file(feed)}">'
        f"{_('Last ned som fil (.ics)')}</a></p>\n"
        f'<p class="lis1-copy-status" role="status" aria-live="polite"></p>\n'
        "</div>\n"
    )


def how_to_subscribe() -> str:
    return _("""\
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
""")


def calendars_page(catalog: Catalog) -> Page:
    feeds = published_feeds(catalog)
    parts = [
        "# " + _("Kalendere"),
        _(
            "Alle frister finnes som kalendere (iCalendar) du kan abonnere på i Google Kalender, "
            "Outlook eller Apple Kalender. Svarfrister og søknadsfrister er heldagshendelser: "
            "fristen går ut %(end_of_day)s den dagen. Merking er en hendelse som slutter "
            "%(marking)s."
        )
        % {"end_of_day": clock_text(END_OF_DAY), "marking": clock_text(MARKING_CLOCK)},
    ]
    for feed in feeds:
        if feed.period_id is None:
            parts.append(
                f"## {feed.name}\n\n{feed.description}\n\n{subscribe_block(catalog, feed, 1)}"
            )
    parts.append(
        "## "
        + _("Én kalender per søknadsperiode")
        + "\n\n"
        + "\n".join(
            f"- [{f.name}]({'../frister/' + f.period_id + '.md'}) ([.ics]({feed_file(f)}))"
            for f in reversed(feeds)
            if f.period_id is not None
        )
    )
    parts.append(how_to_subscribe())
    return Page("kalender/index.md", _("Kalendere"), data_date(catalog), "\n\n".join(parts))
