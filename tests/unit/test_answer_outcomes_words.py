"""The facts of "what happens if I answer" for chosen states, and how they are worded: three
open offers, one, none; later rounds or none; an extra round for some HFs only; an offer that is
closed or an acceptance already held; and never a word about a rank."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from lis1.api.presenters.answer_outcomes import (
    AnswerOutcomesView,
    OwnState,
    count_word,
    own_state,
    sections,
    worded,
)
from lis1.catalog import load_catalog
from lis1.domain.ads import Ad, AdContent, AdStatus
from lis1.domain.answer_outcomes import ScopeRound, answer_outcomes, scope_rounds
from lis1.domain.applications import Application, ApplicationStatus
from lis1.domain.offers import Offer, OfferState, RoundKey
from lis1.domain.rounds import ScheduledRound
from lis1.oslo import end_of_day_utc
from lis1.services.rounds import every_series

ROOT = Path(__file__).resolve().parents[2]
SCOPE = "2026-var"
SVARFRIST = date(2026, 5, 13)
DEADLINE = end_of_day_utc(SVARFRIST)
NOW = DEADLINE - timedelta(days=1)
NAMES = {
    "a": "Sted A – Helse Bergen HF",
    "b": "Sted B – Helse Bergen HF",
    "c": "Sted C – Oslo universitetssykehus HF",
    "d": "Sted D – Oslo universitetssykehus HF",
    "e": "Sted E – Helse Bergen HF",
    "f": "Sted F – Oslo universitetssykehus HF",
}
HF = {
    ad: "oslo-universitetssykehus" if "Oslo" in name else "helse-bergen"
    for ad, name in NAMES.items()
}


def an_offer(ad: str, state: OfferState = "åpen", scope: str = SCOPE, **changes: object) -> Offer:
    values: dict[str, object] = {
        "ad_id": ad,
        "candidate": "kari",
        "reference": "LIS1-ABCD-2345",
        "round": RoundKey(scope, 1, scope),
        "issued_at": DEADLINE - timedelta(days=2),
        "answer_deadline": DEADLINE,
        "state": state,
        "changed_at": DEADLINE - timedelta(days=2),
    }
    values.update(changes)
    return Offer(**values)  # type: ignore[arg-type]


def a_round(number: int, weeks_later: int, series: str = SCOPE) -> ScheduledRound:
    deadline = DEADLINE + timedelta(weeks=weeks_later)
    return ScheduledRound(
        RoundKey(series, number, SCOPE),
        deadline - timedelta(days=2),
        deadline,
        deadline + timedelta(hours=12),
    )


THIS_ROUND = ScopeRound(a_round(1, 0), None)
NEXT_ROUND = ScopeRound(a_round(2, 1), None)


def outcomes(
    offers: list[Offer],
    standing: list[str],
    rounds: tuple[ScopeRound, ...] = (THIS_ROUND, NEXT_ROUND),
    now: datetime = NOW,
) -> AnswerOutcomesView:
    own = OwnState({ad: HF[ad] for ad in standing}, NAMES, rounds, "våren 2026")
    return worded(answer_outcomes(offers[0], offers, own.standing, own.rounds, now), own)


def test_a_yes_with_three_open_offers_closes_the_two_others_by_name() -> None:
    view = outcomes(
        [
            an_offer("a"),
            an_offer("b"),
            an_offer("c"),
            an_offer("d", scope="2025-host"),  # another period: untouched
            an_offer("e", answer_deadline=NOW),  # expired: nothing to close
        ],
        ["a", "b", "c", "e"],
    )
    assert [o.ad_id for o in view.facts.closes_if_accepted] == ["b", "c"]
    assert view.if_yes == (
        "Svaret er bindende: etter et ja er det bare helseforetaket som kan frigi deg.",
        "Du får ingen flere tilbud i søknadsperioden våren 2026, heller ikke i senere runder "
        "eller ekstrarunder.",
        "Dine to andre åpne tilbud avslås samtidig: Sted B – Helse Bergen HF og "
        "Sted C – Oslo universitetssykehus HF.",
    )
    assert view.closing == (NAMES["b"], NAMES["c"])
    assert "Et nei endrer ikke dine to andre åpne tilbud: dem kan du fortsatt svare på." in (
        view.if_no
    )
    assert view.facts.still_candidate_on == ()  # b, c and e were offered: never again
    assert view.if_no[-1] == "Du har ingen andre søknader i perioden som er med i senere runder."


def test_one_other_offer_or_none() -> None:
    one = outcomes([an_offer("a"), an_offer("b")], [])
    assert one.if_yes[-1] == "Ditt andre åpne tilbud avslås samtidig: Sted B – Helse Bergen HF."
    assert (
        one.if_no[1] == "Et nei endrer ikke ditt andre åpne tilbud: det kan du fortsatt svare på."
    )
    alone = outcomes([an_offer("a"), an_offer("b", "takket_nei")], [])
    assert alone.if_yes[-1] == "Du har ingen andre åpne tilbud i perioden som avslås."
    assert alone.closing == () and len(alone.if_no) == 2


def test_a_no_keeps_the_standing_applications_never_offered_in_the_later_rounds() -> None:
    view = outcomes(
        [an_offer("a"), an_offer("b", "utløpt")],
        ["a", "b", "c", "e"],  # d was withdrawn: it does not stand
    )
    assert view.facts.later_rounds and view.facts.still_candidate_on == ("c", "e")
    assert view.if_no == (
        "Et nei er endelig: du får ikke tilbud på Sted A – Helse Bergen HF igjen.",
        "Søknadene dine til Sted C – Oslo universitetssykehus HF og Sted E – Helse Bergen HF "
        "står fortsatt, og de er med i senere runder.",
    )
    one = outcomes([an_offer("a")], ["a", "c"])
    assert one.if_no[-1] == (
        "Søknaden din til Sted C – Oslo universitetssykehus HF står fortsatt, og den er med i "
        "senere runder."
    )


def test_in_the_last_round_a_no_ends_the_chance_and_no_round_follows() -> None:
    view = outcomes([an_offer("a")], ["a", "c", "e"], rounds=(THIS_ROUND,))
    assert not view.facts.later_rounds and view.facts.still_candidate_on == ()
    assert view.if_no == (
        "Et nei er endelig: du får ikke tilbud på Sted A – Helse Bergen HF igjen.",
        "Det kommer ingen flere runder i søknadsperioden våren 2026 etter denne.",
    )
    # A round ending on the same svarfrist (an extra round alongside) is not a later one.
    alongside = ScopeRound(a_round(1, 0, "2026-ekstra"), frozenset({"helse-bergen"}))
    assert not outcomes([an_offer("a")], ["e"], rounds=(THIS_ROUND, alongside)).facts.later_rounds


def test_a_later_extra_round_keeps_only_the_ads_of_its_hfs() -> None:
    extra = ScopeRound(a_round(1, 3, "2026-ekstra"), frozenset({"oslo-universitetssykehus"}))
    view = outcomes([an_offer("a")], ["a", "c", "e", "f"], rounds=(THIS_ROUND, extra))
    assert view.facts.later_rounds and view.facts.still_candidate_on == ("c", "f")
    # A round that began before this svarfrist but ends after it still offers after it.
    overlapping = ScopeRound(
        ScheduledRound(RoundKey(SCOPE, 2, SCOPE), NOW, DEADLINE + timedelta(days=1), DEADLINE),
        None,
    )
    assert outcomes([an_offer("a")], ["e"], rounds=(overlapping,)).facts.still_candidate_on == (
        "e",
    )


def test_silence_is_a_no_at_the_svarfrist_in_words() -> None:
    view = outcomes([an_offer("a")], [])
    assert view.if_silent == (
        "Svarer du ikke innen onsdag 13. mai 2026 kl. 23.59 (norsk tid), regnes det som et nei.",
        "Det får de samme følgene som om du takker nei.",
    )
    assert view.facts.expires_at == DEADLINE and view.facts.svarfrist == SVARFRIST


@pytest.mark.parametrize(
    ("offers", "now", "blocked"),
    [
        (
            [an_offer("a")],
            DEADLINE,
            "Tilbudet kan ikke besvares lenger: ikke svart innen svarfristen.",
        ),
        ([an_offer("a", "takket_nei")], NOW, "Tilbudet kan ikke besvares lenger: takket nei."),
        (
            [an_offer("a"), an_offer("b", "ansatt")],
            NOW,
            "Du har allerede takket ja til Sted B – Helse Bergen HF i denne perioden, og kan ikke "
            "takke ja til flere tilbud.",
        ),
    ],
)
def test_an_offer_that_cannot_be_answered_says_why_and_nothing_more(
    offers: list[Offer], now: datetime, blocked: str
) -> None:
    view = outcomes([*offers, an_offer("c")], ["a", "b", "c", "e"], now=now)
    assert not view.answerable and not view.facts.binding and view.blocked == blocked
    assert view.if_yes == view.if_no == view.if_silent == view.closing == ()
    assert view.facts.closes_if_accepted == ()
    if offers[-1].state == "ansatt":
        assert view.facts.still_candidate_on == ()  # an acceptance ends the candidacy


def test_no_sentence_speaks_of_a_rank() -> None:
    view = outcomes([an_offer("a"), an_offer("b")], ["a", "b", "c", "e"])
    for sentence in (*view.if_yes, *view.if_no, *view.if_silent[1:]):
        words = sentence.replace("våren 2026", "")  # the period's name has a year
        assert not re.search(r"\d|plass|nummer|liste|rangert|innstill", words), sentence


def test_the_chosen_answer_comes_first() -> None:
    view = outcomes([an_offer("a")], [])
    assert [s.id for s in sections(view, "ja")] == ["ja", "nei", "stille"]
    assert [s.id for s in sections(view, "nei")] == ["nei", "ja", "stille"]
    assert [count_word(n) for n in (1, 2, 10, 11)] == ["ett", "to", "ti", "11"]


def test_a_periods_rounds_and_its_extra_rounds_for_the_hfs_taking_part() -> None:
    loaded = load_catalog(ROOT / "data")
    assert loaded.catalog is not None
    found = scope_rounds(every_series(loaded.catalog), "2020-var")
    extra = [r for r in found if r.round.key.series == "2020-sommer"]
    assert extra and {r.round.key.scope for r in found} == {"2020-var"}  # spring 2020: no dates
    assert all(r.covers("helse-bergen") for r in found)
    assert not any(r.covers("finnmarkssykehuset") for r in extra)
    assert [r.round.offers_from for r in found] == sorted(r.round.offers_from for r in found)
    autumn = scope_rounds(every_series(loaded.catalog), "2024-host")
    assert len(autumn) == 4 and all(r.organisations is None for r in autumn)  # round 5 unknown


def test_only_applications_that_stand_to_published_ads_of_the_period_count() -> None:
    loaded = load_catalog(ROOT / "data")
    assert loaded.catalog is not None
    at = datetime(2024, 9, 1, tzinfo=UTC)

    def ad(ad_id: str, period: str = "2024-host", status: AdStatus = "publisert") -> Ad:
        content = AdContent(
            "helse-bergen", f"Sted {ad_id}", 1, "bergen-kommune", date(2025, 3, 1), "x", period,
            None, None,
        )  # fmt: skip
        return Ad(ad_id, content, status, 1, "hf", at, at, at)

    def applied(ad_id: str, status: ApplicationStatus = "sendt") -> Application:
        return Application(ad_id, "kari", "", status, "LIS1-ABCD-2345", at, at, 1)

    ads = {a.id: a for a in (ad("a"), ad("b"), ad("c", "2024-var"), ad("d", status="utkast"))}
    applications = [applied("a"), applied("b", "trukket"), applied("c"), applied("d")]
    own = own_state(loaded.catalog, "2024-host", applications, ads)
    assert own.standing == {"a": "helse-bergen"}
    assert own.names["b"] == "Sted b – Helse Bergen HF" and own.period_name == "høsten 2024"
    assert len(own.rounds) == 4
