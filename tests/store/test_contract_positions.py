"""The positions contract, for every adapter: ads, applications and receipts, and the rule
that no one administers where they have applied."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from lis1.domain.ads import Ad
from lis1.domain.errors import (
    AdChanged,
    AdministersOrganisation,
    AppliedThere,
    NotADraft,
    NothingToWithdraw,
)
from lis1.errors import Conflict
from lis1.identity import Grant, Role
from lis1.services.ports.accounts import AuditEntry, grant_entity
from lis1.services.ports.store import Store

from .helpers import (
    AD_CHANGED,
    ALREADY_APPLIED,
    EDITOR,
    HF,
    HF_ADMIN,
    KOMMUNE_ADMIN,
    OSLO_SUMMER,
    PERIOD,
    T0,
    ad,
    application,
    at,
    correction,
    in_utc,
    receipt_for,
    utc_application,
    utc_receipt,
    withdraw,
    withdrawal,
)

if TYPE_CHECKING:
    pass


# --- ads ---------------------------------------------------------------------------------------


def test_an_ad_round_trips_with_instants_in_utc(store: Store) -> None:
    draft, rest = ad("ad-1"), ad("ad-2", period_id=None, status="publisert", updated=5)
    store.ads.create(draft)
    store.ads.create(rest)
    assert store.ads.get("ad-1") == in_utc(draft)
    assert store.ads.get("ad-2") == in_utc(rest)
    stored = store.ads.get("ad-2")
    assert stored is not None and stored.published_at == at(5)
    assert stored.published_at.utcoffset() == timedelta(0)
    assert stored.content.reststilling and stored.content.ends == date(2026, 2, 28)
    assert store.ads.get("ukjent") is None


def test_an_ad_id_is_taken_once(store: Store) -> None:
    store.ads.create(ad())
    with pytest.raises(Conflict):
        store.ads.create(ad(organisation="helse-fonna", seats=9))
    assert store.ads.get("ad-1") == in_utc(ad())
    assert store.ads.by_organisation("helse-fonna") == []


def test_an_ad_with_a_naive_instant_is_refused(store: Store) -> None:
    naive = replace(ad(), created_at=datetime(2024, 1, 1, 12))  # noqa: DTZ001
    with pytest.raises(ValueError, match="tidssone"):
        store.ads.create(naive)
    assert store.ads.get("ad-1") is None
    store.ads.create(ad())
    with pytest.raises(ValueError, match="tidssone"):
        store.ads.update(replace(naive, version=2), expected_version=1, audit=None)
    assert store.ads.get("ad-1") == in_utc(ad())


def test_an_update_needs_the_version_it_was_based_on(store: Store) -> None:
    store.ads.create(ad())
    second = ad(seats=3, version=2, updated=10)
    store.ads.update(second, expected_version=1, audit=None)
    assert store.ads.get("ad-1") == in_utc(second)

    stale = ad(seats=7, version=2, updated=11)  # someone else also started from version 1
    with pytest.raises(Conflict) as raised:
        store.ads.update(stale, expected_version=1, audit=None)
    assert raised.value.message == AD_CHANGED
    assert store.ads.get("ad-1") == in_utc(second)
    assert store.ads.by_organisation(HF) == [in_utc(second)]

    with pytest.raises(Conflict):
        store.ads.update(ad("ukjent", version=2), expected_version=1, audit=None)
    assert store.ads.get("ukjent") is None
    assert store.ads.by_period(PERIOD) == [in_utc(second)]


def test_a_correction_is_audited_in_the_same_write(store: Store) -> None:
    store.ads.create(ad(status="publisert"))
    corrected = ad(status="publisert", seats=3, version=2, updated=20)
    store.ads.update(corrected, expected_version=1, audit=correction("ad-1", 20))
    assert store.ads.get("ad-1") == in_utc(corrected)
    assert store.audit.entries("annonse:ad-1") == [correction("ad-1", 20)]

    # A refused update leaves no audit entry behind.
    with pytest.raises(Conflict):
        store.ads.update(
            ad(status="publisert", seats=4, version=2, updated=30),
            expected_version=1,
            audit=correction("ad-1", 30, actor="hf-admin-3"),
        )
    again = ad(status="publisert", seats=5, version=3, updated=40)
    store.ads.update(again, expected_version=2, audit=None)  # a draft-like edit: no entry
    store.ads.update(
        ad(status="publisert", seats=6, version=4, updated=50),
        expected_version=3,
        audit=AuditEntry(
            "annonse:ad-1", at(50).astimezone(OSLO_SUMMER), "hf-admin-2", "correct", {}
        ),
    )
    entries = store.audit.entries("annonse:ad-1")
    assert [(e.at, e.actor, e.detail) for e in entries] == [
        (at(20), "hf-admin-2", {"felt": "seats", "fra": "2", "til": "3"}),
        (at(50), "hf-admin-2", {}),
    ]


def test_an_audit_entry_about_another_entity_is_refused(store: Store) -> None:
    store.ads.create(ad())
    with pytest.raises(ValueError, match="annonse:ad-1"):
        store.ads.update(ad(version=2), expected_version=1, audit=correction("ad-2", 1))
    assert store.ads.get("ad-1") == in_utc(ad())
    assert store.audit.entries("annonse:ad-2") == []


def test_ads_by_period_and_by_organisation_by_id_drafts_included(store: Store) -> None:
    for value in [
        ad("ad-c"),
        ad("ad-a", status="publisert"),
        ad("ad-b", organisation="helse-fonna"),
        ad("ad-e", period_id="v2026"),
        ad("ad-d", period_id=None),
        ad("ad-f", organisation="helse-fonna", period_id=None, status="publisert"),
    ]:
        store.ads.create(value)

    def ids(ads: list[Ad]) -> list[str]:
        return [value.id for value in ads]

    assert ids(store.ads.by_period(PERIOD)) == ["ad-a", "ad-b", "ad-c"]
    assert ids(store.ads.by_period("v2026")) == ["ad-e"]
    assert ids(store.ads.by_period(None)) == ["ad-d", "ad-f"]
    assert store.ads.by_period("ukjent") == []
    assert ids(store.ads.by_organisation(HF)) == ["ad-a", "ad-c", "ad-d", "ad-e"]
    assert ids(store.ads.by_organisation("helse-fonna")) == ["ad-b", "ad-f"]
    assert store.ads.by_organisation("ukjent") == []
    assert store.ads.by_organisation(HF)[0] == in_utc(ad("ad-a", status="publisert"))
    many = store.ads.many(["ad-f", "ad-a", "ukjent", "ad-a"])
    assert many == {
        "ad-a": in_utc(ad("ad-a", status="publisert")),
        "ad-f": in_utc(ad("ad-f", organisation="helse-fonna", period_id=None, status="publisert")),
    }
    assert store.ads.many([]) == {}


def test_the_listings_follow_a_changed_period_and_organisation(store: Store) -> None:
    store.ads.create(ad("ad-1"))
    moved = ad("ad-1", period_id=None, version=2, updated=1)
    store.ads.update(moved, expected_version=1, audit=None)
    assert store.ads.by_period(PERIOD) == []
    assert store.ads.by_period(None) == [in_utc(moved)]

    other_hf = ad("ad-1", organisation="helse-fonna", period_id=None, version=3, updated=2)
    store.ads.update(other_hf, expected_version=2, audit=None)
    assert store.ads.by_organisation(HF) == []
    assert store.ads.by_organisation("helse-fonna") == [in_utc(other_hf)]
    assert store.ads.by_period(None) == [in_utc(other_hf)]
    assert store.ads.get("ad-1") == in_utc(other_hf)


# --- applications ------------------------------------------------------------------------------


def test_an_application_and_its_receipt_round_trip(store: Store) -> None:
    sent = application()
    store.applications.submit(sent, receipt_for(sent))
    stored = store.applications.get("ad-1", "sub-1")
    assert stored == utc_application(sent)
    assert stored is not None and stored.submitted_at.utcoffset() == timedelta(0)
    assert store.applications.receipt("LIS1-AAAA-0001") == utc_receipt(receipt_for(sent))
    assert store.applications.get("ad-1", "sub-2") is None
    assert store.applications.get("ad-2", "sub-1") is None
    assert store.applications.receipt("LIS1-ZZZZ-9999") is None


def test_an_empty_cover_text_round_trips(store: Store) -> None:
    sent = application(cover_text="")
    store.applications.submit(sent, receipt_for(sent))
    assert store.applications.get("ad-1", "sub-1") == utc_application(sent)


def test_one_live_application_per_ad_and_applicant(store: Store) -> None:
    first = application()
    store.applications.submit(first, receipt_for(first))
    second = application(reference="LIS1-AAAA-0002", submitted=5, cover_text="Igjen")
    with pytest.raises(Conflict) as raised:
        store.applications.submit(second, receipt_for(second))
    assert raised.value.code == "har_allerede_søkt"
    assert raised.value.message == ALREADY_APPLIED
    assert store.applications.get("ad-1", "sub-1") == utc_application(first)
    assert store.applications.receipt("LIS1-AAAA-0002") is None

    # Other ads and other applicants are not affected.
    other_ad = application("ad-2", reference="LIS1-AAAA-0003")
    other_applicant = application(applicant="sub-2", reference="LIS1-AAAA-0004")
    store.applications.submit(other_ad, receipt_for(other_ad))
    store.applications.submit(other_applicant, receipt_for(other_applicant))


def test_a_receipt_reference_is_used_once(store: Store) -> None:
    first = application()
    store.applications.submit(first, receipt_for(first))
    clash = application("ad-2", "sub-2")  # same reference
    with pytest.raises(Conflict) as raised:
        store.applications.submit(clash, receipt_for(clash))
    assert raised.value.code != "har_allerede_søkt"
    assert store.applications.get("ad-2", "sub-2") is None
    assert store.applications.receipt("LIS1-AAAA-0001") == utc_receipt(receipt_for(first))


def test_withdraw_then_apply_again(store: Store) -> None:
    sent = application()
    store.applications.submit(sent, receipt_for(sent))
    withdrawn = withdraw(store, sent, "LIS1-AAAA-0002", 10)
    assert store.applications.get("ad-1", "sub-1") == utc_application(withdrawn)
    assert store.applications.receipt("LIS1-AAAA-0002") == utc_receipt(receipt_for(withdrawn))
    assert store.applications.receipt("LIS1-AAAA-0001") == utc_receipt(receipt_for(sent))

    again = application(reference="LIS1-AAAA-0003", submitted=20, version=3, cover_text="Ny")
    store.applications.submit(again, receipt_for(again))
    assert store.applications.get("ad-1", "sub-1") == utc_application(again)
    assert store.applications.by_ad("ad-1") == [utc_application(again)]
    assert store.applications.by_applicant("sub-1") == [utc_application(again)]

    twice = application(reference="LIS1-AAAA-0004", submitted=30, version=4)
    with pytest.raises(Conflict) as raised:
        store.applications.submit(twice, receipt_for(twice))
    assert raised.value.code == "har_allerede_søkt"


def test_an_applicants_receipts_newest_first_and_only_theirs(store: Store) -> None:
    sent = application()
    store.applications.submit(sent, receipt_for(sent))
    withdrawn = withdraw(store, sent, "LIS1-AAAA-0002", 10)
    other = application("ad-2", reference="LIS1-AAAA-0003", submitted=5)
    store.applications.submit(other, receipt_for(other))
    theirs = application(applicant="sub-2", reference="LIS1-AAAA-0004", submitted=7)
    store.applications.submit(theirs, receipt_for(theirs))
    assert store.applications.receipts("sub-1") == [
        utc_receipt(receipt_for(v)) for v in (withdrawn, other, sent)
    ]
    assert store.applications.receipts("sub-2") == [utc_receipt(receipt_for(theirs))]
    assert store.applications.receipts("sub-3") == []


def test_withdraw_needs_a_sent_application(store: Store) -> None:
    unknown = withdrawal(application(), "LIS1-AAAA-0009", 1)
    with pytest.raises(NothingToWithdraw) as raised:
        store.applications.withdraw("ad-1", "sub-1", receipt_for(unknown))
    assert raised.value.code == "ingen_søknad"
    assert store.applications.get("ad-1", "sub-1") is None
    assert store.applications.receipt("LIS1-AAAA-0009") is None

    sent = application()
    store.applications.submit(sent, receipt_for(sent))
    withdrawn = withdraw(store, sent, "LIS1-AAAA-0003", 6)
    twice = withdrawal(withdrawn, "LIS1-AAAA-0004", 7)
    with pytest.raises(NothingToWithdraw):
        store.applications.withdraw("ad-1", "sub-1", receipt_for(twice))
    assert store.applications.get("ad-1", "sub-1") == utc_application(withdrawn)
    assert store.applications.receipt("LIS1-AAAA-0004") is None

    # Another applicant's application to the ad is theirs to withdraw.
    theirs = application(applicant="sub-2", reference="LIS1-AAAA-0005", submitted=8)
    store.applications.submit(theirs, receipt_for(theirs))
    with pytest.raises(NothingToWithdraw):
        store.applications.withdraw("ad-1", "sub-3", receipt_for(withdrawal(theirs, "R-9", 9)))


def test_the_store_numbers_the_versions(store: Store) -> None:
    sent = application(version=7)  # whatever the caller says: the store counts
    store.applications.submit(sent, receipt_for(sent))
    stored = store.applications.get("ad-1", "sub-1")
    assert stored is not None and stored.version == 1
    withdrawn = withdraw(store, replace(sent, version=1), "LIS1-AAAA-0002", 1)
    assert store.applications.get("ad-1", "sub-1") == utc_application(withdrawn)
    again = application(reference="LIS1-AAAA-0003", submitted=2, version=0)
    store.applications.submit(again, receipt_for(again))
    stored = store.applications.get("ad-1", "sub-1")
    assert stored is not None and stored.version == 3


def test_an_applicants_applications_newest_first_an_ads_oldest_first(store: Store) -> None:
    values = [
        application("ad-b", "sub-1", reference="R-1", submitted=10),
        application("ad-a", "sub-1", reference="R-2", submitted=30),
        application("ad-c", "sub-1", reference="R-3", submitted=20),
        application("ad-d", "sub-1", reference="R-4", submitted=20),  # same instant as ad-c
        application("ad-a", "sub-2", reference="R-5", submitted=5),
        application("ad-a", "sub-3", reference="R-6", submitted=40),
        application("ad-a", "sub-0", reference="R-7", submitted=40),  # same instant as sub-3
    ]
    for value in values:
        store.applications.submit(value, receipt_for(value))
    withdrawn = withdraw(store, values[5], "R-8", 50)

    mine = store.applications.by_applicant("sub-1")
    assert [(a.ad_id, a.submitted_at) for a in mine] == [
        ("ad-a", at(30)),
        ("ad-d", at(20)),
        ("ad-c", at(20)),
        ("ad-b", at(10)),
    ]
    assert mine[0] == utc_application(values[1])
    by_ad = store.applications.by_ad("ad-a")
    assert [(a.applicant, a.status) for a in by_ad] == [
        ("sub-2", "sendt"),
        ("sub-1", "sendt"),
        ("sub-0", "sendt"),
        ("sub-3", "trukket"),
    ]
    assert by_ad[3] == utc_application(withdrawn)
    assert store.applications.by_applicant("sub-3") == [utc_application(withdrawn)]
    assert store.applications.by_applicant("ukjent") == []
    assert store.applications.by_ad("ukjent") == []


def test_applications_and_ads_do_not_mix(store: Store) -> None:
    store.ads.create(ad("ad-1"))
    sent = application("ad-1")
    store.applications.submit(sent, receipt_for(sent))
    assert store.ads.get("ad-1") == in_utc(ad("ad-1"))
    assert store.ads.by_period(PERIOD) == [in_utc(ad("ad-1"))]
    assert store.applications.by_ad("ad-1") == [utc_application(sent)]
    store.ads.update(ad("ad-1", version=2), expected_version=1, audit=None)
    assert store.applications.get("ad-1", "sub-1") == utc_application(sent)


def test_only_a_draft_at_its_version_is_deleted(store: Store) -> None:
    store.ads.create(ad("ad-1"))
    store.ads.create(ad("ad-2", status="publisert"))
    with pytest.raises(AdChanged):
        store.ads.delete_draft("ad-1", expected_version=2)
    with pytest.raises(NotADraft):
        store.ads.delete_draft("ad-2", expected_version=1)
    store.ads.delete_draft("ad-1", expected_version=1)
    assert store.ads.get("ad-1") is None
    assert [a.id for a in store.ads.by_organisation(HF)] == ["ad-2"]
    assert [a.id for a in store.ads.every()] == ["ad-2"]
    with pytest.raises(AdChanged):  # gone
        store.ads.delete_draft("ad-1", expected_version=1)


def test_counts_are_the_applications_that_stand(store: Store) -> None:
    assert store.applications.counts(["ad-1", "ad-2"]) == {"ad-1": 0, "ad-2": 0}
    first = application("ad-1", "sub-1")
    second = application("ad-1", "sub-2", reference="LIS1-AAAA-0002", submitted=1)
    other = application("ad-2", "sub-1", reference="LIS1-AAAA-0003", submitted=2)
    for value in (first, second, other):
        store.applications.submit(value, receipt_for(value))
    assert store.applications.counts(["ad-1", "ad-2", "ad-3"]) == {"ad-1": 2, "ad-2": 1, "ad-3": 0}
    withdraw(store, first, "LIS1-AAAA-0004", 3)
    assert store.applications.counts(["ad-1"]) == {"ad-1": 1}
    again = replace(first, reference="LIS1-AAAA-0005", submitted_at=at(4), changed_at=at(4))
    store.applications.submit(again, receipt_for(again))
    assert store.applications.counts(["ad-1"]) == {"ad-1": 2}
    many = [f"ad-{n}" for n in range(150)]  # more than one read's worth
    assert sum(store.applications.counts(many).values()) == 3


# --- conflict of interest: administrators do not apply where they administer ----------------------

CONFLICTING = frozenset({HF_ADMIN, KOMMUNE_ADMIN})


def test_an_administrator_cannot_apply_to_their_own_organisation(store: Store) -> None:
    store.users.grant("sub-1", KOMMUNE_ADMIN, actor="redaktør", at=T0)
    sent = application()
    with pytest.raises(AdministersOrganisation):
        store.applications.submit(sent, receipt_for(sent), conflicting=CONFLICTING)
    assert store.applications.get("ad-1", "sub-1") is None
    assert store.applications.receipt("LIS1-AAAA-0001") is None
    # Elsewhere they apply as anyone does.
    store.applications.submit(sent, receipt_for(sent), conflicting=frozenset({EDITOR}))


def test_no_grant_while_an_application_there_is_open(store: Store) -> None:
    first = application()
    second = application("ad-2", reference="LIS1-AAAA-0002", submitted=1)
    for value in (first, second):
        store.applications.submit(value, receipt_for(value), conflicting=CONFLICTING)
    for grant in (HF_ADMIN, KOMMUNE_ADMIN):
        with pytest.raises(AppliedThere):
            store.users.grant("sub-1", grant, actor="redaktør", at=at(2))
    assert store.users.grants("sub-1") == frozenset()
    assert store.audit.entries(grant_entity("sub-1", HF_ADMIN)) == []
    # Other organisations, other people and roles without an organisation are not affected.
    assert store.users.grant("sub-1", Grant(Role.HF_ADMIN, "helse-fonna"), actor="r", at=at(3))
    assert store.users.grant("sub-2", HF_ADMIN, actor="r", at=at(3))
    assert store.users.grant("sub-1", EDITOR, actor="r", at=at(3))

    withdraw(store, first, "LIS1-AAAA-0003", 4, conflicting=CONFLICTING)
    with pytest.raises(AppliedThere):  # the second application is still open
        store.users.grant("sub-1", HF_ADMIN, actor="redaktør", at=at(5))
    withdraw(store, second, "LIS1-AAAA-0004", 6, conflicting=CONFLICTING)
    assert store.users.grant("sub-1", HF_ADMIN, actor="redaktør", at=at(7))


def test_an_application_stops_blocking_a_grant_the_day_the_position_starts(store: Store) -> None:
    # Withdrawing ends with the søknadsfrist; hiring is over when the position starts.
    sent = application()
    store.applications.submit(
        sent, receipt_for(sent), conflicting=CONFLICTING, open_until=date(2027, 3, 1)
    )
    last_evening = datetime(2027, 2, 28, 22, 59, tzinfo=UTC)  # 23:59 in Oslo
    with pytest.raises(AppliedThere):
        store.users.grant("sub-1", HF_ADMIN, actor="redaktør", at=last_evening)
    first_morning = datetime(2027, 2, 28, 23, 0, tzinfo=UTC)  # midnight in Oslo
    assert store.users.grant("sub-1", HF_ADMIN, actor="redaktør", at=first_morning)
    # An application to another ad of the same kommune, open longer, still counts.
    later = application("ad-2", reference="LIS1-AAAA-0002", submitted=1)
    store.applications.submit(
        later,
        receipt_for(later),
        conflicting=frozenset({KOMMUNE_ADMIN}),
        open_until=date(2027, 9, 1),
    )
    with pytest.raises(AppliedThere):
        store.users.grant("sub-1", KOMMUNE_ADMIN, actor="redaktør", at=first_morning)
