"""What the portfolio and invitation contract tests share: a LIS's portfolio, invitations to a
role on it, relations made the only way there is (accepting such an invitation), activities,
goals on their way to approval, supervision conversations, and a record moved to the kommune."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from lis1.domain import invitations as rules
from lis1.domain.invitations import Invitation
from lis1.domain.portfolio import activities as steps
from lis1.domain.portfolio import approvals
from lis1.domain.portfolio import conversations as talks
from lis1.domain.portfolio.activities import Activity
from lis1.domain.portfolio.approvals import (
    Decider,
    GoalApproval,
    Recommendation,
    RecommenderKind,
)
from lis1.domain.portfolio.conversations import Conversation
from lis1.domain.portfolio.records import Employment, Plan, Portfolio, move_to_kommune
from lis1.domain.portfolio.relations import PortfolioRole, Relation, RelationKind
from lis1.services.ports.accounts import AuditEntry
from lis1.services.ports.portfolios import portfolio_entity
from lis1.services.ports.store import Store

from .helpers import HF, KOMMUNE, OSLO_SUMMER

NOW = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
"""As in the invitations' suite: DynamoDB Local deletes invitations whose TTL has passed."""
LIS = "sub-lis"
OTHER_LIS = "sub-lis-2"


def at(minutes: float) -> datetime:
    return NOW + timedelta(minutes=minutes)


def oslo(instant: datetime) -> datetime:
    """The same instant with Oslo's summer offset: the store must give it back in UTC."""
    return instant.astimezone(OSLO_SUMMER)


def employment(employment_id: str = "emp-1") -> Employment:
    """A hospital part at :data:`HF`."""
    return Employment(
        id=employment_id,
        arena="sykehus",
        organisation=HF,
        starts=date(2025, 9, 1),
        ends=date(2026, 2, 28),
    )


def portfolio(owner: str = LIS, employments: int = 2) -> Portfolio:
    """Its first employment a hired hospital part with psychiatry, its second the kommune part,
    then other hospital parts."""
    kinds = [
        replace(employment(), offer_id="offer-1", origin="tilbud", psychiatry=True),
        replace(
            employment("emp-2"),
            arena="kommune",
            organisation=KOMMUNE,
            starts=date(2026, 3, 1),
            ends=date(2026, 8, 31),
        ),
    ]
    chosen = [kinds[n] if n < 2 else employment(f"emp-{n + 1}") for n in range(employments)]
    return Portfolio(
        owner=owner,
        owner_name="Lise «LIS» Ås",
        created_at=oslo(at(0)),
        plan=Plan(clinical="2020-03-01", common="2025-09-01", old_common=False),
        employments=tuple(chosen),
    )


def audit_of(owner: str, minutes: float, action: str = "create_portfolio") -> AuditEntry:
    return AuditEntry(portfolio_entity(owner), at(minutes), owner, action, {"owner": owner})


def audit_actions(store: Store, owner: str = LIS) -> list[tuple[str, str]]:
    """(actor, action) of the portfolio's entries, sorted: entries written in one transaction
    share their instant, and their order among themselves is not kept."""
    return sorted((e.actor, e.action) for e in store.audit.entries(portfolio_entity(owner)))


def role_invitation(
    invitation_id: str,
    kind: RelationKind = "leder",
    *,
    owner: str = LIS,
    employment_id: str = "emp-1",
    organisation: str = HF,
    minutes: float = 0,
    name: str = "Kari Nordmann",
) -> Invitation:
    """An invitation from the LIS to ``kind`` on their portfolio (its token from its id)."""
    sent = oslo(at(minutes))
    return Invitation(
        id=invitation_id,
        token_hash=rules.token_hash(f"token-{invitation_id}-" + "t" * 30),
        purpose=PortfolioRole(owner, employment_id, kind, organisation, "Lise «LIS» Ås"),
        name=name,
        email="kari@example.no",
        inviter=owner,
        inviter_name="Lise Ås",
        created_at=sent,
        expires_at=sent + rules.LIFETIME,
    )


def relate(
    store: Store,
    invitation_id: str,
    kind: RelationKind = "leder",
    *,
    subject: str = "sub-kari",
    minutes: float = 1,
    owner: str = LIS,
    employment_id: str = "emp-1",
    organisation: str = HF,
) -> Relation:
    """The relation made by the LIS inviting ``subject``, who accepts ``minutes`` in."""
    sent = role_invitation(
        invitation_id, kind, owner=owner, employment_id=employment_id, organisation=organisation
    )
    store.invitations.create(sent)
    done = rules.accept(sent, subject=subject, verified_name=sent.name, now=oslo(at(minutes)))
    assert store.invitations.accept(done) is True
    (made,) = [r for r in store.portfolios.relations(owner) if r.id == invitation_id]
    return made


