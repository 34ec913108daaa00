"""The notes under a period's table of rounds ("Merknader"), worded so none repeats its label.

A note in data may name its round itself ("Runde 5 er ikke publisert i kilden.", "Bare
tilbudsdatoen for runde 4 står i kildene …"); it then stands alone, since "Runde 5: Runde 5 er
…" says the label twice. Rounds in a row with the same note share one line ("Runde 1–5: …", or
"Alle rundene: …"). Notes are read in the page's language; an English note names its round as
"round 4".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..catalog.models import Round
from ..catalog.translations import localized
from ..i18n import _


def names_round(note: str, number: int) -> bool:
    """Whether ``note`` names round ``number`` itself ("runde 4", "Runde 4", "4. runde",
    "round 4")."""
    pattern = rf"\b(?:runde|round)\s+{number}\b|\b{number}\.\s*runde\b"
    return re.search(pattern, note, re.IGNORECASE) is not None


def round_notes(rounds: Sequence[Round]) -> list[str]:
    """One line per note, in round order."""
    groups: list[tuple[list[int], str]] = []
    for round_ in rounds:
        note = localized(round_, "note")
        if not note:
            continue
        previous = groups[-1] if groups else None
        if (
            previous is not None
            and previous[1] == note
            and previous[0][-1] == round_.number - 1
            and not names_round(note, round_.number)
        ):
            previous[0].append(round_.number)
        else:
            groups.append(([round_.number], note))
    lines = []
    for numbers, note in groups:
        if len(numbers) == 1 and names_round(note, numbers[0]):
            lines.append(note)
        elif len(numbers) == 1:
            lines.append(_("Runde %(round)d: %(note)s") % {"round": numbers[0], "note": note})
        elif len(numbers) == len(rounds):
            lines.append(_("Alle rundene: %(note)s") % {"note": note})
        else:
            lines.append(
                _("Runde %(first)d–%(last)d: %(note)s")
                % {"first": numbers[0], "last": numbers[-1], "note": note}
            )
    return lines
