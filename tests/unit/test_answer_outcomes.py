"""What "what happens if I answer" says is what then happens, over generated seasons.

Each example generates a period (one to three rounds, overlapping or not, across the spring
clock change) and perhaps an extra round drawing on it for some of the HFs, ads with their
seats, applications (some withdrawn after the lists were made) and ranked lists. Rounds run
and other applicants answer at random until one applicant holds an open offer. The outcomes
are computed (through the presenter, from the applicant's own records), then the applicant
answers yes, no, or stays silent, and the next rounds run through the real services on the
in-memory store. Then:

- a yes closed exactly the offers it said, and no further offer came in the scope;
- after a no or silence, that ad never came again; after the svarfrist, new offers came only
  on the ads it named; on each named ad they were not passed over (a free seat left after a
  round, or one given to someone below them on that list, would have been theirs);
- ``later_rounds`` is whether a round of the scope actually ran after the svarfrist.

`make soak` (LIS1_SOAK=1) runs many more seasons.
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from lis1.api.presenters.answer_outcomes import answer_outcomes_view
from lis1.catalog import Catalog, load_catalog
from lis1.catalog.models import ExtraRound, OrganisationShare, Period, Round, Source
from lis1.domain.ads import Ad, AdContent
from lis1.domain.answer_outcomes import AnswerOutcomes, scope_rounds
from lis1.domain.applications import Application, Receipt
from lis1.domain.offers import HOLDS_SEAT, Offer, state_at
from lis1.domain.rounds import ScheduledRound
from lis1.errors import DomainError
from lis1.identity import Grant, Principal, Role, User
from lis1.mail import MemoryMailer
from lis1.services import offers as answers
from lis1.services.env import Env
from lis1.services.ports.store import Store
from lis1.services.rankings import save_ranking
from lis1.services.rounds import RunReport, every_series, run_rounds
from lis1.store.bundle import memory_store

ROOT = Path(__file__).resolve().parents[2]
SCOPE = "gen"
FIRST_OFFER = date(2026, 3, 24)  # the rounds may cross the spring clock change (29 March)
HFS = ("helse-bergen", "oslo-universitetssykehus")
PEOPLE = [Principal(f"p{i}", f"Person {i}", email=f"p{i}@example.no") for i in range(5)]
ADMINS = {hf: Principal(f"hf-{hf}", "HF", frozenset({Grant(Role.HF_ADMIN, hf)})) for hf in HFS}
ADS = ("a00000000001", "a00000000002", "a00000000003")
SOAK = os.environ.get("LIS1_SOAK") == "1"


@cache
def base_catalog() -> Catalog:
    """The real catalogue (organisations, names), loaded once; not a fixture, so a failing
    example's report does not print it."""
    loaded = load_catalog(ROOT / "data")
    assert loaded.catalog is not None
    return loaded.catalog


def rounds_from(first: date, shapes: list[tuple[int, int]]) -> list[Round]:
    """Rounds whose tilbud days lie ``gap`` days apart, each answered within ``length`` days."""
    found, day = [], first
    for number, (gap, length) in enumerate(shapes, start=1):
        day += timedelta(days=gap if number > 1 else 0)
        answer_by = day + timedelta(days=length)
        marking = datetime.combine(answer_by + timedelta(days=1), time(12, 0))
        found.append(
            Round(number=number, offer=day, answer_by=answer_by, marking=marking, note=None)
        )
    return found


SHAPES = st.lists(st.tuples(st.integers(1, 6), st.integers(0, 4)), min_size=1, max_size=3)


@dataclass(frozen=True)
class Setup:
    period: list[tuple[int, int]]
    extra: tuple[int, list[tuple[int, int]], list[str]] | None
    ads: list[tuple[str, int]]
    """HF and seats of each ad."""
    applied: list[list[bool]]
    """Per ad, per person."""
    orders: list[list[int]]
    listed: list[int]
    """How many of each ad's applicants its list holds."""
    withdrawn: list[tuple[int, int]]


