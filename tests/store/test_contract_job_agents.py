"""The jobbagent contract, for every adapter: an agent is its owner's alone (another person can
neither change nor stop it), a person has at most the limit (also when they make them at once),
the job reads every agent through its own key, and its record of a mail is written once per
agent and Oslo day, only by a run that read the agent as it still is."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date

import pytest

from lis1.domain.job_agents import AgentFilter, JobAgent, TooManyAgents
from lis1.errors import Conflict
from lis1.services.ports.store import Store
from lis1.store.bundle import dynamodb_store

from .conftest import Backend
from .helpers import OSLO_SUMMER, at
from .test_concurrency import own_client

WORKERS = 8
DAY = date(2024, 10, 27)


def agent(agent_id: str, owner: str = "kari", minutes: float = 0, **changes: object) -> JobAgent:
    made = JobAgent(
        id=agent_id,
        owner=owner,
        filter=AgentFilter("2024-host", "helse-bergen", "helse-vest", "uten"),
        language="en",
        token=f"{agent_id:x<43}",
        created_at=at(minutes).astimezone(OSLO_SUMMER),
        updated_at=at(minutes),
        version=1,
    )
    return replace(made, **changes)  # type: ignore[arg-type]


def test_an_agent_is_kept_as_made_and_listed_for_its_owner_only(store: Store) -> None:
    agents = store.job_agents
    assert agents.get("a1") is None and agents.for_person("kari") == []
    first = agent("a1", minutes=5)
    agents.create(first, limit=10)
    agents.create(agent("a0", minutes=6, filter=AgentFilter(None, None, None)), limit=10)
    agents.create(agent("b1", "ola"), limit=10)
    stored = agents.get("a1")
    assert stored == replace(first, created_at=at(5))  # instants come back in UTC
    assert stored is not None and stored.created_at.tzinfo is not None
    assert [a.id for a in agents.for_person("kari")] == ["a1", "a0"]  # oldest first
    assert agents.for_person("kari")[1].filter == AgentFilter(None, None, None, "med")
    assert [a.id for a in agents.for_person("ola")] == ["b1"]
    assert sorted(a.id for a in agents.every()) == ["a0", "a1", "b1"]
    with pytest.raises(Conflict):
        agents.create(agent("a1", "ola"), limit=10)  # the id is taken
    assert [a.id for a in agents.for_person("ola")] == ["b1"]


def test_only_the_owner_changes_or_stops_an_agent(store: Store) -> None:
    agents = store.job_agents
    agents.create(agent("a1"), limit=10)
    wider = AgentFilter(None, None, "helse-vest", "bare")
    assert agents.change("a1", "ola", wider, at=at(10)) is None
    assert not agents.stop("a1", "ola")
    assert agents.get("a1") == agent("a1")

    changed = agents.change("a1", "kari", wider, at=at(10))
    assert changed is not None and changed.filter == wider and changed.version == 2
    assert (
        agents.get("a1")
        == changed
        == replace(agent("a1"), filter=wider, updated_at=at(10), version=2)
    )
    assert agents.stop("a1", "kari")
    assert agents.get("a1") is None and agents.for_person("kari") == []
    assert not agents.stop("a1", "kari")  # stopped already
    assert agents.change("a1", "kari", wider, at=at(11)) is None
    assert agents.every() == []


def test_a_person_has_at_most_the_limit(store: Store) -> None:
    agents = store.job_agents
    for n in range(3):
        agents.create(agent(f"a{n}"), limit=3)
    with pytest.raises(TooManyAgents):
        agents.create(agent("a3"), limit=3)
    assert agents.get("a3") is None
    agents.create(agent("b0", "ola"), limit=3)  # another person's count is their own
    assert agents.stop("a1", "kari")
    agents.create(agent("a3"), limit=3)  # room again after a stop
    assert [a.id for a in agents.for_person("kari")] == ["a0", "a2", "a3"]


def test_the_mail_record_is_written_once_a_day_on_the_version_read(store: Store) -> None:
    agents = store.job_agents
    agents.create(agent("a1"), limit=10)
    read = agents.get("a1")
    assert read is not None
    assert agents.record_mail(read, day=DAY, told=frozenset({"ad1", "ad2"}))
    assert not agents.record_mail(read, day=DAY, told=frozenset({"ad3"}))  # a rerun
    now = agents.get("a1")
    assert now is not None and now.version == 2
    assert now.last_mail_day == DAY and now.told == {"ad1", "ad2"}
    assert not agents.record_mail(now, day=DAY, told=frozenset({"ad3"}))  # one mail a day
    assert not agents.record_mail(now, day=date(2024, 10, 26), told=frozenset())  # nor earlier

    # A change of the filter in between: the run that read the agent before writes nothing.
    changed = agents.change("a1", "kari", AgentFilter(None, None, None), at=at(30))
    assert changed is not None
    assert not agents.record_mail(now, day=date(2024, 10, 28), told=frozenset({"ad3"}))
    assert agents.record_mail(changed, day=date(2024, 10, 28), told=frozenset({"ad3"}))
    last = agents.get("a1")
    assert last is not None and last.told == {"ad3"} and last.last_mail_day == date(2024, 10, 28)
    assert last.filter == AgentFilter(None, None, None)  # the record keeps the filter

    assert agents.stop("a1", "kari")
    assert not agents.record_mail(last, day=date(2024, 10, 29), told=frozenset())  # stopped


def test_deleting_a_person_deletes_their_agents_only(store: Store) -> None:
    agents = store.job_agents
    for n in range(3):
        agents.create(agent(f"a{n}"), limit=3)
    agents.create(agent("b0", "ola"), limit=3)
    assert agents.delete_all("kari") == 3
    assert agents.for_person("kari") == [] and agents.get("a0") is None
    assert [a.id for a in agents.every()] == ["b0"]
    assert agents.delete_all("kari") == 0
    for n in range(3):  # the bound starts again from nothing
        agents.create(agent(f"c{n}"), limit=3)


@pytest.mark.parametrize("adapter", ["memory", "dynamodb-local"], indirect=True)
def test_runs_at_once_record_a_mail_once_and_creates_keep_the_bound(
    backend: Backend, store: Store
) -> None:
    """Eight threads, each (on DynamoDB Local) with its own client as separate Lambdas would
    have, all released at once. Not on moto, which checks conditions without a lock."""
    for n in range(8):
        store.job_agents.create(agent(f"a{n}"), limit=10)
    read = store.job_agents.get("a0")
    assert read is not None
    barrier = threading.Barrier(WORKERS)

    def run(n: int) -> tuple[bool, bool]:
        client = own_client(backend) if backend.name != "memory" else None
        own = store if client is None else dynamodb_store(client, backend.table_name, "local")
        try:
            barrier.wait(timeout=60)
            recorded = own.job_agents.record_mail(read, day=DAY, told=frozenset({f"ad{n}"}))
            try:
                own.job_agents.create(agent(f"new{n}"), limit=10)
                made = True
            except TooManyAgents:
                made = False
            return recorded, made
        finally:
            if client is not None:
                client.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(run, range(WORKERS)))
    assert sum(recorded for recorded, _ in results) == 1
    assert sum(made for _, made in results) == 2
    assert len(store.job_agents.for_person("kari")) == 10
    told = store.job_agents.get("a0")
    assert told is not None and len(told.told) == 1
