"""The catalogue as iCalendar feeds that applicants subscribe to.

Output is deterministic: UIDs come from content ids (period, round, kind) under the one UID
domain in ``data/site/site.yaml``; DTSTAMP is the period's ``updated:`` date (see :func:`stamp`);
nothing reads the clock or draws random numbers. SEQUENCE is the one piece of history: the
build compares each event with the previously published feed and raises SEQUENCE when its time
has moved, recording the move in a change log (``endringer.json``) that the site announces.

Every feed is published in bokmål (``kalender/<file>``) and in English (``kalender/en/<file>``),
its texts made inside ``with locale(...)`` (code texts through the catalogue, data texts through
:func:`lis1.catalog.translations.in_language`). An English event has a UID of its own (see
:func:`lis1.feed_history.event_uid`), so a person subscribed to both gets each event twice rather
than one overwriting the other; its SEQUENCE and DTSTAMP are those of its bokmål twin, because
both tell the same date and move together: the bokmål history is the history of both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event, Timezone, vDuration

from .catalog import Catalog, Deadline
from .catalog.deadlines import DeadlineKind
from .catalog.translations import in_language
from .feed_history import change_log, event_uid, find_moves, ical, read_published, span
from .feed_texts import category, summary, what_to_do
from .i18n import DEFAULT_LOCALE, SUPPORTED, _, current_locale, locale
from .oslo import OSLO
from .wording import clock_text, long_date

ALL_FEED = "alle.ics"
CHANGE_LOG = "endringer.json"
FEED_PATH = "kalender/"
"""Where the feeds are published, below the site's public address."""


@dataclass(frozen=True)
class Feed:
    file: str
    name: str
    description: str
    kinds: frozenset[DeadlineKind] | None = None
    period_id: str | None = None
    language: str = DEFAULT_LOCALE

    @property
    def path(self) -> str:
        """The file below ``kalender/``: ``alle.ics`` in bokmål, ``en/alle.ics`` in English."""
        return self.file if self.language == DEFAULT_LOCALE else f"{self.language}/{self.file}"

    def selects(self, deadline: Deadline) -> bool:
        return (self.kinds is None or deadline.kind in self.kinds) and (
            self.period_id is None or deadline.period_id == self.period_id
        )


def feeds_for(catalog: Catalog) -> list[Feed]:
    """Every feed in the current language: all deadlines, one per kind of deadline, and one
    per period."""
    language = current_locale()
    feeds = [
        Feed(
            ALL_FEED,
            _("LIS1: alle frister"),
            _(
                "Alle datoer for LIS1-søknadsperiodene: utlysning, søknadsfrist, tilbud, "
                "svarfrist og merking."
            ),
            language=language,
        ),
        Feed(
            "utlysning-og-soknadsfrist.ics",
            _("LIS1: utlysning og søknadsfrist"),
            _("Når LIS1-stillingene lyses ut, og siste dag å søke."),
            frozenset({"utlysning", "soknadsfrist"}),
            language=language,
        ),
        Feed(
            "tilbud.ics",
            _("LIS1: tilbud"),
            _("Dagene helseforetakene sender ut tilbud, runde for runde."),
            frozenset({"tilbud"}),
            language=language,
        ),
        Feed(
            "svarfrist.ics",
            _("LIS1: svarfrister"),
            _(
                "Siste dag å svare på tilbud, runde for runde. Svarer du ikke innen fristen, "
                "regnes det som nei."
            ),
            frozenset({"svarfrist"}),
            language=language,
        ),
        Feed(
            "merking.ics",
            _("LIS1: merking"),
            _("Når helseforetakene merker resultatet av hver runde i portalen (innen %(clock)s).")
            % {"clock": clock_text(time(12, 0))},
            frozenset({"merking"}),
            language=language,
        ),
    ]
    for period in catalog.all_periods():
        name = in_language(period, "name", language)
        start = long_date(period.starts, with_weekday=False)
        feeds.append(
            Feed(
                f"periode-{period.id}.ics",
                f"LIS1 {name}",
                _("Alle datoer for LIS1 %(period)s (oppstart %(start)s).")
                % {"period": name, "start": start},
                period_id=period.id,
                language=language,
            )
        )
    return feeds


def published_feeds(catalog: Catalog) -> list[Feed]:
    """The feeds that have at least one dated event (a period with no dates gets no feed)."""
    dated = [d for d in catalog.deadlines() if d.day is not None]
    return [feed for feed in feeds_for(catalog) if any(feed.selects(d) for d in dated)]


