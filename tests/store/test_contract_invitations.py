"""The invitations contract, for every adapter (memory, moto, DynamoDB Local): stored by the hash
of their token, listed for the inviter, changed once from the version read, and a role (or a
relation on a LIS's portfolio) given in the same write as the acceptance or confirmation that
gives it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from lis1.domain import invitations as rules
from lis1.domain.errors import AppliedThere, InvitationChanged
from lis1.domain.invitations import Invitation
from lis1.domain.portfolio.errors import RoleTaken
from lis1.domain.portfolio.relations import PortfolioRole, Relation, RelationKind, end
from lis1.errors import Conflict
from lis1.identity import Grant
from lis1.services.ports.accounts import AuditEntry
from lis1.services.ports.portfolios import portfolio_entity
from lis1.services.ports.store import Store
from lis1.store.values import epoch_seconds

from .conftest import Backend
from .helpers import HF, HF_ADMIN, KOMMUNE_ADMIN, OSLO_SUMMER, application, dynamodb_only
from .helpers import receipt_for as receipt_of
from .portfolio_helpers import LIS, role_invitation
from .portfolio_helpers import at as role_at

NOW = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
"""Not the other tests' T0 of 2024: DynamoDB Local deletes items whose TTL has passed, and an
invitation's TTL is only weeks after it was sent."""


def at(minutes: float) -> datetime:
    return NOW + timedelta(minutes=minutes)


TOKEN = "Tok3n-" + "x" * 37
"""What ``secrets.token_urlsafe(32)`` makes: 43 url-safe characters."""


def invitation(
    invitation_id: str = "inv-1",
    *,
    token: str = TOKEN,
    minutes: float = 0,
    inviter: str = "editor-1",
    name: str = "Kari Nordmann",
    grant: Grant = HF_ADMIN,
) -> Invitation:
    sent = at(minutes).astimezone(OSLO_SUMMER)
    return Invitation(
        id=invitation_id,
        token_hash=rules.token_hash(token),
        purpose=grant,
        name=name,
        email="kari@example.no",
        inviter=inviter,
        inviter_name="Rita Redaktør",
        created_at=sent,
        expires_at=sent + rules.LIFETIME,
    )


def in_utc(value: Invitation) -> Invitation:
    def utc(instant: Any) -> Any:
        return None if instant is None else instant.astimezone(UTC)

    return replace(
        value,
        created_at=utc(value.created_at),
        expires_at=utc(value.expires_at),
        accepted_at=utc(value.accepted_at),
        changed_at=utc(value.changed_at),
    )


def accepted(value: Invitation, minutes: float, name: str = "Kari Nordmann") -> Invitation:
    return rules.accept(value, subject="sub-kari", verified_name=name, now=at(minutes))


def audit(store: Store, organisation: str = HF) -> list[tuple[str, str, dict[str, str]]]:
    """(actor, action, detail) of the organisation's entries, sorted: entries written in one
    transaction share their instant, and their order among themselves is not kept."""
    entries = store.audit.entries(f"organisasjon:{organisation}")
    return sorted(((e.actor, e.action, e.detail) for e in entries), key=repr)


def test_an_invitation_is_found_by_its_token_hash_and_by_its_id(store: Store) -> None:
    sent = invitation()
    store.invitations.create(sent)
    assert store.invitations.get(sent.token_hash) == in_utc(sent)
    assert store.invitations.by_id("inv-1") == in_utc(sent)
    assert store.invitations.get(rules.token_hash("another")) is None
    assert store.invitations.get(TOKEN) is None  # the token itself is no key
    assert store.invitations.by_id("inv-2") is None
    detail = {"invitation": "inv-1", "kind": "rolle", "role": "hf_admin", "name": "Kari Nordmann"}
    assert audit(store) == [("editor-1", "invite", detail)]


def test_a_token_hash_or_id_is_never_reused(store: Store) -> None:
    store.invitations.create(invitation())
    with pytest.raises(Conflict):
        store.invitations.create(invitation("inv-2"))
    with pytest.raises(Conflict):
        store.invitations.create(invitation(token="other-" + "y" * 37))
    assert store.invitations.by_id("inv-2") is None
    assert store.invitations.get(rules.token_hash("other-" + "y" * 37)) is None
    assert [action for _, action, _ in audit(store)] == ["invite"]


