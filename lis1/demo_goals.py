"""Demo goals for `make serve`: learning goals on their way to approval, and a LIS at the end
of her hospital year, so part 2 of the portfolio can be tried as its people would.

- Lise Dahl (:mod:`lis1.demo_portfolio`): one goal approved on the recommendations of her
  veileder (Mona Lie) and a supervisør (Jon Ek); one sent with only Mona's recommendation, so
  Per Aas's approval is refused until Jon, who signed an activity serving it, recommends it too;
  one Per returned with a comment.
- Siri Berg: her hospital year at Helse Bergen ended the day before the demo's anchor and her
  kommune part at Bergen kommune starts two weeks after it. Every hospital goal is approved but
  one (:data:`SIRI_PENDING`), sent with both recommendations: sign in as Per Aas and approve
  it, then as Siv Lund (Bergen kommune) and confirm her start under "Oppstart i kommunen",
  then as Knut Fjell, her kommune leder, and read the hospital's approvals, which no one can
  change any more.

Everything is made through the use cases, as the people would through the pages: invitations
sent and accepted, leders confirmed by the employer, activities sent and signed, goals sent,
recommended and decided. Each part is made once; a store that has it is left as it is.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any, cast

from .catalog import Catalog
from .demo_portfolio import EMPLOYER, LIS, PEOPLE, relate
from .domain.portfolio import activities as activity_rules
from .domain.portfolio.approvals import part_of
from .domain.portfolio.records import Portfolio, add_months
from .errors import DomainError
from .identity import Grant, Principal, Role
from .mail import MemoryMailer
from .oslo import oslo_today
from .services import activities, activity_signing, goal_approvals, portfolios
from .services.activity_input import ActivityIn
from .services.env import Env
from .services.ports.portfolios import Activities, Portfolios
from .services.ports.store import Store

PER, MONA, JON, HANNE = (person for _, person in PEOPLE)
SIRI = Principal("demo-siri", "Siri Berg")
KNUT = Principal("demo-knut", "Knut Fjell")
KOMMUNE = "bergen-kommune"
KOMMUNE_ADMIN = Principal("demo-siv", "Siv Lund", frozenset({Grant(Role.KOMMUNE_ADMIN, KOMMUNE)}))
SIRI_PENDING = "FKMS-007"
"""Siri's one hospital goal waiting for Per's approval (the plan's last hospital goal)."""
ORIGIN = "http://127.0.0.1:8000"
"""For the links in the mails the use cases write; the demo's mails are not kept."""


def siri_dates(anchor: date) -> tuple[date, date]:
    """The first days of Siri's hospital year (ended the day before ``anchor``) and of her
    kommune part (two weeks after it)."""
    return add_months(anchor, -12), anchor + timedelta(days=14)


def seed_goals(store: Store, catalog: Catalog, anchor: date, now: datetime) -> bool:
    """Lise's goals and Siri's portfolio; False if both were there already."""
    lise = _lise(store, catalog, now)
    siri = _siri(store, catalog, anchor, now)
    return lise or siri


def hospital_codes(catalog: Catalog, portfolio: Portfolio, now: datetime) -> list[str]:
    """The goals that must be approved in the hospital, in the plan's order."""
    goals = portfolios.goals_now(catalog, portfolio, now).goals
    return [goal.code for goal in goals if part_of(goal) == "sykehus"]


def _lise(store: Store, catalog: Catalog, now: datetime) -> bool:
    portfolio = store.portfolios.get(LIS.subject)
    if portfolio is None or store.goals.of_owner(LIS.subject):
        return False
    signed = sorted(
        {
            code
            for activity in store.activities.of_owner(LIS.subject)
            if activity.status == "signert" and activity.supervisor == JON.subject
            for code in activity.goals
        }
    )
    returned = next((c for c in hospital_codes(catalog, portfolio, now) if c not in signed), None)
    if len(signed) < 2 or returned is None:
        return False  # a store where the demo's activities were changed: left as it is
    at = now - timedelta(days=12)
    try:
        send_goal(store, catalog, LIS, signed[0], at)
        recommend_goal(store, catalog, LIS, MONA, signed[0], at + timedelta(hours=3))
        recommend_goal(store, catalog, LIS, JON, signed[0], at + timedelta(days=1))
        decide_goal(store, catalog, LIS, signed[0], at + timedelta(days=2), comment="")
        send_goal(store, catalog, LIS, signed[1], at + timedelta(days=5))
        recommend_goal(store, catalog, LIS, MONA, signed[1], at + timedelta(days=6))
        send_goal(store, catalog, LIS, returned, at + timedelta(days=5))
        comment = (
            "Du har ingen signert læringsaktivitet for dette målet ennå. Registrer en, få den "
            "signert, og send målet igjen."
        )
        decide_goal(store, catalog, LIS, returned, at + timedelta(days=7), comment=comment)
    except DomainError:
        return False  # roles a tester ended since: the goals made so far stay
    return True


def _siri(store: Store, catalog: Catalog, anchor: date, now: datetime) -> bool:
    if store.portfolios.get(SIRI.subject) is not None:
        return False
    hospital, kommune = siri_dates(anchor)
    at = now - timedelta(days=90)
    portfolio = portfolios.start(
        store,
        catalog,
        who=SIRI,
        employment=portfolios.EmploymentIn(
            "sykehus", "helse-bergen", hospital, anchor - timedelta(days=1)
        ),
        env=Env(at),
    )
    portfolio = portfolios.add_employment(
        store,
        catalog,
        who=SIRI,
        employment=portfolios.EmploymentIn(
            "kommune", KOMMUNE, kommune, add_months(kommune, 6) - timedelta(days=1)
        ),
        env=Env(at),
    )
    by_arena = {e.arena: e.id for e in portfolio.employments}
    for kind, person in PEOPLE:
        relate(store, SIRI, by_arena["sykehus"], kind, person, employer=EMPLOYER, now=at)
    relate(store, SIRI, by_arena["kommune"], "leder", KNUT, employer=KOMMUNE_ADMIN, now=at)
    codes = hospital_codes(catalog, portfolio, now)
    supervisors = signed_activities(store, catalog, SIRI, codes, now)
    reads_once = replace(
        store,
        portfolios=cast(Portfolios, _ReadOnce(store.portfolios, ("get", "relations"))),
        activities=cast(Activities, _ReadOnce(store.activities, ("of_owner",))),
    )
    start = now - timedelta(days=40)
    for n, code in enumerate(codes):
        sent = start + timedelta(hours=16 * n)
        send_goal(reads_once, catalog, SIRI, code, sent)
        recommend_goal(reads_once, catalog, SIRI, MONA, code, sent + timedelta(hours=2))
        recommend_goal(
            reads_once, catalog, SIRI, supervisors[code], code, sent + timedelta(hours=4)
        )
        if code != SIRI_PENDING:
            decide_goal(reads_once, catalog, SIRI, code, sent + timedelta(hours=8), comment="")
    return True


class _ReadOnce:
    """A port whose ``methods`` answer from the first read: for Siri's goals, the record, its
    relations and activities, which sending, recommending and approving goals do not change.
    Some 200 use-case calls then read only the goal each writes (`make serve` starts sooner)."""

    def __init__(self, port: object, methods: tuple[str, ...]) -> None:
        self._port, self._methods = port, methods
        self._read: dict[tuple[str, tuple[Any, ...]], Any] = {}

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._port, name)
        if name not in self._methods:
            return found

        def once(*args: Any) -> Any:
            if (name, args) not in self._read:
                self._read[(name, args)] = found(*args)
            return self._read[(name, args)]

        return once


