"""What a portfolio proves so far, counted: the goals per arena by where they stand, the
activities waiting for a signature, and what still keeps the kommune part from starting.

One pure function over the record's goals and activities, so the progress page, the leder's
overview and the standard report count the same way and a test can hold them to the record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .activities import Activity
from .approvals import GoalApproval
from .goals import GoalArena, PlanGoal

ARENAS: tuple[GoalArena, ...] = ("sykehus", "psykiatri", "kommune")


@dataclass(frozen=True)
class ArenaProgress:
    arena: GoalArena
    approved: int
    sent: int
    """Sent for approval, not yet decided."""
    returned: int
    remaining: int
    """Neither approved, sent nor returned: not sent yet, or recalled, or an approval undone."""

    @property
    def total(self) -> int:
        return self.approved + self.sent + self.returned + self.remaining


@dataclass(frozen=True)
class Progress:
    arenas: tuple[ArenaProgress, ...]
    """The plan's arenas, in the order of :data:`ARENAS` (psykiatri only in a plan with it)."""
    activities_waiting: int
    """Sent to a supervisør, not yet signed or returned."""
    activities_signed: int
    blocking: tuple[str, ...] | None
    """In the hospital part, the codes of the hospital goals not yet approved; None once the
    record is in the kommune part."""

    @property
    def approved(self) -> int:
        return sum(a.approved for a in self.arenas)

    @property
    def total(self) -> int:
        return sum(a.total for a in self.arenas)


def progress(
    goals: Iterable[PlanGoal],
    approvals: Mapping[str, GoalApproval],
    activities: Iterable[Activity],
    blocking: Iterable[str] | None,
) -> Progress:
    """The counts of one record: ``approvals`` by goal code (a goal without one was never sent),
    ``blocking`` as the services find it (None in the kommune part)."""
    counts: dict[GoalArena, dict[str, int]] = {}
    for goal in goals:
        found = approvals.get(goal.code)
        status = "åpen" if found is None else found.status
        arena = counts.setdefault(goal.arena, dict.fromkeys(("godkjent", "sendt", "returnert"), 0))
        key = status if status in arena else "åpen"
        arena[key] = arena.get(key, 0) + 1
    arenas = tuple(
        ArenaProgress(
            arena,
            counts[arena]["godkjent"],
            counts[arena]["sendt"],
            counts[arena]["returnert"],
            counts[arena].get("åpen", 0),
        )
        for arena in ARENAS
        if arena in counts
    )
    done = list(activities)
    return Progress(
        arenas=arenas,
        activities_waiting=sum(1 for a in done if a.status == "sendt"),
        activities_signed=sum(1 for a in done if a.status == "signert"),
        blocking=None if blocking is None else tuple(blocking),
    )
