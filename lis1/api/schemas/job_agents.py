"""Jobbagenter as the API gives and takes them: the filter a person saves, and the agent as its
owner (or the holder of its link) sees it. Never the owner or the link's token."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from ...domain.job_agents import AgentFilter
from .base import Schema

OptionalId = Annotated[str | None, Field(max_length=80, pattern=r"^([a-z0-9][a-z0-9-]*)?$")]
"""An id, or empty (a form's «all»), or null."""


class JobAgentIn(Schema):
    """A filter; an empty field means all (every period, HF or region)."""

    model_config = ConfigDict(extra="forbid")
    period_id: OptionalId = Field(default=None, description="Søknadsperioden (id), eller tom.")
    organisation: OptionalId = Field(default=None, description="Helseforetaket (id), eller tom.")
    region: OptionalId = Field(
        default=None, description="Regionen: id-en til det regionale helseforetaket, eller tom."
    )
    reststilling: Literal["med", "bare", "uten"] = Field(
        default="med", description="Reststillinger: med (tatt med), bare (bare dem) eller uten."
    )

    def agent_filter(self) -> AgentFilter:
        return AgentFilter(
            self.period_id or None,
            self.organisation or None,
            self.region or None,
            self.reststilling,
        )


TOKEN_PATTERN = r"^[A-Za-z0-9_-]{43}$"


class JobAgentLinkIn(JobAgentIn):
    """A new filter sent from the agent's link: its code (from the link) is the authority."""

    kode: str = Field(pattern=TOKEN_PATTERN, description="Koden fra lenken i e-posten.")


class JobAgentStopIn(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    kode: str = Field(pattern=TOKEN_PATTERN, description="Koden fra lenken i e-posten.")


class JobAgentOut(Schema):
    id: str
    period_id: str | None
    organisation: str | None
    region: str | None
    reststilling: str
    description: list[str] = Field(description="Hva jobbagenten ser etter, i ord.")
    language: str = Field(description="Språket e-postene skrives på (nb eller en).")
    created_at: datetime
    last_mail_day: date | None = Field(description="Dagen (norsk tid) den sist sendte e-post.")


class JobAgentList(Schema):
    agents: list[JobAgentOut]
    limit: int = Field(description="Høyst så mange jobbagenter kan en person ha.")


class JobAgentStopped(Schema):
    stopped: bool
    message: str
