"""The portfolio's records as plain JSON values and back, for the signed portable export.

One generic codec over the frozen dataclasses (instants as ISO 8601 in UTC, days as ISO dates,
tuples as lists), read back through the classes' own type hints, so a field added to a record
is carried by the export without a second description of it that could drift.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import UTC, date, datetime
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

T = TypeVar("T")


class CodecError(ValueError):
    """A value does not fit the record's field; the message names the path to it."""


def plain(value: Any) -> Any:
    """``value`` as JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def read(cls: type[T], data: Any, path: str = "") -> T:
    """An instance of the dataclass ``cls`` from :func:`plain`'s values; CodecError if a
    value does not fit."""
    return typing.cast(T, _read(cls, data, path or cls.__name__))


def _read(hint: Any, data: Any, path: str) -> Any:
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = get_args(hint)
        if data is None and type(None) in options:
            return None
        problems = []
        for option in (o for o in options if o is not type(None)):
            try:
                return _read(option, data, path)
            except CodecError as error:
                problems.append(str(error))
        raise CodecError("; ".join(problems))
    if origin is typing.Literal:
        if data not in get_args(hint):
            raise CodecError(f"{path}: {data!r} er ikke en av {get_args(hint)}")
        return data
    if origin is tuple:
        if not isinstance(data, list):
            raise CodecError(f"{path}: forventet en liste")
        (item,) = (a for a in get_args(hint) if a is not Ellipsis)
        return tuple(_read(item, v, f"{path}[{n}]") for n, v in enumerate(data))
    if origin is dict:
        if not isinstance(data, dict):
            raise CodecError(f"{path}: forventet et objekt")
        _, item = get_args(hint)
        return {k: _read(item, v, f"{path}.{k}") for k, v in data.items()}
    if dataclasses.is_dataclass(hint):
        return _record(hint, data, path)
    return _scalar(hint, data, path)


def _record(cls: Any, data: Any, path: str) -> Any:
    if not isinstance(data, dict):
        raise CodecError(f"{path}: forventet et objekt")
    hints = get_type_hints(cls)
    values = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            values[f.name] = _read(hints[f.name], data[f.name], f"{path}.{f.name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise CodecError(f"{path}.{f.name}: mangler")
    return cls(**values)


def _scalar(hint: Any, data: Any, path: str) -> Any:
    try:
        if hint is datetime and isinstance(data, str):
            instant = datetime.fromisoformat(data)
            if instant.tzinfo is None:
                raise ValueError("mangler tidssone")
            return instant.astimezone(UTC)
        if hint is date and isinstance(data, str):
            return date.fromisoformat(data)
    except ValueError as error:
        raise CodecError(f"{path}: {error}") from error
    if hint in (str, int, bool) and type(data) is hint:
        return data
    if hint is Any:
        return data
    raise CodecError(f"{path}: {data!r} passer ikke ({getattr(hint, '__name__', hint)})")
