"""DynamoDB's rules for the size of an item and the capacity units a request consumes, for the
national season of `lis1 bench` (:mod:`lis1.bench_season`): neither moto nor DynamoDB Local
bills anything, so what AWS would bill is computed here from the items actually written.

Sizes follow AWS, "DynamoDB item sizes and formats"
(docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):

- an item's size is the sum of its attributes' sizes; an attribute's size is the UTF-8 bytes of
  its name plus the size of its value;
- a string is its UTF-8 bytes; a binary value its raw bytes (not the base64 sent);
- a number is "approximately" 1 byte per two significant digits (leading and trailing zeroes
  trimmed) plus 1 byte; we add 1 byte for a minus sign, as DynamoDB's own calculator does;
- a Boolean or null is 1 byte;
- a List or Map is 3 bytes plus its elements, each element 1 byte more (a Map's elements are
  name and value, like attributes); a set is the sum of its members.

Units follow AWS, "DynamoDB throughput capacity" and the on-demand pricing page: a write request
unit covers an item of up to 1 KB, each further KB (or part) one more, and a transactional write
twice that; a read request unit covers a strongly consistent read of up to 4 KB (half for an
eventually consistent read). A Query adds up the items read in one page before rounding; a
BatchGetItem rounds each item by itself.

:func:`apply_update` makes of an item what an UpdateItem would, so that the size after an
update is known without reading the item back.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

WRITE_UNIT_BYTES = 1024
READ_UNIT_BYTES = 4096
STORAGE_OVERHEAD_BYTES = 100
"""Per item (and per index entry) for storage billing: "every item in DynamoDB requires 100 bytes
of storage overhead for indexing" (the same AWS page)."""

AttributeValue = Mapping[str, Any]
"""One low-level typed value as boto3's client sends and receives it, e.g. ``{"S": "tekst"}``."""
_VERB = re.compile(r"(?:^|(?<=\s))(SET|ADD|REMOVE|DELETE)(?=\s)", re.IGNORECASE)
_IF_NOT_EXISTS = re.compile(r"if_not_exists\(\s*([^,\s]+)\s*,\s*(:\w+)\s*\)", re.IGNORECASE)


def number_size(text: str) -> int:
    """The bytes of a number given as DynamoDB text (``"42"``, ``"-0.50"``, ``"1E+3"``)."""
    mantissa = text.strip().lower().split("e")[0]
    negative = mantissa.startswith("-")
    digits = mantissa.lstrip("+-").replace(".", "").strip("0")
    significant = max(1, len(digits))
    return math.ceil(significant / 2) + 1 + (1 if negative else 0)


def _utf8(text: str) -> int:
    return len(text.encode("utf-8"))


def _binary(value: bytes | bytearray | str) -> int:
    return len(value.encode("utf-8") if isinstance(value, str) else value)


def value_size(value: AttributeValue) -> int:
    """The bytes of one typed value, without the attribute name."""
    ((kind, inner),) = value.items()
    if kind == "S":
        return _utf8(inner)
    if kind == "N":
        return number_size(inner)
    if kind == "B":
        return _binary(inner)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(_utf8(member) for member in inner)
    if kind == "NS":
        return sum(number_size(member) for member in inner)
    if kind == "BS":
        return sum(_binary(member) for member in inner)
    if kind == "L":
        return 3 + sum(value_size(element) + 1 for element in inner)
    if kind == "M":
        return 3 + sum(_utf8(name) + value_size(element) + 1 for name, element in inner.items())
    raise ValueError(f"unknown DynamoDB type {kind!r}")


def attribute_size(name: str, value: AttributeValue) -> int:
    return _utf8(name) + value_size(value)


def item_size(item: Mapping[str, AttributeValue]) -> int:
    """The bytes of an item as DynamoDB counts them for capacity units."""
    return sum(attribute_size(name, value) for name, value in item.items())


def write_units(size: int) -> int:
    """Standard write request units for an item of ``size`` bytes (at least 1)."""
    return max(1, math.ceil(size / WRITE_UNIT_BYTES))


def read_units(size: int, *, consistent: bool) -> float:
    """Read request units for ``size`` bytes read in one request (at least one unit's worth);
    half for an eventually consistent read."""
    units = max(1, math.ceil(size / READ_UNIT_BYTES))
    return units if consistent else units / 2


def batch_read_units(sizes: Iterable[int], *, consistent: bool) -> float:
    """BatchGetItem: each item rounded up by itself."""
    return sum(read_units(size, consistent=consistent) for size in sizes)


class BeyondUpdate(Exception):
    """An update expression :func:`apply_update` does not evaluate."""


def _top_level(body: str) -> list[str]:
    """``body`` split at the commas outside parentheses."""
    parts, depth, current = [], 0, ""
    for char in body:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [*parts, current.strip()] if current.strip() else parts


def apply_update(
    before: Mapping[str, AttributeValue] | None,
    key: Mapping[str, Any],
    expression: str,
    names: Mapping[str, str],
    values: Mapping[str, Any],
) -> dict[str, Any]:
    """The item after a successful UpdateItem with ``expression``; BeyondUpdate if it uses more than
    SET name = :value | if_not_exists(name, :value), ADD name :number and REMOVE name (names as
    ``#placeholders`` or plain, top level only): the forms the store's adapters use."""

    def name(token: str) -> str:
        resolved = names.get(token, token) if token.startswith("#") else token
        if any(mark in token for mark in ".[") or not resolved:
            raise BeyondUpdate(token)
        return resolved

    after: dict[str, Any] = dict(before) if before is not None else dict(key)
    pieces = _VERB.split(expression)
    for verb, body in zip(pieces[1::2], pieces[2::2], strict=True):
        for action in _top_level(body):
            if verb.upper() == "SET":
                target, _, operand = (part.strip() for part in action.partition("="))
                found = _IF_NOT_EXISTS.fullmatch(operand)
                if found:
                    existing = name(found.group(1))
                    value = after.get(existing) or values[found.group(2)]
                elif operand.startswith(":"):
                    value = values[operand]
                else:
                    raise BeyondUpdate(action)
                after[name(target)] = value
            elif verb.upper() == "ADD":
                target, placeholder = action.split()
                step = values[placeholder]
                if "N" not in step:
                    raise BeyondUpdate(action)
                current = after.get(name(target), {"N": "0"})
                after[name(target)] = {"N": str(Decimal(current["N"]) + Decimal(step["N"]))}
            elif verb.upper() == "REMOVE":
                after.pop(name(action), None)
            else:
                raise BeyondUpdate(action)
    return after