def test_the_inviters_list_newest_first_and_those_awaiting_confirmation(store: Store) -> None:
    tokens = [f"token-{n}-" + "z" * 35 for n in range(4)]
    for n, token in enumerate(tokens):
        store.invitations.create(invitation(f"inv-{n}", token=token, minutes=n))
    store.invitations.create(invitation("inv-x", token="x" * 43, inviter="editor-2"))
    first = store.invitations.by_id("inv-1")
    assert first is not None
    store.invitations.accept(accepted(first, 10, name="Kari Hansen"))

    assert [i.id for i in store.invitations.by_inviter("editor-1")] == [
        "inv-3",
        "inv-2",
        "inv-1",
        "inv-0",
    ]
    assert [i.id for i in store.invitations.by_inviter("editor-2")] == ["inv-x"]
    assert store.invitations.by_inviter("sub-kari") == []
    waiting = store.invitations.awaiting_confirmation("editor-1")
    assert [(i.id, i.status, i.accepted_name) for i in waiting] == [
        ("inv-1", "venter_på_bekreftelse", "Kari Hansen")
    ]
    assert store.invitations.awaiting_confirmation("editor-2") == []


def test_accepting_with_the_invited_name_gives_the_role_in_the_same_write(store: Store) -> None:
    sent = invitation()
    store.invitations.create(sent)
    done = accepted(sent, 5, name="Kari Anne Nordmann")
    assert done.status == "akseptert"
    assert store.invitations.accept(done) is True

    assert store.invitations.get(sent.token_hash) == in_utc(done)
    assert store.users.grants("sub-kari") == frozenset({HF_ADMIN})
    invite_detail = {
        "invitation": "inv-1",
        "kind": "rolle",
        "role": "hf_admin",
        "name": "Kari Nordmann",
    }
    accept_detail = {**invite_detail, "subject": "sub-kari", "verified_name": "Kari Anne Nordmann"}
    grant_detail = {"subject": "sub-kari", "role": "hf_admin", "invitation": "inv-1"}
    assert audit(store) == [
        ("editor-1", "grant", grant_detail),
        ("editor-1", "invite", invite_detail),
        ("sub-kari", "accept", accept_detail),
    ]
    assert sorted(e.at for e in store.audit.entries(f"organisasjon:{HF}")) == [at(0), at(5), at(5)]


def test_an_invitation_is_accepted_once(store: Store) -> None:
    sent = invitation()
    store.invitations.create(sent)
    store.invitations.accept(accepted(sent, 5))
    with pytest.raises(InvitationChanged):  # another acceptance made from the same read
        store.invitations.accept(
            rules.accept(sent, subject="sub-ola", verified_name="Kari Nordmann", now=at(6))
        )
    stored = store.invitations.get(sent.token_hash)
    assert stored is not None and stored.accepted_by == "sub-kari"
    assert store.users.grants("sub-ola") == frozenset()
    assert [action for _, action, _ in audit(store)] == ["grant", "invite", "accept"]


def test_an_expired_invitation_is_not_accepted(store: Store) -> None:
    sent = invitation()
    store.invitations.create(sent)
    late = replace(accepted(sent, 5), accepted_at=sent.expires_at, changed_at=sent.expires_at)
    with pytest.raises(InvitationChanged):
        store.invitations.accept(late)
    assert store.invitations.get(sent.token_hash) == in_utc(sent)
    assert store.users.grants("sub-kari") == frozenset()
    just_in_time = sent.expires_at - timedelta(microseconds=1)
    on_time = replace(accepted(sent, 5), accepted_at=just_in_time, changed_at=just_in_time)
    assert store.invitations.accept(on_time) is True


def test_another_name_waits_for_the_inviter_then_confirming_gives_the_role(store: Store) -> None:
    sent = invitation()
    store.invitations.create(sent)
    waiting = accepted(sent, 5, name="Kari Hansen")
    assert waiting.status == "venter_på_bekreftelse"
    assert store.invitations.accept(waiting) is False
    assert store.users.grants("sub-kari") == frozenset()

    confirmed = rules.confirm(waiting, subject="editor-1", now=at(60 * 24 * 20))
    assert store.invitations.confirm(confirmed) is True  # a waiting acceptance does not expire
    assert store.users.grants("sub-kari") == frozenset({HF_ADMIN})
    assert store.invitations.get(sent.token_hash) == in_utc(confirmed)
    with pytest.raises(InvitationChanged):
        store.invitations.confirm(confirmed)
    assert [(actor, action) for actor, action, _ in audit(store)] == [
        ("editor-1", "confirm"),
        ("editor-1", "grant"),
        ("editor-1", "invite"),
        ("sub-kari", "await_confirmation"),
    ]


