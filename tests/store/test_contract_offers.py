"""The offers contract, for every adapter (memory, moto, DynamoDB Local): an offer is issued once
per ad and candidate, only to an application that stands, only while a seat is free and the
candidate holds no acceptance in the period; every answer and closing change is made from the
state it was read in and moves the ad's counts in the same write; ranked lists are saved on the
version they were made from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from lis1.domain.applications import Receipt
from lis1.domain.errors import (
    AlreadyAccepted,
    CandidateWithdrew,
    NoSeatLeft,
    OfferChanged,
    RankedListChanged,
    ReceiptTaken,
    SeatsBelowTaken,
)
from lis1.domain.offers import Offer, OfferState, RoundKey
from lis1.domain.ranking import Candidate, RankedList
from lis1.services.ports.accounts import AuditEntry
from lis1.services.ports.offers import SeatCount
from lis1.services.ports.requests import FirstRequest, Idempotency
from lis1.services.ports.store import Store

from .conftest import Backend
from .helpers import (
    OSLO_SUMMER,
    PERIOD,
    ad,
    application,
    at,
    correction,
    dynamodb_only,
    in_utc,
    receipt_for,
    withdraw,
)

DAY = 24 * 60
R1 = RoundKey(PERIOD, 1, PERIOD)
SECOND = timedelta(seconds=1)


def offer(
    ad_id: str = "ad-1", candidate: str = "sub-1", *, round: RoundKey = R1, issued: float = 0
) -> Offer:
    """An open offer, its instants in Oslo summer time (the store gives them back in UTC)."""
    return Offer(
        ad_id=ad_id,
        candidate=candidate,
        reference=f"REF-{ad_id}-{candidate}",
        round=round,
        issued_at=at(issued).astimezone(OSLO_SUMMER),
        answer_deadline=at(DAY).astimezone(OSLO_SUMMER),
        state="åpen",
        changed_at=at(issued).astimezone(OSLO_SUMMER),
    )


def moved(value: Offer, state: OfferState, minutes: float, reason: str = "") -> Offer:
    return replace(value, state=state, changed_at=at(minutes), reason=reason)


def receipt(reference: str, value: Offer, when: datetime, yes: bool = True) -> Receipt:
    return Receipt(
        reference=reference,
        at=when,
        action="takket ja til tilbud" if yes else "takket nei til tilbud",
        ad_id=value.ad_id,
        applicant=value.candidate,
        summary=f"Svar på tilbudet på {value.ad_id}.",
    )


def apply(store: Store, *pairs: tuple[str, str]) -> None:
    for ad_id, candidate in pairs:
        sent = application(ad_id, candidate, reference=f"S-{ad_id}-{candidate}")
        store.applications.submit(sent, receipt_for(sent))


def issued(store: Store, *values: Offer, seats: int = 2) -> None:
    apply(store, *((value.ad_id, value.candidate) for value in values))
    for value in values:
        assert store.offers.issue(value, seats=seats) is True


def accept(
    store: Store, value: Offer, minutes: float, *declining: Offer, **options: Any
) -> FirstRequest | None:
    """Accept ``value`` at ``minutes``, declining ``declining`` (``options``: the receipt's
    ``reference`` and ``when``, an ``idempotency`` key)."""
    yes = moved(value, "takket_ja", minutes)
    no = [moved(other, "takket_nei", minutes, value.id) for other in declining]
    reference = options.pop("reference", f"JA-{value.ad_id}-{value.candidate}")
    answer = receipt(reference, value, options.pop("when", at(minutes)))
    return store.offers.accept(yes, answer, now=at(minutes), declining=no, **options)


def decline(store: Store, value: Offer, minutes: float, **options: Any) -> FirstRequest | None:
    """Decline ``value`` at ``minutes`` (``options`` as for :func:`accept`)."""
    no = moved(value, "takket_nei", minutes)
    reference = options.pop("reference", f"NEI-{value.ad_id}-{value.candidate}")
    answer = receipt(reference, value, options.pop("when", at(minutes)), yes=False)
    return store.offers.decline(no, answer, now=at(minutes), **options)


def count(store: Store, ad_id: str = "ad-1") -> SeatCount:
    return store.offers.counts([ad_id])[ad_id]


def tally(
    seats: int | None, holding: int = 0, taken: int = 0, ad_id: str = "ad-1", **outcomes: int
) -> SeatCount:
    """What the ad's count should be, with the outcomes of the period's round 1 by name."""
    rounds = {f"{PERIOD}#1#{outcome}": n for outcome, n in outcomes.items()}
    return SeatCount(ad_id, seats, holding, taken, rounds)


def states(store: Store, scope: str = PERIOD) -> list[tuple[str, str, str]]:
    return [(o.ad_id, o.candidate, o.state) for o in store.offers.by_scope(scope)]


def audit(action: str, minutes: float) -> AuditEntry:
    return AuditEntry("annonse:ad-1", at(minutes), "hf-admin-1", action, {"grunn": "feil"})


# --- issue ----------------------------------------------------------------------------------------


def test_an_offer_round_trips_and_a_rerun_writes_nothing(store: Store) -> None:
    sent = offer()
    issued(store, sent)
    assert store.offers.by_ad(PERIOD, "ad-1") == [sent]
    assert store.offers.by_candidate("sub-1") == [sent]
    stored = store.offers.by_scope(PERIOD)[0]
    assert stored == sent and stored.issued_at.utcoffset() == timedelta(0)
    assert count(store) == tally(2, 1, offered=1)

    rerun = replace(sent, issued_at=at(5), reference="REF-annen")
    assert store.offers.issue(rerun, seats=2) is False
    assert store.offers.by_candidate("sub-1") == [sent]
    assert count(store) == tally(2, 1, offered=1)
    assert store.offers.by_scope("v2026") == [] and store.offers.by_candidate("sub-2") == []


def test_no_offer_beyond_the_seats_until_one_is_freed(store: Store) -> None:
    issued(store, offer(candidate="sub-1"), offer(candidate="sub-2"))
    third = offer(candidate="sub-3")
    apply(store, ("ad-1", "sub-3"))
    with pytest.raises(NoSeatLeft):
        store.offers.issue(third, seats=2)
    with pytest.raises(NoSeatLeft):  # the stored seats count, not the caller's
        store.offers.issue(third, seats=9)
    assert [o.candidate for o in store.offers.by_ad(PERIOD, "ad-1")] == ["sub-1", "sub-2"]
    assert count(store) == tally(2, 2, offered=2)

    decline(store, offer(candidate="sub-1"), 10)
    assert store.offers.issue(third, seats=2) is True
    assert count(store) == tally(2, 2, offered=3, declined=1)


def test_the_first_offer_sets_the_seats_beside_the_applications_count(store: Store) -> None:
    apply(store, ("ad-1", "sub-1"), ("ad-1", "sub-2"), ("ad-2", "sub-1"))
    assert count(store) == tally(None)  # the item holds the applications' count
    assert store.offers.issue(offer(candidate="sub-1"), seats=1) is True
    with pytest.raises(NoSeatLeft):
        store.offers.issue(offer(candidate="sub-2"), seats=1)
    assert count(store) == tally(1, 1, offered=1)
    assert store.applications.counts(["ad-1"]) == {"ad-1": 2}

    with pytest.raises(NoSeatLeft):  # no seats at all: nothing offered, nothing set
        store.offers.issue(offer("ad-2"), seats=0)
    assert count(store, "ad-2") == tally(None, ad_id="ad-2")
    assert store.offers.by_ad(PERIOD, "ad-2") == []


def test_no_offer_unless_the_application_stands(store: Store) -> None:
    with pytest.raises(CandidateWithdrew):  # never applied
        store.offers.issue(offer(), seats=2)
    sent = application("ad-1", "sub-1")
    store.applications.submit(sent, receipt_for(sent))
    withdraw(store, sent, "LIS1-AAAA-0002", 1)
    with pytest.raises(CandidateWithdrew):
        store.offers.issue(offer(), seats=2)
    assert store.offers.by_scope(PERIOD) == [] and count(store) == tally(None)


def test_one_acceptance_per_candidate_and_period(store: Store) -> None:
    first, second = offer("ad-1"), offer("ad-2")
    issued(store, first, second)
    accept(store, first, 10)
    with pytest.raises(AlreadyAccepted):
        accept(store, second, 11)
    assert states(store) == [("ad-1", "sub-1", "takket_ja"), ("ad-2", "sub-1", "åpen")]
    assert count(store, "ad-2") == tally(2, 1, ad_id="ad-2", offered=1)

    apply(store, ("ad-3", "sub-1"))
    for round in (R1, RoundKey("ekstra-1", 1, PERIOD)):  # an extra round draws from the period
        with pytest.raises(AlreadyAccepted):
            store.offers.issue(offer("ad-3", round=round), seats=2)
    assert store.offers.issue(offer("ad-3", round=RoundKey("v2026", 1, "v2026")), seats=2)
    assert count(store, "ad-3") == SeatCount("ad-3", 2, 1, 0, {"v2026#1#offered": 1})


# --- answers --------------------------------------------------------------------------------------


def test_accepting_declines_the_others_and_moves_every_count(store: Store) -> None:
    mine = offer("ad-1"), offer("ad-2", issued=1), offer("ad-3", round=RoundKey(PERIOD, 2, PERIOD))
    issued(store, *mine, offer("ad-1", "sub-2"))
    accept(store, mine[0], 60, mine[1], mine[2])
    assert states(store) == [
        ("ad-1", "sub-1", "takket_ja"),
        ("ad-1", "sub-2", "åpen"),
        ("ad-2", "sub-1", "takket_nei"),
        ("ad-3", "sub-1", "takket_nei"),
    ]
    declined = store.offers.by_ad(PERIOD, "ad-2")[0]
    assert declined.reason == mine[0].id and declined.changed_at == at(60)
    assert store.applications.receipt("JA-ad-1-sub-1") == receipt("JA-ad-1-sub-1", mine[0], at(60))
    counts = store.offers.counts(["ad-1", "ad-2", "ad-3"])
    assert counts == {
        "ad-1": tally(2, 2, 1, offered=2, accepted=1),
        "ad-2": tally(2, 0, 0, "ad-2", offered=1, declined=1),
        "ad-3": SeatCount("ad-3", 2, 0, 0, {"h2025#2#offered": 1, "h2025#2#declined": 1}),
    }
    with pytest.raises(OfferChanged):  # declined now: not to be accepted after all
        accept(store, mine[1], 61)


def test_an_accept_whose_declining_offer_changed_writes_nothing(store: Store) -> None:
    first, second = offer("ad-1"), offer("ad-2")
    issued(store, first, second)
    decline(store, second, 5)
    with pytest.raises(OfferChanged):
        accept(store, first, 6, second)
    assert states(store) == [("ad-1", "sub-1", "åpen"), ("ad-2", "sub-1", "takket_nei")]
    assert count(store) == tally(2, 1, offered=1)
    accept(store, first, 7)  # the refused write left no acceptance and no receipt behind


def test_an_answer_counts_until_the_svarfrist(store: Store) -> None:
    yes, no = offer("ad-1"), offer("ad-2")
    issued(store, yes, no)
    deadline = at(DAY)
    later = replace(
        moved(yes, "takket_ja", DAY), answer_deadline=at(2 * DAY)
    )  # the stored one decides
    with pytest.raises(OfferChanged):
        store.offers.accept(later, receipt("JA-1", yes, deadline), now=deadline, declining=[])
    declined = moved(no, "takket_nei", DAY)
    with pytest.raises(OfferChanged):
        store.offers.decline(declined, receipt("NEI-1", no, deadline, False), now=deadline)
    assert states(store) == [("ad-1", "sub-1", "åpen"), ("ad-2", "sub-1", "åpen")]

    just = deadline - SECOND
    store.offers.decline(declined, receipt("NEI-1", no, just, False), now=just)
    store.offers.accept(later, receipt("JA-1", yes, just), now=just, declining=[])
    assert states(store) == [("ad-1", "sub-1", "takket_ja"), ("ad-2", "sub-1", "takket_nei")]


def test_a_repeated_answer_with_its_key_gets_the_first_request(store: Store) -> None:
    now = datetime.now(UTC)  # a key is kept a day: DynamoDB Local deletes expired items
    first, second = offer("ad-1"), offer("ad-2")
    issued(store, first, second)
    yes = Idempotency("sub-1#ja", "ja ad-1")
    assert accept(store, first, 10, reference="JA-1", when=now, idempotency=yes) is None
    again = accept(store, first, 11, reference="JA-2", when=now + SECOND, idempotency=yes)
    assert again == FirstRequest("ja ad-1", "JA-1")
    assert count(store) == tally(2, 1, 1, offered=1, accepted=1)

    no = Idempotency("sub-1#nei", "nei ad-2")
    assert decline(store, second, 12, reference="NEI-1", when=now, idempotency=no) is None
    again = decline(store, second, 13, reference="NEI-2", when=now, idempotency=no)
    assert again == FirstRequest("nei ad-2", "NEI-1")
    assert store.requests.first("sub-1#nei", now=now) == FirstRequest("nei ad-2", "NEI-1")
    assert count(store, "ad-2") == tally(2, 0, 0, "ad-2", offered=1, declined=1)


def test_an_answer_whose_receipt_reference_is_taken_writes_nothing(store: Store) -> None:
    value = offer()
    issued(store, value)
    taken = "S-ad-1-sub-1"  # the application's receipt
    with pytest.raises(ReceiptTaken):
        accept(store, value, 5, reference=taken)
    with pytest.raises(ReceiptTaken):
        decline(store, value, 5, reference=taken)
    assert states(store) == [("ad-1", "sub-1", "åpen")]
    assert count(store) == tally(2, 1, offered=1)


def test_an_answer_touching_one_ad_twice_writes_its_count_once(store: Store) -> None:
    # Offers of one ad in two periods (the keys allow it): one Update of the ad's count.
    here, there = offer(), offer(round=RoundKey("v2026", 1, "v2026"))
    apply(store, ("ad-1", "sub-1"))
    assert store.offers.issue(here, seats=2) and store.offers.issue(there, seats=2)
    accept(store, here, 10, there)
    assert states(store, "v2026") == [("ad-1", "sub-1", "takket_nei")]
    rounds = {"h2025#1#offered": 1, "h2025#1#accepted": 1, "v2026#1#offered": 1}
    assert count(store) == SeatCount("ad-1", 2, 1, 1, rounds | {"v2026#1#declined": 1})


# --- closing changes ------------------------------------------------------------------------------


def test_each_closing_change_moves_its_counts_with_its_audit_entry(store: Store) -> None:
    expired, taken_back, hired, released = (offer(candidate=f"sub-{n}") for n in range(1, 5))
    issued(store, expired, taken_back, hired, released, seats=4)
    assert store.offers.close(replace(expired, state="utløpt", changed_at=at(DAY)))
    assert store.offers.close(moved(taken_back, "trukket_tilbake", 5, "feil"), audit=audit("tb", 5))
    accept(store, hired, 10)
    accept(store, released, 11)
    assert store.offers.close(moved(hired, "ansatt", 20), audit=audit("hire", 20))
    assert store.offers.close(moved(released, "frigitt", 21, "sa opp"), audit=audit("rel", 21))
    assert states(store) == [
        ("ad-1", "sub-1", "utløpt"),
        ("ad-1", "sub-2", "trukket_tilbake"),
        ("ad-1", "sub-3", "ansatt"),
        ("ad-1", "sub-4", "frigitt"),
    ]
    counted = {"offered": 4, "expired": 1, "taken_back": 1, "accepted": 2, "hired": 1}
    assert count(store) == tally(4, 1, 1, **counted, released=1)
    assert store.offers.close(moved(hired, "frigitt", 30, "sluttet"))  # a hire is released too
    assert count(store) == tally(4, 0, 0, **counted, released=2)
    assert [e.action for e in store.audit.entries("annonse:ad-1")] == ["tb", "hire", "rel"]


def test_a_release_frees_the_candidate_and_the_seat(store: Store) -> None:
    first = offer("ad-1")
    issued(store, first, seats=1)
    accept(store, first, 10)
    apply(store, ("ad-2", "sub-1"), ("ad-1", "sub-2"))
    with pytest.raises(AlreadyAccepted):
        store.offers.issue(offer("ad-2"), seats=1)
    assert store.offers.close(moved(first, "frigitt", 20, "sa opp"))
    assert store.offers.issue(offer("ad-2", issued=21), seats=1)
    accept(store, offer("ad-2", issued=21), 22)
    assert store.offers.issue(offer("ad-1", "sub-2", issued=23), seats=1)
    assert [o.ad_id for o in store.offers.by_candidate("sub-1")] == ["ad-2", "ad-1"]


def test_a_change_from_a_state_the_rules_do_not_allow_writes_nothing(store: Store) -> None:
    waiting, accepted = offer("ad-1"), offer("ad-2")
    issued(store, waiting, accepted)
    accept(store, accepted, 10)
    refused = [
        replace(accepted, state="utløpt"),
        moved(accepted, "trukket_tilbake", 11, "feil"),
        moved(waiting, "ansatt", 11),
        moved(waiting, "frigitt", 11, "feil"),
        moved(offer("ad-9"), "trukket_tilbake", 11, "feil"),  # never issued
    ]
    for change in refused:
        assert store.offers.close(change, audit=audit("nei", 11)) is False
    assert states(store) == [("ad-1", "sub-1", "åpen"), ("ad-2", "sub-1", "takket_ja")]
    assert count(store, "ad-2") == tally(2, 1, 1, "ad-2", offered=1, accepted=1)
    assert count(store, "ad-9") == tally(None, ad_id="ad-9")
    assert store.audit.entries("annonse:ad-1") == []
    assert store.offers.close(moved(accepted, "ansatt", 12)) is True
    assert store.offers.close(moved(accepted, "ansatt", 13)) is False


# --- reading --------------------------------------------------------------------------------------


def test_the_listings_and_their_orders(store: Store) -> None:
    values = [
        offer("ad-10", "sub-2", issued=1),
        offer("ad-1", "sub-3", issued=2),
        offer("ad-10", "sub-1", issued=3),
        offer("ad-1", "sub-1", issued=3),  # same instant as ad-10's
        offer("ad-2", "sub-1", round=RoundKey("ekstra-1", 1, PERIOD), issued=4),
        offer("ad-4", "sub-1", round=RoundKey("v2026", 1, "v2026"), issued=5),
    ]
    issued(store, *values)
    pairs = [(o.ad_id, o.candidate) for o in store.offers.by_scope(PERIOD)]
    assert pairs == [
        ("ad-1", "sub-1"),
        ("ad-1", "sub-3"),
        ("ad-10", "sub-1"),
        ("ad-10", "sub-2"),
        ("ad-2", "sub-1"),
    ]
    assert store.offers.by_ad(PERIOD, "ad-1") == [values[3], values[1]]  # not ad-10's
    assert store.offers.by_ad("v2026", "ad-1") == []
    newest = store.offers.by_candidate("sub-1")  # not their applications, which share gsi1
    assert [(o.ad_id, o.issued_at) for o in newest] == [
        ("ad-4", at(5)),
        ("ad-2", at(4)),
        ("ad-10", at(3)),
        ("ad-1", at(3)),
    ]
    assert newest[0] == values[5]


def test_the_counts_of_many_ads_at_once(store: Store) -> None:
    issued(store, offer("ad-7"), offer("ad-140"))
    many = store.offers.counts(f"ad-{n}" for n in range(150))  # more than one read's worth
    assert len(many) == 150 and many["ad-0"] == tally(None, ad_id="ad-0")
    assert many["ad-140"] == tally(2, 1, 0, "ad-140", offered=1)
    assert store.offers.counts([]) == {}


# --- seats of a published ad ----------------------------------------------------------------------


def test_a_published_ads_seats_are_never_fewer_than_the_taken(store: Store) -> None:
    store.ads.create(ad(status="publisert", seats=3))
    values = [offer(candidate=f"sub-{n}") for n in range(1, 4)]
    issued(store, *values, seats=3)
    accept(store, values[0], 10)
    accept(store, values[1], 11)
    with pytest.raises(SeatsBelowTaken):
        store.ads.update(
            ad(status="publisert", seats=1, version=2, updated=20),
            expected_version=1,
            audit=correction("ad-1", 20),
        )
    assert store.ads.get("ad-1") == in_utc(ad(status="publisert", seats=3))
    assert store.audit.entries("annonse:ad-1") == [] and count(store).seats == 3

    two = ad(status="publisert", seats=2, version=2, updated=21)
    store.ads.update(two, expected_version=1, audit=correction("ad-1", 21))
    assert count(store).seats == 2 and count(store).holding == 3  # the open offer stays
    with pytest.raises(NoSeatLeft):
        accept(store, values[2], 22)
    store.ads.update(ad(status="publisert", seats=4, version=3), expected_version=2, audit=None)
    apply(store, ("ad-1", "sub-4"))
    assert store.offers.issue(offer(candidate="sub-4"), seats=1)  # the seats are the ad's now
    accept(store, values[2], 23)
    assert (count(store).seats, count(store).holding, count(store).taken) == (4, 4, 3)

    store.ads.create(ad("ad-2", seats=1))  # a draft's seats are nobody's count yet
    store.ads.update(ad("ad-2", seats=5, version=2), expected_version=1, audit=None)
    assert count(store, "ad-2") == tally(None, ad_id="ad-2")


# --- ranked lists ---------------------------------------------------------------------------------


def ranked(ad_id: str, version: int, minutes: float, *references: str) -> RankedList:
    rows = tuple(Candidate(f"sub-{r}", f"LIS1-AAAA-000{r}", r == "2") for r in references)
    return RankedList(ad_id, rows, version, at(minutes).astimezone(OSLO_SUMMER), "hf-admin-1")


def test_a_ranked_list_is_saved_on_the_version_it_was_made_from(store: Store) -> None:
    assert store.rankings.get("ad-1") == RankedList("ad-1", (), 0, None, "")
    first = ranked("ad-1", 1, 1, "1", "2")
    store.rankings.save(first, expected_version=0, audit=audit("ranking", 1))
    stored = store.rankings.get("ad-1")
    assert stored == first and stored.changed_at is not None
    assert stored.changed_at.utcoffset() == timedelta(0) and stored.entries[1].withdrawn

    for expected in (0, 2):
        with pytest.raises(RankedListChanged):
            store.rankings.save(
                ranked("ad-1", 2, 2, "3"), expected_version=expected, audit=audit("x", 2)
            )
    second = ranked("ad-1", 2, 3, "1", "2", "3")
    store.rankings.save(second, expected_version=1, audit=audit("ranking", 3))
    empty = ranked("ad-2", 1, 4)
    store.rankings.save(empty, expected_version=0, audit=audit("ranking", 4))
    assert [e.action for e in store.audit.entries("annonse:ad-1")] == ["ranking"] * 3

    lists = store.rankings.many(f"ad-{n}" for n in range(150))  # more than one read's worth
    assert (lists["ad-1"], lists["ad-2"]) == (second, empty)
    assert lists["ad-3"] == RankedList("ad-3", (), 0, None, "") and len(lists) == 150


# --- DynamoDB only ------------------------------------------------------------------------------


@dynamodb_only
def test_each_change_of_an_offer_is_one_transaction(backend: Backend, store: Store) -> None:
    first, second, third = offer("ad-1"), offer("ad-2"), offer("ad-3")
    apply(store, ("ad-1", "sub-1"), ("ad-2", "sub-1"), ("ad-3", "sub-1"))
    operations = backend.guard.operations

    def sent(change: Callable[[], object]) -> list[str]:
        start = len(operations)
        change()
        return operations[start:]

    one = ["TransactWriteItems"]
    assert sent(lambda: [store.offers.issue(o, seats=2) for o in (first, second, third)]) == one * 3
    assert sent(lambda: decline(store, third, 4)) == one
    assert sent(lambda: accept(store, first, 5, second)) == one
    hire = moved(first, "ansatt", 6)
    assert sent(lambda: store.offers.close(hire, audit=audit("hire", 6))) == one
    assert sent(lambda: store.offers.by_ad(PERIOD, "ad-1")) == ["Query"]
    assert sent(lambda: store.offers.counts(f"ad-{n}" for n in range(150))) == ["BatchGetItem"] * 2

    twice = moved(second, "takket_ja", 7)
    with pytest.raises(ValueError, match="to ganger"):  # DynamoDB would refuse the transaction
        store.offers.accept(twice, receipt("R", second, at(7)), now=at(7), declining=[twice])
    assert sent(lambda: None) == []
