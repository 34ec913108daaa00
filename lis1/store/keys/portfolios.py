"""Keys of the competence portfolio (the record and its employers' copies, the relations
invitations make, the learning activities, the goals on their way to approval, the supervision
conversations), and the orders and rules both adapters share.

    item           pk                        sk                            gsi1pk / gsi1sk
    -------------  ------------------------  ----------------------------  ----------------------
    portfolio      PORTFOLIO#<owner>         PORTFOLIO                     -
                   the owner's name, ``plan`` (a map) and ``employments`` (a list of maps,
                   at most 12), ``version``, ``part`` ("sykehus" until ``moved``, the map of
                   the kommune's confirmation, is there; an item written without it is in
                   "sykehus"). Create: Put attribute_not_exists(pk); save: Put on
                   ``version = :previous``; each in one TransactWriteItems with its audit entry
                   (:func:`lis1.services.ports.portfolios.portfolio_entity`) and its employer
                   copies. A goal's reopening moves ``version`` on by an Update (below)
    record copy    EMPLOYER#<organisation>   PORTFOLIO#<owner>             -
                   the portfolio's attributes, one per distinct organisation of its
                   employments, Put by every create and save: the employer's list
                   (:meth:`employing`) is one strongly consistent Query begins_with
                   PORTFOLIO#, by owner. Its ``version`` may lag the record's (a reopening
                   moves only the record's), and a copy at an organisation the record no
                   longer employs at stays: writes read the record itself
    relation       PORTFOLIO#<owner>         RELATION#<iso-created>#<id>   PERSON#<subject> /
                                                                           <iso-created>#<id>
                   every attribute of the Relation (its kind as ``role``); id = the invitation's.
                   Made in the transaction that accepts or confirms the invitation (Put
                   attribute_not_exists(pk)); changed (confirmed, ended) by a Put on
                   ``version = :previous``, the same person, employment, kind and employer, and a
                   stored status that is not "avsluttet" (ended is final), with its audit entry.
                   The owner's: Query begins_with RELATION# (strongly consistent: what access
                   decisions read); the person's: Query gsi1 (eventually consistent on AWS)
    employer copy  EMPLOYER#<organisation>   RELATION#<iso-created>#<id>   -
                   the same attributes, rewritten in every transaction that writes the
                   relation: the employer's administrators' list is one strongly consistent Query
    slot           PORTFOLIO#<owner>         SLOT#<employment>#<kind>      -
                   for a leder or veileder (:data:`ONE_PER_EMPLOYMENT`): ``relation`` holds it.
                   Put attribute_not_exists(pk) with the relation (RoleTaken when held), Delete
                   (on condition that it is absent or this relation's) when the relation ends
    activity       PORTFOLIO#<owner>         ACTIVITY#<id>                 SUPERVISES#<subject> /
                                                                           <iso-sent>#<id>
                   every attribute of the Activity (its kind as ``activity_kind``); gsi1 only
                   once sent and not recalled (status sendt, signert or returnert): the
                   supervisør's list, one Query of gsi1, oldest sent first (eventually
                   consistent on AWS; signing reads the activity itself). The owner's: one Query
                   begins_with ACTIVITY#, sorted in code by day. Save: Put on
                   ``version = :previous``, with the waiting marker and the audit entry if any
    activity id    ACTIVITY_ID#<id>          ACTIVITY_ID                   -
                   ``owner``: created with attribute_not_exists(pk) with the activity, so an id
                   is used once in the whole table (Conflict)
    waiting        WAITING#<yyyy-mm>         <iso-sent>#<owner>#<id>       -
                   a copy of the activity, present exactly while it is "sendt": Put by the
                   transaction that sends it, Delete by the one that signs, returns or recalls
                   it (yyyy-mm: the UTC month it was sent). The reminders' :meth:`waiting` reads
                   the buckets of :func:`waiting_months` with ``sk < :before``: one Query each,
                   never a scan, and no partition that grows with the years
    goal           PORTFOLIO#<owner>         GOAL#<code>                   -
                   every attribute of the GoalApproval (``recommendations`` a list of maps,
                   ``decision`` a map). Save: Put attribute_not_exists(pk) at version 1, else on
                   ``version = :previous``, in one TransactWriteItems with the audit entry and
                   a ConditionCheck that the portfolio is still in the part read (no ``part``
                   counts as "sykehus"), or, for a reopening, an Update of the portfolio
                   ``SET version = version + 1`` on that part and the version read. The
                   owner's: one Query begins_with GOAL#, by code
    conversation   PORTFOLIO#<owner>         CONVERSATION#<id>             -
                   every attribute of the Conversation. Save: Put attribute_not_exists(pk) at
                   version 1, else on ``version = :previous``, with its audit entry. The
                   owner's: one Query begins_with CONVERSATION#, sorted in code by day
    conv. id       CONVERSATION_ID#<id>      CONVERSATION_ID               -
                   ``owner``: created with attribute_not_exists(pk) with the first version, so
                   an id is used once in the whole table

An activity sent more than :data:`WAITING_MONTHS` months back (counted from the start of the
month of the instant asked about) is no longer reminded: the employment it was done in has ended
long since (a hospital part lasts at most 12 months), and the LIS still sees it waiting on their
own page. Both adapters apply that bound (:func:`waits`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from ...domain.portfolio.activities import Activity
from ...domain.portfolio.conversations import Conversation
from ...domain.portfolio.records import Portfolio
from ...domain.portfolio.relations import ONE_PER_EMPLOYMENT, Relation
from ..values import iso, utc

PORTFOLIO_SK = "PORTFOLIO"
PORTFOLIO_PREFIX = "PORTFOLIO#"
RELATION_PREFIX = "RELATION#"
ACTIVITY_PREFIX = "ACTIVITY#"
ACTIVITY_ID_SK = "ACTIVITY_ID"
GOAL_PREFIX = "GOAL#"
CONVERSATION_PREFIX = "CONVERSATION#"
CONVERSATION_ID_SK = "CONVERSATION_ID"
WAITING_PREFIX = "WAITING#"
WAITING_MONTHS = 13
"""Month buckets :meth:`Activities.waiting` reads: the month of ``sent_before`` and the 12
before it."""
SUPERVISED_STATUSES = frozenset({"sendt", "signert", "returnert"})
"""The statuses in which an activity is on its supervisør's list (not a draft, nor recalled)."""


