"""The world of the portfolio's state machine (tests/unit/test_portfolio_property.py): one LIS
with a hospital part (with psychiatry) at Helse Bergen and a kommune part at Bergen kommune, the
people around her, and what each of them can do, through the use cases on the in-memory store
with a clock that moves a minute a step.

It also keeps what the machine's checks compare with: how many times each goal was approved,
the hospital approvals as they were at the move, every free text written (each a unique marker),
the conversations planned, and every log record. The plan's goals are a few of the real
catalogue's (:func:`catalog` trims it), so the hospital part can be completed within a run.
Over 300 lines: every action of the world's people in one place.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from lis1.catalog import Catalog, load_catalog
from lis1.domain.portfolio.approvals import GoalApproval
from lis1.domain.portfolio.relations import RelationKind
from lis1.errors import DomainError
from lis1.identity import Grant, Principal, Role
from lis1.mail import MemoryMailer
from lis1.oslo import oslo_today
from lis1.services import (
    activities,
    activity_signing,
    conversations,
    goal_approvals,
    invitations,
    kommune_start,
    portfolio_invitations,
    portfolio_relations,
    portfolios,
)
from lis1.services.activity_input import ActivityIn
from lis1.services.env import Env
from lis1.store.bundle import memory_store

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = "http://localhost"
HF, KOMMUNE = "helse-bergen", "bergen-kommune"
HOSPITAL_GOALS = ("KLS-001", "KLP-001", "FKMS-001")
KOMMUNE_GOALS = ("KLK-001", "FKMK-001")
GOALS = HOSPITAL_GOALS + KOMMUNE_GOALS
START = datetime(2026, 3, 2, 8, tzinfo=UTC)

LIS = Principal("lis", "Lise Dahl")
LEDER_H = Principal("per", "Per Aas")
VEILEDER = Principal("anne", "Anne Sæther")
"""The hospital part's veileder, and a supervisør there too."""
SUPERVISOR = Principal("jon", "Jon Ek")
VEILEDER_2 = Principal("tone", "Tone Berg")
"""Invited as veileder later: to the kommune part, or to the hospital part once Anne's ended."""
LEDER_K = Principal("tor", "Tor Berge")
HF_ADMIN = Principal("ola", "Ola Hansen", frozenset({Grant(Role.HF_ADMIN, HF)}))
KOMMUNE_ADMIN = Principal("siv", "Siv Lund", frozenset({Grant(Role.KOMMUNE_ADMIN, KOMMUNE)}))
OUTSIDER = Principal("eva", "Eva Strand")
EVERYONE = (
    LIS,
    LEDER_H,
    VEILEDER,
    SUPERVISOR,
    VEILEDER_2,
    LEDER_K,
    HF_ADMIN,
    KOMMUNE_ADMIN,
    OUTSIDER,
)
LEDERS = {"sykehus": LEDER_H.subject, "kommune": LEDER_K.subject}
"""Who alone may decide on each part's goals (nobody is delegated to)."""
ENDABLE = ("veileder-h", "supervisør-anne", "tone-kommune", "tone-sykehus", "supervisør-jon")
"""The relations the LIS may end, by key (Hypothesis picks the first most often)."""

Frozen = dict[str, tuple[Any, ...] | None]


@cache
def catalog() -> Catalog:
    """The real catalogue with the plan's goals trimmed to :data:`GOALS`; not a fixture, so a
    failing example's report does not print it."""
    loaded = load_catalog(ROOT / "data")
    assert loaded.catalog is not None
    real = loaded.catalog

    def trimmed(version: Any) -> Any:
        return version.model_copy(update={"goals": [g for g in version.goals if g.code in GOALS]})

    return replace(
        real,
        learning_goals=tuple(trimmed(v) for v in real.learning_goals),
        common_goals=tuple(trimmed(v) for v in real.common_goals),
    )


