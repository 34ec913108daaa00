"""Use cases of the supervision conversations: private between the LIS and the veileder.

- the veileder (a person who counts as the LIS's veileder now) plans a conversation, writes the
  minutes and finalises it; they see the conversations they planned with that LIS, and none
  once their relation has ended;
- the LIS sees all their conversations, writes the preparation and the minutes.

Nobody else reads them: to a leder, an approver, a supervisør or an administrator a
conversation does not exist (:class:`UnknownConversation`), and no route, report or export for
others includes them. Each write is onto the version the writer saw (:class:`ConversationChanged`
when the other wrote in between). The audit entries name the conversation and what was done,
never a word of it.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from ..domain.portfolio import conversations as rules
from ..domain.portfolio.conversations import Conversation
from ..domain.portfolio.errors import ConversationChanged, NoPortfolio, UnknownConversation
from ..domain.portfolio.relations import holds
from ..errors import InvalidInput
from ..i18n import _
from ..identity import Principal
from .env import Env
from .ports.accounts import AuditEntry
from .ports.portfolios import portfolio_entity
from .ports.store import Store


def of_lis(store: Store, *, who: Principal) -> list[Conversation]:
    """The LIS's own conversations, newest day first."""
    return store.conversations.of_owner(who.subject)


def with_lis(store: Store, *, who: Principal, owner: str) -> list[Conversation]:
    """The conversations ``who`` planned as ``owner``'s veileder, while they count as that."""
    _veileder(store, who, owner)
    return [c for c in store.conversations.of_owner(owner) if c.veileder == who.subject]


def plan(
    store: Store,
    *,
    who: Principal,
    owner: str,
    day: date,
    topic: str,
    env: Env,
    idempotency_key: str | None = None,
) -> Conversation:
    """With ``idempotency_key`` the id comes from the key, so a repeat (a double click) finds
    the first conversation and plans no second one."""
    _veileder(store, who, owner)
    words = topic.strip()
    if not words or len(words) > rules.MAX_TOPIC:
        message = _("Skriv et tema på høyst {count} tegn.").format(count=rules.MAX_TOPIC)
        raise InvalidInput(fields={"topic": message})
    conversation_id = _keyed_id(who, owner, idempotency_key) if idempotency_key else env.new_id()
    planned = rules.plan(
        conversation_id=conversation_id,
        owner=owner,
        veileder=who.subject,
        veileder_name=who.name,
        day=day,
        topic=words,
        now=env.now,
    )
    try:
        return _save(store, planned, who, "plan_conversation", env.now)
    except ConversationChanged:
        first = store.conversations.get(owner, conversation_id) if idempotency_key else None
        if first is None or first.veileder != who.subject:
            raise
        return first


def _keyed_id(who: Principal, owner: str, key: str) -> str:
    """A conversation id of 12 hexadecimal digits, the same for the same veileder, LIS and
    key."""
    return hashlib.sha256(f"{who.subject}\n{owner}\n{key}".encode()).hexdigest()[:12]


def get(store: Store, *, who: Principal, owner: str, conversation_id: str) -> Conversation:
    """One conversation, for the LIS or the veileder who planned it (while they count)."""
    found = store.conversations.get(owner, conversation_id)
    if found is None or not found.readable_by(who.subject):
        raise UnknownConversation()
    if who.subject != owner:
        try:
            _veileder(store, who, owner)
        except NoPortfolio:
            raise UnknownConversation() from None
    return found


def prepare(
    store: Store,
    *,
    who: Principal,
    owner: str,
    conversation_id: str,
    version: int,
    text: str,
    now: datetime,
) -> Conversation:
    found = _at_version(store, who, owner, conversation_id, version)
    changed = rules.prepare(found, by=who.subject, text=_text(text, "preparation"), now=now)
    return _save(store, changed, who, "prepare_conversation", now)


def write_minutes(
    store: Store,
    *,
    who: Principal,
    owner: str,
    conversation_id: str,
    version: int,
    text: str,
    now: datetime,
) -> Conversation:
    found = _at_version(store, who, owner, conversation_id, version)
    changed = rules.write_minutes(found, by=who.subject, text=_text(text, "minutes"), now=now)
    return _save(store, changed, who, "write_minutes", now)


def finalise(
    store: Store,
    *,
    who: Principal,
    owner: str,
    conversation_id: str,
    version: int,
    now: datetime,
) -> Conversation:
    found = _at_version(store, who, owner, conversation_id, version)
    changed = rules.finalise(found, by=who.subject, now=now)
    return _save(store, changed, who, "finalise_conversation", now)


def _veileder(store: Store, who: Principal, owner: str) -> None:
    """Whether ``who`` counts as ``owner``'s veileder now; else the portfolio does not exist
    for them."""
    if not holds(store.portfolios.relations(owner), who.subject, "veileder"):
        raise NoPortfolio()


def _at_version(
    store: Store, who: Principal, owner: str, conversation_id: str, version: int
) -> Conversation:
    found = get(store, who=who, owner=owner, conversation_id=conversation_id)
    if found.version != version:
        raise ConversationChanged()
    return found


def _text(text: str, field: str) -> str:
    words = text.strip()
    if len(words) > rules.MAX_TEXT:
        message = _("Skriv høyst {count} tegn.").format(count=rules.MAX_TEXT)
        raise InvalidInput(fields={field: message})
    return words


def _save(
    store: Store, conversation: Conversation, who: Principal, action: str, now: datetime
) -> Conversation:
    detail = {"samtale": conversation.id, "status": conversation.status}
    audit = AuditEntry(portfolio_entity(conversation.owner), now, who.subject, action, detail)
    store.conversations.save(conversation, audit=audit)
    return conversation
