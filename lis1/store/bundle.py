"""The one place a :class:`~lis1.services.ports.store.Store` bundle is built: on DynamoDB (AWS,
DynamoDB Local, moto) or as stateful in-memory fakes for unit tests."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from ..services.ports.store import Store
from .memory.accounts import (
    MemoryAuditLog,
    MemoryLoginStates,
    MemorySessions,
    MemorySettings,
    MemoryUsers,
)
from .memory.calendars import MemoryCalendarLinks
from .memory.invitations import MemoryInvitations
from .memory.job_agents import MemoryJobAgents
from .memory.notices import MemoryNotices
from .memory.offers import MemoryOffers, MemoryRankedLists
from .memory.portfolios import (
    MemoryActivities,
    MemoryConversations,
    MemoryGoals,
    MemoryPortfolios,
)
from .memory.positions import MemoryAds, MemoryApplications, MemoryRequests
from .memory.profiles import MemoryProfiles
from .memory.state import State

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

    from .dynamo.tx import Sleep


def dynamodb_store(
    client: DynamoDBClient, table_name: str, kind: str, *, sleep: Sleep = time.sleep
) -> Store:
    """The ports on ``table_name`` through ``client``; ``kind`` is reported by /api/health.

    ``sleep`` is what transactions wait with between retries (tests pass a recorder).
    """
    from .dynamo.accounts import DynamoAuditLog, DynamoSettings, DynamoUsers
    from .dynamo.ads import DynamoAds
    from .dynamo.applications import DynamoApplications
    from .dynamo.calendars import DynamoCalendarLinks
    from .dynamo.invitations import DynamoInvitations
    from .dynamo.job_agents import DynamoJobAgents
    from .dynamo.notices import DynamoNotices
    from .dynamo.offers import DynamoOffers
    from .dynamo.portfolio_goals import DynamoConversations, DynamoGoals
    from .dynamo.portfolios import DynamoActivities, DynamoPortfolios
    from .dynamo.profiles import DynamoProfiles
    from .dynamo.rankings import DynamoRankedLists
    from .dynamo.requests import DynamoRequests
    from .dynamo.sessions import DynamoLoginStates, DynamoSessions
    from .dynamo.table import Table

    table = Table(client, table_name, sleep)
    return Store(
        users=DynamoUsers(table),
        sessions=DynamoSessions(table),
        logins=DynamoLoginStates(table),
        audit=DynamoAuditLog(table),
        settings=DynamoSettings(table),
        ads=DynamoAds(table),
        applications=DynamoApplications(table),
        requests=DynamoRequests(table),
        invitations=DynamoInvitations(table),
        offers=DynamoOffers(table),
        rankings=DynamoRankedLists(table),
        calendars=DynamoCalendarLinks(table),
        notices=DynamoNotices(table),
        portfolios=DynamoPortfolios(table),
        activities=DynamoActivities(table),
        goals=DynamoGoals(table),
        conversations=DynamoConversations(table),
        job_agents=DynamoJobAgents(table),
        profiles=DynamoProfiles(table),
        kind=kind,
    )


def memory_store() -> Store:
    """A fresh, empty in-memory store."""
    state = State()
    portfolios = MemoryPortfolios(state)
    return Store(
        users=MemoryUsers(state),
        sessions=MemorySessions(state),
        logins=MemoryLoginStates(state),
        audit=MemoryAuditLog(state),
        settings=MemorySettings(state),
        ads=MemoryAds(state),
        applications=MemoryApplications(state),
        requests=MemoryRequests(state),
        invitations=MemoryInvitations(state),
        offers=MemoryOffers(state),
        rankings=MemoryRankedLists(state),
        calendars=MemoryCalendarLinks(state),
        notices=MemoryNotices(state),
        portfolios=portfolios,
        activities=MemoryActivities(state),
        goals=MemoryGoals(state, portfolios),
        conversations=MemoryConversations(state),
        job_agents=MemoryJobAgents(state),
        profiles=MemoryProfiles(state),
        kind="memory",
    )
