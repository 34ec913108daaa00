"""Checks of the ``en:`` blocks in ``data/``: English where bokmål has text, and nothing else.

The models check each ``en:`` block's keys and types; these checks compare it with the bokmål
beside it, and name the file, line and field to correct: an English text where bokmål has none
(or the reverse), a checklist of another length, or placeholders and links that differ. An item
people read that has no ``en:`` at all is a warning here (the English page shows it in bokmål)
and a failure in ``tests/unit/test_data_translations.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, get_args

from pydantic import BaseModel

from .kinds import Loaded
from .models import Organisation
from .problems import Problem
from .report import error, warning

Path_ = tuple[str | int, ...]

_MARKS = re.compile(r"%\(\w+\)[sdif]|\{\w*\}|https?://[^\s)>»\"]+|\]\([^)\s]+\)")
"""Placeholders (``%(name)s``, ``{name}``), addresses and Markdown link targets."""


def marks(text: str) -> list[str]:
    """What must stand unchanged in a translation, in order of appearance, sorted."""
    return sorted(_MARKS.findall(text))


def english_model(model: type[BaseModel]) -> type[BaseModel] | None:
    """The ``en:`` model of a bokmål model, or None when it has nothing to translate."""
    field = model.model_fields.get("en")
    if field is None:
        return None
    candidates = (field.annotation, *get_args(field.annotation))
    return next(
        (t for t in candidates if isinstance(t, type) and issubclass(t, BaseModel)),
        None,
    )


def readable(item: BaseModel) -> dict[str, Any]:
    """The fields of ``item`` its ``en:`` translates, with their bokmål values."""
    model = english_model(type(item))
    return {name: getattr(item, name) for name in model.model_fields} if model else {}


def needs_english(item: BaseModel) -> bool:
    """Whether people read a text of ``item``. An organisation's name is a proper name
    ("Helse Bergen HF"), except a kommune's, which has an English form ("Bergen Municipality")."""
    if isinstance(item, Organisation) and item.kind != "kommune":
        return False
    return any(value not in (None, []) for value in readable(item).values())


def items(model: BaseModel, path: Path_ = ()) -> Iterator[tuple[Path_, BaseModel]]:
    """Every model in the tree of ``model`` (itself first) with its path, ``en:`` blocks left
    out."""
    yield path, model
    for name in type(model).model_fields:
        if name == "en":
            continue
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from items(value, (*path, name))
        elif isinstance(value, list):
            for index, element in enumerate(value):
                if isinstance(element, BaseModel):
                    yield from items(element, (*path, name, index))


def translation_problems(item: Loaded) -> list[Problem]:
    problems: list[Problem] = []
    for path, model in items(item.model):
        english = getattr(model, "en", None)
        if english is None:
            if needs_english(model):
                problems.append(
                    warning(
                        item,
                        path,
                        "mangler en: (engelsk oversettelse med de samme nøklene); "
                        "den engelske siden viser bokmål til den er skrevet.",
                    )
                )
            continue
        for name, bokmal in readable(model).items():
            problems += _field(item, (*path, "en", name), bokmal, getattr(english, name))
    return problems


def _field(item: Loaded, path: Path_, bokmal: Any, english: Any) -> list[Problem]:
    name = path[-1]
    if bokmal is None and english is not None:
        return [error(item, path, f"skal være null, fordi {name} på bokmål er null.")]
    if bokmal is not None and english is None:
        return [error(item, path, f"mangler den engelske teksten til {name}.")]
    if isinstance(bokmal, list):
        if len(bokmal) != len(english):
            return [
                error(
                    item,
                    path,
                    f"har {len(english)} punkter, men {name} på bokmål har {len(bokmal)}; "
                    "skriv ett engelsk punkt for hvert, i samme rekkefølge.",
                )
            ]
        return [
            problem
            for index, (nb, en) in enumerate(zip(bokmal, english, strict=True))
            for problem in _marks(item, (*path, index), nb, en)
        ]
    return _marks(item, path, bokmal, english) if isinstance(bokmal, str) else []


def _marks(item: Loaded, path: Path_, bokmal: str, english: str) -> list[Problem]:
    if marks(bokmal) == marks(english):
        return []
    return [
        error(
            item,
            path,
            "har ikke de samme plassholderne og lenkene som bokmålsteksten "
            f"(bokmål: {', '.join(marks(bokmal)) or 'ingen'}; "
            f"engelsk: {', '.join(marks(english)) or 'ingen'}).",
        )
    ]
