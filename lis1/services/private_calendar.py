"""Use cases of the private calendar: an applicant makes, replaces or turns off the secret
address of their own calendar feed, and a calendar client reads the feed with it.

Who may do what ("Who sees what" in the design: offers are read by the applicant and the ad's
HF): only the person makes, sees or turns off their address, and only for themselves (every use
case takes the signed-in person, never a subject from the request). The address is shown once,
when made; only its token's hash is kept (:mod:`lis1.domain.private_calendar`). The feed needs
no sign-in: the token is the credential, and an address never made, replaced or turned off is
one and the same :class:`CalendarUnknown`, which says nothing of which it was.

The feed is computed from the store on each read, so it follows every offer as it arrives and
is answered: the token (one read), the person's offers (one query), and their ads (one batch
read); HF names and rounds come from the catalogue.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from ..catalog import Catalog
from ..domain import private_calendar as rules
from ..domain.offers import RoundKey
from ..errors import NotFound
from ..i18n import N_
from ..identity import Principal
from .language import localized_path
from .offers import marking_deadline
from .ports.store import Store
from .private_feed import render_feed

FEED_PATH = "/api/kalender/"
FEED_SUFFIX = ".ics"


class CalendarUnknown(NotFound):
    code = "ukjent_kalender"
    message = N_(
        "Fant ikke kalenderen. Adressen er feil, eller den er erstattet eller slått av. "
        "Du kan lage en ny adresse under Mine tilbud."
    )


@dataclass(frozen=True)
class Feed:
    body: bytes
    etag: str
    """A strong entity tag of the bytes, quoted."""


def feed_address(origin: str, token: str) -> str:
    """The address a calendar client subscribes to, for the feed in the current language."""
    return f"{origin}{localized_path(FEED_PATH)}{token}{FEED_SUFFIX}"


def webcal_address(address: str) -> str:
    """The same address for "open in the calendar app" (webcal://, which clients subscribe to)."""
    return "webcal://" + address.split("://", 1)[1]


def make_link(store: Store, *, who: Principal, now: datetime) -> str:
    """A new address for the person's calendar, replacing their old one (which then answers
    404). Returns the token, this once: only its hash is stored."""
    token = secrets.token_urlsafe(rules.TOKEN_BYTES)
    store.calendars.replace(who.subject, rules.token_hash(token), now)
    return token


def turn_off(store: Store, *, who: Principal, now: datetime) -> bool:
    """Turn the person's address off; False if they had none."""
    return store.calendars.revoke(who.subject, now)


def link_made(store: Store, *, who: Principal) -> datetime | None:
    """When the person's current address was made; None if they have none."""
    return store.calendars.current(who.subject)


def feed(store: Store, catalog: Catalog, *, token: str, now: datetime, origin: str) -> Feed:
    """The calendar of the address's owner at ``now``; CalendarUnknown for any other token."""
    token = token.removesuffix(FEED_SUFFIX)
    subject = None
    if rules.looks_like_token(token):
        subject = store.calendars.subject_of(rules.token_hash(token))
    if subject is None:
        raise CalendarUnknown()
    offers = store.offers.by_candidate(subject)
    ads = store.ads.many({offer.ad_id for offer in offers}) if offers else {}
    markings: dict[RoundKey, datetime] = {}
    for key in {offer.round for offer in offers}:
        deadline = marking_deadline(catalog, key)
        if deadline is not None:
            markings[key] = deadline
    body = render_feed(rules.entries(offers, now, markings), ads, catalog, origin)
    return Feed(body, f'"{hashlib.sha256(body).hexdigest()[:40]}"')
