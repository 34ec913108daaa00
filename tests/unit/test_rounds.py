"""When rounds run, and the round engine: which offers a round makes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from lis1.catalog.models import Round
from lis1.demo import demo_period, seed
from lis1.domain.offers import HOLDS_SEAT, TAKEN, Offer, RoundKey, state_at
from lis1.domain.ranking import Candidate
from lis1.domain.rounds import (
    AdSeats,
    offers_to_issue,
    running_rounds,
    schedule,
)
from lis1.store.bundle import memory_store

KEY = RoundKey("p", 1, "p")
NOW = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)


def offer(ad: str, who: str, state: str = "åpen", deadline: datetime | None = None) -> Offer:
    return Offer(
        ad_id=ad,
        candidate=who,
        reference=f"ref-{who}",
        round=KEY,
        issued_at=NOW - timedelta(days=3),
        answer_deadline=deadline or NOW + timedelta(days=1),
        state=state,  # type: ignore[arg-type]
        changed_at=NOW - timedelta(days=3),
    )


def ranked(*people: str, withdrawn: tuple[str, ...] = ()) -> list[Candidate]:
    return [Candidate(p, f"ref-{p}", p in withdrawn) for p in people]


def issued(new: list[object]) -> list[tuple[str, str]]:
    return [(n.ad_id, n.candidate) for n in new]  # type: ignore[attr-defined]


def test_round_one_offers_each_ad_its_seats_from_the_top_of_its_list() -> None:
    new = offers_to_issue(
        [AdSeats("a", 2), AdSeats("b", 1)],
        {"a": ranked("kari", "ola", "siv"), "b": ranked("kari", "ahmed")},
        [],
        NOW,
    )
    assert issued(new) == [("a", "kari"), ("a", "ola"), ("b", "kari")]
    assert new[0].reference == "ref-kari"


def test_freed_seats_go_to_the_next_candidates_not_offered_that_ad_before() -> None:
    past = NOW - timedelta(seconds=1)
    so_far = [
        offer("a", "kari", "takket_nei"),
        offer("a", "ola", deadline=past),  # silent past the svarfrist: expired, seat freed
        offer("a", "siv", "takket_ja"),
        offer("a", "nora", "trukket_tilbake"),
    ]
    new = offers_to_issue(
        [AdSeats("a", 3)],
        {"a": ranked("kari", "ola", "siv", "nora", "eva", "per", "liv")},
        so_far,
        NOW,
    )
    assert issued(new) == [("a", "eva"), ("a", "per")]


def test_nobody_who_accepted_or_is_hired_anywhere_in_the_period_gets_a_new_offer() -> None:
    so_far = [
        offer("x", "kari", "takket_ja"),
        offer("y", "ola", "ansatt"),
        offer("z", "siv", "frigitt"),
    ]
    new = offers_to_issue(
        [AdSeats("a", 3)],
        {"a": ranked("kari", "ola", "siv", "eva", withdrawn=("eva",))},
        so_far,
        NOW,
    )
    assert issued(new) == [("a", "siv")]  # released: free again; eva withdrew


def test_open_offers_hold_their_seats_until_the_svarfrist() -> None:
    so_far = [offer("a", "kari"), offer("a", "ola")]
    assert (
        offers_to_issue([AdSeats("a", 2)], {"a": ranked("kari", "ola", "siv")}, so_far, NOW) == []
    )
    later = so_far[0].answer_deadline
    assert issued(
        offers_to_issue([AdSeats("a", 2)], {"a": ranked("kari", "ola", "siv")}, so_far, later)
    ) == [("a", "siv")]


def test_seats_corrected_below_what_is_held_offer_nothing() -> None:
    so_far = [offer("a", "kari", "takket_ja"), offer("a", "ola")]
    assert (
        offers_to_issue([AdSeats("a", 1)], {"a": ranked("kari", "ola", "siv")}, so_far, NOW) == []
    )


def test_rounds_run_from_eight_on_the_tilbud_day_until_the_svarfrist() -> None:
    period = demo_period(date(2026, 4, 1))
    first = schedule(period)[0]
    day = period.rounds[0].offer
    assert first.offers_from == datetime(
        day.year, day.month, day.day, 6, 0, tzinfo=UTC
    )  # 08:00 summer time
    assert running_rounds([period], first.offers_from - timedelta(seconds=1)) == []
    assert running_rounds([period], first.offers_from) == [first]
    assert running_rounds([period], first.answer_deadline - timedelta(seconds=1)) == [first]
    assert running_rounds([period], first.answer_deadline) == []


def test_a_round_with_a_date_missing_never_runs() -> None:
    period = demo_period(date(2026, 4, 1))
    undated = Round(
        number=1, offer=period.rounds[0].offer, answer_by=None, marking=None, note="ukjent"
    )
    changed = period.model_copy(update={"rounds": [undated, *period.rounds[1:]]})
    assert [r.key.number for r in schedule(changed)] == [2, 3, 4, 5]
    assert running_rounds([changed], schedule(period)[0].offers_from) == []


# --- invariants over any history the engine may meet ---------------------------------------------

PEOPLE = [f"p{i}" for i in range(8)]
ADS = ["a", "b", "c"]
STATES = ["åpen", "takket_ja", "takket_nei", "utløpt", "trukket_tilbake", "frigitt", "ansatt"]


@st.composite
def situations(draw: st.DrawFn) -> tuple[list[AdSeats], dict[str, list[Candidate]], list[Offer]]:
    ads = [AdSeats(ad, draw(st.integers(0, 4))) for ad in ADS]
    lists = {
        ad: [
            Candidate(p, f"ref-{p}", draw(st.booleans()) and draw(st.booleans()))
            for p in draw(st.permutations(PEOPLE))[: draw(st.integers(0, 8))]
        ]
        for ad in ADS
    }
    pairs = draw(st.sets(st.tuples(st.sampled_from(ADS), st.sampled_from(PEOPLE)), max_size=10))
    so_far = [
        offer(
            ad, who, draw(st.sampled_from(STATES)), NOW + timedelta(hours=draw(st.integers(-5, 5)))
        )
        for ad, who in sorted(pairs)
    ]
    return ads, lists, so_far


@settings(max_examples=400, deadline=None)
@given(situations())
def test_the_engine_never_over_offers_repeats_or_offers_the_taken(
    situation: tuple[list[AdSeats], dict[str, list[Candidate]], list[Offer]],
) -> None:
    ads, lists, so_far = situation
    new = offers_to_issue(ads, lists, so_far, NOW)
    taken = {o.candidate for o in so_far if state_at(o, NOW) in TAKEN}
    before = {(o.ad_id, o.candidate) for o in so_far}
    pairs = issued(new)
    assert len(pairs) == len(set(pairs))
    for ad in ads:
        held = sum(1 for o in so_far if o.ad_id == ad.ad_id and state_at(o, NOW) in HOLDS_SEAT)
        mine = [who for a, who in pairs if a == ad.ad_id]
        assert len(mine) <= max(0, ad.seats - held)
        eligible = [
            c.candidate
            for c in lists[ad.ad_id]
            if not c.withdrawn
            and c.candidate not in taken
            and (ad.ad_id, c.candidate) not in before
        ]
        assert mine == eligible[: max(0, ad.seats - held)]  # the next ones, in list order
    for ad_id, who in pairs:
        assert who not in taken and (ad_id, who) not in before
    # A rerun with the new offers written issues nothing more.
    written = so_far + [offer(n.ad_id, n.candidate) for n in new]
    assert offers_to_issue(ads, lists, written, NOW) == []


def test_the_demo_period_is_anchored_on_oslos_day_not_utcs() -> None:
    # 23:30 UTC on 30 November is already 1 December in Oslo.
    store = memory_store()
    assert seed(store, datetime(2026, 11, 30, 23, 30, tzinfo=UTC)) == date(2026, 12, 1)
