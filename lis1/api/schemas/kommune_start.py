"""Response models of the kommune start: the LIS expected at a kommune, and how many of their
hospital goals still block the kommune part."""

from __future__ import annotations

from datetime import date, datetime

from .base import Schema


class KommuneStartOut(Schema):
    """A LIS with an employment at one of the administrator's kommuner."""

    employment_id: str
    lis: str
    """The LIS's name."""
    organisation: str
    organisation_name: str
    starts: date
    ends: date
    part: str
    """Where the record is now: "sykehus" until a kommune confirms the start, then "kommune"."""
    confirmed_at: datetime | None
    """When the start was confirmed (None while it is not)."""
    blocking: int
    """How many hospital goals are not yet approved, which keep the start from being confirmed.
    Which ones only the LIS and the people of the record see (the portfolio's part)."""
    may_confirm: bool


class KommuneStartsOut(Schema):
    starts: list[KommuneStartOut]
