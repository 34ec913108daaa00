"""Learning activities as the API takes and gives them.

The bounds here only keep a request small; the rules (the description's length, the day, the
goals of the plan, the supervisør) are the service's, with words saying what to fix
(:mod:`lis1.services.activity_input`). A form sends each goal as its own checkbox,
``goal-<code>``, since a form's fields are read one value per name; JSON sends ``goals``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from ...domain.ads import MAX_VERSION
from .base import Schema
from .positions import Optional

GOAL_FIELD = "goal-"
"""A form's checkbox of a goal is named ``goal-<code>``."""
Code = Annotated[str, StringConstraints(max_length=20)]


class ActivityIn(Schema):
    """A new activity: saved as a draft, or sent at once to a supervisør."""

    model_config = ConfigDict(extra="forbid")
    kind: str = Field(
        default="",
        max_length=40,
        description="klinisk_praksis, prosedyre, kurs, veiledning, selvstudium eller annet.",
    )
    day: Annotated[date | None, Optional] = Field(
        default=None, description="Dagen aktiviteten fant sted (ikke fram i tid)."
    )
    description: str = Field(
        default="", max_length=20_000, description="Hva du gjorde og lærte (høyst 2000 tegn)."
    )
    goals: list[Code] = Field(
        default_factory=list, max_length=200, description="Kodene til læringsmålene (1–30)."
    )
    supervisor: str = Field(
        default="", max_length=200, description="Supervisøren aktiviteten sendes til."
    )
    handling: Literal["utkast", "send"] | None = Field(
        default=None,
        description="utkast (lagre) eller send (til supervisøren); uten verdi: send når "
        "supervisor er gitt.",
    )

    @model_validator(mode="before")
    @classmethod
    def _checked_boxes(cls, data: Any) -> Any:
        """The form's checkboxes ``goal-<code>`` become ``goals``."""
        if not isinstance(data, dict) or not any(
            isinstance(k, str) and k.startswith(GOAL_FIELD) for k in data
        ):
            return data
        goals = [k.removeprefix(GOAL_FIELD) for k in data if k.startswith(GOAL_FIELD)]
        rest = {k: v for k, v in data.items() if not k.startswith(GOAL_FIELD)}
        given = rest.get("goals")
        return {**rest, "goals": [*(given if isinstance(given, list) else []), *goals]}

    def send_to(self) -> str | None:
        """The supervisør to send to ("" when sending is asked for without one), or None."""
        action = self.handling or ("send" if self.supervisor else "utkast")
        return self.supervisor if action == "send" else None


class ActivityEdit(ActivityIn):
    """A draft or returned activity corrected (and perhaps sent), from the version seen."""

    version: int = Field(ge=1, le=MAX_VERSION, description="Versjonen du endrer.")


class CommentIn(Schema):
    model_config = ConfigDict(extra="forbid")
    comment: str = Field(
        default="", max_length=10_000, description="Kommentar til legen (høyst 1000 tegn)."
    )


class GoalOut(Schema):
    code: str
    text: str | None = Field(description="Forskriftens ordlyd der vi har den, ellers null.")


class ActivityOut(Schema):
    id: str
    kind: str
    kind_name: str
    day: date
    description: str
    goals: list[GoalOut]
    status: str = Field(description="utkast, sendt, signert eller returnert.")
    status_name: str
    version: int
    supervisor: str | None = Field(description="Supervisøren den sist ble sendt til.")
    supervisor_name: str | None
    sent_at: datetime | None
    decided_at: datetime | None
    comment: str | None = Field(description="Supervisørens kommentar ved signering eller retur.")
    days_waited: int | None = Field(description="Dager den har ventet på signatur, om den venter.")
    owner_name: str | None = Field(
        default=None, description="Legen i spesialisering (i supervisørens liste)."
    )


class ActivityList(Schema):
    activities: list[ActivityOut] = Field(description="Nyeste dag først.")


class SigningList(Schema):
    activities: list[ActivityOut] = Field(
        description="De som venter først (eldste først), så de som er avgjort."
    )
