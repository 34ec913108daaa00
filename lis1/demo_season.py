"""A whole demo season for `make serve`: ads of three HFs in the demo period, 22 applicants
with applications, and a ranked list per ad, so the rounds can be played with the demo clock.

Kari Nordmann and Ahmed Hassan (who can sign in) stand high on several lists, so each gets more
than one offer in round 1 and can try every answer. Seeded once, on the first start of an empty
store; `make demo-reset` starts afresh at today. Never in data/, the feeds or the site.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from .catalog import Catalog
from .demo import DEMO_ID
from .domain.ads import Ad, AdContent
from .domain.applications import Application, Receipt
from .identity import Grant, Principal, Role, User
from .services.env import Env
from .services.ports.store import Store
from .services.rankings import save_ranking

NAMES = (
    "Ingeborg Aas",
    "Jonas Berge",
    "Sofie Dahl",
    "Magnus Eide",
    "Nora Fjeld",
    "Elias Haugen",
    "Emma Holm",
    "Filip Iversen",
    "Sara Jacobsen",
    "Henrik Karlsen",
    "Maja Larsen",
    "Oskar Moen",
    "Ida Nilsen",
    "Lukas Olsen",
    "Thea Pedersen",
    "Jakob Rasmussen",
    "Leah Solberg",
    "William Strand",
    "Vilde Tangen",
    "Aksel Vik",
)
ADS = (  # (id, HF, place, seats, kommune)
    ("d0000000b001", "helse-bergen", "Haukeland universitetssjukehus, Bergen", 2, "bergen-kommune"),
    ("d0000000b002", "helse-bergen", "Voss sjukehus", 1, "bergen-kommune"),
    ("d0000000a001", "oslo-universitetssykehus", "Ullevål sykehus, Oslo", 2, "oslo-kommune"),
    ("d0000000a002", "oslo-universitetssykehus", "Aker sykehus, Oslo", 2, "oslo-kommune"),
    ("d0000000c001", "helse-stavanger", "Stavanger universitetssjukehus", 1, "stavanger-kommune"),
)
FIRST = {"d0000000b001": "demo-kari", "d0000000a001": "demo-kari", "d0000000a002": "demo-ahmed"}
SECOND = {"d0000000b001": "demo-ahmed", "d0000000a002": "demo-kari"}
"""Whom these ads rank first and second, so Kari gets three offers in round 1 and Ahmed two;
everyone else ranks in a fixed mixed order."""


def seed_season(store: Store, catalog: Catalog, anchor: date, now: datetime) -> bool:
    """Seed the season unless the demo period has ads already; True if it was seeded."""
    if store.ads.by_period(DEMO_ID):
        return False
    applicants = ["demo-kari", "demo-ahmed"]
    for number, name in enumerate(NAMES, start=1):
        subject = f"demo-s{number:02}"
        email = f"{name.lower().replace(' ', '.')}@example.org"
        store.users.save(User(subject, name, email, now))
        applicants.append(subject)
    kommuner = {o.id for o in catalog.organisations}
    env = Env(now)
    for ad_id, hf, place, seats, kommune in ADS:
        content = AdContent(
            hf,
            place,
            seats,
            kommune if kommune in kommuner else "bergen-kommune",
            date(anchor.year + 1, 3, 1) if anchor.month > 6 else date(anchor.year, 9, 1),
            "Demoannonse: seks måneder i kommunen etter et år i sykehus. Ikke ekte.",
            DEMO_ID,
            None,
            None,
        )
        store.ads.create(Ad(ad_id, content, "publisert", 1, "demo-seed", now, now, now))
        chosen = [a for a in applicants if _applies(a, ad_id)]
        references = [_apply(store, env, ad_id, subject, now) for subject in chosen]
        pairs = zip(chosen, references, strict=True)
        order = sorted(pairs, key=lambda pair: _rank(pair[0], ad_id))
        admin = Principal("demo-seed", "Demo", frozenset({Grant(Role.HF_ADMIN, hf)}))
        save_ranking(
            store,
            catalog,
            who=admin,
            ad_id=ad_id,
            references=[r for _s, r in order],
            expected_version=0,
            now=now,
        )
    return True


def _applies(subject: str, ad_id: str) -> bool:
    """Kari and Ahmed apply everywhere; the others to about two ads in three."""
    return subject in ("demo-kari", "demo-ahmed") or _digest(subject, ad_id) % 3 != 0


def _rank(subject: str, ad_id: str) -> tuple[int, int]:
    if FIRST.get(ad_id) == subject:
        return (0, 0)
    if SECOND.get(ad_id) == subject:
        return (1, 0)
    return (3 if subject in ("demo-kari", "demo-ahmed") else 2, _digest(subject, ad_id))


def _digest(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:4], "big")


def _apply(store: Store, env: Env, ad_id: str, subject: str, now: datetime) -> str:
    reference = env.new_reference()
    application = Application(ad_id, subject, "", "sendt", reference, now, now, 0)
    store.applications.submit(
        application, Receipt(reference, now, "søknad sendt", ad_id, subject, "Demosøknad.")
    )
    return reference