class Collector(logging.Handler):
    """Every log record, as text: caplog does not reach into Hypothesis's examples."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(f"{record.getMessage()} {vars(record)!r}")


class World:
    def __init__(self, reached: Counter[str]) -> None:
        self.reached = reached
        self.store = memory_store()
        self.mailer = MemoryMailer()
        self.now = START
        self.serial = 0
        self.markers: list[str] = []
        self.approved: Counter[str] = Counter()
        self.frozen: Frozen | None = None
        """The hospital goals' approvals when the kommune confirmed the start."""
        self.relations: dict[str, str] = {}
        self.conversation_ids: list[str] = []
        self.logs = Collector()
        root = logging.getLogger()
        self.level = root.level
        root.addHandler(self.logs)
        root.setLevel(logging.DEBUG)
        self.begin()

    def close(self) -> None:
        root = logging.getLogger()
        root.removeHandler(self.logs)
        root.setLevel(self.level)

    def begin(self) -> None:
        store, env = self.store, self.env()
        hospital = portfolios.EmploymentIn(
            "sykehus", HF, date(2025, 9, 1), date(2026, 8, 31), psychiatry=True
        )
        portfolios.start(store, catalog(), who=LIS, employment=hospital, env=env)
        kommune = portfolios.EmploymentIn("kommune", KOMMUNE, date(2026, 9, 1), date(2027, 2, 28))
        made = portfolios.add_employment(store, catalog(), who=LIS, employment=kommune, env=env)
        self.part_of: dict[str, str] = {e.arena: e.id for e in made.employments}
        self.relate("leder-h", LEDER_H, "leder", "sykehus", confirmed_by=HF_ADMIN)
        self.relate("veileder-h", VEILEDER, "veileder", "sykehus")
        self.relate("supervisør-anne", VEILEDER, "supervisør", "sykehus")
        self.relate("supervisør-jon", SUPERVISOR, "supervisør", "sykehus")
        self.relate("leder-k", LEDER_K, "leder", "kommune", confirmed_by=KOMMUNE_ADMIN)

    def env(self) -> Env:
        return Env(self.now, new_id=self.new_id)

    def new_id(self) -> str:
        self.serial += 1
        return f"{self.serial:012x}"

    def marker(self) -> str:
        """A free text no one else may see, unique in the run."""
        self.markers.append(f"MERKE{len(self.markers):04d}X")
        return f"Tekst {self.markers[-1]} æøå"

    @contextmanager
    def step(self) -> Iterator[None]:
        """A minute later; a refusal is a legitimate outcome."""
        self.now += timedelta(minutes=1)
        with suppress(DomainError):
            yield

    def hospital_approvals(self) -> Frozen:
        stored = {g.code: g for g in self.store.goals.of_owner(LIS.subject)}
        return {
            code: (g.status, g.decision, g.version) if (g := stored.get(code)) else None
            for code in HOSPITAL_GOALS
        }

    # --- relations ---------------------------------------------------------------------------

    def relate(
        self,
        key: str,
        person: Principal,
        kind: RelationKind,
        arena: str,
        confirmed_by: Principal | None = None,
    ) -> None:
        """The LIS invites ``person`` to ``kind`` on the part ``arena``, they accept, and the
        employer confirms if asked."""
        store = self.store
        _sent, token = portfolio_invitations.invite(
            store,
            who=LIS,
            owner=LIS.subject,
            employment_id=self.part_of[arena],
            kind=kind,
            name=person.name,
            email=f"{person.subject}@example.no",
            env=self.env(),
        )
        relation_id = invitations.accept(store, who=person, token=token, env=self.env()).id
        if confirmed_by is not None:
            portfolio_relations.confirm(
                store, who=confirmed_by, relation_id=relation_id, now=self.now
            )
        self.relations[key] = relation_id

    def end(self, key: str) -> None:
        if key in self.relations:
            with self.step():
                relation_id = self.relations[key]
                portfolio_relations.end(self.store, who=LIS, relation_id=relation_id, now=self.now)

    # --- activities, goals and the move ------------------------------------------------------

    def sign(self, supervisor: Principal, goals: tuple[str, ...], signs: bool) -> None:
        """The LIS registers an activity serving ``goals`` and sends it to ``supervisor``, who
        signs it or returns it."""
        with self.step():
            given = ActivityIn("prosedyre", oslo_today(self.now), "Lumbalpunksjon", goals)
            made = activities.register(
                self.store,
                catalog(),
                self.mailer,
                who=LIS,
                given=given,
                send_to=supervisor.subject,
                env=self.env(),
                origin=ORIGIN,
            )
            decide = activity_signing.sign if signs else activity_signing.give_back
            decide(
                self.store,
                self.mailer,
                who=supervisor,
                activity_id=made.id,
                comment="Fint",
                env=self.env(),
                origin=ORIGIN,
            )

    def send(self, code: str, recall: bool = False) -> None:
        with self.step():
            use = goal_approvals.recall if recall else goal_approvals.send
            use(self.store, catalog(), who=LIS, code=code, now=self.now)

    def recommend(self, who: Principal, code: str) -> None:
        with self.step():
            goal_approvals.recommend(
                self.store,
                catalog(),
                who=who,
                owner=LIS.subject,
                code=code,
                text=self.marker(),
                now=self.now,
            )

    def decide(self, who: Principal, code: str, how: str, comment: bool) -> None:
        deciding: dict[str, Callable[..., GoalApproval]] = {
            "approve": goal_approvals.approve,
            "give_back": goal_approvals.give_back,
            "reopen": goal_approvals.reopen,
        }
        with self.step():
            text = self.marker() if comment else ""
            deciding[how](
                self.store,
                catalog(),
                who=who,
                owner=LIS.subject,
                code=code,
                comment=text,
                now=self.now,
            )
            if how == "approve":
                self.approved[code] += 1
                part = "sykehus" if code in HOSPITAL_GOALS else "kommune"
                self.reached[f"approved in the {part}"] += 1

    def confirm_start(self, who: Principal, arena: str) -> None:
        """``who`` confirms the LIS's start at the employment of part ``arena``: only the
        kommune's administrator does, and once."""
        with self.step():
            employment_id = self.part_of[arena]
            kommune_start.confirm(
                self.store, catalog(), who=who, employment_id=employment_id, now=self.now
            )
            assert (who, arena) == (KOMMUNE_ADMIN, "kommune") and self.frozen is None
            self.frozen = self.hospital_approvals()
            self.reached["moved"] += 1

    # --- conversations -----------------------------------------------------------------------

    def plan(self, who: Principal) -> bool:
        """Whether ``who`` planned a conversation with the LIS (only a veileder may)."""
        with self.step():
            day = oslo_today(self.now) + timedelta(days=7)
            planned = conversations.plan(
                self.store, who=who, owner=LIS.subject, day=day, topic=self.marker(), env=self.env()
            )
            assert who in (VEILEDER, VEILEDER_2)
            self.conversation_ids.append(planned.id)
            return True
        return False

    def write(self, index: int, who: Principal, what: str, stale: bool) -> None:
        """``who`` prepares, writes the minutes of or finalises a conversation, onto the
        version stored or (``stale``) the one before."""
        if not self.conversation_ids:
            return
        conversation_id = self.conversation_ids[index % len(self.conversation_ids)]
        seen = self.store.conversations.get(LIS.subject, conversation_id)
        assert seen is not None
        version = seen.version - 1 if stale else seen.version
        store, owner = self.store, LIS.subject
        with self.step():
            if what == "finalise":
                conversations.finalise(
                    store,
                    who=who,
                    owner=owner,
                    conversation_id=seen.id,
                    version=version,
                    now=self.now,
                )
                self.reached["finalised"] += 1
            else:
                write = conversations.prepare if what == "prepare" else conversations.write_minutes
                text = self.marker()
                write(
                    store,
                    who=who,
                    owner=owner,
                    conversation_id=seen.id,
                    version=version,
                    text=text,
                    now=self.now,
                )
