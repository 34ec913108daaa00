"""The catalogue as iCalendar feeds that applicants subscribe to.

Output is deterministic: UIDs come from content ids (period, round, kind) under the one UID
domain in ``data/site/site.yaml``; DTSTAMP is the period's ``updated:`` date (see :func:`stamp`);
nothing reads the clock or draws random numbers. SEQUENCE is the one piece of history: the
build compares each event with the previously published feed and raises SEQUENCE when its time
has moved, recording the move in a change log (``endringer.json``) that the site announces.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event, Timezone, vDuration

from .catalog import Catalog, Deadline
from .catalog.deadlines import DeadlineKind
from .feed_history import change_log, event_uid, find_moves, ical, read_published, span
from .norwegian import clock_text, deadline_text, deadline_time_text, long_date
from .oslo import OSLO

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

    def selects(self, deadline: Deadline) -> bool:
        return (self.kinds is None or deadline.kind in self.kinds) and (
            self.period_id is None or deadline.period_id == self.period_id
        )


def feeds_for(catalog: Catalog) -> list[Feed]:
    """Every feed: all deadlines, one per kind of deadline, and one per period."""
    feeds = [
        Feed(
            ALL_FEED,
            "LIS1: alle frister",
            "Alle datoer for LIS1-søknadsperiodene: utlysning, søknadsfrist, tilbud, svarfrist "
            "og merking.",
        ),
        Feed(
            "utlysning-og-soknadsfrist.ics",
            "LIS1: utlysning og søknadsfrist",
            "Når LIS1-stillingene lyses ut, og siste dag å søke.",
            frozenset({"utlysning", "soknadsfrist"}),
        ),
        Feed(
            "tilbud.ics",
            "LIS1: tilbud",
            "Dagene helseforetakene sender ut tilbud, runde for runde.",
            frozenset({"tilbud"}),
        ),
        Feed(
            "svarfrist.ics",
            "LIS1: svarfrister",
            "Siste dag å svare på tilbud, runde for runde. "
            "Svarer du ikke innen fristen, regnes det som nei.",
            frozenset({"svarfrist"}),
        ),
        Feed(
            "merking.ics",
            "LIS1: merking",
            "Når helseforetakene merker resultatet av hver runde i portalen (innen "
            f"{clock_text(time(12, 0))}).",
            frozenset({"merking"}),
        ),
    ]
    feeds += [
        Feed(
            f"periode-{period.id}.ics",
            f"LIS1 {period.name}",
            f"Alle datoer for LIS1 {period.name} (oppstart "
            f"{long_date(period.starts, with_weekday=False)}).",
            period_id=period.id,
        )
        for period in catalog.all_periods()
    ]
    return feeds


def published_feeds(catalog: Catalog) -> list[Feed]:
    """The feeds that have at least one dated event (a period with no dates gets no feed)."""
    dated = [d for d in catalog.deadlines() if d.day is not None]
    return [feed for feed in feeds_for(catalog) if any(feed.selects(d) for d in dated)]


def build_feeds(
    catalog: Catalog, previous_all: bytes | None, previous_changes: bytes | None
) -> dict[str, bytes]:
    """File name -> bytes of every feed and of the change log."""
    published = read_published(previous_all)
    updated = {p.id: p.updated for p in catalog.all_periods()}
    starts = {p.id: p.starts for p in catalog.all_periods()}
    moves = find_moves(catalog, published)
    moved = {move.uid: move.sequence for move in moves}
    events: list[tuple[Deadline, Event]] = []
    for deadline in catalog.deadlines():
        if deadline.day is None:
            continue
        uid = event_uid(catalog, deadline)
        start, end = span(deadline)
        before = published.get(uid)
        sequence = moved.get(uid, before.sequence if before else 0)
        event = _event(
            catalog,
            deadline,
            uid,
            start,
            end,
            sequence,
            updated[deadline.period_id],
            starts[deadline.period_id],
        )
        events.append((deadline, event))
    events.sort(key=lambda pair: (ical(span(pair[0])[0]), str(pair[1]["UID"])))
    files: dict[str, bytes] = {}
    for feed in published_feeds(catalog):
        chosen = [(deadline, event) for deadline, event in events if feed.selects(deadline)]
        files[feed.file] = _calendar(catalog, feed, chosen)
    files[CHANGE_LOG] = change_log(previous_changes, moves)
    return files


def period_url(catalog: Catalog, period_id: str) -> str:
    return f"{catalog.site.public_url}frister/{period_id}/"


def stamp(updated: date, sequence: int) -> datetime:
    """An event's DTSTAMP: its period's ``updated:`` date, one second later for each time the
    event has moved, so a correction made the day the mistake went out still stamps later."""
    return datetime.combine(updated, time(0, 0), tzinfo=UTC) + timedelta(seconds=sequence)


def _event(
    catalog: Catalog,
    deadline: Deadline,
    uid: str,
    start: date | datetime,
    end: date | datetime,
    sequence: int,
    updated: date,
    starts: date,
) -> Event:
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
    title = deadline.label[0].upper() + deadline.label[1:]
    event.add("summary", f"LIS1 {deadline.period_name}: {title}")
    url = period_url(catalog, deadline.period_id)
    event.add("description", f"{_what_to_do(deadline, starts)}\n\nLes mer: {url}")
    event.add("url", url)
    event.add("categories", [deadline.label.split(" runde")[0]])
    event.add("transp", "TRANSPARENT")
    event.add("class", "PUBLIC")
    return event


def _what_to_do(deadline: Deadline, starts: date) -> str:
    n = deadline.round
    period = deadline.period_name[0].lower() + deadline.period_name[1:]
    assert deadline.day is not None
    by = deadline_time_text(deadline.at) if deadline.at else deadline_text(deadline.day)
    texts: dict[DeadlineKind, str] = {
        "annonser-klare": f"Frist for helseforetakene: annonsene for {period} skal være klare "
        f"for publisering i søknadsportalen innen {by}.",
        "utlysning": f"Annonsene med LIS1-stillinger for {period} (oppstart "
        f"{long_date(starts, with_weekday=False)}) publiseres i den nasjonale "
        "søknadsportalen. En annonse kan gjelde flere stillinger. Du kan søke på så mange "
        "annonser du vil, men bare én gang på hver.",
        "soknadsfrist": f"Søknadsfrist for LIS1-stillinger for {period}: søknaden må være "
        f"mottatt innen {by}.",
        "tilbud": f"Helseforetakene sender tilbud i runde {n}, samme dag for alle stillinger. "
        "Sjekk e-posten din og søknadsportalen.",
        "svarfrist": f"Svarfrist for tilbud fra runde {n}: svaret må være mottatt innen {by}. "
        "Svarer du ikke innen fristen, regnes det som at du takker nei.",
        "merking": f"Helseforetakene merker resultatet av runde {n} i portalen innen {by}. "
        "Den som har takket ja, får ikke flere tilbud.",
    }
    return texts[deadline.kind]


def _calendar(catalog: Catalog, feed: Feed, events: list[tuple[Deadline, Event]]) -> bytes:
    calendar = Calendar()
    refresh = vDuration(timedelta(hours=catalog.site.refresh_hours))
    for key, value in (
        ("prodid", "-//LIS1//Frister//NB"),
        ("version", "2.0"),
        ("calscale", "GREGORIAN"),
        ("method", "PUBLISH"),
        ("name", feed.name),
        ("x-wr-calname", feed.name),
        ("description", feed.description),
        ("x-wr-caldesc", feed.description),
        ("x-wr-timezone", "Europe/Oslo"),
        ("url", str(catalog.site.public_url)),
        ("source", f"{catalog.site.public_url}{FEED_PATH}{feed.file}"),
    ):
        calendar.add(key, value)
    calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", refresh)
    timed = [deadline.at for deadline, _ in events if deadline.at is not None]
    if timed:
        first = min(timed).date().replace(month=1, day=1)
        last = max(timed).date().replace(year=max(timed).year + 1, month=1, day=1)
        calendar.add_component(Timezone.from_tzid("Europe/Oslo", first_date=first, last_date=last))
    for _, event in events:
        calendar.add_component(event)
    return bytes(calendar.to_ical())