def portfolio_pk(owner: str) -> str:
    return f"{PORTFOLIO_PREFIX}{owner}"


def portfolio_key(owner: str) -> tuple[str, str]:
    return portfolio_pk(owner), PORTFOLIO_SK


def _relation_sk(relation: Relation) -> str:
    return f"{RELATION_PREFIX}{iso(relation.created_at)}#{relation.id}"


def relation_key(relation: Relation) -> tuple[str, str]:
    return portfolio_pk(relation.role.owner), _relation_sk(relation)


def person_gsi1pk(subject: str) -> str:
    return f"PERSON#{subject}"


def relation_gsi1(relation: Relation) -> tuple[str, str]:
    """The person in the relation, then when it was made (fixed-width text) and its id."""
    return person_gsi1pk(relation.subject), f"{iso(relation.created_at)}#{relation.id}"


def employer_pk(organisation: str) -> str:
    return f"EMPLOYER#{organisation}"


def employer_copy_key(relation: Relation) -> tuple[str, str]:
    return employer_pk(relation.role.organisation), _relation_sk(relation)


def employer_portfolio_key(organisation: str, owner: str) -> tuple[str, str]:
    return employer_pk(organisation), portfolio_pk(owner)


def employers(portfolio: Portfolio) -> list[str]:
    """The distinct organisations of the portfolio's employments: where its copies are."""
    return sorted({e.organisation for e in portfolio.employments})


def slot_key(relation: Relation) -> tuple[str, str] | None:
    """The employment's one place for the relation's kind, or None for kinds without one."""
    role = relation.role
    if role.kind not in ONE_PER_EMPLOYMENT:
        return None
    return portfolio_pk(role.owner), f"SLOT#{role.employment_id}#{role.kind}"


