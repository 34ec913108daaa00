"""The portable export of a portfolio, and reading one into another instance of the service.

The export is the record itself (the portfolio, its goals with their recommendations and
decisions, its activities) as JSON, signed by the API (:mod:`lis1.auth.export_keys`) so anyone
with the published key can check that it came from us unchanged. What it holds follows "Who
sees what": the LIS's complete export, for themselves, carries their supervision conversations
and every comment; the export for others (the next employer, the directorate's registration of a
completed LIS1), made by the LIS or by a reader of the portfolio (a leder, approver or
veileder), carries no conversation, recommendation text, comment or employer's bekreftelse.

Reading a complete export in writes the record as it was, under the same subject, with one
audit entry; the people in the roles are not carried (they accept new invitations there).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any, Literal

from ..catalog import Catalog
from ..domain.portfolio.activities import Activity
from ..domain.portfolio.approvals import GoalApproval
from ..domain.portfolio.codec import CodecError, plain, read
from ..domain.portfolio.conversations import Conversation
from ..domain.portfolio.records import Portfolio
from ..errors import InvalidInput
from ..i18n import N_, _
from ..identity import Principal
from . import goal_reading as reading
from .ports.accounts import AuditEntry
from .ports.portfolios import portfolio_entity
from .ports.store import Store

FORMAT = "lis1-portefolje"
VERSION = 1
Audience = Literal["lis", "andre"]


class ExportRefused(InvalidInput):
    code = "ugyldig_eksport"
    message = N_("Eksporten kan ikke leses inn.")


def own(
    store: Store, catalog: Catalog, *, who: Principal, now: datetime, complete: bool = True
) -> dict[str, Any]:
    """The LIS's own export: ``complete``, for themselves (or another instance of the service),
    with their conversations and every comment; else the one to give others, without them."""
    seen = reading.own(store, catalog, who=who, now=now)
    if not complete:
        return _for_others(store, seen, now)
    conversations = store.conversations.of_owner(seen.portfolio.owner)
    return _payload(seen.portfolio, _goals(store, seen.portfolio), seen, conversations, now, "lis")


def of_relation(
    store: Store, catalog: Catalog, *, who: Principal, relation_id: str, now: datetime
) -> dict[str, Any]:
    """The export a reader of the portfolio makes, as :func:`_for_others`."""
    seen = reading.of_relation(store, catalog, who=who, relation_id=relation_id, now=now)
    return _for_others(store, seen, now)


def _for_others(store: Store, seen: reading.Seen, now: datetime) -> dict[str, Any]:
    """No conversation, recommendation text or comment, and no employer's bekreftelse (its
    absence can tell of sick or parental leave): the record's goals, decisions and activities."""
    goals = [_without_words(g) for g in _goals(store, seen.portfolio)]
    portfolio = replace(seen.portfolio, confirmations=())
    return _payload(portfolio, goals, seen, [], now, "andre")


def _goals(store: Store, portfolio: Portfolio) -> list[GoalApproval]:
    return sorted(store.goals.of_owner(portfolio.owner), key=lambda g: g.code)


def _without_words(goal: GoalApproval) -> GoalApproval:
    decision = goal.decision and replace(goal.decision, comment=None)
    recommendations = tuple(replace(r, text="") for r in goal.recommendations)
    return replace(goal, recommendations=recommendations, decision=decision)


def _payload(
    portfolio: Portfolio,
    goals: list[GoalApproval],
    seen: reading.Seen,
    conversations: list[Conversation],
    now: datetime,
    audience: Audience,
) -> dict[str, Any]:
    activities = sorted(seen.viewer.activities, key=lambda a: a.id)
    if audience == "andre":
        activities = [replace(a, comment=None) for a in activities]
    return {
        "format": FORMAT,
        "versjon": VERSION,
        "laget": plain(now),
        "for": audience,
        "portefolje": plain(portfolio),
        "mal": [plain(g) for g in goals],
        "aktiviteter": [plain(a) for a in activities],
        "samtaler": [plain(c) for c in conversations],
    }


def read_in(store: Store, payload: Any, *, actor: str, now: datetime) -> Portfolio:
    """Write a verified export's record into ``store``: refused (nothing written) if it is not
    an export of this format, a value does not fit, or the subject has a portfolio here."""
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ExportRefused(_("Filen er ikke en eksport av en LIS1-portefølje."))
    if payload.get("versjon") != VERSION:
        raise ExportRefused(_("Eksporten er i en versjon denne tjenesten ikke kan lese."))
    if payload.get("for") != "lis":
        raise ExportRefused(
            _(
                "Dette er en eksport til andre, uten samtaler og kommentarer. Bare legens egen, "
                "hele eksport kan leses inn."
            )
        )
    try:
        portfolio = read(Portfolio, payload["portefolje"], "portefolje")
        goals = [read(GoalApproval, g, f"mal[{n}]") for n, g in enumerate(payload["mal"])]
        activities = [
            read(Activity, a, f"aktiviteter[{n}]") for n, a in enumerate(payload["aktiviteter"])
        ]
        conversations = [
            read(Conversation, c, f"samtaler[{n}]") for n, c in enumerate(payload["samtaler"])
        ]
    except (CodecError, KeyError, TypeError) as error:
        problem = _("Eksporten har en verdi som ikke passer: {problem}").format(problem=error)
        raise ExportRefused(problem) from error
    owner = portfolio.owner
    owners = {g.owner for g in goals} | {a.owner for a in activities}
    if (owners | {c.owner for c in conversations}) - {owner}:
        raise ExportRefused(_("Eksporten blander flere legers data."))
    employments = {e.id for e in portfolio.employments}
    named = {c.employment_id for c in portfolio.confirmations}
    if portfolio.moved is not None:
        named.add(portfolio.moved.employment_id)
    if named - employments:
        raise ExportRefused(_("Eksporten viser til en ansettelse den ikke har."))
    if store.portfolios.get(owner) is not None:
        raise ExportRefused(_("Legen har allerede en portefølje her. Ingenting er lest inn."))
    here = replace(portfolio, version=1)
    store.portfolios.create(here, audit=AuditEntry(portfolio_entity(owner), now, actor,
                                                    "import_portfolio", {}))  # fmt: skip
    for activity in activities:
        store.activities.create(activity)
    for goal in goals:
        audit = AuditEntry(portfolio_entity(owner), now, actor, "import_goal", {"mål": goal.code})
        store.goals.save(replace(goal, version=1), audit=audit, within=here)
    for conversation in conversations:
        audit = AuditEntry(portfolio_entity(owner), now, actor, "import_conversation", {})
        store.conversations.save(replace(conversation, version=1), audit=audit)
    return here