@st.composite
def setups(draw: st.DrawFn) -> Setup:
    ads = [(draw(st.sampled_from(HFS)), draw(st.integers(1, 2))) for _ in ADS]
    with_ads = sorted({hf for hf, _ in ads})
    extra = None
    if draw(st.booleans()):
        taking_part = draw(st.lists(st.sampled_from(with_ads), min_size=1, unique=True))
        extra = (draw(st.integers(0, 20)), draw(SHAPES), taking_part)
    often = st.integers(0, 3).map(bool)  # three in four apply
    applied = [draw(st.lists(often, min_size=5, max_size=5)) for _ in ADS]
    applied = [row if any(row) else [True] * 5 for row in applied]
    return Setup(
        period=draw(SHAPES),
        extra=extra,
        ads=ads,
        applied=applied,
        orders=[draw(st.permutations(range(5))) for _ in ADS],
        listed=[draw(st.integers(1, 5)) for _ in ADS],
        withdrawn=draw(
            st.lists(st.tuples(st.integers(0, 2), st.integers(0, 4)), max_size=2, unique=True)
        ),
    )


def season_catalog(catalog: Catalog, setup: Setup) -> Catalog:
    note = "Generert i en test."
    period = Period(
        id=SCOPE,
        season="var",
        year=2026,
        starts=date(2026, 9, 1),
        ads_ready=None,
        publication=None,
        application_deadline=None,
        rounds=rounds_from(FIRST_OFFER, setup.period),
        sources=[Source(title="Test", url=None)],
        updated=FIRST_OFFER,
        note=note,
    )
    extras = []
    if setup.extra is not None:
        offset, shapes, taking_part = setup.extra
        extras.append(
            ExtraRound(
                id="gen-ekstra",
                name="Ekstrarunde (test)",
                draws_from=SCOPE,
                starts=date(2026, 9, 1),
                positions=None,
                positions_by_organisation=[
                    OrganisationShare(organisation=hf, positions=1, note=None) for hf in taking_part
                ],
                rounds=rounds_from(FIRST_OFFER + timedelta(days=offset), shapes),
                sources=[Source(title="Test", url=None)],
                updated=FIRST_OFFER,
                note=None,
            )
        )
    return replace(catalog, periods=(period,), extra_rounds=tuple(extras))


def seed(store: Store, catalog: Catalog, setup: Setup, at: datetime) -> None:
    for person in PEOPLE:
        store.users.save(User(person.subject, person.name, person.email, at))
    for n, (ad_id, (hf, seats)) in enumerate(zip(ADS, setup.ads, strict=True)):
        content = AdContent(
            hf, f"Sted {n}", seats, "bergen-kommune", date(2026, 9, 1), "x", SCOPE, None, None
        )
        store.ads.create(Ad(ad_id, content, "publisert", 1, "hf", at, at, at))
        refs = {}
        for p, person in enumerate(PEOPLE):
            if setup.applied[n][p]:
                ref = f"LIS1-{n}{p}AA-2345"
                app = Application(ad_id, person.subject, "", "sendt", ref, at, at, 0)
                store.applications.submit(
                    app, Receipt(ref, at, "søknad sendt", ad_id, person.subject, ".")
                )
                refs[p] = ref
        order = [refs[p] for p in setup.orders[n] if p in refs][: setup.listed[n]]
        save_ranking(
            store,
            catalog,
            who=ADMINS[hf],
            ad_id=ad_id,
            references=order,
            expected_version=0,
            now=at,
        )
    for n, p in setup.withdrawn:
        if setup.applied[n][p]:
            ref = f"LIS1-{n}{p}WW-2345"
            receipt = Receipt(ref, at, "søknad trukket", ADS[n], PEOPLE[p].subject, ".")
            store.applications.withdraw(ADS[n], PEOPLE[p].subject, receipt)