def test_a_revoked_invitation_cannot_be_accepted_or_confirmed(store: Store) -> None:
    sent = invitation()
    store.invitations.create(sent)
    revoked = rules.revoke(sent, subject="editor-2", now=at(3))
    store.invitations.revoke(revoked)
    assert store.invitations.get(sent.token_hash) == in_utc(revoked)
    with pytest.raises(InvitationChanged):
        store.invitations.accept(accepted(sent, 5))
    with pytest.raises(InvitationChanged):
        store.invitations.revoke(revoked)

    waiting = invitation("inv-2", token="w" * 43)
    store.invitations.create(waiting)
    pending = accepted(waiting, 5, name="Ola Nordmann")
    store.invitations.accept(pending)
    store.invitations.revoke(rules.revoke(pending, subject="editor-1", now=at(6)))
    with pytest.raises(InvitationChanged):
        store.invitations.confirm(rules.confirm(pending, subject="editor-1", now=at(7)))
    assert store.users.grants("sub-kari") == frozenset()
    assert [action for actor, action, _ in audit(store) if actor == "editor-2"] == [
        "revoke_invitation"
    ]


def test_a_used_invitation_cannot_be_revoked(store: Store) -> None:
    sent = invitation()
    store.invitations.create(sent)
    store.invitations.accept(accepted(sent, 5))
    with pytest.raises(InvitationChanged):
        store.invitations.revoke(rules.revoke(sent, subject="editor-1", now=at(6)))
    assert store.users.grants("sub-kari") == frozenset({HF_ADMIN})


def test_accepting_a_role_already_held_uses_the_invitation_and_grants_nothing(
    store: Store,
) -> None:
    store.users.grant("sub-kari", HF_ADMIN, actor="editor-2", at=at(1))
    sent = invitation()
    store.invitations.create(sent)
    assert store.invitations.accept(accepted(sent, 5)) is False
    stored = store.invitations.get(sent.token_hash)
    assert stored is not None and stored.status == "akseptert"
    assert [(actor, action) for actor, action, _ in audit(store)] == [
        ("editor-1", "invite"),
        ("editor-2", "grant"),
        ("sub-kari", "accept"),
    ]


def test_accepting_is_refused_where_the_invitee_has_applied(store: Store) -> None:
    sent_application = application(applicant="sub-kari")
    conflicting = frozenset({HF_ADMIN, KOMMUNE_ADMIN})
    store.applications.submit(
        sent_application, receipt_of(sent_application), conflicting=conflicting
    )
    sent = invitation()
    store.invitations.create(sent)
    with pytest.raises(AppliedThere):
        store.invitations.accept(accepted(sent, 5))
    assert store.invitations.get(sent.token_hash) == in_utc(sent)
    assert store.users.grants("sub-kari") == frozenset()

    waiting = accepted(sent, 5, name="Kari Hansen")
    assert store.invitations.accept(waiting) is False  # no role yet: nothing to refuse
    with pytest.raises(AppliedThere):
        store.invitations.confirm(rules.confirm(waiting, subject="editor-1", now=at(6)))
    stored = store.invitations.get(sent.token_hash)
    assert stored is not None and stored.status == "venter_på_bekreftelse"


def test_a_change_must_carry_its_instant_and_the_status_its_method_writes(store: Store) -> None:
    sent = invitation()
    store.invitations.create(sent)
    with pytest.raises(ValueError):
        store.invitations.accept(replace(accepted(sent, 5), changed_at=None))
    with pytest.raises(ValueError):
        store.invitations.accept(replace(accepted(sent, 5), status="trukket"))
    with pytest.raises(ValueError):
        store.invitations.revoke(accepted(sent, 5))
    with pytest.raises(ValueError, match="tidssone"):
        store.invitations.create(replace(invitation("inv-2"), created_at=NOW.replace(tzinfo=None)))
    assert store.invitations.get(sent.token_hash) == in_utc(sent)


