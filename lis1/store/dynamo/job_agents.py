"""Jobbagenter on DynamoDB: the agent item, the person's item that lists and bounds their agents,
and the job's conditional record of each mail (keys and conditions in
:mod:`lis1.store.keys.job_agents`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any, cast

from ...domain.job_agents import AgentFilter, JobAgent, RestChoice, TooManyAgents
from ...errors import Conflict
from ..keys import job_agents as keys
from ..schema import GSI1, GSI1PK, GSI1SK, PK
from ..values import iso, parse_iso, utc
from .table import Table, key
from .tx import TransactionCancelled

ATTEMPTS = 4
"""A change of the filter reads again when the job recorded a mail in between."""
FILTER_NAMES = {"#p": "period_id", "#o": "organisation", "#r": "region", "#rest": "reststilling"}


def _filter_values(agent_filter: AgentFilter) -> dict[str, Any]:
    return {
        "period_id": agent_filter.period_id,
        "organisation": agent_filter.organisation,
        "region": agent_filter.region,
        "reststilling": agent_filter.reststilling,
    }


def _agent(item: dict[str, Any]) -> JobAgent:
    day = item.get("last_mail_day")
    return JobAgent(
        id=str(item["id"]),
        owner=str(item["owner"]),
        filter=AgentFilter(
            period_id=item.get("period_id"),
            organisation=item.get("organisation"),
            region=item.get("region"),
            reststilling=cast(RestChoice, item["reststilling"]),
        ),
        language=str(item["language"]),
        token=str(item["token"]),
        created_at=parse_iso(item["created_at"]),
        updated_at=parse_iso(item["updated_at"]),
        version=int(item["version"]),
        last_mail_day=date.fromisoformat(day) if day else None,
        told=frozenset(item.get("told") or ()),
    )


class DynamoJobAgents:
    def __init__(self, table: Table) -> None:
        self._table = table

    def create(self, agent: JobAgent, *, limit: int) -> None:
        gsi1pk, gsi1sk = keys.agent_gsi1(agent.id)
        item = {
            **key(*keys.agent_key(agent.id)),
            GSI1PK: gsi1pk,
            GSI1SK: gsi1sk,
            "kind": "job_agent",
            "id": agent.id,
            "owner": agent.owner,
            **_filter_values(agent.filter),
            "language": agent.language,
            "token": agent.token,
            "created_at": iso(agent.created_at),
            "updated_at": iso(agent.updated_at),
            "version": 1,
            "told": sorted(agent.told),
        }
        person = self._table.update(
            *keys.person_key(agent.owner),
            "SET #kind = :kind ADD #count :one, #ids :ids",
            {"#pk": PK, "#kind": "kind", "#count": "count", "#ids": "ids"},
            {":kind": "job_agents", ":one": 1, ":ids": {agent.id}, ":limit": limit},
            condition="attribute_not_exists(#pk) OR #count < :limit",
        )
        try:
            self._table.transact([self._table.put(item, new=True), person])
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(1):
                raise TooManyAgents() from cancelled
            raise Conflict() from cancelled

    def get(self, agent_id: str) -> JobAgent | None:
        item = self._table.get(*keys.agent_key(agent_id))
        return None if item is None else _agent(item)

    def for_person(self, subject: str) -> list[JobAgent]:
        person = self._table.get(*keys.person_key(subject))
        ids = sorted(person.get("ids") or ()) if person else []
        found = [_agent(i) for i in self._table.batch_get(keys.agent_key(a) for a in ids)]
        return sorted((a for a in found if a.owner == subject), key=lambda a: (a.created_at, a.id))

    def change(
        self, agent_id: str, owner: str, agent_filter: AgentFilter, *, at: datetime
    ) -> JobAgent | None:
        for _attempt in range(ATTEMPTS):
            agent = self.get(agent_id)
            if agent is None or agent.owner != owner:
                return None
            values = {f":{name}": value for name, value in _filter_values(agent_filter).items()}
            chosen = {n: v for n, v in FILTER_NAMES.items() if values[f":{v}"] is not None}
            dropped = [n for n in FILTER_NAMES if n not in chosen]
            expression = "SET " + ", ".join(
                [f"{n} = :{FILTER_NAMES[n]}" for n in chosen]
                + ["#updated = :updated", "#version = :next"]
            )
            if dropped:
                expression += " REMOVE " + ", ".join(dropped)
            names = {**FILTER_NAMES, "#updated": "updated_at", "#version": "version"}
            names["#owner"] = "owner"
            update = self._table.update(
                *keys.agent_key(agent_id),
                expression,
                names,
                {
                    **{k: v for k, v in values.items() if v is not None},
                    ":updated": iso(at),
                    ":next": agent.version + 1,
                    ":version": agent.version,
                    ":owner": owner,
                },
                condition="#version = :version AND #owner = :owner",
            )
            try:
                self._table.transact([update])
            except TransactionCancelled as cancelled:
                if cancelled.condition_failed(0):
                    continue  # the job recorded a mail, or it was stopped: read again
                raise Conflict() from cancelled
            return replace(
                agent, filter=agent_filter, updated_at=utc(at), version=agent.version + 1
            )
        raise Conflict()

    def stop(self, agent_id: str, owner: str) -> bool:
        items = [
            self._table.removal(
                *keys.agent_key(agent_id),
                "#owner = :owner",
                {"#owner": "owner"},
                {":owner": owner},
            ),
            self._table.update(
                *keys.person_key(owner),
                "ADD #count :minus DELETE #ids :ids",
                {"#count": "count", "#ids": "ids"},
                {":minus": -1, ":ids": {agent_id}},
            ),
        ]
        try:
            self._table.transact(items)
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(0):
                return False  # no such agent of this owner: nothing written
            raise Conflict() from cancelled
        return True

    def delete_all(self, subject: str) -> int:
        for _attempt in range(ATTEMPTS):
            agents = self.for_person(subject)
            items = [
                self._table.removal(
                    *keys.agent_key(a.id),
                    "#owner = :owner",
                    {"#owner": "owner"},
                    {":owner": subject},
                )
                for a in agents
            ]
            # On condition that no agent was made or stopped since the read.
            person = self._table.removal(
                *keys.person_key(subject),
                "attribute_not_exists(#pk) OR #count = :count",
                {"#pk": PK, "#count": "count"},
                {":count": len(agents)},
            )
            try:
                self._table.transact([person, *items])
            except TransactionCancelled as cancelled:
                if any(cancelled.condition_failed(n) for n in range(len(items) + 1)):
                    continue
                raise Conflict() from cancelled
            return len(agents)
        raise Conflict()

    def every(self) -> list[JobAgent]:
        found = self._table.query(
            "#g = :g AND begins_with(#gs, :prefix)",
            {"#g": GSI1PK, "#gs": GSI1SK},
            {":g": keys.AGENTS_GSI1PK, ":prefix": "AGENT#"},
            index=GSI1,
        )
        return [_agent(item) for item in found]

    def record_mail(self, agent: JobAgent, *, day: date, told: frozenset[str]) -> bool:
        update = self._table.update(
            *keys.agent_key(agent.id),
            "SET #day = :day, #told = :told, #version = :next",
            {"#day": "last_mail_day", "#told": "told", "#version": "version"},
            {
                ":day": day.isoformat(),
                ":told": sorted(told),
                ":next": agent.version + 1,
                ":version": agent.version,
            },
            condition="#version = :version AND (attribute_not_exists(#day) OR #day < :day)",
        )
        try:
            self._table.transact([update])
        except TransactionCancelled as cancelled:
            if cancelled.condition_failed(0):
                return False
            raise Conflict() from cancelled
        return True
