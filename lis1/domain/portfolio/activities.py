"""Learning activities: what a LIS did to reach goals, signed by a supervisør.

The LIS registers an activity (kind, date, description, the goals it serves) as a draft or
sends it straight to one of their supervisører. The supervisør signs it, or returns it with a
comment saying what to change; a returned activity can be corrected and sent again, to the same
or another supervisør; the LIS can recall one that waits. A signed activity is settled: nobody
changes it. Activities that wait more than a week are reminded weekly (:func:`reminders_due`).
The kinds are those Helsedirektoratet recommends; an HF or kommune may use others ("annet").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal, TypeAlias

from ...i18n import N_
from .errors import ActivityNotEditable, ActivityNotWaiting

ActivityKind: TypeAlias = Literal[
    "klinisk_praksis", "prosedyre", "kurs", "veiledning", "selvstudium", "annet"
]
ACTIVITY_KINDS: tuple[ActivityKind, ...] = (
    "klinisk_praksis",
    "prosedyre",
    "kurs",
    "veiledning",
    "selvstudium",
    "annet",
)
KIND_NAMES: dict[ActivityKind, str] = {
    "klinisk_praksis": N_("Klinisk praksis"),
    "prosedyre": N_("Prosedyre"),
    "kurs": N_("Kurs"),
    "veiledning": N_("Veiledning"),
    "selvstudium": N_("Selvstudium"),
    "annet": N_("Annet"),
}
ActivityStatus: TypeAlias = Literal["utkast", "sendt", "signert", "returnert"]
ACTIVITY_STATUSES: tuple[ActivityStatus, ...] = ("utkast", "sendt", "signert", "returnert")
STATUS_NAMES: dict[ActivityStatus, str] = {
    "utkast": N_("utkast"),
    "sendt": N_("venter på signatur"),
    "signert": N_("signert"),
    "returnert": N_("returnert til deg"),
}

MAX_DESCRIPTION = 2000
MAX_COMMENT = 1000
MAX_GOALS = 30
REMIND_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class Activity:
    id: str
    owner: str
    """The LIS's subject."""
    kind: ActivityKind
    day: date
    description: str
    goals: tuple[str, ...]
    """Codes of goals in the LIS's plan."""
    status: ActivityStatus
    created_at: datetime
    version: int = 1
    supervisor: str | None = None
    """The supervisør it was last sent to (subject)."""
    supervisor_name: str | None = None
    sent_at: datetime | None = None
    decided_at: datetime | None = None
    comment: str | None = None
    """The supervisør's words when signing or returning. Never logged."""


def draft(
    *,
    activity_id: str,
    owner: str,
    kind: ActivityKind,
    day: date,
    description: str,
    goals: tuple[str, ...],
    now: datetime,
) -> Activity:
    return Activity(
        id=activity_id,
        owner=owner,
        kind=kind,
        day=day,
        description=description,
        goals=goals,
        status="utkast",
        created_at=now,
    )


def edit(
    activity: Activity,
    *,
    kind: ActivityKind,
    day: date,
    description: str,
    goals: tuple[str, ...],
) -> Activity:
    """The LIS corrects a draft or a returned activity; it stays as it was otherwise."""
    if activity.status not in ("utkast", "returnert"):
        raise ActivityNotEditable()
    return replace(
        activity,
        kind=kind,
        day=day,
        description=description,
        goals=goals,
        version=activity.version + 1,
    )


def send(activity: Activity, *, supervisor: str, supervisor_name: str, now: datetime) -> Activity:
    """To a supervisør for signing (whether they are one is the service's rule)."""
    if activity.status not in ("utkast", "returnert"):
        raise ActivityNotEditable()
    return replace(
        activity,
        status="sendt",
        supervisor=supervisor,
        supervisor_name=supervisor_name,
        sent_at=now,
        decided_at=None,
        comment=None,
        version=activity.version + 1,
    )


def recall(activity: Activity, *, now: datetime) -> Activity:
    """The LIS takes back an activity that waits; it becomes a draft again."""
    if activity.status != "sendt":
        raise ActivityNotWaiting()
    return replace(activity, status="utkast", version=activity.version + 1, decided_at=now)


def sign(activity: Activity, *, by: str, comment: str | None, now: datetime) -> Activity:
    return _decided(activity, by, "signert", comment, now)


def give_back(activity: Activity, *, by: str, comment: str, now: datetime) -> Activity:
    return _decided(activity, by, "returnert", comment, now)


def _decided(
    activity: Activity, by: str, status: ActivityStatus, comment: str | None, now: datetime
) -> Activity:
    if activity.status != "sendt" or activity.supervisor != by:
        raise ActivityNotWaiting()
    return replace(
        activity, status=status, comment=comment, decided_at=now, version=activity.version + 1
    )


def weeks_waited(activity: Activity, now: datetime) -> int:
    """Whole weeks the activity has waited for its signature (0 if it does not wait)."""
    if activity.status != "sendt" or activity.sent_at is None:
        return 0
    return max(0, (now - activity.sent_at) // REMIND_AFTER)


def reminder_key(activity: Activity, week: int) -> str:
    """One reminder per sending and per week waited, however often the job runs."""
    assert activity.sent_at is not None
    return f"{activity.id}#{activity.sent_at.isoformat()}#{week}"
