"""A demo LIS who has finished LIS1, for `make serve`: Eirik Moen did his hospital year at Helse
Bergen and his kommune part at Bergen kommune, which ended the day before the demo's anchor, and
every goal of his plan is approved. Sign in as Siv Lund (Bergen kommune) and make his
bekreftelse på gjennomført tjenestetid under "Bekreftelse på tjenestetid".

His record is made the way people would make it, through the use cases (invitations, signed
activities, goals sent, recommended and approved, the start in the kommune), in a scratch store
in memory; then it is read into the demo's store as a signed export would be
(:func:`lis1.services.portfolio_export.read_in`), which writes each goal once instead of four
times. The people in his roles are invited again in the demo's store, as after an import.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from .catalog import Catalog
from .demo_goals import (
    KNUT,
    KOMMUNE,
    KOMMUNE_ADMIN,
    decide_goal,
    recommend_goal,
    send_goal,
    signed_activities,
)
from .demo_portfolio import EMPLOYER, PEOPLE, relate
from .domain.portfolio.approvals import part_of
from .domain.portfolio.records import add_months
from .identity import Principal
from .services import kommune_start, portfolio_export, portfolios
from .services.env import Env
from .services.ports.store import Store
from .store.bundle import memory_store

EIRIK = Principal("demo-eirik", "Eirik Moen")
PER, MONA, JON, HANNE = (person for _, person in PEOPLE)


def eirik_dates(anchor: date) -> tuple[date, date, date]:
    """His hospital start, kommune start and last day (the day before ``anchor``)."""
    kommune = add_months(anchor, -6)
    return add_months(kommune, -12), kommune, anchor - timedelta(days=1)


def seed_finished(store: Store, catalog: Catalog, anchor: date, now: datetime) -> bool:
    """Eirik's finished record; False if he has one already."""
    if store.portfolios.get(EIRIK.subject) is not None:
        return False
    scratch = memory_store()
    _finished(scratch, catalog, anchor)
    payload = portfolio_export.own(scratch, catalog, who=EIRIK, now=now)
    portfolio_export.read_in(store, payload, actor="demo-seed", now=now)
    record = store.portfolios.get(EIRIK.subject)
    assert record is not None
    at = now - timedelta(days=200)
    by_arena = {e.arena: e.id for e in record.employments}
    relate(store, EIRIK, by_arena["sykehus"], "leder", PER, employer=EMPLOYER, now=at)
    relate(store, EIRIK, by_arena["kommune"], "leder", KNUT, employer=KOMMUNE_ADMIN, now=at)
    return True


def _finished(store: Store, catalog: Catalog, anchor: date) -> None:
    hospital, kommune, last = eirik_dates(anchor)
    start = datetime(hospital.year, hospital.month, hospital.day, 9, tzinfo=UTC)
    portfolio = portfolios.start(
        store,
        catalog,
        who=EIRIK,
        employment=portfolios.EmploymentIn(
            "sykehus", "helse-bergen", hospital, kommune - timedelta(days=1)
        ),
        env=Env(start),
    )
    portfolio = portfolios.add_employment(
        store,
        catalog,
        who=EIRIK,
        employment=portfolios.EmploymentIn("kommune", KOMMUNE, kommune, last),
        env=Env(start),
    )
    by_arena = {e.arena: e.id for e in portfolio.employments}
    for kind, person in PEOPLE:
        relate(store, EIRIK, by_arena["sykehus"], kind, person, employer=EMPLOYER, now=start)
    relate(store, EIRIK, by_arena["kommune"], "leder", KNUT, employer=KOMMUNE_ADMIN, now=start)
    moved_at = datetime(kommune.year, kommune.month, kommune.day, 9, tzinfo=UTC)
    goals = portfolios.goals_now(catalog, portfolio, moved_at).goals
    in_hospital = [g.code for g in goals if part_of(g) == "sykehus"]
    in_kommune = [g.code for g in goals if part_of(g) == "kommune"]
    supervisors = signed_activities(
        store, catalog, EIRIK, in_hospital + in_kommune, moved_at - timedelta(days=60)
    )
    _approve(store, catalog, in_hospital, supervisors, PER, moved_at - timedelta(days=40))
    kommune_start.confirm(
        store, catalog, who=KOMMUNE_ADMIN, employment_id=by_arena["kommune"], now=moved_at
    )
    finished = datetime(last.year, last.month, last.day, 9, tzinfo=UTC)
    _approve(store, catalog, in_kommune, supervisors, KNUT, finished - timedelta(days=40))


def _approve(
    store: Store,
    catalog: Catalog,
    codes: list[str],
    supervisors: dict[str, Principal],
    leder: Principal,
    start: datetime,
) -> None:
    for n, code in enumerate(codes):
        sent = start + timedelta(hours=12 * n)
        send_goal(store, catalog, EIRIK, code, sent)
        recommend_goal(store, catalog, EIRIK, MONA, code, sent + timedelta(hours=2))
        recommend_goal(store, catalog, EIRIK, supervisors[code], code, sent + timedelta(hours=4))
        decide_goal(store, catalog, EIRIK, code, sent + timedelta(hours=8), comment="", by=leder)
