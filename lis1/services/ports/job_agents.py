"""Port of jobbagenter: each person's saved filters, and the record of what each agent's mails
have told, written on condition before a mail goes out so that no ad is told twice.

Every method that names an owner acts only on that owner's agent: another person's agent is as
absent as one never made. The job reads every agent through one key made for it (never a Scan).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from ...domain.job_agents import AgentFilter, JobAgent


class JobAgents(Protocol):
    def create(self, agent: JobAgent, *, limit: int) -> None:
        """Store a new agent (version 1) unless its owner has ``limit`` agents already:
        TooManyAgents, nothing written. Conflict if the id is taken."""
        ...

    def get(self, agent_id: str) -> JobAgent | None:
        """The agent, whoever owns it (for its signed link; the caller checks the token)."""
        ...

    def for_person(self, subject: str) -> list[JobAgent]:
        """The person's agents, oldest first (also for their download of their own data)."""
        ...

    def change(
        self, agent_id: str, owner: str, agent_filter: AgentFilter, *, at: datetime
    ) -> JobAgent | None:
        """Give ``owner``'s agent a new filter (what it told stays told, its day's mail stays
        sent); the agent as changed, or None if ``owner`` has no such agent."""
        ...

    def stop(self, agent_id: str, owner: str) -> bool:
        """Delete ``owner``'s agent; False if they have no such agent (stopped already)."""
        ...

    def delete_all(self, subject: str) -> int:
        """Delete every agent of the person (their account is deleted); how many there were."""
        ...

    def every(self) -> list[JobAgent]:
        """Every agent, for the mail job: one index partition, read in pages (eventually
        consistent on AWS, which :meth:`record_mail` makes safe)."""
        ...

    def record_mail(self, agent: JobAgent, *, day: date, told: frozenset[str]) -> bool:
        """Record that the agent's mail of Oslo ``day`` is being sent and that ``told`` is now
        what it has told, on condition that the stored agent is still at ``agent.version`` and
        has no mail on ``day`` or later. True if this call wrote it (send the mail); False if
        the agent changed, was stopped or mailed meanwhile (send nothing)."""
        ...
