"""One contract for every storage adapter: memory, moto and DynamoDB Local behave the same.

Each test runs once per adapter (the ``adapter`` fixture in conftest.py). Tests of what only
the DynamoDB adapter has (transaction retries, the idempotency helper, the table itself) name
their adapters with ``pytest.mark.parametrize``; nothing here is skipped.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import pytest

from lis1.devtools import dynamodb_local
from lis1.devtools.dynamodb_local import free_port
from lis1.domain.positions import Ad, AdContent, Application, Receipt
from lis1.errors import Conflict, Unavailable
from lis1.identity import Grant, Role, User
from lis1.services.ports import (
    AuditEntry,
    ConflictOfInterest,
    FirstRequest,
    Idempotency,
    LoginState,
    Session,
    Store,
    grant_entity,
)
from lis1.store import dynamodb
from lis1.store.dynamodb import (
    BACKOFF_CAP,
    TRANSACT_ATTEMPTS,
    TransactionCancelled,
    ping,
    put_idempotent,
)
from lis1.store.schema import TTL_ATTRIBUTE, ensure_table

from .conftest import DYNAMODB_ADAPTERS, Backend

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

# The Sunday clocks go back in Oslo: DST weeks are where off-by-one-hour bugs live.
T0 = datetime(2024, 10, 27, 0, 30, tzinfo=UTC)
OSLO_SUMMER = timezone(timedelta(hours=2))

HF = "helse-bergen"
KOMMUNE = "bergen"
HF_ADMIN = Grant(Role.HF_ADMIN, HF)
KOMMUNE_ADMIN = Grant(Role.KOMMUNE_ADMIN, KOMMUNE)
EDITOR = Grant(Role.EDITOR)

dynamodb_only = pytest.mark.parametrize("adapter", DYNAMODB_ADAPTERS, indirect=True)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


# --- users ---------------------------------------------------------------------------------------


def test_an_unknown_user_is_none(store: Store) -> None:
    assert store.users.get("ukjent") is None
    assert store.users.grants("ukjent") == frozenset()


def test_save_creates_and_updates_but_keeps_created_at(store: Store) -> None:
    first = User("sub-1", "Kari Nordmann", "kari@example.no", T0.astimezone(OSLO_SUMMER))
    store.users.save(first)
    saved = store.users.get("sub-1")
    assert saved == replace(first, created_at=T0)
    assert saved is not None and saved.created_at.utcoffset() == timedelta(0)

    store.users.save(User("sub-1", "Kari Nordmann Hansen", None, at(60)))
    assert store.users.get("sub-1") == User("sub-1", "Kari Nordmann Hansen", None, T0)

    store.users.save(User("sub-1", "Kari N. Hansen", "kari@example.com", at(120)))
    assert store.users.get("sub-1") == User("sub-1", "Kari N. Hansen", "kari@example.com", T0)


def test_instants_must_carry_a_time_zone(store: Store) -> None:
    with pytest.raises(ValueError, match="tidssone"):
        store.users.save(User("sub-1", "Kari", None, datetime(2024, 1, 1, 12)))  # noqa: DTZ001
    with pytest.raises(ValueError, match="tidssone"):
        store.users.grant("sub-1", HF_ADMIN, actor="editor-1", at=T0.replace(tzinfo=None))
    assert store.users.get("sub-1") is None
    assert store.users.grants("sub-1") == frozenset()


# --- grants --------------------------------------------------------------------------------------


def test_a_grant_is_given_once(store: Store) -> None:
    assert store.users.grant("sub-1", HF_ADMIN, actor="editor-1", at=at(1)) is True
    assert store.users.grant("sub-1", HF_ADMIN, actor="editor-2", at=at(2)) is False
    assert store.users.grants("sub-1") == frozenset({HF_ADMIN})
    assert [e.actor for e in store.audit.entries(grant_entity("sub-1", HF_ADMIN))] == ["editor-1"]


def test_revoke_takes_away_only_what_is_held(store: Store) -> None:
    assert store.users.revoke("sub-1", HF_ADMIN, actor="editor-1", at=at(1)) is False
    store.users.grant("sub-1", HF_ADMIN, actor="editor-1", at=at(2))
    store.users.grant("sub-1", KOMMUNE_ADMIN, actor="editor-1", at=at(3))
    assert store.users.revoke("sub-1", HF_ADMIN, actor="editor-2", at=at(4)) is True
    assert store.users.revoke("sub-1", HF_ADMIN, actor="editor-2", at=at(5)) is False
    assert store.users.grants("sub-1") == frozenset({KOMMUNE_ADMIN})
    assert store.users.grants("sub-2") == frozenset()


def test_grants_without_an_organisation(store: Store) -> None:
    assert store.users.grant("sub-1", EDITOR, actor="seed", at=at(1)) is True
    assert store.users.grants("sub-1") == frozenset({EDITOR})
    assert store.users.holders(HF) == []
    entries = store.audit.entries(grant_entity("sub-1", EDITOR))
    assert [(e.entity, e.action, e.detail) for e in entries] == [
        ("bruker:sub-1", "grant", {"subject": "sub-1", "role": "editor"})
    ]


def test_holders_of_an_organisation_by_subject(store: Store) -> None:
    other_hf = Grant(Role.HF_ADMIN, "helse-fonna")
    for subject, grant in [
        ("sub-c", HF_ADMIN),
        ("sub-a", HF_ADMIN),
        ("sub-b", other_hf),
        ("sub-b", EDITOR),
        ("sub-d", HF_ADMIN),
        ("sub-a", KOMMUNE_ADMIN),
    ]:
        store.users.grant(subject, grant, actor="editor-1", at=at(1))
    store.users.revoke("sub-d", HF_ADMIN, actor="editor-1", at=at(2))

    assert store.users.holders(HF) == [("sub-a", HF_ADMIN), ("sub-c", HF_ADMIN)]
    assert store.users.holders("helse-fonna") == [("sub-b", other_hf)]
    assert store.users.holders(KOMMUNE) == [("sub-a", KOMMUNE_ADMIN)]
    assert store.users.holders("ukjent") == []


def test_audit_entries_oldest_first_with_actor_action_and_detail(store: Store) -> None:
    store.users.grant("sub-2", HF_ADMIN, actor="editor-1", at=at(30).astimezone(OSLO_SUMMER))
    store.users.grant("sub-1", HF_ADMIN, actor="editor-1", at=at(10))
    store.users.grant("sub-1", HF_ADMIN, actor="editor-1", at=at(15))  # held: no entry
    store.users.revoke("sub-1", HF_ADMIN, actor="editor-2", at=at(20))
    store.users.revoke("sub-1", HF_ADMIN, actor="editor-2", at=at(25))  # gone: no entry
    store.users.grant("sub-1", KOMMUNE_ADMIN, actor="editor-1", at=at(5))

    entity = grant_entity("sub-1", HF_ADMIN)
    assert entity == f"organisasjon:{HF}"
    entries = store.audit.entries(entity)
    assert entries == [
        AuditEntry(entity, at(10), "editor-1", "grant", {"subject": "sub-1", "role": "hf_admin"}),
        AuditEntry(entity, at(20), "editor-2", "revoke", {"subject": "sub-1", "role": "hf_admin"}),
        AuditEntry(entity, at(30), "editor-1", "grant", {"subject": "sub-2", "role": "hf_admin"}),
    ]
    assert all(entry.at.utcoffset() == timedelta(0) for entry in entries)
    assert [e.action for e in store.audit.entries(f"organisasjon:{KOMMUNE}")] == ["grant"]
    assert store.audit.entries("organisasjon:ukjent") == []


def test_audit_entries_are_copies(store: Store) -> None:
    store.users.grant("sub-1", HF_ADMIN, actor="editor-1", at=at(1))
    store.audit.entries(f"organisasjon:{HF}")[0].detail["role"] = "endret"
    assert store.audit.entries(f"organisasjon:{HF}")[0].detail["role"] == "hf_admin"


# --- sessions and sign-ins ---------------------------------------------------------------------


def session(token_hash: str = "a" * 64, *, expires: float = 60) -> Session:
    return Session(token_hash, "sub-1", "csrf-token", T0, at(expires))


def test_a_session_lives_until_it_expires(store: Store) -> None:
    created = session()
    store.sessions.create(created)
    assert store.sessions.get(created.token_hash, now=T0) == created
    assert store.sessions.get(created.token_hash, now=at(59.99)) == created
    assert store.sessions.get(created.token_hash, now=at(60)) is None
    assert store.sessions.get(created.token_hash, now=at(61).astimezone(OSLO_SUMMER)) is None
    assert store.sessions.get("b" * 64, now=T0) is None


def test_a_deleted_session_is_gone(store: Store) -> None:
    store.sessions.create(session("a" * 64))
    store.sessions.create(session("b" * 64))
    store.sessions.delete("a" * 64)
    store.sessions.delete("a" * 64)  # twice is harmless
    store.sessions.delete("c" * 64)
    assert store.sessions.get("a" * 64, now=T0) is None
    assert store.sessions.get("b" * 64, now=T0) == session("b" * 64)


def test_a_session_token_is_not_reused(store: Store) -> None:
    store.sessions.create(session())
    with pytest.raises(Conflict):
        store.sessions.create(replace(session(), subject="sub-2"))
    assert store.sessions.get("a" * 64, now=T0) == session()


def login(state: str = "state-1", *, expires: float = 10) -> LoginState:
    return LoginState(state, "verifier", "nonce", "/min-side/?fane=søknader", at(expires))


def test_a_login_state_is_taken_once(store: Store) -> None:
    store.logins.put(login())
    store.logins.put(login("state-2"))
    assert store.logins.take("state-1", now=at(5)) == login()
    assert store.logins.take("state-1", now=at(5)) is None
    assert store.logins.take("ukjent", now=at(5)) is None
    assert store.logins.take("state-2", now=at(5)) == login("state-2")


def test_an_expired_login_state_is_none_and_gone(store: Store) -> None:
    store.logins.put(login())
    assert store.logins.take("state-1", now=at(10)) is None
    assert store.logins.take("state-1", now=T0) is None


def test_a_login_state_is_not_reused(store: Store) -> None:
    store.logins.put(login())
    with pytest.raises(Conflict):
        store.logins.put(replace(login(), nonce="another"))
    assert store.logins.take("state-1", now=T0) == login()


# --- settings ------------------------------------------------------------------------------------


def test_clock_offset_round_trip(store: Store) -> None:
    assert store.settings.clock_offset() == timedelta(0)
    offset = timedelta(days=3, hours=2, microseconds=500_000)
    store.settings.set_clock_offset(offset, actor="dev", at=at(1))
    assert store.settings.clock_offset() == offset
    store.settings.set_clock_offset(-timedelta(days=400), actor="dev", at=at(2))
    assert store.settings.clock_offset() == -timedelta(days=400)
    entries = store.audit.entries("innstilling:clock")
    assert [(e.actor, e.action, e.detail) for e in entries] == [
        ("dev", "set_clock_offset", {"offset_seconds": "266400.5"}),
        ("dev", "set_clock_offset", {"offset_seconds": "-34560000"}),
    ]


def test_demo_anchor_round_trip(store: Store) -> None:
    assert store.settings.demo_anchor() is None
    store.settings.set_demo_anchor(date(2024, 10, 27), actor="demo-seed", at=at(1))
    assert store.settings.demo_anchor() == date(2024, 10, 27)
    assert store.settings.clock_offset() == timedelta(0)
    entries = store.audit.entries("innstilling:demo_anchor")
    assert [(e.action, e.detail) for e in entries] == [
        ("set_demo_anchor", {"anchor": "2024-10-27"})
    ]


# --- ads -----------------------------------------------------------------------------------------

PERIOD = "h2025"
AD_CHANGED = "Annonsen er endret av noen andre i mellomtiden. Last siden på nytt."


def ad(
    ad_id: str = "ad-1",
    *,
    organisation: str = HF,
    period_id: str | None = PERIOD,
    status: str = "utkast",
    version: int = 1,
    seats: int = 2,
    updated: float = 0,
) -> Ad:
    rest = period_id is None
    content = AdContent(
        organisation=organisation,
        place="Haukeland universitetssjukehus, Bergen",
        seats=seats,
        kommune=KOMMUNE,
        starts=date(2025, 9, 1),
        description="Sykehusdelen «først», så kommunen.\nEn ny linje – og æøå.",
        period_id=period_id,
        application_deadline=date(2025, 3, 31) if rest else None,
        ends=date(2026, 2, 28) if rest else None,
    )
    published = at(updated).astimezone(OSLO_SUMMER) if status == "publisert" else None
    return Ad(
        id=ad_id,
        content=content,
        status=status,  # type: ignore[arg-type]
        version=version,
        created_by="hf-admin-1",
        created_at=T0.astimezone(OSLO_SUMMER),
        updated_at=at(updated).astimezone(OSLO_SUMMER),
        published_at=published,
    )


def in_utc(value: Ad) -> Ad:
    """What the store gives back: every instant in UTC."""
    published = value.published_at.astimezone(UTC) if value.published_at else None
    return replace(
        value,
        created_at=value.created_at.astimezone(UTC),
        updated_at=value.updated_at.astimezone(UTC),
        published_at=published,
    )


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


def correction(ad_id: str, minutes: float, actor: str = "hf-admin-2") -> AuditEntry:
    detail = {"felt": "seats", "fra": "2", "til": "3"}
    return AuditEntry(f"annonse:{ad_id}", at(minutes), actor, "correct", detail)


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


# --- applications --------------------------------------------------------------------------------

ALREADY_APPLIED = (
    "Du har allerede søkt på denne stillingen. Du kan trekke søknaden og søke på nytt før fristen."
)


def application(
    ad_id: str = "ad-1",
    applicant: str = "sub-1",
    *,
    reference: str = "LIS1-AAAA-0001",
    submitted: float = 0,
    changed: float | None = None,
    status: str = "sendt",
    version: int = 1,
    cover_text: str = "Jeg vil gjerne jobbe i Bergen.\n– Kari",
) -> Application:
    return Application(
        ad_id=ad_id,
        applicant=applicant,
        cover_text=cover_text,
        status=status,  # type: ignore[arg-type]
        reference=reference,
        submitted_at=at(submitted).astimezone(OSLO_SUMMER),
        changed_at=at(submitted if changed is None else changed).astimezone(OSLO_SUMMER),
        version=version,
    )


def receipt_for(value: Application) -> Receipt:
    action = "søknad sendt" if value.status == "sendt" else "søknad trukket"
    return Receipt(
        reference=value.reference,
        at=value.changed_at,
        action=action,  # type: ignore[arg-type]
        ad_id=value.ad_id,
        applicant=value.applicant,
        summary=f"Søknaden på {value.ad_id} er registrert.",
    )


def utc_application(value: Application) -> Application:
    return replace(
        value,
        submitted_at=value.submitted_at.astimezone(UTC),
        changed_at=value.changed_at.astimezone(UTC),
    )


def utc_receipt(value: Receipt) -> Receipt:
    return replace(value, at=value.at.astimezone(UTC))


def withdrawal(value: Application, reference: str, minutes: float) -> Application:
    return replace(
        value,
        status="trukket",
        reference=reference,
        changed_at=at(minutes),
        version=value.version + 1,
    )


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
    withdrawn = withdrawal(sent, "LIS1-AAAA-0002", 10)
    store.applications.withdraw(withdrawn, receipt_for(withdrawn))
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


def test_withdraw_needs_the_previous_version_and_a_sent_application(store: Store) -> None:
    unknown = withdrawal(application(), "LIS1-AAAA-0009", 1)
    with pytest.raises(Conflict):
        store.applications.withdraw(unknown, receipt_for(unknown))
    assert store.applications.get("ad-1", "sub-1") is None

    sent = application()
    store.applications.submit(sent, receipt_for(sent))
    stale = replace(withdrawal(sent, "LIS1-AAAA-0002", 5), version=3)
    with pytest.raises(Conflict) as raised:
        store.applications.withdraw(stale, receipt_for(stale))
    assert raised.value.code != "har_allerede_søkt"
    assert store.applications.receipt("LIS1-AAAA-0002") is None

    withdrawn = withdrawal(sent, "LIS1-AAAA-0003", 6)
    store.applications.withdraw(withdrawn, receipt_for(withdrawn))
    twice = withdrawal(withdrawn, "LIS1-AAAA-0004", 7)
    with pytest.raises(Conflict):
        store.applications.withdraw(twice, receipt_for(twice))
    same_version = replace(withdrawn, reference="LIS1-AAAA-0005")
    with pytest.raises(Conflict):
        store.applications.withdraw(same_version, receipt_for(same_version))
    assert store.applications.get("ad-1", "sub-1") == utc_application(withdrawn)
    assert store.applications.receipt("LIS1-AAAA-0004") is None
    assert store.applications.receipt("LIS1-AAAA-0005") is None


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
    withdrawn = withdrawal(values[5], "R-8", 50)
    store.applications.withdraw(withdrawn, receipt_for(withdrawn))

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


# --- idempotency keys ----------------------------------------------------------------------------

DAY = 24 * 60
KEY = Idempotency("sub-1#klikk-1", "fingeravtrykk")


def test_a_repeat_with_the_same_key_gets_the_first_request_and_stores_nothing(
    store: Store,
) -> None:
    first = application()
    assert store.applications.submit(first, receipt_for(first), idempotency=KEY) is None
    assert store.requests.first(KEY.scope, now=at(1)) == FirstRequest(
        "fingeravtrykk", "LIS1-AAAA-0001"
    )

    # A double click: the same request again, with a new reference and a moment later.
    repeat = application(reference="LIS1-AAAA-0002", submitted=1, cover_text="Klikk to")
    again = store.applications.submit(repeat, receipt_for(repeat), idempotency=KEY)
    assert again == FirstRequest("fingeravtrykk", "LIS1-AAAA-0001")
    assert store.applications.by_ad("ad-1") == [utc_application(first)]
    assert store.applications.by_applicant("sub-1") == [utc_application(first)]
    assert store.applications.receipt("LIS1-AAAA-0002") is None

    # Whatever the second request is, it is not written: the service compares fingerprints.
    other = Idempotency(KEY.scope, "noe annet")
    elsewhere = application("ad-2", reference="LIS1-AAAA-0003", submitted=2)
    assert store.applications.submit(elsewhere, receipt_for(elsewhere), idempotency=other) == (
        FirstRequest("fingeravtrykk", "LIS1-AAAA-0001")
    )
    assert store.applications.get("ad-2", "sub-1") is None
    assert store.applications.receipt("LIS1-AAAA-0003") is None


def test_a_withdrawal_and_an_ad_with_a_key_are_written_once(store: Store) -> None:
    sent = application()
    store.applications.submit(sent, receipt_for(sent))
    key = Idempotency("sub-1#trekk", "trekk ad-1")
    withdrawn = withdrawal(sent, "LIS1-AAAA-0002", 5)
    assert store.applications.withdraw(withdrawn, receipt_for(withdrawn), idempotency=key) is None
    again = withdrawal(sent, "LIS1-AAAA-0003", 6)
    assert store.applications.withdraw(again, receipt_for(again), idempotency=key) == (
        FirstRequest("trekk ad-1", "LIS1-AAAA-0002")
    )
    assert store.applications.receipt("LIS1-AAAA-0003") is None

    draft = Idempotency("admin#ny", "annonse")
    assert store.ads.create(ad("ad-7"), idempotency=draft) is None
    assert store.ads.create(ad("ad-8"), idempotency=draft) == FirstRequest("annonse", "ad-7")
    assert store.ads.get("ad-8") is None
    assert store.ads.by_period(PERIOD) == [in_utc(ad("ad-7"))]


def test_a_key_counts_per_scope(store: Store) -> None:
    mine = application()
    theirs = application(applicant="sub-2", reference="LIS1-AAAA-0002", submitted=1)
    for value in (mine, theirs):
        key = Idempotency(f"{value.applicant}#samme", "søk ad-1")
        assert store.applications.submit(value, receipt_for(value), idempotency=key) is None
    assert [a.applicant for a in store.applications.by_ad("ad-1")] == ["sub-1", "sub-2"]
    assert store.requests.first("sub-3#samme", now=at(2)) is None


def test_a_refused_submit_leaves_its_key_unused(store: Store) -> None:
    first = application()
    store.applications.submit(first, receipt_for(first))
    second = application(reference="LIS1-AAAA-0002", submitted=1)
    key = Idempotency("sub-1#annen", "søk")
    with pytest.raises(Conflict) as raised:
        store.applications.submit(second, receipt_for(second), idempotency=key)
    assert raised.value.code == "har_allerede_søkt"
    assert raised.value.message == ALREADY_APPLIED
    assert store.requests.first(key.scope, now=at(2)) is None

    withdrawn = withdrawal(first, "LIS1-AAAA-0003", 2)
    store.applications.withdraw(withdrawn, receipt_for(withdrawn))
    again = application(reference="LIS1-AAAA-0004", submitted=3, version=3)
    assert store.applications.submit(again, receipt_for(again), idempotency=key) is None
    assert store.applications.get("ad-1", "sub-1") == utc_application(again)


def test_a_key_lasts_a_day_from_the_change(store: Store) -> None:
    first = application()
    store.applications.submit(first, receipt_for(first), idempotency=KEY)
    assert store.requests.first(KEY.scope, now=at(DAY - 1)) is not None
    assert store.requests.first(KEY.scope, now=at(DAY)) is None

    withdrawn = withdrawal(first, "LIS1-AAAA-0002", 10)
    store.applications.withdraw(withdrawn, receipt_for(withdrawn))
    late = application(reference="LIS1-AAAA-0003", submitted=DAY - 1, version=3)
    assert store.applications.submit(late, receipt_for(late), idempotency=KEY) is not None
    assert store.applications.get("ad-1", "sub-1") == utc_application(withdrawn)

    # 24 hours after the first change the key is free again.
    next_day = application(reference="LIS1-AAAA-0004", submitted=DAY, version=3)
    assert store.applications.submit(next_day, receipt_for(next_day), idempotency=KEY) is None
    assert store.applications.get("ad-1", "sub-1") == utc_application(next_day)
    assert store.requests.first(KEY.scope, now=at(DAY + 1)) == FirstRequest(
        "fingeravtrykk", "LIS1-AAAA-0004"
    )


@dynamodb_only
def test_the_idempotency_item_of_a_submit(backend: Backend) -> None:
    store = backend.store()
    sent = application(applicant="sub-1")
    store.applications.submit(sent, receipt_for(sent), idempotency=Idempotency("sub-1#abc", "fp"))
    item = backend.dynamodb.get_item(
        TableName=backend.table_name,
        Key={"pk": {"S": "IDEMPOTENCY#sub-1#abc"}, "sk": {"S": "IDEMPOTENCY"}},
        ConsistentRead=True,
    )["Item"]
    expires = datetime.fromtimestamp(int(item[TTL_ATTRIBUTE]["N"]), UTC)
    assert expires == sent.changed_at + timedelta(hours=24)
    assert json.loads(item["receipt"]["S"]) == {"fingerprint": "fp", "result": "LIS1-AAAA-0001"}


@dynamodb_only
def test_a_submit_with_a_key_retries_a_transaction_conflict(backend: Backend) -> None:
    client = ConflictingClient(backend.dynamodb, conflicts=2)
    store = backend.store(client)
    sent = application()
    assert store.applications.submit(sent, receipt_for(sent), idempotency=KEY) is None
    client.conflicts = 1
    repeat = application(reference="LIS1-AAAA-0002", submitted=1)
    assert store.applications.submit(repeat, receipt_for(repeat), idempotency=KEY) == (
        FirstRequest("fingeravtrykk", "LIS1-AAAA-0001")
    )
    assert client.transactions == 3 + 2
    assert len(backend.sleeps) == 3
    assert store.applications.by_ad("ad-1") == [utc_application(sent)]
    assert store.applications.receipt("LIS1-AAAA-0002") is None


# --- conflict of interest: administrators do not apply where they administer ----------------------

CONFLICTING = frozenset({HF_ADMIN, KOMMUNE_ADMIN})


def test_an_administrator_cannot_apply_to_their_own_organisation(store: Store) -> None:
    store.users.grant("sub-1", KOMMUNE_ADMIN, actor="redaktør", at=T0)
    sent = application()
    with pytest.raises(ConflictOfInterest):
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
        with pytest.raises(ConflictOfInterest):
            store.users.grant("sub-1", grant, actor="redaktør", at=at(2))
    assert store.users.grants("sub-1") == frozenset()
    assert store.audit.entries(grant_entity("sub-1", HF_ADMIN)) == []
    # Other organisations, other people and roles without an organisation are not affected.
    assert store.users.grant("sub-1", Grant(Role.HF_ADMIN, "helse-fonna"), actor="r", at=at(3))
    assert store.users.grant("sub-2", HF_ADMIN, actor="r", at=at(3))
    assert store.users.grant("sub-1", EDITOR, actor="r", at=at(3))

    store.applications.withdraw(
        withdrawal(first, "LIS1-AAAA-0003", 4),
        receipt_for(withdrawal(first, "LIS1-AAAA-0003", 4)),
        conflicting=CONFLICTING,
    )
    with pytest.raises(ConflictOfInterest):  # the second application is still open
        store.users.grant("sub-1", HF_ADMIN, actor="redaktør", at=at(5))
    gone = withdrawal(second, "LIS1-AAAA-0004", 6)
    store.applications.withdraw(gone, receipt_for(gone), conflicting=CONFLICTING)
    assert store.users.grant("sub-1", HF_ADMIN, actor="redaktør", at=at(7))


# --- DynamoDB only: transactions -----------------------------------------------------------------


class ConflictingClient:
    """The real client, except that the first ``conflicts`` transactions are cancelled by a
    TransactionConflict, as when another request touched the same item at the same moment."""

    def __init__(self, real: DynamoDBClient, conflicts: int) -> None:
        self.real = real
        self.conflicts = conflicts
        self.transactions = 0

    def transact_write_items(self, **kwargs: Any) -> Any:
        self.transactions += 1
        if self.conflicts > 0:
            self.conflicts -= 1
            reasons = [{"Code": "None"} for _ in kwargs["TransactItems"]]
            reasons[0] = {"Code": "TransactionConflict", "Message": "Transaction is ongoing"}
            response: Any = {
                "Error": {"Code": "TransactionCanceledException", "Message": "cancelled"},
                "CancellationReasons": reasons,
            }
            raise self.real.exceptions.TransactionCanceledException(response, "TransactWriteItems")
        return self.real.transact_write_items(**kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@dynamodb_only
def test_a_transaction_conflict_is_retried(backend: Backend) -> None:
    client = ConflictingClient(backend.dynamodb, conflicts=2)
    store = backend.store(client)
    assert store.users.grant("sub-1", HF_ADMIN, actor="editor-1", at=at(1)) is True
    assert client.transactions == 3
    assert len(backend.sleeps) == 2
    assert all(0 < wait <= BACKOFF_CAP for wait in backend.sleeps)
    assert store.users.grants("sub-1") == frozenset({HF_ADMIN})
    assert len(store.audit.entries(f"organisasjon:{HF}")) == 1


@dynamodb_only
def test_a_lasting_conflict_is_unavailable_never_the_users_conflict(backend: Backend) -> None:
    client = ConflictingClient(backend.dynamodb, conflicts=1000)
    store = backend.store(client)
    with pytest.raises(Unavailable) as raised:
        store.users.revoke("sub-1", HF_ADMIN, actor="editor-1", at=at(1))
    assert not isinstance(raised.value, Conflict)
    assert "Prøv igjen" in raised.value.message
    with pytest.raises(Unavailable):
        store.users.grant("sub-1", HF_ADMIN, actor="editor-1", at=at(1))
    assert client.transactions == 2 * TRANSACT_ATTEMPTS
    assert len(backend.sleeps) == 2 * (TRANSACT_ATTEMPTS - 1)
    assert all(0 < wait <= BACKOFF_CAP for wait in backend.sleeps)
    assert store.users.grants("sub-1") == frozenset()
    assert store.audit.entries(f"organisasjon:{HF}") == []


@dynamodb_only
def test_ads_and_applications_retry_a_transaction_conflict(backend: Backend) -> None:
    client = ConflictingClient(backend.dynamodb, conflicts=1)
    store = backend.store(client)
    store.ads.create(ad())
    client.conflicts = 2
    store.ads.update(ad(version=2), expected_version=1, audit=correction("ad-1", 1))
    sent = application()
    client.conflicts = 2
    store.applications.submit(sent, receipt_for(sent))
    withdrawn = withdrawal(sent, "LIS1-AAAA-0002", 2)
    client.conflicts = 1
    store.applications.withdraw(withdrawn, receipt_for(withdrawn))
    assert client.transactions == 2 + 3 + 3 + 2
    assert len(backend.sleeps) == 6
    assert store.ads.get("ad-1") == in_utc(ad(version=2))
    assert len(store.audit.entries("annonse:ad-1")) == 1
    assert store.applications.get("ad-1", "sub-1") == utc_application(withdrawn)


@dynamodb_only
def test_a_lasting_conflict_on_ads_and_applications_is_unavailable(backend: Backend) -> None:
    store = backend.store()
    store.ads.create(ad())
    client = ConflictingClient(backend.dynamodb, conflicts=1000)
    busy = backend.store(client)
    sent = application()
    attempts: list[Callable[[], object]] = [
        lambda: busy.ads.create(ad("ad-2")),
        lambda: busy.ads.update(ad(version=2), expected_version=1, audit=correction("ad-1", 1)),
        lambda: busy.applications.submit(sent, receipt_for(sent)),
        lambda: busy.applications.submit(sent, receipt_for(sent), idempotency=KEY),
        lambda: busy.applications.withdraw(
            withdrawal(sent, "R-2", 1), receipt_for(withdrawal(sent, "R-2", 1))
        ),
    ]
    for attempt in attempts:
        with pytest.raises(Unavailable) as raised:
            attempt()
        assert not isinstance(raised.value, Conflict)
    assert client.transactions == len(attempts) * TRANSACT_ATTEMPTS
    assert store.ads.get("ad-2") is None
    assert store.ads.get("ad-1") == in_utc(ad())
    assert store.audit.entries("annonse:ad-1") == []
    assert store.applications.get("ad-1", "sub-1") is None
    assert store.applications.receipt(sent.reference) is None


def test_backoff_grows_and_is_bounded() -> None:
    for attempt in range(12):
        ceiling = min(BACKOFF_CAP, dynamodb.BACKOFF_BASE * 2**attempt)
        waits = {dynamodb.backoff(attempt) for _ in range(20)}
        assert all(ceiling / 2 <= wait <= ceiling for wait in waits)
        assert len(waits) > 1, "no jitter"


# --- DynamoDB only: idempotency ------------------------------------------------------------------


def toy_increment(backend: Backend, toy: str) -> TransactWriteItemTypeDef:
    """A write that shows how often it ran: it adds one to a counter."""
    return {
        "Update": {
            "TableName": backend.table_name,
            "Key": {"pk": {"S": f"TOY#{toy}"}, "sk": {"S": "TOY"}},
            "UpdateExpression": "ADD #count :one",
            "ExpressionAttributeNames": {"#count": "count"},
            "ExpressionAttributeValues": {":one": {"N": "1"}},
        }
    }


def toy_count(backend: Backend, toy: str) -> int:
    item = backend.dynamodb.get_item(
        TableName=backend.table_name,
        Key={"pk": {"S": f"TOY#{toy}"}, "sk": {"S": "TOY"}},
        ConsistentRead=True,
    ).get("Item")
    return 0 if item is None else int(item["count"]["N"])


@dynamodb_only
def test_a_repeat_returns_the_first_receipt_and_writes_once(backend: Backend) -> None:
    client, table = backend.dynamodb, backend.table_name
    first = {"søknad": "ad-1", "mottatt": "2024-10-27T00:30:00Z", "nummer": 1}
    receipt = put_idempotent(
        client, table, key="sub-1/abc", receipt=first, items=[toy_increment(backend, "1")], now=T0
    )
    assert receipt == first
    repeat = put_idempotent(
        client,
        table,
        key="sub-1/abc",
        receipt={"søknad": "ad-1", "mottatt": "senere", "nummer": 2},
        items=[toy_increment(backend, "1")],
        now=at(60),
    )
    assert repeat == first
    assert toy_count(backend, "1") == 1

    other = put_idempotent(
        client, table, key="sub-2/abc", receipt={"n": 3}, items=[toy_increment(backend, "1")]
    )
    assert other == {"n": 3}
    assert toy_count(backend, "1") == 2

    marker = client.get_item(
        TableName=table,
        Key={"pk": {"S": "IDEMPOTENCY#sub-1/abc"}, "sk": {"S": "IDEMPOTENCY"}},
        ConsistentRead=True,
    )["Item"]
    expires = datetime.fromtimestamp(int(marker[TTL_ATTRIBUTE]["N"]), UTC)
    assert expires == T0 + timedelta(hours=24)


@dynamodb_only
def test_an_idempotency_key_lasts_a_day(backend: Backend) -> None:
    client, table = backend.dynamodb, backend.table_name
    item = [toy_increment(backend, "2")]
    put_idempotent(client, table, key="k", receipt={"n": 1}, items=item, now=T0)
    later = T0 + timedelta(hours=24)
    assert put_idempotent(client, table, key="k", receipt={"n": 2}, items=item, now=later) == {
        "n": 2
    }
    assert toy_count(backend, "2") == 2


@dynamodb_only
def test_an_items_own_condition_cancels_and_leaves_the_key_unused(backend: Backend) -> None:
    client, table = backend.dynamodb, backend.table_name
    guarded: TransactWriteItemTypeDef = {
        "Put": {
            "TableName": table,
            "Item": {"pk": {"S": "TOY#3"}, "sk": {"S": "TOY"}},
            "ConditionExpression": "attribute_exists(pk)",
        }
    }
    with pytest.raises(TransactionCancelled) as cancelled:
        put_idempotent(client, table, key="k3", receipt={"n": 1}, items=[guarded], now=T0)
    assert cancelled.value.reasons == ["ConditionalCheckFailed"]
    item = [toy_increment(backend, "3")]
    assert put_idempotent(client, table, key="k3", receipt={"n": 2}, items=item) == {"n": 2}


@dynamodb_only
def test_idempotency_survives_a_transaction_conflict(backend: Backend) -> None:
    client = ConflictingClient(backend.dynamodb, conflicts=1)
    item = [toy_increment(backend, "4")]
    receipt = put_idempotent(
        client,  # type: ignore[arg-type]
        backend.table_name,
        key="k4",
        receipt={"n": 1},
        items=item,
        sleep=backend.sleeps.append,
    )
    assert receipt == {"n": 1}
    assert toy_count(backend, "4") == 1
    assert len(backend.sleeps) == 1


# --- DynamoDB only: the table and the client -----------------------------------------------------


@dynamodb_only
def test_ensure_table_is_idempotent_and_switches_ttl_on(backend: Backend) -> None:
    client, table = backend.dynamodb, backend.table_name
    with backend.guard.outside_requests():
        ensure_table(client, table)
        ttl = client.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
    assert ttl.get("TimeToLiveStatus") in {"ENABLED", "ENABLING"}
    assert ttl.get("AttributeName") == TTL_ATTRIBUTE


@dynamodb_only
def test_ping_answers_when_the_table_store_does(backend: Backend) -> None:
    with backend.guard.outside_requests():  # the health check, not a request path
        ping(backend.dynamodb)
        ping(backend.dynamodb, backend.table_name)
        with pytest.raises(Unavailable):
            ping(backend.dynamodb, "finnes-ikke")


def test_ping_says_in_norwegian_that_the_store_is_down() -> None:
    endpoint = f"http://127.0.0.1:{free_port()}"
    client = dynamodb.make_client(endpoint, connect_timeout=0.5, max_attempts=1)
    try:
        with pytest.raises(Unavailable) as raised:
            ping(client)
    finally:
        client.close()
    assert raised.value.message == "Databasen svarer ikke akkurat nå. Prøv igjen om litt."


@dynamodb_only
def test_a_scan_fails_the_test(backend: Backend) -> None:
    with pytest.raises(pytest.fail.Exception, match="Scan"):
        backend.dynamodb.scan(TableName=backend.table_name)


def test_the_runners_clients_refuse_scan_too() -> None:
    client = dynamodb_local.client("http://127.0.0.1:1")  # the hook fires before any request
    try:
        with pytest.raises(pytest.fail.Exception, match="Scan"):
            client.scan(TableName="hva-som-helst")
    finally:
        client.close()
