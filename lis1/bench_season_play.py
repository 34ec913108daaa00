"""The national season of `lis1 bench` (:mod:`lis1.bench_season`), step by step: who the
people are, which ads they apply to, how the HFs rank them and how candidates answer, all
through the use cases in :mod:`lis1.services`, with the store's calls metered by phase
(:class:`~lis1.bench_season_meter.Meter`) and the least the rules need counted alongside.

Choices are drawn from one seeded random generator, so every run plays the same season (ids,
references and tokens are random, but of fixed width, so sizes do not vary).
"""

from __future__ import annotations

import random
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from .bench_season_sizes import item_size, write_units
from .catalog import Catalog
from .catalog.models import Period
from .clock import MovableClock
from .domain.ads import AD_KINDS, AdContent, application_window
from .domain.offers import Offer
from .domain.rounds import ScheduledRound, schedule
from .identity import Grant, Principal, Role
from .mail import MemoryMailer
from .services import offers as offer_service
from .services.accounts import start_session
from .services.ads import create_ad, publish_ad
from .services.applications import apply, withdraw
from .services.env import Env
from .services.rankings import save_ranking
from .services.rounds import run_rounds
from .store.keys.offers import ranking_key

if TYPE_CHECKING:
    from .bench_season_meter import Meter
    from .services.ports.store import Store

ORIGIN = "https://lis1.example"
SEED = 2024
SEATS_PER_AD = 2.5
START = datetime(2024, 1, 1, tzinfo=UTC)
MINUTE, HOUR = timedelta(minutes=1), timedelta(hours=1)
ACCEPTING = (0.55, 0.65, 0.75, 0.8, 0.85)
"""Of the candidates holding offers in round 1…5, the share that accepts one (their favourite)."""
DECLINING = 0.6
"""Of the rest, the share that declines each offer; the others let the svarfrist pass."""
WITHDRAWN = 0.03
"""The share of applications withdrawn before the søknadsfrist."""
COVER_TEXT = (
    "Jeg søker LIS1-stilling fordi jeg ønsker bred klinisk erfaring i både sykehus og kommune. "
)
"""Cover texts are 0 to 12 of these sentences (0 to about 1,100 bytes), evenly."""
DESCRIPTION = (
    "Vi søker LIS1 til et lærerikt og trygt arbeidsmiljø med god veiledning, faste "
    "undervisningsdager og en tydelig plan for læringsmålene. Tjenesten består av tolv måneder "
    "i sykehus og seks måneder i kommunen. "
) * 3
FIRST = ("Ingrid", "Ola", "Sara", "Jonas", "Emma", "Elias", "Nora", "Filip", "Ida", "Aksel")
LAST = ("Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen")


def _once() -> str:
    """An Idempotency-Key, as the site's forms send with every change."""
    return secrets.token_urlsafe(16)


