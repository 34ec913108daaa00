"""Problems found in a file that was read: each tied to the line of the value it is about."""

from __future__ import annotations

from .kinds import Loaded
from .problems import Problem, field_path


def error(item: Loaded, path: tuple[str | int, ...], message: str) -> Problem:
    return Problem(item.source.name, item.source.line_of(path), field_path(path), message)


def warning(item: Loaded, path: tuple[str | int, ...], message: str) -> Problem:
    return Problem(
        item.source.name, item.source.line_of(path), field_path(path), message, "advarsel"
    )
