"""Reads one YAML data file into plain data while keeping the line of every key and value.

pydantic knows nothing of lines, so the loader records where each node stands and error paths
are mapped back to them. Scalars that look like timestamps are kept as text: the models parse
them, which turns an impossible date (2018-02-30) into a field error rather than a crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .problems import Problem

if TYPE_CHECKING:  # ruamel.yaml is imported with the first file read, not with the catalogue
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.scalarbool import ScalarBoolean
    from ruamel.yaml.scalarfloat import ScalarFloat
    from ruamel.yaml.scalarint import ScalarInt

Path_ = tuple[str | int, ...]


@cache
def _text_timestamps() -> type[RoundTripConstructor]:
    """The round-trip constructor, keeping timestamps as text."""
    from ruamel.yaml.constructor import RoundTripConstructor

    class TextTimestamps(RoundTripConstructor):
        pass

    TextTimestamps.add_constructor(
        "tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str
    )
    return TextTimestamps


class _Nodes(NamedTuple):
    """The classes of ruamel's round-trip nodes that :func:`_plain` turns into plain data."""

    mapping: type[CommentedMap]
    sequence: type[CommentedSeq]
    boolean: type[ScalarBoolean]
    integer: type[ScalarInt]
    real: type[ScalarFloat]


@cache
def _nodes() -> _Nodes:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarbool import ScalarBoolean
    from ruamel.yaml.scalarfloat import ScalarFloat
    from ruamel.yaml.scalarint import ScalarInt

    return _Nodes(CommentedMap, CommentedSeq, ScalarBoolean, ScalarInt, ScalarFloat)


@dataclass
class SourceFile:
    """A data file as read: its plain data and the 1-based lines of its nodes."""

    name: str
    data: Any
    value_lines: dict[Path_, int] = field(default_factory=dict)
    key_lines: dict[Path_, int] = field(default_factory=dict)
    first_line: int = 1

    def line_of(self, path: Path_, *, key: bool = False) -> int:
        """The line of the node at ``path``, or of its nearest ancestor that exists."""
        lines = self.key_lines if key else self.value_lines
        for end in range(len(path), 0, -1):
            if path[:end] in lines:
                return lines[path[:end]]
        return self.first_line


class YamlError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_yaml(path: Path, name: str) -> SourceFile:
    """Load ``path`` (shown to people as ``name``); raises YamlError naming file and line."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import MarkedYAMLError

    yaml = YAML(typ="rt")
    yaml.Constructor = _text_timestamps()
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.load(text)
    except UnicodeDecodeError:
        raise YamlError(
            Problem(name, None, "", "filen er ikke UTF-8; lagre den som UTF-8.")
        ) from None
    except DuplicateKeyError as error:
        key = re.search(r'duplicate key "([^"]*)"', str(error.problem))
        raise YamlError(
            Problem(
                name,
                _line(error.problem_mark),
                "",
                f"nøkkelen «{key[1] if key else '?'}» står to ganger i samme blokk. Fjern den ene.",
            )
        ) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark
        if error.context_mark and (mark is None or mark.line >= len(text.splitlines())):
            mark = error.context_mark  # ran off the end: point at what was left open
        raise YamlError(Problem(name, _line(mark), "", _yaml_message(error))) from None
    source = SourceFile(name=name, data=None)
    nodes = _nodes()
    if isinstance(node, nodes.mapping) and node:
        first_key = next(iter(node))
        source.first_line = node.lc.key(first_key)[0] + 1
    source.data = _plain(node, (), source, nodes)
    return source


def _line(mark: Any) -> int | None:
    return int(mark.line) + 1 if mark is not None else None


_YAML_PROBLEMS = (
    ("'\\t'", "tabulatortegn kan ikke brukes til innrykk i YAML; bruk mellomrom"),
    ("quoted scalar", "et anførselstegn er ikke lukket"),
    ("end of stream", "et anførselstegn eller en klamme er ikke lukket"),
    (
        "mapping values are not allowed",
        "et kolon står der det ikke hører hjemme; sett teksten i "
        "anførselstegn eller rett innrykket",
    ),
    ("block end", "innrykket stemmer ikke med linjene rundt"),
    ("could not find expected ':'", "det mangler et kolon etter nøkkelen"),
)


def _yaml_message(error: MarkedYAMLError) -> str:
    """Norwegian for the parser's complaint; the parser's own words are English."""
    said = f"{error.context or ''} {error.problem or ''}"
    reason = next(
        (norsk for english, norsk in _YAML_PROBLEMS if english in said),
        "filen kan ikke leses som YAML",
    )
    return (
        f"ugyldig YAML: {reason}. Sjekk innrykk (bare mellomrom), kolon etter hver nøkkel "
        "og at anførselstegn er lukket."
    )


def _plain(node: Any, path: Path_, source: SourceFile, nodes: _Nodes) -> Any:
    if isinstance(node, nodes.mapping):
        result: dict[str, Any] = {}
        for key, value in node.items():
            key_line, _ = node.lc.key(key)
            value_line, _ = node.lc.value(key)
            source.key_lines[(*path, key)] = key_line + 1
            # A nested block and an empty value are reported on their key's line (ruamel puts
            # an empty value at the next token, which may be lines further down).
            nested_or_empty = value is None or isinstance(value, nodes.mapping | nodes.sequence)
            source.value_lines[(*path, key)] = (key_line if nested_or_empty else value_line) + 1
            result[str(key)] = _plain(value, (*path, str(key)), source, nodes)
        return result
    if isinstance(node, nodes.sequence):
        items = []
        for index, value in enumerate(node):
            line, _ = node.lc.item(index)
            source.value_lines[(*path, index)] = line + 1
            source.key_lines[(*path, index)] = line + 1
            items.append(_plain(value, (*path, index), source, nodes))
        return items
    if isinstance(node, nodes.boolean):
        return bool(node)
    if isinstance(node, nodes.integer):
        return int(node)
    if isinstance(node, nodes.real):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node
