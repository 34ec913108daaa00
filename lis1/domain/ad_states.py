"""Where an ad stands for the people who see it: a draft, taking applications, or past its
søknadsfrist; and which periods an HF administrator may still write ads for. Pure rules over
the catalogue and an instant, shared by the HF's and the kommune's overviews and the ad's page."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ..catalog import Catalog
from ..catalog.models import Period
from ..errors import DomainError
from ..oslo import end_of_day_utc
from .ads import Ad, application_window

AdState = Literal["utkast", "ikke_åpen", "åpen", "frist_ute"]


def ad_state(ad: Ad, catalog: Catalog, now: datetime) -> AdState:
    """ "utkast" until published; then "ikke_åpen" before the period's utlysning (or while its
    dates are not published), "åpen" while applications are received, "frist_ute" after."""
    if ad.status == "utkast" or ad.published_at is None:
        return "utkast"
    try:
        opens, closes = application_window(ad.content, catalog, ad.published_at)
    except DomainError:  # the period's dates are not published yet
        return "ikke_åpen"
    if now >= closes:
        return "frist_ute"
    return "åpen" if now >= opens else "ikke_åpen"


def periods_open_for_ads(catalog: Catalog, now: datetime) -> list[Period]:
    """The periods an ad may still be written for: those whose søknadsfrist has not ended, or
    is not published yet (a draft may wait for it). Newest first, as the form offers them."""
    return [
        period
        for period in reversed(catalog.periods)
        if period.application_deadline is None or now < end_of_day_utc(period.application_deadline)
    ]