def stored_items(backend: Backend, value: Invitation) -> list[dict[str, Any]]:
    """Every item an invitation wrote, read outside the request paths (Query, as Scan is
    refused): the invitation, its id item, and the audit entries of its organisation."""
    items: list[dict[str, Any]] = []
    for pk in (
        f"INVITATION#{value.token_hash}",
        f"INVITATION_ID#{value.id}",
        f"AUDIT#organisasjon:{HF}",
        "USER#sub-kari",
    ):
        with backend.guard.outside_requests():
            items += backend.dynamodb.query(
                TableName=backend.table_name,
                KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues={":pk": {"S": pk}},
            )["Items"]
    return items


@dynamodb_only
def test_the_token_is_never_stored_and_ttl_follows_the_status(
    backend: Backend, store: Store
) -> None:
    sent = invitation()
    store.invitations.create(sent)
    items = stored_items(backend, sent)
    assert len(items) == 3
    assert TOKEN not in repr(items)
    assert sent.token_hash in repr(items)

    def ttl() -> set[str | None]:
        return {
            item.get("expires", {}).get("N")
            for item in stored_items(backend, sent)
            if item["pk"]["S"].startswith("INVITATION")
        }

    assert ttl() == {str(epoch_seconds(sent.expires_at + timedelta(days=30)))}
    waiting = accepted(sent, 5, name="Kari Hansen")
    store.invitations.accept(waiting)
    assert ttl() == {None}  # waits for the inviter, however long
    store.invitations.confirm(rules.confirm(waiting, subject="editor-1", now=at(100)))
    assert ttl() == {str(epoch_seconds(at(100) + timedelta(days=30)))}
    assert TOKEN not in repr(stored_items(backend, sent))


@pytest.mark.parametrize("adapter", ["memory"], indirect=True)
def test_the_memory_fake_keeps_no_token_either(store: Store) -> None:
    store.invitations.create(invitation())
    assert TOKEN not in repr(vars(store.invitations))


# --- a role on a LIS's portfolio ----------------------------------------------------------------


def portfolio_audit(store: Store) -> list[tuple[str, str, dict[str, str]]]:
    entries = store.audit.entries(portfolio_entity(LIS))
    return sorted(((e.actor, e.action, e.detail) for e in entries), key=repr)


def test_accepting_a_portfolio_invitation_makes_the_relation_with_its_id(store: Store) -> None:
    sent = role_invitation("inv-1", "leder")
    store.invitations.create(sent)
    done = rules.accept(
        sent, subject="sub-kari", verified_name="Kari Anne Nordmann", now=role_at(5)
    )
    assert done.status == "akseptert"
    assert store.invitations.accept(done) is True

    assert store.invitations.get(sent.token_hash) == in_utc(done)
    (made,) = store.portfolios.relations(LIS)
    assert made == Relation(
        id="inv-1",
        role=PortfolioRole(LIS, "emp-1", "leder", HF),
        subject="sub-kari",
        name="Kari Anne Nordmann",
        created_at=role_at(5),
        status="venter_på_arbeidsgiver",
    )
    assert store.portfolios.relations_of("sub-kari") == [made]
    assert store.portfolios.at_employer(HF) == [made]
    assert store.users.grants("sub-kari") == frozenset()
    invite_detail = {
        "invitation": "inv-1",
        "kind": "portefølje",
        "role": "leder",
        "name": "Kari Nordmann",
        "employment": "emp-1",
    }
    accept_detail = {**invite_detail, "subject": "sub-kari", "verified_name": "Kari Anne Nordmann"}
    assert portfolio_audit(store) == [
        ("sub-kari", "accept", accept_detail),
        (LIS, "invite", invite_detail),
    ]
    assert audit(store) == []  # nothing under the employer's organisation

    veileder = role_invitation("inv-2", "veileder")
    store.invitations.create(veileder)
    accepted_veileder = rules.accept(
        veileder, subject="sub-ola", verified_name="Kari Nordmann", now=role_at(6)
    )
    assert store.invitations.accept(accepted_veileder) is True
    assert [(r.id, r.kind, r.status) for r in store.portfolios.relations(LIS)] == [
        ("inv-1", "leder", "venter_på_arbeidsgiver"),
        ("inv-2", "veileder", "aktiv"),  # counts at once: no employer to confirm
    ]


