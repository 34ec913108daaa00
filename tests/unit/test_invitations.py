"""Invitations: the pure rules (lis1/domain/invitations.py) and the use cases
(lis1/services/invitations.py) on the in-memory store, with a clock that moves."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from lis1.domain import invitations as rules
from lis1.domain.errors import (
    AppliedThere,
    InvitationExpired,
    InvitationRevoked,
    InvitationUnknown,
    InvitationUsed,
    NothingToConfirm,
    NotInviter,
    OwnInvitation,
)
from lis1.domain.invitations import Invitation, names_match, status_at
from lis1.errors import Forbidden, InvalidInput
from lis1.identity import Grant, Principal, Role
from lis1.services import invitations
from lis1.services.env import Env
from lis1.services.ports.store import Store
from lis1.store.bundle import memory_store

SENT = datetime(2024, 10, 25, 9, 0, tzinfo=UTC)
HF_ADMIN = Grant(Role.HF_ADMIN, "helse-bergen")
EDITOR = Principal("editor-1", "Rita Redaktør", frozenset({Grant(Role.EDITOR)}))
OTHER_EDITOR = Principal("editor-2", "Egil Redaktør", frozenset({Grant(Role.EDITOR)}))
KARI = Principal("sub-kari", "Kari Anne Nordmann")
STRANGER = Principal("sub-x", "Xerxes Fremmed")


def env(hours: float = 0) -> Env:
    return Env(SENT + timedelta(hours=hours))


# --- pure rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("invited", "verified"),
    [
        ("Kari Nordmann", "Kari Nordmann"),
        ("Kari Nordmann", "Kari Anne Nordmann"),  # a middle name left out
        ("kari  NORDMANN", "Kari Nordmann"),
        ("Nordmann, Kari", "Kari Nordmann"),
        ("Kari-Anne Nordmann", "Kari Anne Nordmann"),
        ("Rene Muller", "René Müller"),
        ("Øyvind Ås", "ØYVIND ÅS"),
    ],
)
def test_names_that_match(invited: str, verified: str) -> None:
    assert names_match(invited, verified)


@pytest.mark.parametrize(
    ("invited", "verified"),
    [
        ("Kari Anne Nordmann", "Kari Nordmann"),  # a word the verified name lacks
        ("Kari A. Nordmann", "Kari Anne Nordmann"),  # initials are not guessed
        ("Ola Nordmann", "Olav Nordmann"),  # nor nicknames
        ("Ase Berg", "Åse Berg"),  # å is a letter of its own
        ("Oyvind Berg", "Øyvind Berg"),
        ("Kari Kari", "Kari Nordmann"),  # each word as often as it stands
        ("", "Kari Nordmann"),
        ("Kari", ""),
    ],
)
def test_names_that_do_not_match(invited: str, verified: str) -> None:
    assert not names_match(invited, verified)


def sent(**changes: object) -> Invitation:
    value = Invitation(
        id="inv-1",
        token_hash=rules.token_hash("t" * 43),
        purpose=HF_ADMIN,
        name="Kari Nordmann",
        email="kari@example.no",
        inviter="editor-1",
        inviter_name="Rita Redaktør",
        created_at=SENT,
        expires_at=SENT + rules.LIFETIME,
    )
    return replace(value, **changes)  # type: ignore[arg-type]


def test_an_invitation_expires_fourteen_days_after_it_was_sent() -> None:
    assert timedelta(days=14) == rules.LIFETIME
    assert status_at(sent(), SENT + timedelta(days=14, microseconds=-1)) == "sendt"
    assert status_at(sent(), SENT + timedelta(days=14)) == "utløpt"
    # A waiting acceptance does not expire: the inviter decides.
    assert status_at(sent(status="venter_på_bekreftelse"), SENT + timedelta(days=90)) == (
        "venter_på_bekreftelse"
    )


def test_accepting_matches_the_name_or_waits() -> None:
    now = SENT + timedelta(hours=1)
    done = rules.accept(sent(), subject="sub-kari", verified_name="Kari Anne Nordmann", now=now)
    assert (done.status, done.version, done.accepted_by, done.accepted_at) == (
        "akseptert",
        2,
        "sub-kari",
        now,
    )
    waiting = rules.accept(sent(), subject="sub-kari", verified_name="Kari Hansen", now=now)
    assert (waiting.status, waiting.accepted_name) == ("venter_på_bekreftelse", "Kari Hansen")


@pytest.mark.parametrize(
    ("invitation", "error"),
    [
        (sent(status="akseptert"), InvitationUsed),
        (sent(status="venter_på_bekreftelse"), InvitationUsed),
        (sent(status="trukket"), InvitationRevoked),
        (sent(expires_at=SENT), InvitationExpired),
    ],
)
def test_only_a_sent_unexpired_invitation_is_accepted(
    invitation: Invitation, error: type[Exception]
) -> None:
    with pytest.raises(error):
        rules.accept(invitation, subject="sub-kari", verified_name="Kari Nordmann", now=SENT)


def test_the_inviter_cannot_accept_their_own_invitation() -> None:
    with pytest.raises(OwnInvitation):
        rules.accept(sent(), subject="editor-1", verified_name="Kari Nordmann", now=SENT)


def test_confirming_and_revoking() -> None:
    waiting = sent(status="venter_på_bekreftelse", version=2)
    with pytest.raises(NotInviter):
        rules.confirm(waiting, subject="editor-2", now=SENT)
    with pytest.raises(NothingToConfirm):
        rules.confirm(sent(), subject="editor-1", now=SENT)
    with pytest.raises(InvitationRevoked):
        rules.confirm(sent(status="trukket"), subject="editor-1", now=SENT)
    confirmed = rules.confirm(waiting, subject="editor-1", now=SENT)
    assert (confirmed.status, confirmed.version, confirmed.changed_by) == (
        "akseptert",
        3,
        "editor-1",
    )

    assert rules.revoke(waiting, subject="editor-2", now=SENT).status == "trukket"
    assert rules.revoke(sent(), subject="editor-1", now=SENT).status == "trukket"
    for used, error in [
        (confirmed, InvitationUsed),
        (sent(status="trukket"), InvitationRevoked),
        (sent(expires_at=SENT), InvitationExpired),
    ]:
        with pytest.raises(error):
            rules.revoke(used, subject="editor-1", now=SENT)


# --- use cases -----------------------------------------------------------------------------------


@pytest.fixture
def store() -> Store:
    return memory_store()


def invite(store: Store, name: str = "Kari Nordmann") -> tuple[Invitation, str]:
    return invitations.invite(
        store, who=EDITOR, grant=HF_ADMIN, name=name, email=" kari@example.no ", env=env()
    )


def test_an_editor_invites_and_the_token_is_shown_once_and_stored_hashed(store: Store) -> None:
    invitation, token = invite(store, name="  Kari   Nordmann ")
    assert rules.looks_like_token(token)
    assert invitations.link(token) == f"/api/invitasjoner/{token}"
    assert (invitation.name, invitation.email, invitation.inviter_name) == (
        "Kari Nordmann",
        "kari@example.no",
        "Rita Redaktør",
    )
    assert invitation.expires_at == SENT + timedelta(days=14)
    assert store.invitations.get(rules.token_hash(token)) == invitation
    assert token not in repr(invitation) and token not in repr(vars(store.invitations))
    seen = invitations.look_up(store, token=token, now=SENT + timedelta(days=13))
    assert (seen.inviter_name, seen.purpose, seen.name) == (
        "Rita Redaktør",
        HF_ADMIN,
        invitation.name,
    )


def test_only_editors_invite_and_only_to_administrator_roles(store: Store) -> None:
    admin = Principal("admin-1", "Berit", frozenset({HF_ADMIN}))
    with pytest.raises(Forbidden):
        invitations.invite(
            store, who=admin, grant=HF_ADMIN, name="Kari Nordmann", email="k@x.no", env=env()
        )
    with pytest.raises(InvalidInput) as refused:
        invitations.invite(
            store,
            who=EDITOR,
            grant=Grant(Role.EDITOR),
            name="Kari Nordmann",
            email="k@x.no",
            env=env(),
        )
    assert refused.value.code == "kan_ikke_inviteres"
    assert store.invitations.by_inviter("admin-1") == store.invitations.by_inviter("editor-1") == []


@pytest.mark.parametrize(
    ("name", "email", "fields"),
    [
        ("K", "kari@example.no", {"name"}),
        ("Kari\x00Nordmann", "kari@example.no", {"name"}),
        ("x" * 201, "kari@example.no", {"name"}),
        ("Kari Nordmann", "kari", {"email"}),
        ("Kari Nordmann", "kari@example", {"email"}),
        ("Kari Nordmann", "kari@@example.no", {"email"}),
        ("Kari Nordmann", "kari nordmann@example.no", {"email"}),
        ("", "", {"name", "email"}),
    ],
)
def test_name_and_email_are_checked(store: Store, name: str, email: str, fields: set[str]) -> None:
    with pytest.raises(InvalidInput) as refused:
        invitations.invite(store, who=EDITOR, grant=HF_ADMIN, name=name, email=email, env=env())
    assert set(refused.value.fields) == fields
    assert store.invitations.by_inviter("editor-1") == []


def test_accepting_with_the_invited_name_gives_the_role_at_once(store: Store) -> None:
    _, token = invite(store)
    done = invitations.accept(store, who=KARI, token=token, env=env(1))
    assert done.status == "akseptert"
    assert store.users.grants("sub-kari") == frozenset({HF_ADMIN})
    for again in (KARI, STRANGER):
        with pytest.raises(InvitationUsed):
            invitations.accept(store, who=again, token=token, env=env(2))
    with pytest.raises(InvitationUsed):
        invitations.look_up(store, token=token, now=SENT)


def test_an_invitation_expires_with_the_clock(store: Store) -> None:
    _, token = invite(store)
    late = Env(SENT + rules.LIFETIME)
    with pytest.raises(InvitationExpired) as refused:
        invitations.accept(store, who=KARI, token=token, env=late)
    assert refused.value.message == "Invitasjonen er utløpt. Be den som inviterte deg om en ny."
    with pytest.raises(InvitationExpired):
        invitations.look_up(store, token=token, now=late.now)
    assert store.users.grants("sub-kari") == frozenset()
    done = invitations.accept(
        store, who=KARI, token=token, env=Env(late.now - timedelta(seconds=1))
    )
    assert done.status == "akseptert"


def test_a_revoked_invitation_is_refused(store: Store) -> None:
    invitation, token = invite(store)
    revoked = invitations.revoke(store, who=OTHER_EDITOR, invitation_id=invitation.id, env=env(1))
    assert (revoked.status, revoked.changed_by) == ("trukket", "editor-2")
    with pytest.raises(InvitationRevoked):
        invitations.accept(store, who=KARI, token=token, env=env(2))
    with pytest.raises(InvitationRevoked):
        invitations.look_up(store, token=token, now=SENT)
    with pytest.raises(InvitationRevoked):
        invitations.revoke(store, who=EDITOR, invitation_id=invitation.id, env=env(3))
    assert store.users.grants("sub-kari") == frozenset()


def test_another_name_waits_until_the_inviter_confirms(store: Store) -> None:
    invitation, token = invite(store)
    someone = Principal("sub-kh", "Kari Hansen")
    waiting = invitations.accept(store, who=someone, token=token, env=env(1))
    assert waiting.status == "venter_på_bekreftelse"
    assert store.users.grants("sub-kh") == frozenset()
    assert invitations.awaiting_confirmation(store, who=EDITOR) == [waiting]
    with pytest.raises(InvitationUsed):  # the link is used: no one else gets in now
        invitations.accept(store, who=KARI, token=token, env=env(2))

    with pytest.raises(NotInviter):  # another editor would be guessing
        invitations.confirm(store, who=OTHER_EDITOR, invitation_id=invitation.id, env=env(3))
    with pytest.raises(InvitationUnknown):  # and to others it does not exist
        invitations.confirm(store, who=someone, invitation_id=invitation.id, env=env(3))
    confirmed = invitations.confirm(
        store, who=EDITOR, invitation_id=invitation.id, env=env(24 * 30)
    )
    assert confirmed.status == "akseptert"
    assert store.users.grants("sub-kh") == frozenset({HF_ADMIN})
    assert invitations.awaiting_confirmation(store, who=EDITOR) == []
    with pytest.raises(NothingToConfirm):
        invitations.confirm(store, who=EDITOR, invitation_id=invitation.id, env=env(24 * 31))


def test_an_inviter_who_is_no_longer_editor_cannot_confirm(store: Store) -> None:
    invitation, token = invite(store)
    invitations.accept(store, who=Principal("sub-kh", "Kari Hansen"), token=token, env=env(1))
    former = Principal("editor-1", "Rita Redaktør")
    with pytest.raises(Forbidden) as refused:
        invitations.confirm(store, who=former, invitation_id=invitation.id, env=env(2))
    assert refused.value.code == "kan_ikke_bekrefte"
    assert store.users.grants("sub-kh") == frozenset()


def test_who_may_revoke_and_who_sees_an_invitation(store: Store) -> None:
    invitation, _ = invite(store)
    for outsider in (STRANGER, Principal("admin-1", "Berit", frozenset({HF_ADMIN}))):
        with pytest.raises(InvitationUnknown):
            invitations.revoke(store, who=outsider, invitation_id=invitation.id, env=env(1))
    with pytest.raises(InvitationUnknown):
        invitations.revoke(store, who=EDITOR, invitation_id="finnes-ikke", env=env(1))
    assert invitations.mine(store, who=EDITOR) == [invitation]
    assert invitations.mine(store, who=STRANGER) == []


@pytest.mark.parametrize("token", ["", "for-kort", "t" * 44, "æ" * 43, "t" * 42 + "/"])
def test_a_token_that_is_none_of_ours_is_unknown(store: Store, token: str) -> None:
    invite(store)
    with pytest.raises(InvitationUnknown):
        invitations.look_up(store, token=token, now=SENT)
    with pytest.raises(InvitationUnknown):
        invitations.accept(store, who=KARI, token=token, env=env())


def test_the_role_waits_while_the_invitee_has_applied_there(store: Store) -> None:
    from lis1.domain.applications import Application, Receipt

    _, token = invite(store)
    application = Application(
        "ad-1", "sub-kari", "Søknad", "sendt", "LIS1-AAAA-0001", SENT, SENT, 1
    )
    receipt = Receipt("LIS1-AAAA-0001", SENT, "søknad sendt", "ad-1", "sub-kari", "Sendt.")
    store.applications.submit(application, receipt, conflicting=frozenset({HF_ADMIN}))
    with pytest.raises(AppliedThere):
        invitations.accept(store, who=KARI, token=token, env=env(1))
    assert invitations.look_up(store, token=token, now=SENT).status == "sendt"


def test_every_change_is_in_the_audit_log(store: Store) -> None:
    invitation, token = invite(store)
    invitations.accept(store, who=KARI, token=token, env=env(1))
    entries = store.audit.entries("organisasjon:helse-bergen")
    assert [(e.action, e.actor) for e in entries if e.action != "grant"] == [
        ("invite", "editor-1"),
        ("accept", "sub-kari"),
    ]
    grants = [e for e in entries if e.action == "grant"]
    assert [(g.actor, g.detail) for g in grants] == [
        ("editor-1", {"subject": "sub-kari", "role": "hf_admin", "invitation": invitation.id})
    ]
