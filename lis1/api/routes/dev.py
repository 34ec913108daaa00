"""The demo clock, for trying deadlines locally. Only in the local stage; 404 everywhere else."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from ...clock import OffsetClock
from ...errors import InvalidInput
from ..routing import LOCAL_ONLY, Context, route


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
)
def get_clock(ctx: Context) -> ClockOut:
    clock = _clock(ctx)
    return ClockOut(now=clock.now(), offset_hours=clock.offset.total_seconds() / 3600)


@route(
    "PUT",
    "/dev/clock",
    summary="Flytt demoklokken (bare lokalt)",
    access=LOCAL_ONLY,
    body=MoveClock,
    response=ClockOut,
    errors=(400, 404),
)
def move_clock(ctx: Context) -> ClockOut:
    clock = _clock(ctx)
    body: MoveClock = ctx.body
    offset = timedelta(hours=body.offset_hours)
    ctx.deps.store.settings.set_clock_offset(
        offset, actor=ctx.principal.subject if ctx.principal else "lokal", at=clock.now()
    )
    clock.offset = offset
    return ClockOut(now=clock.now(), offset_hours=body.offset_hours)
