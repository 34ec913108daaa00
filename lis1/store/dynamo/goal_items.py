"""The goals on their way to approval and the supervision conversations as DynamoDB items and
back (keys in :mod:`lis1.store.keys.portfolios`): every attribute, instants as fixed-width UTC
text, an absent attribute for None."""

from __future__ import annotations

from datetime import date
from typing import Any

from ...domain.portfolio.approvals import (
    DECIDER_KINDS,
    DECISION_KINDS,
    GOAL_STATUSES,
    RECOMMENDER_KINDS,
    DeciderKind,
    Decision,
    DecisionKind,
    GoalApproval,
    GoalStatus,
    Recommendation,
    RecommenderKind,
)
from ...domain.portfolio.conversations import (
    CONVERSATION_STATUSES,
    Conversation,
    ConversationStatus,
)
from ...domain.portfolio.records import Part
from ..keys import portfolios as keys
from ..values import iso, parse_iso
from .table import key

_PARTS: dict[str, Part] = {"sykehus": "sykehus", "kommune": "kommune"}
_GOAL_STATUSES: dict[str, GoalStatus] = {s: s for s in GOAL_STATUSES}
_RECOMMENDERS: dict[str, RecommenderKind] = {k: k for k in RECOMMENDER_KINDS}
_DECIDERS: dict[str, DeciderKind] = {k: k for k in DECIDER_KINDS}
_DECISIONS: dict[str, DecisionKind] = {k: k for k in DECISION_KINDS}
_CONVERSATION_STATUSES: dict[str, ConversationStatus] = {s: s for s in CONVERSATION_STATUSES}


def _present(values: dict[str, Any]) -> dict[str, Any]:
    """A map without its None values (as the codec leaves them out of items)."""
    return {name: value for name, value in values.items() if value is not None}


# --- goals ------------------------------------------------------------------------------------


def goal_item(goal: GoalApproval) -> dict[str, Any]:
    decision = goal.decision
    return {
        **key(*keys.goal_key(goal.owner, goal.code)),
        "kind": "goal",
        "owner": goal.owner,
        "code": goal.code,
        "part": goal.part,
        "status": goal.status,
        "version": goal.version,
        "sent_at": None if goal.sent_at is None else iso(goal.sent_at),
        "recommendations": [
            {"by": r.by, "name": r.name, "kinds": list(r.kinds), "at": iso(r.at), "text": r.text}
            for r in goal.recommendations
        ],
        "decision": None
        if decision is None
        else _present(
            {
                "kind": decision.kind,
                "by": decision.by,
                "name": decision.name,
                "role": decision.role,
                "at": iso(decision.at),
                "comment": decision.comment,
            }
        ),
    }


def goal_of(item: dict[str, Any]) -> GoalApproval:
    decision = item.get("decision")
    return GoalApproval(
        owner=item["owner"],
        code=item["code"],
        part=_PARTS[item["part"]],
        status=_GOAL_STATUSES[item["status"]],
        version=item["version"],
        sent_at=parse_iso(item["sent_at"]) if "sent_at" in item else None,
        recommendations=tuple(
            Recommendation(
                by=r["by"],
                name=r["name"],
                kinds=tuple(_RECOMMENDERS[k] for k in r["kinds"]),
                at=parse_iso(r["at"]),
                text=r["text"],
            )
            for r in item["recommendations"]
        ),
        decision=None
        if decision is None
        else Decision(
            kind=_DECISIONS[decision["kind"]],
            by=decision["by"],
            name=decision["name"],
            role=_DECIDERS[decision["role"]],
            at=parse_iso(decision["at"]),
            comment=decision.get("comment"),
        ),
    )


# --- conversations ----------------------------------------------------------------------------


def conversation_item(conversation: Conversation) -> dict[str, Any]:
    c = conversation
    return {
        **key(*keys.conversation_key(c.owner, c.id)),
        "kind": "conversation",
        "id": c.id,
        "owner": c.owner,
        "veileder": c.veileder,
        "veileder_name": c.veileder_name,
        "day": c.day.isoformat(),
        "topic": c.topic,
        "status": c.status,
        "created_at": iso(c.created_at),
        "version": c.version,
        "preparation": c.preparation,
        "minutes": c.minutes,
        "updated_at": None if c.updated_at is None else iso(c.updated_at),
        "updated_by": c.updated_by,
        "finalised_at": None if c.finalised_at is None else iso(c.finalised_at),
    }


def conversation_pointer(conversation: Conversation) -> dict[str, Any]:
    """The id's one place in the table, made with the first version."""
    return {
        **key(*keys.conversation_id_key(conversation.id)),
        "kind": "conversation_id",
        "owner": conversation.owner,
    }


def conversation_of(item: dict[str, Any]) -> Conversation:
    return Conversation(
        id=item["id"],
        owner=item["owner"],
        veileder=item["veileder"],
        veileder_name=item["veileder_name"],
        day=date.fromisoformat(item["day"]),
        topic=item["topic"],
        status=_CONVERSATION_STATUSES[item["status"]],
        created_at=parse_iso(item["created_at"]),
        version=item["version"],
        preparation=item["preparation"],
        minutes=item["minutes"],
        updated_at=parse_iso(item["updated_at"]) if "updated_at" in item else None,
        updated_by=item.get("updated_by"),
        finalised_at=parse_iso(item["finalised_at"]) if "finalised_at" in item else None,
    )
