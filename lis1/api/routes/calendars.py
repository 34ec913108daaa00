"""The private calendar: the applicant's page for the secret address of their own feed (make,
replace, turn off), and the feed itself, which a calendar client reads without signing in.

The address is shown once, in the answer that makes it (a page for a form, JSON for a script):
never in a redirect, whose address browsers keep in their history. The feed is revalidated
cheaply: a strong ETag of its bytes, 304 for a matching If-None-Match, and a short private
cache lifetime, so no shared cache keeps it and calendar clients that poll hourly pay little.
"""

from __future__ import annotations

from datetime import datetime, time

from ...i18n import N_, _
from ...services import private_calendar as service
from ...services.private_feed import calendar_name
from ...wording import END_OF_DAY, clock_text
from ..inputs import notice_query, notice_text
from ..pages import page
from ..pipeline import Context
from ..registry import HTML, PUBLIC, SIGNED_IN, Reply, Routes
from ..schemas.calendars import CalendarLinkOut

routes = Routes()

CALENDAR = "text/calendar"
PAGE = "/api/tilbud/kalender"
MARKING_CLOCK = time(12, 0)
"""Merking is always by 12:00 Oslo time (LIS1-FACTS); the feed takes each round's own."""
FEED_CACHE_SECONDS = 300
"""How long a client may reuse the feed before asking again (it is private: no shared cache)."""
NOTICES = {
    "slatt_av": N_(
        "Kalenderadressen er slått av. Kalendere som abonnerte på den, får ikke lenger nye frister."
    ),
    "ingen": N_("Du hadde ingen kalenderadresse å slå av."),
}


@routes.route(
    "GET",
    "/tilbud/kalender",
    summary=N_("Din private kalender med svarfrister: om adressen er slått på"),
    access=SIGNED_IN,
    response=CalendarLinkOut,
    errors=(401,),
    media=(HTML,),
    query=(notice_query(list(NOTICES)),),
)
def calendar_page(ctx: Context) -> CalendarLinkOut | Reply:
    made = service.link_made(ctx.deps.store, who=ctx.signed_in())
    if not ctx.html:
        return CalendarLinkOut(active=made is not None, made_at=made)
    return _page(ctx, made, notice=notice_text(ctx.query, NOTICES))


@routes.route(
    "POST",
    "/tilbud/kalender",
    summary=N_(
        "Lag en ny adresse til din private kalender (den gamle slutter å virke); "
        "adressen vises bare i dette svaret"
    ),
    access=SIGNED_IN,
    response=CalendarLinkOut,
    status=201,
    errors=(401, 409),
    forms=True,
)
def make_link(ctx: Context) -> CalendarLinkOut | Reply:
    now = ctx.deps.clock.now()
    token = service.make_link(ctx.deps.store, who=ctx.signed_in(), now=now)
    address = service.feed_address(ctx.deps.config.public_origin, token)
    if ctx.form_post:
        return _page(
            ctx,
            now,
            address=address,
            status=201,
            notice=_(
                "Kalenderen har fått en ny adresse. En adresse du hadde fra før, "
                "virker ikke lenger."
            ),
        )
    out = CalendarLinkOut(
        active=True, made_at=now, address=address, webcal=service.webcal_address(address)
    )
    return Reply(out, status=201)


@routes.route(
    "POST",
    "/tilbud/kalender/revoke",
    summary=N_("Slå av adressen til din private kalender"),
    access=SIGNED_IN,
    response=CalendarLinkOut,
    errors=(401,),
    forms=True,
)
def revoke_link(ctx: Context) -> CalendarLinkOut | Reply:
    had = service.turn_off(ctx.deps.store, who=ctx.signed_in(), now=ctx.deps.clock.now())
    if ctx.form_post:
        notice = "slatt_av" if had else "ingen"
        return Reply(status=303, headers={"Location": f"{PAGE}?melding={notice}"})
    return CalendarLinkOut(active=False, made_at=None)


@routes.route(
    "GET",
    "/kalender/{calendar_token}",
    summary=N_(
        "Din private kalender (iCalendar) med svarfrist og merking for hvert av tilbudene dine; "
        "adressen er nøkkelen, uten innlogging"
    ),
    access=PUBLIC,
    errors=(404,),
    media=(CALENDAR,),
)
def private_feed(ctx: Context) -> Reply:
    feed = service.feed(
        ctx.deps.store,
        ctx.deps.catalog,
        token=ctx.params["calendar_token"],
        now=ctx.deps.clock.now(),
        origin=ctx.deps.config.public_origin,
    )
    headers = {
        "ETag": feed.etag,
        "Cache-Control": f"private, max-age={FEED_CACHE_SECONDS}",
        "Referrer-Policy": "no-referrer",
        "X-Robots-Tag": "noindex, nofollow",
    }
    if _matches(ctx.headers.get("if-none-match", ""), feed.etag):
        return Reply(status=304, headers=headers)
    return Reply(feed.body.decode("utf-8"), headers=headers, content_type=CALENDAR)


def _matches(if_none_match: str, etag: str) -> bool:
    """Whether If-None-Match names ``etag``: weak comparison, as RFC 9110 asks for this header;
    ``*`` matches any current representation."""
    for candidate in if_none_match.split(","):
        tag = candidate.strip()
        if tag == "*" or tag.removeprefix("W/") == etag:
            return True
    return False


def _page(
    ctx: Context,
    made: datetime | None,
    *,
    address: str | None = None,
    status: int = 200,
    notice: str | None = None,
) -> Reply:
    return page(
        ctx,
        "my_calendar.html",
        status=status,
        title=_("Min kalender med svarfrister"),
        made=made,
        address=address,
        webcal=service.webcal_address(address) if address else None,
        calendar_name=calendar_name(),
        day_ends=clock_text(END_OF_DAY),
        marking_by=clock_text(MARKING_CLOCK),
        csrf=ctx.csrf,
        notice=notice,
        headers={"Referrer-Policy": "no-referrer"} if address else None,
    )