class Play:
    """The season as it is played: the store, the clock and the random answers of others."""

    def __init__(self, catalog: Catalog, data: st.DataObject) -> None:
        self.catalog, self.data = catalog, data
        self.store, self.mailer = memory_store(), MemoryMailer()

    def run(self, at: datetime) -> RunReport:
        return run_rounds(self.store, self.catalog, self.mailer, now=at, origin="http://x")

    def others_answer(self, at: datetime, focus: str | None) -> None:
        for offer in self.store.offers.by_scope(SCOPE):
            if offer.candidate == focus or state_at(offer, at) != "åpen":
                continue
            choice = self.data.draw(st.sampled_from(["ja", "nei", "stille"]))
            if choice != "stille":
                self.answer(offer, choice, at)

    def not_offered(self, candidate: str) -> set[str]:
        """The ads ``candidate`` applied to (and stands on) but was not offered."""
        offered = {o.ad_id for o in self.store.offers.by_candidate(candidate)}
        standing = self.store.applications.by_applicant(candidate)
        return {a.ad_id for a in standing if a.status == "sendt"} - offered

    def answer(self, offer: Offer, choice: str, at: datetime) -> None:
        use_case = answers.accept_offer if choice == "ja" else answers.decline_offer
        who = next(p for p in PEOPLE if p.subject == offer.candidate)
        with suppress(DomainError):  # an acceptance of theirs closed it meanwhile
            use_case(self.store, self.catalog, self.mailer, who=who, offer_id=offer.id, env=Env(at))


def covered(report: RunReport, catalog: Catalog, organisation: str) -> bool:
    """A round of ``report`` offered the seats of the HF's ads."""
    by_key = {r.round.key: r for r in scope_rounds(every_series(catalog), SCOPE)}
    return any(by_key[key].covers(organisation) for key in report.rounds)


def check_not_passed_over(
    play: Play, facts: AnswerOutcomes, report: RunReport, since: set[str], at: datetime
) -> None:
    """On each ad the applicant was told they stay a candidate on, a round that offered it left
    no seat free and gave none to someone below them on its list (withdrawn or not), unless it
    offered it to them."""
    store, focus = play.store, facts.offer.candidate
    every = store.offers.by_scope(SCOPE)
    for ad_id in facts.still_candidate_on:
        if ad_id in since:
            continue  # offered to them in a run since the answer: no longer a candidate there
        ad = store.ads.get(ad_id)
        assert ad is not None
        listed = [r.candidate for r in store.rankings.get(ad_id).entries]
        issued = {o.candidate for o in report.issued if o.ad_id == ad_id}
        if (
            focus not in listed
            or focus in issued
            or not covered(report, play.catalog, ad.content.organisation)
        ):
            continue
        event("a round offered an ad they were still a candidate on")
        below = set(listed[listed.index(focus) + 1 :])
        assert not issued & below, (ad_id, issued, listed)
        holding = sum(1 for o in every if o.ad_id == ad_id and state_at(o, at) in HOLDS_SEAT)
        assert holding >= ad.content.seats, (ad_id, "a seat was left free")


def after_the_answer(
    rounds: list[ScheduledRound], now: datetime, svarfrist: datetime
) -> list[datetime]:
    """When to run the rounds after an answer at ``now``: once more in the running round, at
    the svarfrist, and at the start of each round that may run after it (and a day later)."""
    times = {svarfrist} | (
        {now + timedelta(hours=1)} if now + timedelta(hours=1) < svarfrist else set()
    )
    for r in rounds:
        if r.answer_deadline > svarfrist:
            start = max(r.offers_from, svarfrist)
            times |= {start} | (
                {start + timedelta(days=1)}
                if start + timedelta(days=1) < r.answer_deadline
                else set()
            )
    return sorted(times)


