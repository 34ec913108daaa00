"""The notes under a period's table of rounds ("Merknader"), worded so none repeats its label.

A note in data may name its round itself ("Runde 5 er ikke publisert i kilden.", "Bare
tilbudsdatoen for runde 4 står i kildene …"); it then stands alone, since "Runde 5: Runde 5 er
…" says the label twice. Rounds in a row with the same note share one line ("Runde 1–5: …", or
"Alle rundene: …").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..catalog.models import Round


def names_round(note: str, number: int) -> bool:
    """Whether ``note`` names round ``number`` itself ("runde 4", "Runde 4", "4. runde")."""
    pattern = rf"\brunde\s+{number}\b|\b{number}\.\s*runde\b"
    return re.search(pattern, note, re.IGNORECASE) is not None


def round_notes(rounds: Sequence[Round]) -> list[str]:
    """One line per note, in round order."""
    groups: list[tuple[list[int], str]] = []
    for round_ in rounds:
        if not round_.note:
            continue
        previous = groups[-1] if groups else None
        if (
            previous is not None
            and previous[1] == round_.note
            and previous[0][-1] == round_.number - 1
            and not names_round(round_.note, round_.number)
        ):
            previous[0].append(round_.number)
        else:
            groups.append(([round_.number], round_.note))
    lines = []
    for numbers, note in groups:
        if len(numbers) == 1 and names_round(note, numbers[0]):
            lines.append(note)
        elif len(numbers) == 1:
            lines.append(f"Runde {numbers[0]}: {note}")
        elif len(numbers) == len(rounds):
            lines.append(f"Alle rundene: {note}")
        else:
            lines.append(f"Runde {numbers[0]}–{numbers[-1]}: {note}")
    return lines
