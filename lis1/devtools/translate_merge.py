"""Fill the English catalogue ``lis1/locale/en.po`` from translation batches.

A translator (or a helper) writes English in JSON files, each an object from a bokmål message id
to its English text (a list of two forms for a text with a plural). This merges them into
``en.po`` without touching a translation already there, and writes the file exactly as
``lis1 catalogues`` would (:func:`lis1.catalogues.po_bytes`), so ``lis1 build --check`` stays
byte-stable. It can be rerun whenever new texts reach the catalogue; it reports the ids still
without English, and skips a text whose placeholders differ from its id's.

    python -m lis1.devtools.translate_merge /tmp/en_batches [lis1/locale/en.po]
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from ..catalogues import Catalogues, po_bytes, read

Translation = str | list[str]
_PLACEHOLDER = re.compile(
    r"%\((?P<named>\w+)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|%(?P<bare>[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%])"
    r"|\{\{|\}\}"
    r"|\{(?P<brace>[^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}"
)


def placeholders(text: str) -> list[str]:
    """The placeholders of ``text`` (``%(x)s``, ``%d``, ``{x}``), sorted; escapes left out."""
    found = []
    for match in _PLACEHOLDER.finditer(text):
        if match["named"] is not None:
            found.append(f"%({match['named']})")
        elif match["bare"] is not None and match["bare"] != "%":
            found.append(f"%{match['bare'][-1]}")
        elif match["brace"] is not None:
            found.append(f"{{{match['brace']}}}")
    return sorted(found)


@dataclass
class Outcome:
    filled: list[str] = field(default_factory=list)
    mismatched: list[str] = field(default_factory=list)
    """Ids whose offered English has other placeholders than the id (left empty)."""
    left: list[str] = field(default_factory=list)
    """Ids with no English after the merge."""


def load(folders_or_files: Iterable[Path]) -> dict[str, Translation]:
    """Every batch (``*.json`` in a folder, in name order, or a file); later batches win."""
    merged: dict[str, Translation] = {}
    for place in folders_or_files:
        files = sorted(place.glob("*.json")) if place.is_dir() else [place]
        for path in files:
            batch = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(batch, dict):
                raise ValueError(f"{path}: expected an object from message id to English")
            merged.update(batch)
    return merged


def _key(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _empty(message: Message) -> bool:
    string = message.string
    return not any(string) if isinstance(string, (tuple, list)) else not string


def _fits(message: Message, english: Translation) -> bool:
    if isinstance(message.id, str):
        return isinstance(english, str) and placeholders(english) == placeholders(message.id)
    if not isinstance(english, list) or len(english) != 2:
        return False
    singular, plural = message.id[0], message.id[1]
    return placeholders(english[0]) == placeholders(singular) and placeholders(
        english[1]
    ) == placeholders(plural)


def merge(catalogue: Catalog, translations: Mapping[str, Translation]) -> Outcome:
    """Fill the empty translations of ``catalogue`` in place; a filled one is never replaced."""
    outcome = Outcome()
    for message in catalogue:
        if not message.id:
            continue  # the header
        key = _key(message)
        if _empty(message) and key in translations:
            english = translations[key]
            if _fits(message, english):
                message.string = english if isinstance(english, str) else tuple(english)
                outcome.filled.append(key)
            else:
                outcome.mismatched.append(key)
        if _empty(message):
            outcome.left.append(key)
    return outcome


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    batches = load(Path(arg) for arg in argv[:1])
    po = Path(argv[1]) if len(argv) > 1 else Catalogues(Path(__file__).parents[1]).po("en")
    catalogue = read(po, "en")
    outcome = merge(catalogue, batches)
    po.write_bytes(po_bytes(catalogue))
    total = sum(1 for message in catalogue if message.id)
    print(f"{po}: filled {len(outcome.filled)}; {total - len(outcome.left)} of {total} translated")
    for key in outcome.mismatched:
        print(f"placeholders differ, left empty: {key!r}")
    for key in outcome.left:
        print(f"no English: {key!r}")
    return 1 if outcome.left else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
