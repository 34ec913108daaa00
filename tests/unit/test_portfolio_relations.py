"""The rules of the relations on a portfolio: who waits for the employer, and who may not
confirm."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lis1.domain.portfolio import relations as rules
from lis1.domain.portfolio.errors import NothingToApprove, OwnConfirmation, RelationEnded

NOW = datetime(2026, 11, 30, 10, tzinfo=UTC)


def relation(kind: rules.RelationKind) -> rules.Relation:
    role = rules.PortfolioRole("lis", "job", kind, "helse-bergen", "Lise Dahl")
    return rules.made(role, relation_id="r1", subject="per", name="Per Aas", now=NOW)


def test_a_leder_and_an_approver_wait_for_the_employer_the_others_count_at_once() -> None:
    assert {kind: relation(kind).status for kind in rules.RELATION_KINDS} == {
        "leder": "venter_på_arbeidsgiver",
        "godkjenner": "venter_på_arbeidsgiver",
        "veileder": "aktiv",
        "supervisør": "aktiv",
    }
    assert not relation("leder").counts and relation("veileder").counts


def test_nobody_confirms_their_own_approver_or_themselves() -> None:
    waiting = relation("leder")
    for who in ("lis", "per"):
        with pytest.raises(OwnConfirmation):
            rules.confirm(waiting, by=who, now=NOW)
    confirmed = rules.confirm(waiting, by="ola", now=NOW)
    assert confirmed.counts and confirmed.confirmed_by == "ola" and confirmed.version == 2
    with pytest.raises(NothingToApprove):
        rules.confirm(confirmed, by="ola", now=NOW)
    ended = rules.end(confirmed, by="lis", now=NOW)
    assert not ended.counts
    with pytest.raises(RelationEnded):
        rules.confirm(ended, by="ola", now=NOW)
    with pytest.raises(RelationEnded):
        rules.end(ended, by="lis", now=NOW)
