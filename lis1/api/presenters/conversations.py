"""Supervision conversations as the pages and the JSON show them: values, never markup.

A list gives no text of a conversation; one conversation gives its preparation and minutes to
the LIS and the veileder who planned it (the services decide who that is). The page of one holds
what each form shows: the stored text, or what the writer typed when a save was refused, so
nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...domain.portfolio.conversations import STATUS_NAMES, Conversation
from ...i18n import _
from ..schemas.conversations import ConversationOut, ConversationSummary

TEXT_FIELDS = ("preparation", "minutes")


def summary(conversation: Conversation) -> ConversationSummary:
    return ConversationSummary(
        id=conversation.id,
        day=conversation.day,
        topic=conversation.topic,
        veileder_name=conversation.veileder_name,
        status=conversation.status,
        status_name=_(STATUS_NAMES[conversation.status]),
        finalised_at=conversation.finalised_at,
    )


def conversation_out(conversation: Conversation, owner_name: str | None = None) -> ConversationOut:
    writer = {conversation.owner: "lege", conversation.veileder: "veileder"}
    return ConversationOut(
        **summary(conversation).model_dump(),
        owner_name=owner_name,
        version=conversation.version,
        preparation=conversation.preparation,
        minutes=conversation.minutes,
        created_at=conversation.created_at,
        updated_at=conversation.updated_at,
        updated_by=writer.get(conversation.updated_by or ""),
    )


@dataclass(frozen=True)
class Forms:
    """What the page's forms hold: each text and the version it is written onto, the errors by
    field, the stored text that changed under the writer (``saved``, by field), and a text
    typed for a conversation that was finalised meanwhile (``unsaved``: shown, not a form)."""

    texts: dict[str, str]
    versions: dict[str, int]
    errors: dict[str, str] = field(default_factory=dict)
    saved: dict[str, str] = field(default_factory=dict)
    unsaved: str = ""


def forms(
    conversation: Conversation,
    *,
    typed: dict[str, str] | None = None,
    seen: int | None = None,
    errors: dict[str, str] | None = None,
    changed: bool = False,
) -> Forms:
    """The forms of ``conversation``; ``typed`` is the text of the one form that was refused,
    written onto version ``seen``. When the other wrote in between (``changed``), the form takes
    the stored version and shows what is stored now beside the typed text, so saving again is a
    choice made seeing both."""
    stored = {"preparation": conversation.preparation, "minutes": conversation.minutes}
    versions = {name: conversation.version for name in (*TEXT_FIELDS, "finalise")}
    typed = typed or {}
    if conversation.status == "ferdig":
        lost = next((text for text in typed.values() if text.strip()), "")
        return Forms(stored, versions, errors or {}, unsaved=lost)
    saved: dict[str, str] = {}
    for name, text in typed.items():
        if changed:
            saved[name] = stored[name]
        elif seen is not None:
            versions[name] = seen
        stored = {**stored, name: text}
    return Forms(stored, versions, errors or {}, saved)
