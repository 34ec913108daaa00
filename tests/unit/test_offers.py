"""The offer's state machine: answers until the svarfrist (one second either side of midnight
Oslo, also in the weeks the clocks change), silence as a no, the HF's release and take-back."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from lis1.domain import offers
from lis1.domain.errors import AnswerTooLate, NotAccepted, OfferNotOpen
from lis1.domain.offers import Offer, RoundKey, state_at
from lis1.errors import InvalidInput
from lis1.oslo import end_of_day_utc

SECOND = timedelta(seconds=1)


def an_offer(deadline_day: date = date(2026, 5, 13), **changes: object) -> Offer:
    deadline = end_of_day_utc(deadline_day)
    values: dict[str, object] = {
        "ad_id": "ad1",
        "candidate": "kari",
        "reference": "LIS1-ABCD-2345",
        "round": RoundKey("2026-var", 1, "2026-var"),
        "issued_at": deadline - timedelta(days=2),
        "answer_deadline": deadline,
        "state": "åpen",
        "changed_at": deadline - timedelta(days=2),
    }
    values.update(changes)
    return Offer(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "midnight_utc"),
    [
        (date(2026, 5, 13), datetime(2026, 5, 13, 22, 0, tzinfo=UTC)),  # summer time
        (date(2026, 1, 13), datetime(2026, 1, 13, 23, 0, tzinfo=UTC)),  # winter time
        (date(2026, 3, 28), datetime(2026, 3, 28, 23, 0, tzinfo=UTC)),  # spring forward next day
        (date(2026, 3, 29), datetime(2026, 3, 29, 22, 0, tzinfo=UTC)),  # the day of the change
        (date(2026, 10, 24), datetime(2026, 10, 24, 22, 0, tzinfo=UTC)),  # fall back next day
        (date(2026, 10, 25), datetime(2026, 10, 25, 23, 0, tzinfo=UTC)),  # the day of the change
    ],
)
def test_an_answer_counts_until_midnight_oslo_and_not_a_second_after(
    day: date, midnight_utc: datetime
) -> None:
    offer = an_offer(day)
    assert offer.answer_deadline == midnight_utc
    assert offers.accept(offer, midnight_utc - SECOND).state == "takket_ja"
    assert offers.decline(offer, midnight_utc - SECOND).state == "takket_nei"
    assert state_at(offer, midnight_utc - SECOND) == "åpen"
    assert state_at(offer, midnight_utc) == "utløpt"
    for answer in (offers.accept, offers.decline):
        with pytest.raises(AnswerTooLate):
            answer(offer, midnight_utc)
        with pytest.raises(AnswerTooLate):
            answer(offer, midnight_utc + SECOND)


def test_silence_is_a_no_recorded_at_the_deadline() -> None:
    offer = an_offer()
    with pytest.raises(OfferNotOpen):
        offers.expire(offer, offer.answer_deadline - SECOND)
    expired = offers.expire(offer, offer.answer_deadline + timedelta(days=3))
    assert expired.state == "utløpt" and expired.changed_at == offer.answer_deadline
    with pytest.raises(OfferNotOpen):
        offers.expire(expired, offer.answer_deadline + timedelta(days=3))


@pytest.mark.parametrize("state", sorted((offers.FINAL | {"takket_ja"}) - {"utløpt"}))
def test_an_answered_offer_cannot_be_answered_again(state: str) -> None:
    offer = an_offer(state=state)
    now = offer.answer_deadline - timedelta(hours=1)
    for answer in (offers.accept, offers.decline):
        with pytest.raises(OfferNotOpen):
            answer(offer, now)
    with pytest.raises(OfferNotOpen):
        offers.take_back(offer, now, "feil")


def test_only_an_acceptance_is_marked_and_late_marking_is_noted() -> None:
    accepted = offers.accept(an_offer(), an_offer().issued_at)
    marking = accepted.answer_deadline + timedelta(hours=12)
    assert offers.hire(accepted, marking, marking).hired_late is False
    assert offers.hire(accepted, marking + SECOND, marking).hired_late is True
    with pytest.raises(NotAccepted):
        offers.hire(an_offer(), marking, marking)


def test_release_and_take_back_need_a_reason_and_the_right_state() -> None:
    offer = an_offer()
    now = offer.issued_at
    with pytest.raises(InvalidInput):
        offers.take_back(offer, now, "  ")
    with pytest.raises(InvalidInput):
        offers.take_back(offer, now, "x" * (offers.MAX_REASON + 1))
    taken = offers.take_back(offer, now, " Sendt til feil kandidat ")
    assert taken.state == "trukket_tilbake" and taken.reason == "Sendt til feil kandidat"
    with pytest.raises(NotAccepted):
        offers.release(offer, now, "grunn")
    hired = offers.hire(offers.accept(offer, now), now, None)
    released = offers.release(hired, now, "Fikk ikke lisens i tide")
    assert released.state == "frigitt" and released.state in offers.FINAL


def test_the_offer_id_is_the_same_for_the_same_ad_and_candidate_only() -> None:
    assert offers.offer_id("ad1", "kari") == an_offer().id
    assert offers.offer_id("ad1", "kari") != offers.offer_id("ad1", "ola")
    assert offers.offer_id("ad1", "kari") != offers.offer_id("ad2", "kari")
    assert len(an_offer().id) == offers.OFFER_ID_LENGTH
