"""What validation reports: an error or a warning tied to a file, a line and a field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["feil", "advarsel"]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str
    severity: Severity = "feil"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


def field_path(loc: tuple[str | int, ...]) -> str:
    """('rounds', 2, 'answer_by') -> 'rounds[2].answer_by', the way editors read it."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
