"""The demo clock, for trying deadlines locally. Only in the local stage; 404 everywhere else."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape

from pydantic import BaseModel, ConfigDict, Field

from ...clock import OffsetClock
from ...errors import InvalidInput
from ...norwegian import long_datetime
from .. import html
from ..routing import CSRF_FIELD, HTML, LOCAL_ONLY, LOCAL_SIGNED_IN, Context, Reply, route


class ClockOut(BaseModel):
    now: datetime
    offset_hours: float


class MoveClock(BaseModel):
    model_config = ConfigDict(extra="forbid")
    offset_hours: float = Field(
        ge=-24 * 400,
        le=24 * 400,
        description="Hvor mange timer demoklokken går foran (+) eller "
        "etter (−) den virkelige klokken.",
    )


def _clock(ctx: Context) -> OffsetClock:
    clock = ctx.deps.clock
    if not isinstance(clock, OffsetClock):
        raise InvalidInput("Demoklokken er ikke i bruk i dette miljøet.", code="ingen_demoklokke")
    return clock


@route(
    "GET",
    "/dev/clock",
    summary="Demoklokken (bare lokalt)",
    access=LOCAL_ONLY,
    response=ClockOut,
    errors=(404,),
    media=(HTML,),
)
def get_clock(ctx: Context) -> ClockOut | Reply:
    clock = _clock(ctx)
    out = ClockOut(now=clock.now(), offset_hours=clock.offset.total_seconds() / 3600)
    if "text/html" in ctx.headers.get("accept", ""):
        return Reply(
            _clock_page(out, ctx.session.csrf_token if ctx.session else ""),
            content_type="text/html",
        )
    return out


def _clock_page(out: ClockOut, csrf: str) -> str:
    hidden = f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(csrf)}">'
    form = (
        f'<form method="post" action="/api/dev/clock">{hidden}'
        '<p><label for="offset_hours">Timer foran (+) eller etter (−) den virkelige klokken'
        f'</label><br><input id="offset_hours" name="offset_hours" type="number" step="1" '
        f'value="{out.offset_hours:g}"></p><p><button type="submit">Flytt klokken</button></p>'
        "</form>"
        if csrf
        else '<p><a href="/api/auth/login?return_to=/api/dev/clock">Logg inn</a> (som hvilken '
        "som helst demobruker) for å flytte klokken.</p>"
    )
    body = (
        f"<p>Demoklokken viser <strong>{escape(long_datetime(out.now))}</strong> "
        f"({out.offset_hours:+g} timer fra den virkelige klokken). Frister i demoperioden og "
        "alle andre frister regnes etter denne klokken; innloggingen følger den virkelige.</p>"
        f"{form}"
        '<p><a href="/api/dev/outbox">Lokal utboks (e-post)</a> · <a href="/api/ads">Stillinger'
        "</a></p>"
    )
    return html.page("Demoklokke (lokalt)", body)


@route(
    "PUT",
    "/dev/clock",
    summary="Flytt demoklokken (bare lokalt)",
    access=LOCAL_SIGNED_IN,
    body=MoveClock,
    response=ClockOut,
    errors=(400, 404),
    forms=True,
)
def move_clock(ctx: Context) -> ClockOut | Reply:
    clock = _clock(ctx)
    body: MoveClock = ctx.body
    offset = timedelta(hours=body.offset_hours)
    ctx.deps.store.settings.set_clock_offset(offset, actor=ctx.signed_in().subject, at=clock.now())
    clock.offset = offset
    if ctx.form_post:
        return Reply(status=303, headers={"Location": "/api/dev/clock"})
    return ClockOut(now=clock.now(), offset_hours=body.offset_hours)


@route(
    "POST",
    "/dev/clock",
    summary="Flytt demoklokken fra et skjema (bare lokalt)",
    access=LOCAL_SIGNED_IN,
    body=MoveClock,
    response=ClockOut,
    errors=(400, 404),
    forms=True,
)
def move_clock_form(ctx: Context) -> ClockOut | Reply:
    return move_clock(ctx)
