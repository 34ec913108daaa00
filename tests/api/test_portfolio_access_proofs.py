"""Every route of what the portfolio proves (issue 16) refused to everyone but its rightful
caller: the progress and the report (the LIS's, and a reader's through their relation), the
HPR number, the signed export, and the employers' bekreftelser på tjenestetid.

The cases run on the world and machinery of tests/api/test_portfolio_access.py. A reader is
a confirmed leder or approver or the veileder (Per, Knut, Anne); a supervisør (Jon, Hanne) reads
no report, a leder the kommune has not confirmed (Tor) none. A bekreftelse is the employer's:
Ola (Helse Bergen) makes and reads the one for Kari's hospital year; Siv (Bergen kommune) does
not reach it, nor the form for the hospital year; another HF's administrator (Ingrid) and an
editor find nothing. The report and a reader's progress hold no comment, recommendation or
conversation even for their rightful caller.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from . import test_portfolio_access as part1
from .portfolio_world import KARI, OLA, World, confirmation_form
from .test_portfolio_access import (
    SECRETS,
    Case,
    Request,
    check_case,
    path,
    post,
    reads,
    relation_variants,
)

more_people, shared, fresh = part1.more_people, part1.shared, part1.fresh

NOT_FOUND = frozenset({404})
WORDS = tuple(k for k in SECRETS if k.startswith(("comment-", "goal-", "conversation-")))
"""What a report never holds: comments, recommendations and decisions' words, conversations."""
ADMINS_SEE_THE_NAME = {p: frozenset({"name"}) for p in ("ola", "siv")}
CONFIRMATIONS = "/arbeidsgiver/bekreftelser"


def ola_posts_the_form(world: World) -> Request:
    """Ola's filled-in form for Kari's hospital year."""
    body = confirmation_form(world, OLA, "sykehus")
    return Request("POST", f"{CONFIRMATIONS}/{world.employments['sykehus']}", body)


def siv_on_the_hospital_year(
    template: str, method: str = "GET"
) -> Callable[[World, str], list[Request]]:
    """Siv, an administrator of Kari's kommune, with the hospital year's ids: not hers."""

    def variants(world: World, persona: str) -> list[Request]:
        if persona != "siv":
            return []
        filled = template.format(emp=world.employments["sykehus"], conf=world.confirmations["ola"])
        body = confirmation_form(world, OLA, "sykehus") if method == "POST" else None
        return [Request(method, filled, body, NOT_FOUND)]

    return variants


CASES: dict[tuple[str, str], Case] = {
    # The LIS's own.
    ("GET", "/portefolje/fremdrift"): Case(
        path("/portefolje/fremdrift"), ("kari",), 200, KARI.name, "own", hidden=WORDS
    ),
    ("GET", "/portefolje/rapport"): Case(
        path("/portefolje/rapport"), ("kari",), 200, KARI.name, "own", hidden=WORDS
    ),
    ("POST", "/portefolje/hpr"): Case(
        post("/portefolje/hpr", {"hpr": "7654321"}), ("kari",), 200, '"hpr": "7654321"', "own"
    ),
    ("GET", "/portefolje/eksport"): Case(path("/portefolje/eksport"), ("kari",), 200, None, "own"),
    ("GET", "/portefolje/bekreftelser/{confirmation_id}"): Case(
        path("/portefolje/bekreftelser/{conf_ola}"), ("kari",), 200, KARI.name, refusal=NOT_FOUND
    ),
    # A reader of the portfolio, from Veiledning.
    ("GET", "/veiledning/fremdrift"): Case(
        path("/veiledning/fremdrift"), ("per",), 200, KARI.name, "own", hidden=WORDS
    ),
    ("GET", "/veiledning/{relation_id}/fremdrift"): Case(
        path("/veiledning/{rel_per_leder}/fremdrift"),
        ("per",),
        200,
        KARI.name,
        own_ids=relation_variants(reads, "/veiledning/{relation_id}/fremdrift"),
        refusal=NOT_FOUND,
        hidden=WORDS,
    ),
    ("GET", "/veiledning/{relation_id}/rapport"): Case(
        path("/veiledning/{rel_anne_veileder}/rapport"),
        ("anne",),
        200,
        KARI.name,
        own_ids=relation_variants(reads, "/veiledning/{relation_id}/rapport"),
        refusal=NOT_FOUND,
        hidden=WORDS,
    ),
    ("GET", "/veiledning/{relation_id}/eksport"): Case(
        path("/veiledning/{rel_knut_godkjenner}/eksport"),
        ("knut",),
        200,
        own_ids=relation_variants(reads, "/veiledning/{relation_id}/eksport"),
        refusal=NOT_FOUND,
    ),
    # The employer's bekreftelse på tjenestetid.
    ("GET", CONFIRMATIONS): Case(
        path(CONFIRMATIONS), ("ola",), 200, KARI.name, "own", sees=ADMINS_SEE_THE_NAME
    ),
    ("GET", CONFIRMATIONS + "/{employment_id}"): Case(
        path(CONFIRMATIONS + "/{emp_sykehus}"),
        ("ola",),
        200,
        KARI.name,
        own_ids=siv_on_the_hospital_year(CONFIRMATIONS + "/{emp}"),
        sees=ADMINS_SEE_THE_NAME,
    ),
    ("POST", CONFIRMATIONS + "/{employment_id}"): Case(
        ola_posts_the_form,
        ("ola",),
        201,
        KARI.name,
        own_ids=siv_on_the_hospital_year(CONFIRMATIONS + "/{emp}", "POST"),
        sees=ADMINS_SEE_THE_NAME,
    ),
    ("GET", CONFIRMATIONS + "/{employment_id}/{confirmation_id}"): Case(
        path(CONFIRMATIONS + "/{emp_sykehus}/{conf_ola}"),
        ("ola",),
        200,
        KARI.name,
        own_ids=siv_on_the_hospital_year(CONFIRMATIONS + "/{emp}/{conf}"),
        sees=ADMINS_SEE_THE_NAME,
    ),
}


@pytest.mark.parametrize("route", list(CASES), ids=[f"{m} {p}" for m, p in CASES])
def test_only_the_rightful_caller_gets_through(
    shared: World, fresh: World, route: tuple[str, str]
) -> None:
    check_case(shared, fresh, CASES[route])
