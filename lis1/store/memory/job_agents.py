"""The jobbagent port in memory: the DynamoDB adapter's items and conditions (the bound per
person, the owner, the version the job read) kept under the store's one lock."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from ...domain.job_agents import AgentFilter, JobAgent, TooManyAgents
from ...errors import Conflict
from ..values import utc
from .state import State


def _utc_agent(agent: JobAgent) -> JobAgent:
    """As DynamoDB gives it back: instants in UTC."""
    return replace(agent, created_at=utc(agent.created_at), updated_at=utc(agent.updated_at))


class MemoryJobAgents:
    def __init__(self, state: State) -> None:
        self._state = state
        self._agents: dict[str, JobAgent] = {}
        self._of: dict[str, set[str]] = {}
        """subject -> ids of their agents: the person's item."""

    def create(self, agent: JobAgent, *, limit: int) -> None:
        with self._state.lock:
            if agent.id in self._agents:
                raise Conflict()
            mine = self._of.setdefault(agent.owner, set())
            if len(mine) >= limit:
                raise TooManyAgents()
            mine.add(agent.id)
            self._agents[agent.id] = _utc_agent(replace(agent, version=1))

    def get(self, agent_id: str) -> JobAgent | None:
        with self._state.lock:
            return self._agents.get(agent_id)

    def for_person(self, subject: str) -> list[JobAgent]:
        with self._state.lock:
            found = [self._agents[i] for i in self._of.get(subject, set()) if i in self._agents]
        return sorted(found, key=lambda a: (a.created_at, a.id))

    def change(
        self, agent_id: str, owner: str, agent_filter: AgentFilter, *, at: datetime
    ) -> JobAgent | None:
        with self._state.lock:
            agent = self._agents.get(agent_id)
            if agent is None or agent.owner != owner:
                return None
            changed = replace(
                agent, filter=agent_filter, updated_at=utc(at), version=agent.version + 1
            )
            self._agents[agent_id] = changed
            return changed

    def stop(self, agent_id: str, owner: str) -> bool:
        with self._state.lock:
            agent = self._agents.get(agent_id)
            if agent is None or agent.owner != owner:
                return False
            del self._agents[agent_id]
            self._of.get(owner, set()).discard(agent_id)
            return True

    def delete_all(self, subject: str) -> int:
        with self._state.lock:
            ids = self._of.pop(subject, set())
            gone = [i for i in ids if self._agents.get(i) is not None]
            for agent_id in gone:
                del self._agents[agent_id]
            return len(gone)

    def every(self) -> list[JobAgent]:
        with self._state.lock:
            return [self._agents[i] for i in sorted(self._agents)]

    def record_mail(self, agent: JobAgent, *, day: date, told: frozenset[str]) -> bool:
        with self._state.lock:
            stored = self._agents.get(agent.id)
            if stored is None or stored.version != agent.version:
                return False
            if stored.last_mail_day is not None and stored.last_mail_day >= day:
                return False
            self._agents[agent.id] = replace(
                stored, last_mail_day=day, told=frozenset(told), version=stored.version + 1
            )
            return True
