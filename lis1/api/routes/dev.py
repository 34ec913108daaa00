"""The local stage's tools: the demo clock, for trying deadlines, and the outbox of mails that
would have been sent. 404 in every other stage; reading the outbox and moving the clock need a
signed-in person (and a change the CSRF token), like everything else."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import ConfigDict, Field

from ...clock import OffsetClock
from ...errors import InvalidInput, NotFound
from ...i18n import N_, _
from ..pages import page
from ..pipeline import Context
from ..registry import HTML, LOCAL_ONLY, LOCAL_SIGNED_IN, Reply, Routes
from ..schemas.base import Schema
from ..schemas.positions import Outbox, OutboxMail

routes = Routes()


class ClockOut(Schema):
    now: datetime
    offset_hours: float


class MoveClock(Schema):
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
        raise InvalidInput(
            _("Demoklokken er ikke i bruk i dette miljøet."), code="ingen_demoklokke"
        )
    return clock


@routes.route(
    "GET",
    "/dev/clock",
    summary=N_("Demoklokken (bare lokalt)"),
    access=LOCAL_ONLY,
    response=ClockOut,
    errors=(404,),
    media=(HTML,),
)
def get_clock(ctx: Context) -> ClockOut | Reply:
    clock = _clock(ctx)
    out = ClockOut(now=clock.now(), offset_hours=clock.offset.total_seconds() / 3600)
    if ctx.html:
        return page(
            ctx,
            "clock.html",
            title=_("Demoklokke (lokalt)"),
            now=out.now,
            offset=f"{out.offset_hours:+g}",
            hours=f"{out.offset_hours:g}",
            csrf=ctx.csrf,
        )
    return out


@routes.route(
    "PUT",
    "/dev/clock",
    summary=N_("Flytt demoklokken (bare lokalt)"),
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


@routes.route(
    "POST",
    "/dev/clock",
    summary=N_("Flytt demoklokken fra et skjema (bare lokalt)"),
    access=LOCAL_SIGNED_IN,
    body=MoveClock,
    response=ClockOut,
    errors=(400, 404),
    forms=True,
)
def move_clock_form(ctx: Context) -> ClockOut | Reply:
    return move_clock(ctx)


@routes.route(
    "GET",
    "/dev/outbox",
    summary=N_("E-poster sendt lokalt (bare lokalt)"),
    access=LOCAL_SIGNED_IN,
    response=Outbox,
    errors=(404,),
    media=(HTML,),
)
def outbox(ctx: Context) -> Outbox | Reply:
    from ...mail import OutboxMailer

    mailer = ctx.deps.mailer
    if not isinstance(mailer, OutboxMailer):
        raise NotFound(_("Det er ingen lokal utboks i dette miljøet."))
    result = Outbox(
        mails=[
            OutboxMail(
                file=name,
                to=str(m["To"]),
                subject=str(m["Subject"]),
                body=m.get_content() if not m.is_multipart() else "",
            )
            for name, m in mailer.mails()
        ]
    )
    if ctx.html:
        return page(ctx, "outbox.html", title=_("Utboks (lokal)"), mails=result.mails)
    return result
