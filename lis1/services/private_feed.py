"""One applicant's private calendar as iCalendar bytes: the events of
:func:`lis1.domain.private_calendar.entries`, worded.

Titles name only the HF ("Svarfrist: tilbud fra Helse Bergen HF"), since a calendar is often
shown to others; the description says what to do and links to Mine tilbud. Like the public feeds
(:mod:`lis1.feeds`) the output is deterministic: UIDs under the catalogue's one UID domain,
DTSTAMP from the offer, nothing from the clock or a random source, so the same state gives the
same bytes (and the same ETag). It is worded in the language of the request (the English feed is
read at ``/en/api/...``), with that language's own UIDs. The feed has no SOURCE or URL carrying
its own address: a calendar exported or shared from a client must not pass the secret on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, Timezone, vDuration

from ..catalog import Catalog
from ..domain.ads import Ad
from ..domain.offers import STATE_WORDS
from ..domain.private_calendar import Entry
from ..i18n import _, current_locale
from ..oslo import OSLO
from ..wording import deadline_text, deadline_time_text
from .language import localized_path
from .receipts import organisation_name

REFRESH = timedelta(hours=1)
"""How often clients are asked to fetch the feed again (REFRESH-INTERVAL, X-PUBLISHED-TTL)."""
MY_OFFERS = "/api/tilbud"


def calendar_name() -> str:
    return _("Mine LIS1-frister")


def render_feed(
    entries: Sequence[Entry], ads: Mapping[str, Ad], catalog: Catalog, origin: str
) -> bytes:
    """The VCALENDAR of ``entries`` in their order; ``ads`` by id for the HF and place."""
    link = f"{origin}{localized_path(MY_OFFERS)}"
    language = current_locale()
    calendar = Calendar()
    description = _(
        "Svarfristene og merkingen for tilbudene dine om LIS1-stilling. Adressen til "
        "kalenderen er privat: den som har den, kan lese kalenderen."
    )
    for key, value in (
        ("prodid", f"-//LIS1//Mine frister//{language.upper()}"),
        ("version", "2.0"),
        ("calscale", "GREGORIAN"),
        ("method", "PUBLISH"),
        ("name", calendar_name()),
        ("x-wr-calname", calendar_name()),
        ("description", description),
        ("x-wr-caldesc", description),
        ("x-wr-timezone", "Europe/Oslo"),
    ):
        calendar.add(key, value)
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    timed = [e.end for e in entries if isinstance(e.end, datetime)]
    if timed:
        first, last = min(timed).astimezone(OSLO), max(timed).astimezone(OSLO)
        calendar.add_component(
            Timezone.from_tzid(
                "Europe/Oslo",
                first_date=date(first.year, 1, 1),
                last_date=date(last.year + 1, 1, 1),
            )
        )
    for entry in entries:
        calendar.add_component(_event(entry, ads.get(entry.offer.ad_id), catalog, link, language))
    return bytes(calendar.to_ical())


def _event(entry: Entry, ad: Ad | None, catalog: Catalog, link: str, language: str) -> Event:
    hf = organisation_name(catalog, ad.content.organisation) if ad else _("helseforetaket")
    place = ad.content.place if ad else hf
    event = Event()
    event.add("uid", f"{entry.uid_part(language)}@{catalog.site.uid_domain}")
    event.add("dtstamp", entry.stamp.astimezone(UTC))
    if isinstance(entry.start, datetime) and isinstance(entry.end, datetime):
        event.add("dtstart", entry.start.astimezone(OSLO))
        event.add("dtend", entry.end.astimezone(OSLO))
    else:
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end)
    event.add("sequence", entry.sequence)
    event.add("summary", _summary(entry, hf))
    event.add("description", f"{_description(entry, hf, place)}\n\n{_link_text(entry, link)}")
    event.add("url", link)
    event.add("class", "PRIVATE")
    event.add("transp", "TRANSPARENT")
    event.add("status", "CANCELLED" if entry.state == "trukket_tilbake" else "CONFIRMED")
    return event


def _summary(entry: Entry, hf: str) -> str:
    if entry.kind == "merking":
        title = _("Merking: tilbud fra {hf}").format(hf=hf)
        return title if entry.state != "ansatt" else f"{title} ({_(STATE_WORDS['ansatt'])})"
    title = _("Svarfrist: tilbud fra {hf}").format(hf=hf)
    return title if entry.state == "åpen" else f"{title} ({_(STATE_WORDS[entry.state])})"


def _description(entry: Entry, hf: str, place: str) -> str:
    offer = entry.offer
    number = offer.round.number
    if entry.kind == "merking":
        if entry.state == "ansatt":
            return _("{hf} har merket deg som ansatt i stillingen {place}.").format(
                hf=hf, place=place
            )
        assert isinstance(entry.end, datetime)
        return _(
            "Du har takket ja til tilbudet om {place} ({hf}). Helseforetaket merker resultatet "
            "av runde {round} i portalen innen {deadline}."
        ).format(place=place, hf=hf, round=number, deadline=deadline_time_text(entry.end))
    assert isinstance(entry.start, date)
    if entry.state == "åpen":
        return _(
            "Du har fått tilbud om LIS1-stilling: {place} ({hf}), runde {round}. Svaret må være "
            "mottatt innen {deadline}. Svarer du ikke innen fristen, regnes det som at du "
            "takker nei."
        ).format(place=place, hf=hf, round=number, deadline=deadline_text(entry.start))
    return _("Tilbudet om {place} ({hf}), runde {round}: {state}.").format(
        place=place, hf=hf, round=number, state=_(STATE_WORDS[entry.state])
    )


def _link_text(entry: Entry, link: str) -> str:
    if entry.kind == "svarfrist" and entry.state == "åpen":
        return _("Svar i Mine tilbud: {link}").format(link=link)
    return _("Se Mine tilbud: {link}").format(link=link)