def an_open_offer(
    play: Play, rounds: list[ScheduledRound], data: st.DataObject
) -> tuple[Offer, datetime]:
    """Rounds run and others answer up to a moment in a drawn round; an offer open then, its
    holder's own state varied (some of their other offers declined, an application withdrawn)."""
    k = data.draw(st.integers(0, len(rounds) - 1), label="round")
    for earlier in rounds[:k]:
        play.run(earlier.offers_from)
        play.others_answer(earlier.offers_from + timedelta(hours=1), None)
    play.run(rounds[k].offers_from)
    window = rounds[k].answer_deadline - rounds[k].offers_from
    minutes = data.draw(st.integers(1, int(window.total_seconds()) // 60 - 1), label="minutes")
    now = rounds[k].offers_from + timedelta(minutes=minutes)
    open_now = [o for o in play.store.offers.by_scope(SCOPE) if state_at(o, now) == "åpen"]
    assume(open_now)
    with_more = [o for o in open_now if play.not_offered(o.candidate)]
    if data.draw(st.booleans(), label="one with more applications") and with_more:
        open_now = with_more
    offer = data.draw(st.sampled_from(open_now), label="offer")
    focus = offer.candidate
    play.others_answer(now, focus)
    for other in play.store.offers.by_candidate(focus):
        if other.id != offer.id and state_at(other, now) == "åpen" and data.draw(st.booleans()):
            play.answer(other, "nei", now)
    spare = sorted(play.not_offered(focus))
    withdraws = data.draw(st.booleans(), label="withdraws one")
    if spare and withdraws:
        ad_id = data.draw(st.sampled_from(spare))
        receipt = Receipt("LIS1-ZZZZ-2345", now, "søknad trukket", ad_id, focus, ".")
        play.store.applications.withdraw(ad_id, focus, receipt)
    return offer, now


@settings(
    max_examples=500 if SOAK else 60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(setup=setups(), data=st.data())
def test_what_it_says_an_answer_does_is_what_the_rounds_then_do(
    setup: Setup, data: st.DataObject
) -> None:
    season = season_catalog(base_catalog(), setup)
    play = Play(season, data)
    rounds = [r.round for r in scope_rounds(every_series(season), SCOPE)]
    seed(play.store, season, setup, rounds[0].offers_from - timedelta(days=1))
    offer, now = an_open_offer(play, rounds, data)
    focus = offer.candidate
    mine = play.store.offers.by_candidate(focus)
    view = answer_outcomes_view(play.store, season, offer, mine, now)
    facts = view.facts
    assert view.answerable and len(view.closing) == len(facts.closes_if_accepted)
    choice = data.draw(st.sampled_from(["ja", "nei", "stille"]), label="answer")
    event(f"answer {choice}, later rounds {facts.later_rounds}")
    event(f"names {len(facts.still_candidate_on)} ads to stay a candidate on")
    if choice != "stille":
        use_case = answers.accept_offer if choice == "ja" else answers.decline_offer
        who = next(p for p in PEOPLE if p.subject == focus)
        use_case(play.store, season, play.mailer, who=who, offer_id=offer.id, env=Env(now))
    before = {o.id: o for o in mine}
    after = {o.id: o for o in play.store.offers.by_candidate(focus)}
    changed = {i for i, o in after.items() if o.state != before[i].state}
    if choice == "ja":
        closed = {o.id for o in facts.closes_if_accepted}
        assert changed == {offer.id} | closed
        assert all(after[i].state == "takket_nei" and after[i].reason == offer.id for i in closed)
    else:
        assert changed == ({offer.id} if choice == "nei" else set())

    ran_after_svarfrist, offered_at_all = False, set()
    for at in after_the_answer(rounds, now, offer.answer_deadline):
        since = {o.ad_id for o in play.store.offers.by_candidate(focus) if o.id not in before}
        report = play.run(at)
        new = {o.ad_id for o in report.issued if o.candidate == focus}
        if choice == "ja":
            assert not new, "an acceptance ends the candidacy in the scope"
        else:
            assert offer.ad_id not in new
            if at >= offer.answer_deadline:
                assert new <= set(facts.still_candidate_on), (new, facts.still_candidate_on)
            if new & set(facts.still_candidate_on):
                event("offered an ad it named after the answer")
            check_not_passed_over(play, facts, report, since, at)
        if at >= offer.answer_deadline:
            ran_after_svarfrist |= bool(report.rounds)
            offered_at_all |= {
                a for a, (hf, _) in zip(ADS, setup.ads, strict=True) if covered(report, season, hf)
            }
        play.others_answer(at + timedelta(minutes=1), focus)
    assert ran_after_svarfrist == facts.later_rounds
    assert set(facts.still_candidate_on) <= offered_at_all, "a named ad no later round offers"
    final = {o.id: o for o in play.store.offers.by_candidate(focus)}[offer.id]
    expected = {"ja": "takket_ja", "nei": "takket_nei", "stille": "utløpt"}[choice]
    assert state_at(final, offer.answer_deadline) == expected
