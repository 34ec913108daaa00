"""In-memory fakes of the portfolio ports: the DynamoDB adapter's conditions under the store's
one lock, its orders and bounds from :mod:`lis1.store.keys.portfolios`, and every instant given
back in UTC as DynamoDB gives it; relations live in the shared :class:`.state.State`, where
invitations make them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from ...domain.portfolio.activities import Activity
from ...domain.portfolio.approvals import GoalApproval
from ...domain.portfolio.conversations import Conversation
from ...domain.portfolio.errors import (
    ActivityChanged,
    ConversationChanged,
    GoalChanged,
    PortfolioChanged,
    PortfolioExists,
    RelationChanged,
)
from ...domain.portfolio.records import Portfolio
from ...domain.portfolio.relations import Relation
from ...errors import Conflict
from ...services.ports.accounts import AuditEntry
from ..keys import portfolios as keys
from ..values import iso, utc
from .state import State, utc_relation


class MemoryPortfolios:
    def __init__(self, state: State) -> None:
        self._state = state
        self._portfolios: dict[str, Portfolio] = {}
        self._copies: dict[str, dict[str, Portfolio]] = {}
        """organisation -> owner -> the record as last created or saved with an employment
        there (as DynamoDB's employer copies: a reopening does not move their version, and a
        copy stays where the record no longer employs)."""

    def create(self, portfolio: Portfolio, *, audit: AuditEntry) -> None:
        with self._state.lock:
            if portfolio.owner in self._portfolios:
                raise PortfolioExists()
            self._write(portfolio)
            self._record(audit)

    def get(self, owner: str) -> Portfolio | None:
        with self._state.lock:
            return self._portfolios.get(owner)

    def save(self, portfolio: Portfolio, *, audit: AuditEntry) -> None:
        with self._state.lock:
            stored = self._portfolios.get(portfolio.owner)
            if stored is None or stored.version != portfolio.version - 1:
                raise PortfolioChanged()
            self._write(portfolio)
            self._record(audit)

    def employing(self, organisation: str) -> list[Portfolio]:
        with self._state.lock:
            found = list(self._copies.get(organisation, {}).values())
        return sorted(found, key=lambda p: p.owner)

    def _write(self, portfolio: Portfolio) -> None:
        stored = _utc(portfolio)
        self._portfolios[portfolio.owner] = stored
        for organisation in keys.employers(portfolio):
            self._copies.setdefault(organisation, {})[portfolio.owner] = stored

    def in_part(self, owner: str, part: str, version: int | None) -> bool:
        """Whether the stored portfolio is in ``part`` (and at ``version`` if given); call
        with the store's lock held (the goals' condition)."""
        stored = self._portfolios.get(owner)
        return (
            stored is not None
            and stored.part == part
            and (version is None or stored.version == version)
        )

    def bump(self, owner: str) -> None:
        """The next version of the stored portfolio, as a reopened goal makes it; with the
        lock held."""
        stored = self._portfolios[owner]
        self._portfolios[owner] = replace(stored, version=stored.version + 1)

    def relations(self, owner: str) -> list[Relation]:
        return self._relations(lambda r: r.role.owner == owner)

    def relations_of(self, subject: str) -> list[Relation]:
        return self._relations(lambda r: r.subject == subject)

    def at_employer(self, organisation: str) -> list[Relation]:
        return self._relations(lambda r: r.role.organisation == organisation)

    def change_relation(self, changed: Relation, *, audit: AuditEntry) -> None:
        """As DynamoDB's conditions: onto the stored version before, never onto an ended one,
        never moving it to another person, employment, kind, employer or instant made."""
        with self._state.lock:
            stored = self._state.relations.get(changed.id)
            if (
                stored is None
                or stored.version != changed.version - 1
                or stored.status == "avsluttet"
                or (stored.subject, stored.role) != (changed.subject, changed.role)
                or iso(stored.created_at) != iso(changed.created_at)
            ):
                raise RelationChanged()
            role = changed.role
            slot = (role.owner, role.employment_id, role.kind)
            frees = changed.status == "avsluttet" and slot in self._state.slots
            if frees and self._state.slots[slot] != changed.id:
                raise RelationChanged()
            self._state.relations[changed.id] = utc_relation(changed)
            if frees:
                del self._state.slots[slot]
            self._record(audit)

    def _relations(self, wanted: Callable[[Relation], bool]) -> list[Relation]:
        with self._state.lock:
            return keys.oldest_first(r for r in self._state.relations.values() if wanted(r))

    def _record(self, audit: AuditEntry) -> None:
        self._state.record(audit.entity, audit.at, audit.actor, audit.action, audit.detail)


class MemoryActivities:
    def __init__(self, state: State) -> None:
        self._state = state
        self._activities: dict[tuple[str, str], Activity] = {}

    def create(self, activity: Activity) -> None:
        with self._state.lock:
            if any(a.id == activity.id for a in self._activities.values()):
                raise Conflict()
            self._activities[(activity.owner, activity.id)] = _utc_activity(activity)

    def get(self, owner: str, activity_id: str) -> Activity | None:
        with self._state.lock:
            return self._activities.get((owner, activity_id))

    def of_owner(self, owner: str) -> list[Activity]:
        with self._state.lock:
            return keys.newest_day_first(a for a in self._activities.values() if a.owner == owner)

    def sent_to(self, supervisor: str) -> list[Activity]:
        with self._state.lock:
            found = [a for a in self._activities.values() if keys.supervised_by(a) == supervisor]
        return keys.oldest_sent_first(found)

    def save(self, activity: Activity, *, audit: AuditEntry | None = None) -> None:
        with self._state.lock:
            stored = self._activities.get((activity.owner, activity.id))
            if stored is None or stored.version != activity.version - 1:
                raise ActivityChanged()
            self._activities[(activity.owner, activity.id)] = _utc_activity(activity)
            if audit is not None:
                self._state.record(audit.entity, audit.at, audit.actor, audit.action, audit.detail)

    def waiting(self, sent_before: datetime) -> list[Activity]:
        with self._state.lock:
            found = [a for a in self._activities.values() if keys.waits(a, sent_before)]
        return keys.oldest_sent_first(found)


class MemoryGoals:
    def __init__(self, state: State, portfolios: MemoryPortfolios) -> None:
        self._state = state
        self._portfolios = portfolios
        self._goals: dict[tuple[str, str], GoalApproval] = {}

    def of_owner(self, owner: str) -> list[GoalApproval]:
        with self._state.lock:
            return sorted(
                (g for (o, _), g in self._goals.items() if o == owner), key=lambda g: g.code
            )

    def get(self, owner: str, code: str) -> GoalApproval | None:
        with self._state.lock:
            return self._goals.get((owner, code))

    def save(
        self, goal: GoalApproval, *, audit: AuditEntry, within: Portfolio, reopens: bool = False
    ) -> None:
        with self._state.lock:
            stored = self._goals.get((goal.owner, goal.code))
            on_version = (stored.version if stored else 0) == goal.version - 1
            version = within.version if reopens else None
            if not (on_version and self._portfolios.in_part(goal.owner, within.part, version)):
                raise GoalChanged()
            self._goals[(goal.owner, goal.code)] = _utc_goal(goal)
            if reopens:
                self._portfolios.bump(goal.owner)
            self._state.record(audit.entity, audit.at, audit.actor, audit.action, audit.detail)


class MemoryConversations:
    def __init__(self, state: State) -> None:
        self._state = state
        self._conversations: dict[tuple[str, str], Conversation] = {}

    def of_owner(self, owner: str) -> list[Conversation]:
        with self._state.lock:
            found = [c for (o, _), c in self._conversations.items() if o == owner]
        return keys.newest_conversation_first(found)

    def get(self, owner: str, conversation_id: str) -> Conversation | None:
        with self._state.lock:
            return self._conversations.get((owner, conversation_id))

    def save(self, conversation: Conversation, *, audit: AuditEntry) -> None:
        with self._state.lock:
            stored = self._conversations.get((conversation.owner, conversation.id))
            taken = any(c.id == conversation.id for c in self._conversations.values())
            if (stored.version if stored else 0) != conversation.version - 1 or (
                stored is None and taken
            ):
                raise ConversationChanged()
            self._conversations[(conversation.owner, conversation.id)] = replace(
                conversation,
                created_at=utc(conversation.created_at),
                updated_at=_maybe_utc(conversation.updated_at),
                finalised_at=_maybe_utc(conversation.finalised_at),
            )
            self._state.record(audit.entity, audit.at, audit.actor, audit.action, audit.detail)


def _utc_goal(goal: GoalApproval) -> GoalApproval:
    decision = goal.decision
    return replace(
        goal,
        sent_at=_maybe_utc(goal.sent_at),
        recommendations=tuple(replace(r, at=utc(r.at)) for r in goal.recommendations),
        decision=None if decision is None else replace(decision, at=utc(decision.at)),
    )


def _maybe_utc(instant: datetime | None) -> datetime | None:
    return None if instant is None else utc(instant)


def _utc(portfolio: Portfolio) -> Portfolio:
    moved = portfolio.moved
    return replace(
        portfolio,
        created_at=utc(portfolio.created_at),
        updated_at=_maybe_utc(portfolio.updated_at),
        moved=None if moved is None else replace(moved, at=utc(moved.at)),
    )


def _utc_activity(activity: Activity) -> Activity:
    return replace(
        activity,
        created_at=utc(activity.created_at),
        sent_at=_maybe_utc(activity.sent_at),
        decided_at=_maybe_utc(activity.decided_at),
    )