def signed_activities(
    store: Store, catalog: Catalog, lis: Principal, codes: list[str], now: datetime
) -> dict[str, Principal]:
    """The LIS's activities serving every hospital goal (at most MAX_GOALS each), signed by Jon
    and Hanne in turn; who signed for each goal."""
    mailer = MemoryMailer()  # the demo's mails are not kept
    signed_by: dict[str, Principal] = {}
    size = activity_rules.MAX_GOALS
    for n in range(0, len(codes), size):
        chunk = codes[n : n + size]
        supervisor = (JON, HANNE)[n // size % 2]
        sent = now - timedelta(days=60 - n // size)
        given = ActivityIn(
            kind="klinisk_praksis",
            day=oslo_today(sent) - timedelta(days=1),
            description=(
                "Sykehusåret i medisin og kirurgi: mottak, visitt og vakter under supervisjon, "
                "vurdert samlet mot målene."
            ),
            goals=tuple(chunk),
        )
        activity = activities.register(
            store,
            catalog,
            mailer,
            who=lis,
            given=given,
            send_to=supervisor.subject,
            env=Env(sent),
            origin=ORIGIN,
        )
        activity_signing.sign(
            store,
            mailer,
            who=supervisor,
            activity_id=activity.id,
            comment="Godt gjennomført.",
            env=Env(sent + timedelta(days=1)),
            origin=ORIGIN,
        )
        signed_by |= dict.fromkeys(chunk, supervisor)
    return signed_by


def send_goal(store: Store, catalog: Catalog, lis: Principal, code: str, at: datetime) -> None:
    goal_approvals.send(store, catalog, who=lis, code=code, now=at)


def recommend_goal(
    store: Store, catalog: Catalog, lis: Principal, who: Principal, code: str, at: datetime
) -> None:
    text = f"{lis.name} har vist dette i praksis og gjennom signerte aktiviteter. Anbefales."
    goal_approvals.recommend(
        store, catalog, who=who, owner=lis.subject, code=code, text=text, now=at
    )


def decide_goal(
    store: Store,
    catalog: Catalog,
    lis: Principal,
    code: str,
    at: datetime,
    *,
    comment: str,
    by: Principal = PER,
) -> None:
    """The leder (Per Aas unless ``by``) approves (no comment) or returns (with ``comment``) the
    LIS's goal."""
    decide = goal_approvals.give_back if comment else goal_approvals.approve
    decide(store, catalog, who=by, owner=lis.subject, code=code, comment=comment, now=at)
