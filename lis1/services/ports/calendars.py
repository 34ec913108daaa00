"""Port of private calendar addresses: at most one per person, found by the hash of its token.

A person has one current address or none. Making a new one replaces the old in the same write,
so the old token is unknown from that moment; turning it off makes it unknown too. Only the
SHA-256 of the token is stored (:func:`lis1.domain.private_calendar.token_hash`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


def calendar_entity(subject: str) -> str:
    """The audit entity of a person's calendar address: the person (``bruker:<subject>``),
    whom the audit log shows entries about them."""
    return f"bruker:{subject}"


class CalendarLinks(Protocol):
    """Each change is recorded in the audit log under :func:`calendar_entity`, in the same
    write, with the person as actor: action "create_calendar_link" (detail
    ``{"kalenderadresse": "laget"}``, or ``"erstattet"`` when one was replaced) or
    "revoke_calendar_link" (``"slått av"``). Never the token or its hash."""

    def replace(self, subject: str, token_hash: str, at: datetime) -> None:
        """Make ``token_hash`` the person's address, made ``at``: the old one, if any, is
        deleted in the same write. Two at once leave exactly one address (the last written).
        Conflict (nothing written) if ``token_hash`` is taken."""
        ...

    def subject_of(self, token_hash: str) -> str | None:
        """Whose current address this is; None for one never made, replaced or turned off."""
        ...

    def revoke(self, subject: str, at: datetime) -> bool:
        """Turn the person's address off; False (nothing written) if they had none."""
        ...

    def current(self, subject: str) -> datetime | None:
        """When the person's current address was made (UTC); None if they have none."""
        ...
