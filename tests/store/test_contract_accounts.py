"""The accounts contract, for every adapter (memory, moto, DynamoDB Local): people, grants,
sessions, sign-ins, the audit log and settings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from lis1.errors import Conflict
from lis1.identity import Grant, Role, User
from lis1.services.ports.accounts import AuditEntry, LoginState, Session, grant_entity
from lis1.services.ports.store import Store

from .conftest import Backend
from .helpers import (
    EDITOR,
    HF,
    HF_ADMIN,
    KOMMUNE,
    KOMMUNE_ADMIN,
    OSLO_SUMMER,
    T0,
    at,
    dynamodb_only,
)

if TYPE_CHECKING:
    pass


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


# --- finding people ------------------------------------------------------------------------------


def person(subject: str, name: str, email: str | None = None, minutes: float = 0) -> User:
    return User(subject, name, email, at(minutes))


def found(store: Store, text: str, limit: int = 20) -> list[str]:
    return [user.subject for user in store.users.find(text, limit)]


def test_people_are_found_by_the_start_of_any_name_word_or_their_email(store: Store) -> None:
    kari = person("sub-kari", "Kari Anne Nordmann", "kari.n@Example.no", 5)
    store.users.save(kari)
    store.users.save(person("sub-ola", "Ola Nordmann", "ola@example.no"))
    store.users.save(person("sub-per", "Per Hansen", None))

    assert store.users.find("kar") == [replace(kari, created_at=at(5))]
    assert found(store, "KARI ANNE") == ["sub-kari"]
    assert found(store, "anne nord") == ["sub-kari"]  # any run of words, from its start
    assert found(store, "nordm") == ["sub-kari", "sub-ola"]
    assert found(store, "kari.n@ex") == ["sub-kari"]
    assert found(store, "  Ola ") == ["sub-ola"]
    assert found(store, "hansen") == ["sub-per"]
    assert found(store, "ex") == []  # an e-mail is found from its start, not its domain
    assert found(store, "ann nord") == []  # words from their start, not from inside
    assert found(store, "kari nordmann") == []
    assert found(store, "zz") == []


def test_case_and_accents_are_folded_but_ae_oe_aa_are_letters_of_their_own(
    store: Store,
) -> None:
    store.users.save(person("sub-rene", "René Müller", "rene@example.no"))
    store.users.save(person("sub-oyvind", "Øyvind Ærø", None))
    store.users.save(person("sub-aase", "Åse Kjær", None))
    store.users.save(person("sub-ase", "Ase Kjaer", None))

    assert found(store, "RENE MULL") == ["sub-rene"]
    assert found(store, "rené") == ["sub-rene"]
    assert found(store, "mü") == ["sub-rene"]
    assert found(store, "øyv") == ["sub-oyvind"]
    assert found(store, "ØYVIND ÆR") == ["sub-oyvind"]
    assert found(store, "oyv") == []
    assert found(store, "åse") == ["sub-aase"]
    assert found(store, "A\u030ase") == ["sub-aase"]  # Å typed as A and a combining ring
    assert found(store, "ase") == ["sub-ase"]
    assert found(store, "kjær") == ["sub-aase"]
    assert found(store, "kjae") == ["sub-ase"]


def test_a_renamed_person_is_no_longer_found_by_the_old_name_or_email(store: Store) -> None:
    store.users.save(person("sub-1", "Kari Nordmann", "kari@example.no"))
    store.users.save(person("sub-1", "Kari Hansen", "kari.hansen@example.no", 60))

    assert found(store, "nordmann") == []
    assert found(store, "kari@") == []
    assert found(store, "hansen") == ["sub-1"]
    assert store.users.find("kari.h") == [person("sub-1", "Kari Hansen", "kari.hansen@example.no")]

    store.users.save(person("sub-1", "Kari Hansen", None, 90))
    assert found(store, "kari.h") == []
    assert found(store, "kari") == ["sub-1"]
    assert store.users.find("kari")[0].email is None


def test_found_people_by_name_in_norwegian_order_then_subject_at_most_limit(
    store: Store,
) -> None:
    for subject, name in [
        ("sub-5", "Åse Berg"),
        ("sub-4", "Øyvind Berg"),
        ("sub-3", "Ærlig Berg"),
        ("sub-2", "Zakarias Berg"),
        ("sub-1b", "Anne Berg"),
        ("sub-1a", "anne berg"),
        ("sub-0", "Berg Anne"),
    ]:
        store.users.save(person(subject, name, f"{subject}@berg.no"))

    everyone = ["sub-1a", "sub-1b", "sub-0", "sub-2", "sub-3", "sub-4", "sub-5"]
    assert found(store, "berg") == everyone
    assert found(store, "berg", limit=3) == everyone[:3]
    assert found(store, "berg", limit=0) == []
    assert found(store, "sub-1") == ["sub-1a", "sub-1b"]  # the e-mail, "-" folded to " "
    assert found(store, "sub 1B@") == ["sub-1b"]


def test_a_search_needs_two_characters_once_folded(store: Store) -> None:
    store.users.save(person("sub-1", "A B", "a@b.no"))
    store.users.save(person("sub-2", "Ab Cd", None))
    for text in ["", "a", " a ", "-a-", "é", "#", "a ", "\u0301a"]:
        assert store.users.find(text) == [], text
    assert found(store, "ab") == ["sub-2"]
    assert found(store, "a@") == ["sub-1"]
    assert found(store, "a b") == ["sub-1"]


@dynamodb_only
def test_a_save_that_changes_nothing_writes_nothing(backend: Backend, store: Store) -> None:
    store.users.save(person("sub-1", "Kari Nordmann", "kari@example.no"))
    backend.guard.operations.clear()
    store.users.save(person("sub-1", "Kari Nordmann", "kari@example.no", 60))
    assert backend.guard.operations == ["GetItem"]
    store.users.save(person("sub-1", "Kari Nordmann", None, 60))
    assert backend.guard.operations == ["GetItem", "GetItem", "TransactWriteItems"]
    assert found(store, "kari@") == []


@dynamodb_only
def test_search_entries_are_exactly_the_current_terms(backend: Backend, store: Store) -> None:
    store.users.save(person("sub-1", "Kari Anne Nordmann", "kari@example.no"))
    store.users.save(person("sub-1", "Kari Hansen", "kari@example.no", 60))
    with backend.guard.outside_requests():
        items = backend.dynamodb.query(
            TableName=backend.table_name,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :search)",
            ExpressionAttributeValues={":pk": {"S": "USER#sub-1"}, ":search": {"S": "SEARCH#"}},
        )["Items"]
    assert sorted(item["sk"]["S"] for item in items) == [
        "SEARCH#hansen",
        "SEARCH#kari hansen",
        "SEARCH#kari@example.no",
    ]
    assert {item["gsi1pk"]["S"] for item in items} == {"PEOPLE#ha", "PEOPLE#ka"}


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


def test_forgetting_a_person_ends_every_session_of_theirs_only(store: Store) -> None:
    store.sessions.create(session("a" * 64))
    store.sessions.create(session("b" * 64))
    store.sessions.create(replace(session("c" * 64), subject="sub-2"))
    assert store.sessions.forget("sub-1") == 2
    assert store.sessions.get("a" * 64, now=T0) is None
    assert store.sessions.get("b" * 64, now=T0) is None
    assert store.sessions.get("c" * 64, now=T0) is not None
    assert store.sessions.forget("sub-1") == 0


def test_a_forgotten_user_is_a_tombstone_and_comes_back_fresh(store: Store) -> None:
    store.users.save(User("sub-1", "Kari Nordmann", "kari@example.no", T0))
    store.users.save(User("sub-2", "Kari Berg", None, T0))
    store.users.forget("sub-1", at=at(5))
    assert store.users.get("sub-1") is None
    assert [u.subject for u in store.users.find("Kari")] == ["sub-2"]
    assert store.users.find("kari@example") == []
    entries = store.audit.entries("bruker:sub-1")
    assert [(e.actor, e.action, e.at) for e in entries] == [("sub-1", "delete_account", at(5))]
    store.users.save(User("sub-1", "Kari Nordmann", "kari@example.no", at(60)))
    assert store.users.get("sub-1") == User("sub-1", "Kari Nordmann", "kari@example.no", at(60))
    assert [u.subject for u in store.users.find("Kari N")] == ["sub-1"]
    store.users.forget("ukjent", at=at(70))  # never signed in: a tombstone all the same
    assert store.users.get("ukjent") is None


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