def build_feeds(
    catalog: Catalog, previous_all: bytes | None, previous_changes: bytes | None
) -> dict[str, bytes]:
    """File path below ``kalender/`` -> bytes of every feed in every language, and of the
    change log. ``previous_all`` is the bokmål all-deadlines feed last published."""
    published = read_published(previous_all)
    moves = find_moves(catalog, published)
    moved = {move.uid: move.sequence for move in moves}
    sequences = {}
    for deadline in catalog.deadlines():
        uid = event_uid(catalog, deadline)
        before = published.get(uid)
        sequences[deadline.key] = moved.get(uid, before.sequence if before else 0)
    files: dict[str, bytes] = {}
    for language in SUPPORTED:
        with locale(language):
            files |= _feeds(catalog, sequences)
    files[CHANGE_LOG] = change_log(previous_changes, moves)
    return files


def _feeds(catalog: Catalog, sequences: dict[str, int]) -> dict[str, bytes]:
    """The feeds in the current language, each event with the SEQUENCE of its deadline."""
    language = current_locale()
    periods = {p.id: p for p in catalog.all_periods()}
    events: list[tuple[Deadline, Event]] = []
    for deadline in catalog.deadlines():
        if deadline.day is None:
            continue
        period = periods[deadline.period_id]
        uid = event_uid(catalog, deadline, language)
        event = _event(
            catalog,
            deadline,
            uid,
            sequences[deadline.key],
            period.updated,
            in_language(period, "name", language),
            period.starts,
        )
        events.append((deadline, event))
    events.sort(key=lambda pair: (ical(span(pair[0])[0]), str(pair[1]["UID"])))
    files: dict[str, bytes] = {}
    for feed in published_feeds(catalog):
        chosen = [(deadline, event) for deadline, event in events if feed.selects(deadline)]
        files[feed.path] = _calendar(catalog, feed, chosen)
    return files


def site_url(catalog: Catalog) -> str:
    """The site's address in the current language: ``/`` in bokmål, ``/en/`` in English."""
    language = current_locale()
    prefix = "" if language == DEFAULT_LOCALE else f"{language}/"
    return f"{catalog.site.public_url}{prefix}"


def period_url(catalog: Catalog, period_id: str) -> str:
    return f"{site_url(catalog)}frister/{period_id}/"


def stamp(updated: date, sequence: int) -> datetime:
    """An event's DTSTAMP: its period's ``updated:`` date, one second later for each time the
    event has moved, so a correction made the day the mistake went out still stamps later."""
    return datetime.combine(updated, time(0, 0), tzinfo=UTC) + timedelta(seconds=sequence)


def _event(
    catalog: Catalog,
    deadline: Deadline,
    uid: str,
    sequence: int,
    updated: date,
    period_name: str,
    starts: date,
) -> Event:
    start, end = span(deadline)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp(updated, sequence))
    if isinstance(start, datetime) and isinstance(end, datetime):
        event.add("dtstart", start.replace(tzinfo=OSLO))
        event.add("dtend", end.replace(tzinfo=OSLO))
    else:
        event.add("dtstart", start)
        event.add("dtend", end)
    event.add("sequence", sequence)
    event.add("summary", summary(deadline, period_name))
    url = period_url(catalog, deadline.period_id)
    what = what_to_do(deadline, period_name, starts)
    event.add("description", f"{what}\n\n" + _("Les mer: %(url)s") % {"url": url})
    event.add("url", url)
    event.add("categories", [category(deadline)])
    event.add("transp", "TRANSPARENT")
    event.add("class", "PUBLIC")
    return event


def _calendar(catalog: Catalog, feed: Feed, events: list[tuple[Deadline, Event]]) -> bytes:
    calendar = Calendar()
    refresh = vDuration(timedelta(hours=catalog.site.refresh_hours))
    for key, value in (
        ("prodid", f"-//LIS1//Frister//{feed.language.upper()}"),
        ("version", "2.0"),
        ("calscale", "GREGORIAN"),
        ("method", "PUBLISH"),
        ("name", feed.name),
        ("x-wr-calname", feed.name),
        ("description", feed.description),
        ("x-wr-caldesc", feed.description),
        ("x-wr-timezone", "Europe/Oslo"),
        ("url", site_url(catalog)),
        ("source", f"{catalog.site.public_url}{FEED_PATH}{feed.path}"),
    ):
        calendar.add(key, value)
    calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", refresh)
    timed = [deadline.at for deadline, _item in events if deadline.at is not None]
    if timed:
        first = min(timed).date().replace(month=1, day=1)
        last = max(timed).date().replace(year=max(timed).year + 1, month=1, day=1)
        calendar.add_component(Timezone.from_tzid("Europe/Oslo", first_date=first, last_date=last))
    for _deadline, event in events:
        calendar.add_component(event)
    return bytes(calendar.to_ical())
