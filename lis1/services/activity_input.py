"""What a LIS or a supervisør types about a learning activity, checked with the words that say
what to fix, each by its field: kind, day, description and goals of an activity against the
LIS's plan, and a supervisør's comment. Pure: the caller passes the plan's codes and today."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..domain.portfolio import activities as rules
from ..domain.portfolio.activities import ACTIVITY_KINDS, ActivityKind
from ..errors import InvalidInput
from ..i18n import _
from ..wording import long_date

_CODE = re.compile(r"[A-Z]{3,4}-\d{3}")


@dataclass(frozen=True)
class ActivityIn:
    """What the LIS typed; checked by :func:`checked` against the plan."""

    kind: str
    day: date | None
    description: str
    goals: tuple[str, ...]


@dataclass(frozen=True)
class Checked:
    kind: ActivityKind
    day: date
    description: str
    goals: tuple[str, ...]


def checked(given: ActivityIn, codes: frozenset[str], today: date, earliest: date) -> Checked:
    """The activity as it will be kept, or InvalidInput naming every field that is wrong;
    ``earliest`` is the day the first clinical goals the portfolio knows came into force."""
    fields = {}
    kind = next((k for k in ACTIVITY_KINDS if k == given.kind), None)
    if kind is None:
        fields["kind"] = _("Velg hva slags aktivitet det var.")
    if given.day is None:
        fields["day"] = _("Skriv datoen aktiviteten fant sted.")
    elif given.day > today:
        fields["day"] = _("Datoen kan ikke være etter i dag.")
    elif given.day < earliest:
        fields["day"] = _("Datoen kan ikke være før {day}, da læringsmålene kom.").format(
            day=long_date(earliest, with_weekday=False)
        )
    description = given.description.strip()
    if not description:
        fields["description"] = _("Beskriv hva du gjorde og lærte.")
    elif len(description) > rules.MAX_DESCRIPTION:
        fields["description"] = _(
            "Beskrivelsen kan være høyst {limit} tegn; den har {count}."
        ).format(limit=rules.MAX_DESCRIPTION, count=len(description))
    elif not printable(description):
        fields["description"] = _("Beskrivelsen har tegn som ikke kan brukes.")
    goals = tuple(dict.fromkeys(code.strip() for code in given.goals if code.strip()))
    unknown = [code for code in goals if code not in codes]
    if not goals:
        fields["goals"] = _("Velg minst ett læringsmål aktiviteten gjelder.")
    elif len(goals) > rules.MAX_GOALS:
        fields["goals"] = _("Velg høyst {limit} læringsmål.").format(limit=rules.MAX_GOALS)
    elif unknown:
        named = unknown[0] if _CODE.fullmatch(unknown[0]) else None
        fields["goals"] = (
            _("{code} er ikke et læringsmål i planen din.").format(code=named)
            if named
            else _("Velg læringsmål fra planen din.")
        )
    if fields or kind is None or given.day is None:
        raise InvalidInput(fields=fields)
    return Checked(kind, given.day, description, goals)


def printable(text: str) -> bool:
    """Text a person can read: line breaks and tabs allowed, no other control or format
    characters (the pipeline refuses control characters already; this also catches the
    invisible ones, such as zero-width spaces)."""
    return text.replace("\n", "").replace("\t", "").isprintable()


def checked_comment(comment: str, *, required: bool) -> str:
    """The comment as it will be kept (trimmed), or InvalidInput on the field ``comment``."""
    text = comment.strip()
    problem = None
    if required and not text:
        problem = _("Skriv hva legen i spesialisering skal rette eller legge til.")
    elif len(text) > rules.MAX_COMMENT:
        problem = _("Kommentaren kan være høyst {limit} tegn; den har {count}.").format(
            limit=rules.MAX_COMMENT, count=len(text)
        )
    elif not printable(text):
        problem = _("Kommentaren har tegn som ikke kan brukes.")
    if problem is not None:
        raise InvalidInput(fields={"comment": problem})
    return text