def test_another_name_waits_and_confirming_makes_the_relation(store: Store) -> None:
    sent = role_invitation("inv-1", "supervisør")
    store.invitations.create(sent)
    waiting = rules.accept(sent, subject="sub-kari", verified_name="Kari Hansen", now=role_at(5))
    assert waiting.status == "venter_på_bekreftelse"
    assert store.invitations.accept(waiting) is False
    assert store.portfolios.relations(LIS) == []
    assert store.portfolios.relations_of("sub-kari") == []

    confirmed = rules.confirm(waiting, subject=LIS, now=role_at(60))
    assert store.invitations.confirm(confirmed) is True
    (made,) = store.portfolios.relations(LIS)
    assert (made.id, made.subject, made.name, made.status, made.created_at) == (
        "inv-1",
        "sub-kari",
        "Kari Hansen",
        "aktiv",
        role_at(60),
    )
    assert store.invitations.get(sent.token_hash) == in_utc(confirmed)
    assert [(actor, action) for actor, action, _ in portfolio_audit(store)] == [
        ("sub-kari", "await_confirmation"),
        (LIS, "confirm"),
        (LIS, "invite"),
    ]


def test_a_second_leder_is_refused_while_the_first_holds_the_employment(store: Store) -> None:
    first = role_invitation("inv-1", "leder")
    store.invitations.create(first)
    store.invitations.accept(
        rules.accept(first, subject="sub-kari", verified_name="Kari Nordmann", now=role_at(1))
    )
    second = role_invitation("inv-2", "leder", name="Ola Nordmann")
    store.invitations.create(second)
    with pytest.raises(RoleTaken):
        store.invitations.accept(
            rules.accept(second, subject="sub-ola", verified_name="Ola Nordmann", now=role_at(2))
        )
    assert store.invitations.get(second.token_hash) == in_utc(second)  # still open
    waiting = rules.accept(second, subject="sub-ola", verified_name="Ola Hansen", now=role_at(3))
    assert store.invitations.accept(waiting) is False  # no relation yet: nothing to refuse
    confirmed = rules.confirm(waiting, subject=LIS, now=role_at(4))
    with pytest.raises(RoleTaken):
        store.invitations.confirm(confirmed)
    assert store.invitations.get(second.token_hash) == in_utc(waiting)  # still waiting
    assert [r.id for r in store.portfolios.relations(LIS)] == ["inv-1"]
    assert store.portfolios.relations_of("sub-ola") == []
    assert [action for _, action, _ in portfolio_audit(store)] == [
        "accept",
        "invite",
        "invite",
        "await_confirmation",
    ]

    (held,) = store.portfolios.relations(LIS)
    ended = end(held, by="hf-admin-1", now=role_at(5))
    store.portfolios.change_relation(
        ended, audit=AuditEntry(portfolio_entity(LIS), role_at(5), "hf-admin-1", "end", {})
    )
    assert store.invitations.confirm(confirmed) is True
    assert [(r.id, r.status) for r in store.portfolios.relations(LIS)] == [
        ("inv-1", "avsluttet"),
        ("inv-2", "venter_på_arbeidsgiver"),
    ]


def test_one_veileder_per_employment_and_any_number_of_supervisors(store: Store) -> None:
    def accept(
        invitation_id: str, kind: RelationKind, subject: str, employment: str = "emp-1"
    ) -> bool:
        sent = role_invitation(invitation_id, kind, employment_id=employment)
        store.invitations.create(sent)
        done = rules.accept(sent, subject=subject, verified_name=sent.name, now=role_at(1))
        return store.invitations.accept(done)

    assert accept("inv-1", "leder", "sub-kari")
    assert accept("inv-2", "veileder", "sub-kari")  # another kind: its own slot
    assert accept("inv-3", "supervisør", "sub-ola")
    assert accept("inv-4", "supervisør", "sub-per")
    assert accept("inv-5", "supervisør", "sub-per")  # a second invitation: a second relation
    assert accept("inv-6", "godkjenner", "sub-ola")
    assert accept("inv-7", "godkjenner", "sub-per")
    assert accept("inv-8", "veileder", "sub-per", employment="emp-2")
    with pytest.raises(RoleTaken):
        accept("inv-9", "veileder", "sub-ola")
    assert [r.id for r in store.portfolios.relations(LIS)] == [f"inv-{n}" for n in range(1, 9)]
