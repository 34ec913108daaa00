"""The kommune part starts in the record: the kommune's administrator confirms the LIS's start
there, and from then on the same record continues in the kommune.

The administrators of a kommune see the LIS with an employment there (from a hire, or entered
by the LIS), and for each what still blocks the start: the goals that must be completed in the
hospital and are not approved. The confirmation is refused while any is left
(:func:`lis1.domain.portfolio.records.move_to_kommune`), and it is written only onto the version
of the record it read, so an approval reopened in between makes it fail rather than pass.
From the move on, the hospital's leder and approver can no longer decide anything in the record
and the kommune's leder reads the hospital's approvals (:mod:`lis1.services.goal_approvals`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..catalog import Catalog
from ..domain.portfolio import records
from ..domain.portfolio.errors import OwnConfirmation, UnknownEmployment
from ..domain.portfolio.records import Employment, Portfolio
from ..identity import Principal, Role
from . import goal_approvals
from .ports.accounts import AuditEntry
from .ports.portfolios import portfolio_entity
from .ports.store import Store


@dataclass(frozen=True)
class Expected:
    """A LIS with an employment at one of the administrator's kommuner."""

    portfolio: Portfolio
    employment: Employment
    blocking: list[str]
    """The hospital goals not yet approved (empty once the start is confirmed)."""

    @property
    def started(self) -> bool:
        return self.portfolio.moved is not None


def expected(store: Store, catalog: Catalog, *, who: Principal, now: datetime) -> list[Expected]:
    """Every kommune employment at the kommuner ``who`` administers, earliest start first."""
    found: list[Expected] = []
    for organisation in sorted(who.organisations(Role.KOMMUNE_ADMIN)):
        for copy in store.portfolios.employing(organisation):
            for employment in copy.employments:
                if employment.arena == "kommune" and employment.organisation == organisation:
                    found.append(_expected(store, catalog, copy, employment, now))
    return sorted(found, key=lambda e: (e.employment.starts, e.portfolio.owner_name))


def confirm(
    store: Store, catalog: Catalog, *, who: Principal, employment_id: str, now: datetime
) -> Portfolio:
    """An administrator of the employment's kommune confirms the LIS's start there."""
    owner = _owner_of(store, who, employment_id)
    if owner == who.subject:
        raise OwnConfirmation()
    portfolio = store.portfolios.get(owner)
    if portfolio is None:  # the copy names it: a portfolio is never deleted
        raise UnknownEmployment()
    blocking = goal_approvals.blocking(store, catalog, portfolio, now)
    moved = records.move_to_kommune(
        portfolio, employment_id, by=who.subject, now=now, blocking=blocking
    )
    detail = {"ansettelse": employment_id, "del": moved.part}
    audit = AuditEntry(portfolio_entity(owner), now, who.subject, "start_kommune", detail)
    store.portfolios.save(moved, audit=audit)
    return moved


def _expected(
    store: Store, catalog: Catalog, copy: Portfolio, employment: Employment, now: datetime
) -> Expected:
    if copy.moved is not None:
        return Expected(copy, employment, [])
    portfolio = store.portfolios.get(copy.owner) or copy
    blocking = [] if portfolio.moved else goal_approvals.blocking(store, catalog, portfolio, now)
    return Expected(portfolio, employment, blocking)


def _owner_of(store: Store, who: Principal, employment_id: str) -> str:
    for organisation in who.organisations(Role.KOMMUNE_ADMIN):
        for copy in store.portfolios.employing(organisation):
            for employment in copy.employments:
                if employment.id == employment_id and employment.organisation == organisation:
                    return copy.owner
    raise UnknownEmployment()
