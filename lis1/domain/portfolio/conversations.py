"""Supervision conversations (veiledningssamtaler): private between the LIS and the veileder.

The veileder plans one (:func:`plan`); the LIS writes their preparation (:func:`prepare`); both
write the minutes (:func:`write_minutes`), the one text they share, each save written onto the
version the writer saw so neither overwrites the other unseen; only the veileder finalises it
(:func:`finalise`), after which nothing changes. Nobody else reads a conversation: not a leder,
an approver, a supervisør or an administrator, and nothing of its text goes into logs, reports
or exports for others (the service's and the store's part: audit entries name the conversation
only).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal, TypeAlias

from ...i18n import N_
from .errors import ConversationFinal, NotVeileder, OnlyLis, UnknownConversation

ConversationStatus: TypeAlias = Literal["åpen", "ferdig"]
CONVERSATION_STATUSES: tuple[ConversationStatus, ...] = ("åpen", "ferdig")
STATUS_NAMES: dict[ConversationStatus, str] = {
    "åpen": N_("åpen"),
    "ferdig": N_("ferdigstilt"),
}
MAX_TOPIC = 200
MAX_TEXT = 10_000


@dataclass(frozen=True)
class Conversation:
    id: str
    owner: str
    """The LIS's subject."""
    veileder: str
    """The subject of the veileder who planned it: the only other reader."""
    veileder_name: str
    day: date
    topic: str
    status: ConversationStatus
    created_at: datetime
    version: int = 1
    preparation: str = ""
    """The LIS's own preparation."""
    minutes: str = ""
    """The minutes, written by both."""
    updated_at: datetime | None = None
    updated_by: str | None = None
    finalised_at: datetime | None = None

    def readable_by(self, subject: str) -> bool:
        return subject in (self.owner, self.veileder)


def plan(
    *,
    conversation_id: str,
    owner: str,
    veileder: str,
    veileder_name: str,
    day: date,
    topic: str,
    now: datetime,
) -> Conversation:
    """A conversation the veileder plans (whether they are the LIS's veileder is the
    service's rule)."""
    return Conversation(
        id=conversation_id,
        owner=owner,
        veileder=veileder,
        veileder_name=veileder_name,
        day=day,
        topic=topic,
        status="åpen",
        created_at=now,
    )


def prepare(conversation: Conversation, *, by: str, text: str, now: datetime) -> Conversation:
    _open_to(conversation, by)
    if by != conversation.owner:
        raise OnlyLis()
    return _written(conversation, by, now, preparation=text)


def write_minutes(conversation: Conversation, *, by: str, text: str, now: datetime) -> Conversation:
    _open_to(conversation, by)
    return _written(conversation, by, now, minutes=text)


def finalise(conversation: Conversation, *, by: str, now: datetime) -> Conversation:
    _open_to(conversation, by)
    if by != conversation.veileder:
        raise NotVeileder()
    return replace(
        conversation,
        status="ferdig",
        finalised_at=now,
        updated_at=now,
        updated_by=by,
        version=conversation.version + 1,
    )


def _open_to(conversation: Conversation, by: str) -> None:
    if not conversation.readable_by(by):
        raise UnknownConversation()
    if conversation.status == "ferdig":
        raise ConversationFinal()


def _written(
    conversation: Conversation,
    by: str,
    now: datetime,
    *,
    preparation: str | None = None,
    minutes: str | None = None,
) -> Conversation:
    return replace(
        conversation,
        preparation=conversation.preparation if preparation is None else preparation,
        minutes=conversation.minutes if minutes is None else minutes,
        updated_at=now,
        updated_by=by,
        version=conversation.version + 1,
    )
