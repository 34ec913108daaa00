"""An ad's seats round by round from its counts, and when its ranked list is exhausted: checked
case by case and against the round engine over generated histories."""

from __future__ import annotations

from datetime import timedelta
from typing import get_args

from hypothesis import given, settings
from test_rounds import NOW, offer, situations

from lis1.domain.offers import Offer, RoundKey
from lis1.domain.ranking import Candidate
from lis1.domain.rounds import AdSeats, offers_to_issue
from lis1.domain.seats import (
    OUTCOMES,
    RoundTally,
    free_seats,
    list_exhausted,
    round_by_round,
    standing,
    still_standing,
    summed,
    tally,
)
from lis1.services.ports.offers import Outcome

ONE = RoundKey("p", 1, "p")
TWO = RoundKey("p", 2, "p")
STATES = ["åpen", "takket_ja", "takket_nei", "utløpt", "trukket_tilbake", "frigitt", "ansatt"]


def ranked(*people: str, withdrawn: tuple[str, ...] = ()) -> list[Candidate]:
    return [Candidate(p, f"ref-{p}", p in withdrawn) for p in people]


def test_the_outcomes_are_those_the_count_item_counts() -> None:
    assert set(OUTCOMES) == set(get_args(Outcome))


def test_unanswered_offers_wait_until_the_svarfrist_and_are_expired_from_it() -> None:
    counts = {"offered": 5, "accepted": 1, "declined": 1, "expired": 0, "taken_back": 1}
    before = tally(ONE, counts, NOW + timedelta(seconds=1), NOW)
    assert (before.waiting, before.expired) == (2, 0)
    at = tally(ONE, counts, NOW, NOW)
    assert (at.waiting, at.expired) == (0, 2)
    recorded = tally(ONE, {**counts, "expired": 2}, NOW, NOW)  # the job wrote them down
    assert (recorded.waiting, recorded.expired) == (0, 2)


def test_filled_counts_acceptances_still_held_and_open_what_nobody_holds() -> None:
    first = tally(ONE, {"offered": 3, "accepted": 2, "hired": 1, "released": 1}, NOW, NOW)
    second = tally(TWO, {"offered": 2, "accepted": 1}, NOW + timedelta(days=1), NOW)
    assert first.filled == 1 and first.expired == 1
    now = standing(4, [first, second])
    assert (now.filled, now.waiting, now.open) == (2, 1, 1)
    lines = round_by_round(4, [first, second])
    assert [(x.after.filled, x.after.open) for x in lines] == [(1, 3), (2, 1)]
    assert standing(1, [first, second]).open == 0  # never below nothing


def test_rounds_are_summed_per_round_over_ads() -> None:
    a = RoundTally(ONE, offered=2, accepted=1, waiting=1)
    b = RoundTally(ONE, offered=1, declined=1)
    c = RoundTally(TWO, offered=1, waiting=1)
    assert summed([a, c, b]) == [RoundTally(ONE, offered=3, accepted=1, declined=1, waiting=1), c]


def test_a_list_is_exhausted_when_everyone_was_offered_the_ad_before() -> None:
    so_far = [offer("a", "kari", "takket_nei"), offer("a", "ola", "utløpt")]
    assert list_exhausted(AdSeats("a", 1), ranked("kari", "ola"), so_far, NOW)
    assert not list_exhausted(AdSeats("a", 1), ranked("kari", "ola", "siv"), so_far, NOW)


def test_a_list_is_exhausted_when_those_left_withdrew_or_accepted_elsewhere() -> None:
    so_far = [offer("a", "kari", "takket_nei"), offer("b", "ola", "takket_ja")]
    rows = ranked("kari", "ola", "siv", withdrawn=("siv",))
    assert list_exhausted(AdSeats("a", 1), rows, so_far, NOW)
    hired_elsewhere = [offer("a", "kari", "takket_nei"), offer("b", "ola", "ansatt")]
    assert list_exhausted(AdSeats("a", 1), ranked("kari", "ola"), hired_elsewhere, NOW)
    # An open offer elsewhere or a release there does not bind: ola can still be offered.
    for state in ("åpen", "takket_nei", "frigitt"):
        elsewhere = [offer("a", "kari", "takket_nei"), offer("b", "ola", state)]
        assert not list_exhausted(AdSeats("a", 1), ranked("kari", "ola"), elsewhere, NOW)


def test_a_list_with_no_free_seat_is_never_exhausted() -> None:
    so_far = [offer("a", "kari", "takket_ja"), offer("a", "ola")]
    assert not list_exhausted(AdSeats("a", 2), ranked("kari", "ola"), so_far, NOW)
    assert not list_exhausted(AdSeats("a", 0), [], [], NOW)
    # The svarfrist passed without an answer: ola's seat is free, and nobody is left.
    assert list_exhausted(AdSeats("a", 2), ranked("kari", "ola"), so_far, NOW + timedelta(days=1))
    assert free_seats(AdSeats("a", 2), so_far, NOW + timedelta(days=1)) == 1


def test_applications_that_no_longer_stand_are_marked_withdrawn() -> None:
    rows = ranked("kari", "ola", "siv", withdrawn=("siv",))
    marked = still_standing(rows, {"ref-kari", "ref-siv"})
    assert [c.withdrawn for c in marked] == [False, True, True]


# --- against the round engine, over the histories test_rounds generates ----------------------


@settings(max_examples=400, deadline=None)
@given(situations())
def test_exhausted_exactly_when_the_engine_offers_a_free_seat_to_nobody(
    situation: tuple[list[AdSeats], dict[str, list[Candidate]], list[Offer]],
) -> None:
    ads, lists, so_far = situation
    new = offers_to_issue(ads, lists, so_far, NOW)  # the whole round, every ad at once
    for ad in ads:
        offered_now = any(n.ad_id == ad.ad_id for n in new)
        free = free_seats(ad, so_far, NOW) > 0
        assert list_exhausted(ad, lists[ad.ad_id], so_far, NOW) == (free and not offered_now)
        # With only the ad's own offers a True still holds for all (the page reads no more).
        own = [o for o in so_far if o.ad_id == ad.ad_id]
        if list_exhausted(ad, lists[ad.ad_id], own, NOW):
            assert list_exhausted(ad, lists[ad.ad_id], so_far, NOW)
