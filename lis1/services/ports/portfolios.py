"""Ports of the competence portfolio: the record with its employments and plan, the relations
invitations make, the learning activities, the goals on their way to approval and the
supervision conversations.

Relations are created only by accepting (or confirming) an invitation to a
:class:`lis1.domain.portfolio.relations.PortfolioRole`, in the invitation's own transaction
(:meth:`lis1.services.ports.invitations.Invitations.accept`), which also takes the employment's
slot for a leder or veileder (one at a time: :class:`RoleTaken` when it is held) and gives the
relation the id of its invitation. Every change of a relation is recorded in the audit log under
:func:`portfolio_entity` of its owner, in the same write.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from ...domain.portfolio.activities import Activity
from ...domain.portfolio.approvals import GoalApproval
from ...domain.portfolio.conversations import Conversation
from ...domain.portfolio.records import Portfolio
from ...domain.portfolio.relations import Relation
from .accounts import AuditEntry


def portfolio_entity(owner: str) -> str:
    """The audit entity of changes to a LIS's portfolio and the relations on it."""
    return f"portefølje:{owner}"


class Portfolios(Protocol):
    def create(self, portfolio: Portfolio, *, audit: AuditEntry) -> None:
        """Store a new portfolio (version 1); :class:`PortfolioExists` (nothing written) if the
        owner has one."""
        ...

    def get(self, owner: str) -> Portfolio | None: ...

    def save(self, portfolio: Portfolio, *, audit: AuditEntry) -> None:
        """Write ``portfolio`` onto the stored ``portfolio.version - 1``, else
        :class:`PortfolioChanged` (nothing written)."""
        ...

    def employing(self, organisation: str) -> list[Portfolio]:
        """The portfolios with an employment at ``organisation``, by owner: what the
        employer's administrators see (the kommune confirms the start there). A copy, written
        with every create and save of the portfolio; :meth:`get` is the record itself."""
        ...

    def relations(self, owner: str) -> list[Relation]:
        """Every relation on the owner's portfolio, ended ones too, oldest first."""
        ...

    def relations_of(self, subject: str) -> list[Relation]:
        """Every relation in which ``subject`` is the person, ended ones too, oldest first."""
        ...

    def at_employer(self, organisation: str) -> list[Relation]:
        """Every relation for an employment at ``organisation``, oldest first: what the
        employer's administrators confirm and end."""
        ...

    def change_relation(self, changed: Relation, *, audit: AuditEntry) -> None:
        """Write ``changed`` (confirmed or ended) onto the stored ``changed.version - 1``, else
        :class:`RelationChanged`. Ending frees the employment's slot for its kind."""
        ...


class Activities(Protocol):
    def create(self, activity: Activity) -> None:
        """Store a new activity (version 1); Conflict if its id is taken."""
        ...

    def get(self, owner: str, activity_id: str) -> Activity | None: ...

    def of_owner(self, owner: str) -> list[Activity]:
        """The LIS's activities, newest day first (then newest created)."""
        ...

    def sent_to(self, supervisor: str) -> list[Activity]:
        """The activities last sent to ``supervisor``, waiting or decided, oldest sent first."""
        ...

    def save(self, activity: Activity, *, audit: AuditEntry | None = None) -> None:
        """Write ``activity`` onto the stored ``activity.version - 1``, else
        :class:`ActivityChanged`; with its audit entry in the same write."""
        ...

    def waiting(self, sent_before: datetime) -> list[Activity]:
        """Activities waiting for a signature that were sent before ``sent_before`` (for the
        weekly reminders; never a scan of the table)."""
        ...


class Goals(Protocol):
    """The LIS's goals on their way to approval (a goal nothing was done with is absent)."""

    def of_owner(self, owner: str) -> list[GoalApproval]:
        """Every stored goal of the LIS, by code."""
        ...

    def get(self, owner: str, code: str) -> GoalApproval | None: ...

    def save(
        self, goal: GoalApproval, *, audit: AuditEntry, within: Portfolio, reopens: bool = False
    ) -> None:
        """Write ``goal`` onto the stored ``goal.version - 1`` (0: none is stored), only while
        the stored portfolio is still in ``within.part``; a reopening also moves the portfolio
        from ``within.version`` to the next, so a move to the kommune made from a read before
        it fails (:class:`PortfolioChanged` there). With its audit entry, in one write; else
        :class:`GoalChanged`, nothing written."""
        ...


class Conversations(Protocol):
    """Supervision conversations; their text is never in an audit entry."""

    def of_owner(self, owner: str) -> list[Conversation]:
        """The LIS's conversations, newest day first (then newest created)."""
        ...

    def get(self, owner: str, conversation_id: str) -> Conversation | None: ...

    def save(self, conversation: Conversation, *, audit: AuditEntry) -> None:
        """Write onto the stored ``conversation.version - 1`` (a new one: version 1, its id
        unused), else :class:`ConversationChanged`; with its audit entry in one write."""
        ...