@dataclass
class Season:
    store: Store
    catalog: Catalog
    meter: Meter
    seats: int
    applicants: int
    applications: int
    period: Period
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    clock: MovableClock = field(default_factory=lambda: MovableClock(START))
    outbox: MemoryMailer = field(default_factory=MemoryMailer)
    minimum: Counter[str] = field(default_factory=Counter)
    """The least the rules need, by phase (see :mod:`lis1.bench_season`)."""
    facts: Counter[str] = field(default_factory=Counter)
    people: dict[str, Principal] = field(default_factory=dict)
    ads: dict[str, str] = field(default_factory=dict)
    """Ad id -> its HF."""
    standing: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    """Ad id -> applicant -> reference of the application that stands."""
    liking: dict[tuple[str, str], float] = field(default_factory=dict)
    merit: dict[str, float] = field(default_factory=dict)
    window: tuple[datetime, datetime] = (START, START)
    """When applications are taken."""
    issued: list[Offer] = field(default_factory=list)
    """The offers of the last run."""
    no_op_runs: list[tuple[str, float, int]] = field(default_factory=list)
    """(kind, read units, calls) of runs that found nothing to do, as the hourly job mostly does."""

    def at(self, instant: datetime) -> Env:
        self.clock.set(max(instant, self.clock.now()))
        return Env(self.clock.now())

    def admin(self, hf: str) -> Principal:
        return Principal(f"admin-{hf}", f"Admin {hf}", frozenset({Grant(Role.HF_ADMIN, hf)}))

    def sign_in(self, person: Principal, instant: datetime) -> None:
        now, known = self.at(instant).now, person.subject in self.people
        with self.meter.measuring("pålogging"):
            start_session(
                self.store, subject=person.subject, name=person.name, email=person.email,
                now=now, lifetime=timedelta(hours=8),
            )  # fmt: skip
        self.people[person.subject] = person
        self.minimum["pålogging"] += 1 if known else 2  # the session, and the new user
        self.facts["pålogginger"] += 1

    def play(self) -> None:
        self.publish_ads()
        self.apply_everyone()
        self.rank()
        rounds = schedule(self.period)
        for number, scheduled in enumerate(rounds):
            self.run(scheduled.offers_from, "runder")
            self.run(scheduled.offers_from + timedelta(hours=1), "timesjobb i runde")
            accepted = self.answer(scheduled, ACCEPTING[min(number, len(ACCEPTING) - 1)])
            self.mark(scheduled, accepted)
        self.run(rounds[-1].answer_deadline + timedelta(hours=1), "runder")
        self.run(rounds[-1].answer_deadline + timedelta(hours=2), "timesjobb etter runde")

    def publish_ads(self) -> None:
        hfs = sorted(o.id for o in self.catalog.organisations if o.kind in AD_KINDS)
        kommuner = sorted(o.id for o in self.catalog.organisations if o.kind == "kommune")
        count = max(1, round(self.seats / SEATS_PER_AD))
        assert self.period.ads_ready is not None and self.period.publication is not None
        drafted = datetime.combine(self.period.ads_ready, datetime.min.time(), UTC)
        published = datetime.combine(self.period.publication, datetime.min.time(), UTC)
        for n in range(count):
            hf, kommune = hfs[n % len(hfs)], kommuner[n % len(kommuner)]
            seats = self.seats // count + (n < self.seats % count)
            place, starts = f"Sykehuset, avdeling {n + 1}", self.period.starts
            content = AdContent(
                hf, place, seats, kommune, starts, DESCRIPTION, self.period.id, None, None
            )
            with self.meter.measuring("annonser"):
                env = self.at(drafted + timedelta(hours=8, seconds=n))
                ad = create_ad(
                    self.store, self.catalog, who=self.admin(hf), content=content, env=env,
                    idempotency_key=_once(),
                )  # fmt: skip
                now = self.at(published + timedelta(hours=8, seconds=n)).now
                publish_ad(
                    self.store, self.catalog, who=self.admin(hf), ad_id=ad.id,
                    expected_version=1, now=now,
                )  # fmt: skip
            self.ads[ad.id] = hf
            self.minimum["annonser"] += 2
        self.window = application_window(ad.content, self.catalog, now)  # the last published

    def apply_everyone(self) -> None:
        ad_ids = sorted(self.ads)
        popularity = {ad_id: self.rng.uniform(0.3, 3.0) for ad_id in ad_ids}
        mean = self.applications // self.applicants
        counts = [mean + (n < self.applications % self.applicants) for n in range(self.applicants)]
        for n in range(0, len(counts) - 1, 2):  # as many more here as fewer there
            step = self.rng.randint(0, mean // 2)
            counts[n], counts[n + 1] = counts[n] + step, counts[n + 1] - step
        opens, closes = self.window
        span = (closes - opens - timedelta(hours=6)) / len(counts)
        submit = partial(apply, self.store, self.catalog, self.outbox)
        for n, count in enumerate(counts):
            first, last = FIRST[n % len(FIRST)], LAST[(n // len(FIRST)) % len(LAST)]
            email = f"{first}.{last}.{n}@example.no".lower()
            person = Principal(f"soker-{n:05d}", f"{first} {last}", email=email)
            self.merit[person.subject] = self.rng.gauss(0, 1)
            start = opens + span * n + timedelta(minutes=1)
            self.sign_in(person, start)
            chosen = sorted(ad_ids, key=lambda a: self.rng.random() ** (1 / popularity[a]))
            for m, ad_id in enumerate(chosen[-min(count, len(ad_ids)) :]):
                self.liking[(person.subject, ad_id)] = self.rng.random()
                text, env = COVER_TEXT * self.rng.randint(0, 12), self.at(start + m * MINUTE)
                with self.meter.measuring("søknader"):
                    receipt = submit(
                        who=person, ad_id=ad_id, cover_text=text, env=env, idempotency_key=_once()
                    )
                self.standing[ad_id][person.subject] = receipt.reference
                self.minimum["søknader"] += 1
        take_back = partial(withdraw, self.store, self.catalog, self.outbox)
        for ad_id, applicants in sorted(self.standing.items()):
            for subject in sorted(applicants):
                if self.rng.random() < WITHDRAWN:
                    env = self.at(closes - timedelta(hours=3))
                    with self.meter.measuring("trekk"):
                        who = self.people[subject]
                        take_back(who=who, ad_id=ad_id, env=env, idempotency_key=_once())
                    del applicants[subject]
                    self.minimum["trekk"] += 1

    def rank(self) -> None:
        """Each HF ranks every standing applicant of its ads, by merit and its own view."""
        first = schedule(self.period)[0].offers_from - timedelta(days=5)
        for n, (ad_id, applicants) in enumerate(sorted(self.standing.items())):
            order = sorted(applicants, key=lambda s: -(self.merit[s] + self.rng.gauss(0, 0.7)))
            references, now = [applicants[s] for s in order], self.at(first + n * MINUTE).now
            with self.meter.measuring("innstilling"):
                save_ranking(
                    self.store, self.catalog, who=self.admin(self.ads[ad_id]), ad_id=ad_id,
                    references=references, expected_version=0, now=now,
                )  # fmt: skip
            item = self.meter.item(ranking_key(ad_id))
            self.minimum["innstilling"] += write_units(0 if item is None else item_size(item))

    def run(self, instant: datetime, phase: str) -> None:
        now = self.at(instant).now
        with self.meter.measuring(phase) as tally:
            units, calls = tally.read_units, sum(tally.calls.values())
            report = run_rounds(self.store, self.catalog, self.outbox, now=now, origin=ORIGIN)
        self.facts["tilbud"] += len(report.issued)
        self.facts["utløpt"] += report.expired
        self.facts["avvist av lageret"] += report.refused
        if phase == "runder":
            self.issued = report.issued
            self.minimum["runder"] += len(report.issued)  # expiries need no write
        else:
            assert not report.issued and not report.expired, "a rerun found something to do"
            calls = sum(tally.calls.values()) - calls
            self.no_op_runs.append((phase, tally.read_units - units, calls))

    def answer(self, scheduled: ScheduledRound, accepting: float) -> list[Offer]:
        """Each candidate offered something signs in, reads their offers and accepts the one
        they like best, declines them all, or lets the svarfrist pass."""
        holders = sorted({o.candidate for o in self.issued})
        start = scheduled.offers_from + 2 * HOUR
        span = (scheduled.answer_deadline - 2 * HOUR - start) / max(1, len(holders))
        accept = partial(offer_service.accept_offer, self.store, self.catalog, self.outbox)
        decline = partial(offer_service.decline_offer, self.store, self.catalog, self.outbox)
        accepted = []
        for n, subject in enumerate(holders):
            person = self.people[subject]
            self.sign_in(person, start + span * n)
            env = self.at(start + span * n + MINUTE)
            with self.meter.measuring("svar"):
                mine = offer_service.my_offers(self.store, who=person, now=env.now)
                open_ = [o for o, state in mine if state == "åpen"]
                choice = self.rng.random()
                if open_ and choice < accepting:
                    best = max(open_, key=lambda o: self.liking[(subject, o.ad_id)])
                    accept(who=person, offer_id=best.id, env=env, idempotency_key=_once())
                    accepted.append(best)
                    self.minimum["svar"] += len(open_)  # the others are declined with it
                    self.facts["ja"] += 1
                    self.facts["avslått ved ja"] += len(open_) - 1
                elif choice < accepting + (1 - accepting) * DECLINING:
                    for offer in open_:
                        decline(who=person, offer_id=offer.id, env=env, idempotency_key=_once())
                        self.minimum["svar"] += 1
                        self.facts["nei"] += 1
        return accepted

    def mark(self, scheduled: ScheduledRound, accepted: list[Offer]) -> None:
        """The HFs mark every acceptance of the round as hired, before the merking deadline."""
        now = self.at(scheduled.marking_deadline - 2 * HOUR).now
        change = partial(offer_service.hf_change, self.store, self.catalog, self.outbox)
        for offer in accepted:
            who = self.admin(self.ads[offer.ad_id])
            with self.meter.measuring("merking"):
                change(
                    who=who, ad_id=offer.ad_id, offer_id=offer.id, change="ansatt", reason="",
                    now=now,
                )  # fmt: skip
            self.minimum["merking"] += 1
            self.facts["ansatt"] += 1