T0 = datetime(2024, 10, 27, 0, 30, tzinfo=UTC)
"""Activities have no TTL: fixed instants, in the week Oslo's clocks go back."""


def activity(
    activity_id: str = "act-1",
    *,
    owner: str = LIS,
    day: date = date(2024, 10, 21),
    created: datetime = T0,
) -> Activity:
    return steps.draft(
        activity_id=activity_id,
        owner=owner,
        kind="prosedyre",
        day=day,
        description="Lumbalpunksjon under veiledning – «første gang».\nGikk fint; æøå.",
        goals=("KLS-001", "KLS-014"),
        now=oslo(created),
    )


def sent(value: Activity, supervisor: str, when: datetime) -> Activity:
    return steps.send(
        value, supervisor=supervisor, supervisor_name="Sara Supervisør", now=oslo(when)
    )


def in_utc(value: Activity) -> Activity:
    def utc(instant: datetime | None) -> datetime | None:
        return None if instant is None else instant.astimezone(UTC)

    return replace(
        value,
        created_at=value.created_at.astimezone(UTC),
        sent_at=utc(value.sent_at),
        decided_at=utc(value.decided_at),
    )


# --- goals and conversations (fixed instants: neither has a TTL) ------------------------------

LEDER = Decider(subject="sub-leder", name="Lars Leder", role="leder")


def goal_audit(minutes: float, action: str, *, owner: str = LIS, actor: str = LIS) -> AuditEntry:
    return AuditEntry(portfolio_entity(owner), T0 + timedelta(minutes=minutes), actor, action, {})


def waiting_goal(code: str = "KLS-001", *, owner: str = LIS) -> GoalApproval:
    """Sent by the LIS (version 1)."""
    opened = GoalApproval(owner=owner, code=code, part="sykehus", status="åpen")
    return approvals.send(opened, now=oslo(T0))


def recommended(goal: GoalApproval, by: str, kind: RecommenderKind, hours: int) -> GoalApproval:
    text = f"Anbefalt av {by} – «trygg».\nÆØÅ."
    made = Recommendation(by, f"Navn {by}", (kind,), oslo(T0 + timedelta(hours=hours)), text)
    return approvals.recommend(goal, made)


def approved_goal(code: str = "KLS-001", *, owner: str = LIS) -> list[GoalApproval]:
    """Its versions 1 to 4: sent, recommended by the veileder, by a supervisør, approved."""
    sent_goal = waiting_goal(code, owner=owner)
    first = recommended(sent_goal, "sub-vera", "veileder", 1)
    both = recommended(first, "sub-sara", "supervisør", 2)
    done = approvals.approve(both, by=LEDER, now=oslo(T0 + timedelta(hours=3)), comment=None)
    return [sent_goal, first, both, done]


def goal_in_utc(goal: GoalApproval) -> GoalApproval:
    decision = goal.decision
    return replace(
        goal,
        sent_at=None if goal.sent_at is None else goal.sent_at.astimezone(UTC),
        recommendations=tuple(replace(r, at=r.at.astimezone(UTC)) for r in goal.recommendations),
        decision=None if decision is None else replace(decision, at=decision.at.astimezone(UTC)),
    )


def conversation(
    conversation_id: str = "conv-1",
    *,
    owner: str = LIS,
    day: date = date(2024, 10, 21),
    created: datetime = T0,
) -> Conversation:
    return talks.plan(
        conversation_id=conversation_id,
        owner=owner,
        veileder="sub-vera",
        veileder_name="Vera Veileder",
        day=day,
        topic="Første samtale – «mål» og æøå",
        now=oslo(created),
    )


def conversation_in_utc(value: Conversation) -> Conversation:
    def utc(instant: datetime | None) -> datetime | None:
        return None if instant is None else instant.astimezone(UTC)

    return replace(
        value,
        created_at=value.created_at.astimezone(UTC),
        updated_at=utc(value.updated_at),
        finalised_at=utc(value.finalised_at),
    )


def created(store: Store, owner: str = LIS, employments: int = 2) -> Portfolio:
    store.portfolios.create(portfolio(owner, employments), audit=audit_of(owner, 0))
    stored = store.portfolios.get(owner)
    assert stored is not None
    return stored


def moved(record: Portfolio, minutes: float = 5) -> Portfolio:
    """The kommune confirms the start (the record's next version)."""
    return move_to_kommune(record, "emp-2", by="sub-kommune", now=oslo(at(minutes)), blocking=[])


def start_kommune(store: Store, record: Portfolio) -> Portfolio:
    store.portfolios.save(moved(record), audit=audit_of(LIS, 5, "start_kommune"))
    stored = store.portfolios.get(LIS)
    assert stored is not None and stored.part == "kommune"
    return stored