def oldest_first(relations: Iterable[Relation]) -> list[Relation]:
    """As a Query of :func:`relation_key`'s sort keys returns them."""
    return sorted(relations, key=lambda r: (iso(r.created_at), r.id))


def activity_key(owner: str, activity_id: str) -> tuple[str, str]:
    return portfolio_pk(owner), f"{ACTIVITY_PREFIX}{activity_id}"


def activity_id_key(activity_id: str) -> tuple[str, str]:
    return f"ACTIVITY_ID#{activity_id}", ACTIVITY_ID_SK


def supervises_gsi1pk(supervisor: str) -> str:
    return f"SUPERVISES#{supervisor}"


def supervised_by(activity: Activity) -> str | None:
    """The supervisør whose list shows the activity: the last it was sent to, unless it is a
    draft (never sent, or recalled)."""
    if activity.status not in SUPERVISED_STATUSES or activity.sent_at is None:
        return None
    return activity.supervisor


def activity_gsi1(activity: Activity) -> tuple[str, str] | None:
    supervisor = supervised_by(activity)
    if supervisor is None:
        return None
    assert activity.sent_at is not None
    return supervises_gsi1pk(supervisor), f"{iso(activity.sent_at)}#{activity.id}"


def newest_day_first(activities: Iterable[Activity]) -> list[Activity]:
    """The owner's order: newest day first, then newest created, then id."""
    return sorted(activities, key=lambda a: (a.day, iso(a.created_at), a.id), reverse=True)


def oldest_sent_first(activities: Iterable[Activity]) -> list[Activity]:
    return sorted(activities, key=lambda a: (iso(a.sent_at or a.created_at), a.id))


def goal_key(owner: str, code: str) -> tuple[str, str]:
    return portfolio_pk(owner), f"{GOAL_PREFIX}{code}"


def conversation_key(owner: str, conversation_id: str) -> tuple[str, str]:
    return portfolio_pk(owner), f"{CONVERSATION_PREFIX}{conversation_id}"


def conversation_id_key(conversation_id: str) -> tuple[str, str]:
    return f"CONVERSATION_ID#{conversation_id}", CONVERSATION_ID_SK


def newest_conversation_first(conversations: Iterable[Conversation]) -> list[Conversation]:
    return sorted(conversations, key=lambda c: (c.day, iso(c.created_at), c.id), reverse=True)


def waiting_pk(sent_at: datetime) -> str:
    return f"{WAITING_PREFIX}{iso(sent_at)[:7]}"


def waiting_key(activity: Activity) -> tuple[str, str]:
    """The waiting marker of an activity sent at ``activity.sent_at``."""
    assert activity.sent_at is not None
    return waiting_pk(activity.sent_at), f"{iso(activity.sent_at)}#{activity.owner}#{activity.id}"


def waiting_months(sent_before: datetime) -> list[str]:
    """The partitions of :data:`WAITING_MONTHS` months up to ``sent_before``'s (UTC), oldest
    first."""
    moment = utc(sent_before)
    months = moment.year * 12 + moment.month - 1
    return [
        f"{WAITING_PREFIX}{m // 12:04d}-{m % 12 + 1:02d}"
        for m in range(months - WAITING_MONTHS + 1, months + 1)
    ]


def earliest_waiting(sent_before: datetime) -> datetime:
    """The first instant :func:`waiting_months` covers."""
    moment = utc(sent_before)
    months = moment.year * 12 + moment.month - 1 - (WAITING_MONTHS - 1)
    return datetime(months // 12, months % 12 + 1, 1, tzinfo=UTC)


def waits(activity: Activity, sent_before: datetime) -> bool:
    """Whether :meth:`Activities.waiting` of ``sent_before`` gives the activity: it waits for
    a signature, sent before ``sent_before`` and within :data:`WAITING_MONTHS`."""
    sent = activity.sent_at
    return (
        activity.status == "sendt"
        and sent is not None
        and earliest_waiting(sent_before) <= sent < sent_before
    )
