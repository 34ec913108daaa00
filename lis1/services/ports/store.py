"""The store bundle: every port, passed to the services as one value."""

from __future__ import annotations

from dataclasses import dataclass

from .accounts import AuditLog, LoginStates, Sessions, Settings, Users
from .calendars import CalendarLinks
from .invitations import Invitations
from .job_agents import JobAgents
from .notices import Notices
from .offers import Offers, RankedLists
from .portfolios import Activities, Conversations, Goals, Portfolios
from .positions import Ads, Applications
from .profiles import Profiles
from .requests import Requests


@dataclass(frozen=True)
class Store:
    """Everything the API needs from storage, built in one place (lis1.store.bundle)."""

    users: Users
    sessions: Sessions
    logins: LoginStates
    audit: AuditLog
    settings: Settings
    ads: Ads
    applications: Applications
    requests: Requests
    invitations: Invitations
    offers: Offers
    rankings: RankedLists
    calendars: CalendarLinks
    notices: Notices
    portfolios: Portfolios
    activities: Activities
    goals: Goals
    conversations: Conversations
    job_agents: JobAgents
    profiles: Profiles
    kind: str
    """Which adapter: "dynamodb", "dynamodb-local", "moto" or "memory" (reported by /api/health)."""
