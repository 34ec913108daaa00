"""The pages and form answers of the supervision conversations, for both sides: the LIS under Min
portefølje, the veileder from Veiledning by their own relation (a veileder relation that counts
now, else the conversations do not exist for them: 404). A saved form answers with a 303 to the
page; a refused one with the page again, the message by its field and the text that was typed,
so nothing is lost, also when the other wrote in between (409). The routes are declared in
:mod:`lis1.api.routes.conversations`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ...domain.portfolio.conversations import Conversation
from ...domain.portfolio.errors import ConversationChanged, UnknownRelation
from ...errors import DomainError
from ...i18n import N_, _
from ...services import conversations as service
from ...services import portfolio_relations as relating
from ...wording import long_date
from ..errors import status_of
from ..inputs import notice_query, notice_text
from ..pages import page
from ..pipeline import Context
from ..presenters import conversations as present
from ..registry import Reply
from ..schemas.conversations import ConversationList, ConversationOut

MINE = "/api/portefolje/samtaler"
NOTICES = {
    "planlagt": N_("Samtalen er planlagt. Legen ser den under Veiledningssamtaler."),
    "forberedelse": N_("Forberedelsen er lagret."),
    "referat": N_("Referatet er lagret."),
    "ferdigstilt": N_("Samtalen er ferdigstilt. Ingen av dere kan endre den lenger."),
}
NOTICE = notice_query(list(NOTICES))
CHANGED_HERE = N_(
    "Samtalen ble endret mens du skrev (kanskje av den andre). Det som er lagret nå, står over "
    "skjemaet; teksten din står i skjemaet."
)
"""The form's own words for :class:`ConversationChanged`: reloading would lose the text."""


@dataclass(frozen=True)
class Side:
    """Whose conversations, seen by whom: the LIS's own, or the veileder's with one LIS."""

    owner: str
    home: str
    """The address of the list (the forms post below it)."""
    back: str
    owner_name: str | None = None
    """The LIS's name, for the veileder."""

    @property
    def veileder(self) -> bool:
        return self.owner_name is not None


def lis_side(ctx: Context) -> Side:
    return Side(ctx.signed_in().subject, MINE, "/api/portefolje")


def veileder_side(ctx: Context) -> Side:
    """The caller's own relation by its id, if it is a veileder relation that counts now."""
    relation_id = ctx.params["relation_id"]
    relation = next(
        (r for r in relating.mine(ctx.deps.store, who=ctx.signed_in()) if r.id == relation_id),
        None,
    )
    if relation is None or relation.kind != "veileder" or not relation.counts:
        raise UnknownRelation()
    return Side(
        relation.role.owner,
        f"/api/veiledning/{relation_id}/samtaler",
        f"/api/veiledning/{relation_id}",
        relation.role.owner_name,
    )


def listed(ctx: Context, side: Side) -> ConversationList:
    who = ctx.signed_in()
    found = (
        service.with_lis(ctx.deps.store, who=who, owner=side.owner)
        if side.veileder
        else service.of_lis(ctx.deps.store, who=who)
    )
    return ConversationList(conversations=[present.summary(c) for c in found])


def list_page(
    ctx: Context, side: Side, values: Mapping[str, Any], errors: dict[str, str], status: int
) -> Reply:
    """The list; the veileder's with the form to plan one (``values`` as typed)."""
    title = (
        _("Veiledningssamtaler med {name}").format(name=side.owner_name)
        if side.veileder
        else _("Veiledningssamtaler")
    )
    return page(
        ctx,
        "conversations.html",
        status=status,
        title=title,
        side=side,
        conversations=listed(ctx, side).conversations,
        values={name: str(values.get(name) or "") for name in ("day", "topic")},
        errors=errors,
        csrf=ctx.csrf,
        notice=notice_text(ctx.query, NOTICES),
    )


def one(ctx: Context, side: Side) -> Conversation:
    return service.get(
        ctx.deps.store,
        who=ctx.signed_in(),
        owner=side.owner,
        conversation_id=ctx.params["conversation_id"],
    )


def item_page(
    ctx: Context, side: Side, conversation: Conversation, forms: present.Forms, status: int
) -> Reply:
    return page(
        ctx,
        "conversation.html",
        status=status,
        title=_("Veiledningssamtale {day}").format(day=long_date(conversation.day)),
        side=side,
        conversation=present.conversation_out(conversation, side.owner_name),
        forms=forms,
        writes_preparation=not side.veileder,
        finalises=side.veileder,
        csrf=ctx.csrf,
        notice=notice_text(ctx.query, NOTICES),
    )


def again(
    ctx: Context,
    side: Side,
    name: str,
    given: Mapping[str, Any],
    errors: dict[str, str],
    status: int,
    *,
    changed: bool = False,
) -> Reply:
    """The page again after a refused save of the text ``name`` ("" when finalising), with
    what was typed and each error by the form it belongs to."""
    conversation = one(ctx, side)
    typed = {name: str(given.get(name) or "")} if name else {}
    seen = str(given.get("version") or "")
    where = name or "finalise"
    shown = present.forms(
        conversation,
        typed=typed,
        seen=int(seen) if seen.isdigit() and len(seen) < 10 else None,
        errors={where if k == "version" else k: v for k, v in errors.items()},
        changed=changed,
    )
    return item_page(ctx, side, conversation, shown, status)


def refused_form(side: Callable[[Context], Side], name: str) -> Callable[..., Reply]:
    """For a form the body model refuses: the page again, with what was typed."""
    return lambda ctx, values, errors: again(ctx, side(ctx), name, values, errors, 400)


def written(
    ctx: Context, side: Side, name: str, notice: str, write: Callable[[], Conversation]
) -> ConversationOut | Reply:
    """Save with ``write``; a form refused (400, or 409 when the other wrote in between or the
    conversation was finalised) comes back with the text typed in field ``name``."""
    try:
        done = write()
    except DomainError as error:
        status = status_of(error)
        if ctx.form_post and status in (400, 409):
            changed = isinstance(error, ConversationChanged)
            message = _(CHANGED_HERE) if changed and name else error.message
            fields = error.fields or {name or "finalise": message}
            return again(ctx, side, name, ctx.body.model_dump(), fields, status, changed=changed)
        raise
    if ctx.form_post:
        return Reply(status=303, headers={"Location": f"{side.home}/{done.id}?melding={notice}"})
    return present.conversation_out(done, side.owner_name)
