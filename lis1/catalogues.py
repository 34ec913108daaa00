"""The message catalogues: every marked text of the package and its templates, extracted with
Babel, kept in ``lis1/locale/<locale>.po`` and compiled into the ``.mo`` files that
:mod:`lis1.i18n` reads.

Bokmål is the source language: a text's id is its bokmål wording, so ``nb.po`` holds each text
once with itself as translation, and is complete when it holds every text the code marks.
``lis1 catalogues`` brings the ``.po`` files up to date with the code (new texts in, texts no
longer used out); ``lis1 build`` compiles them, and ``lis1 build --check`` fails when a
catalogue lags behind the code or a compiled file behind its catalogue.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from jinja2.ext import babel_extract

from .i18n import DOMAIN, SUPPORTED

KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
_MAY_MARK = re.compile(
    rb"(?:" + b"|".join(re.escape(k.encode()) for k in KEYWORDS) + rb")"
    rb"[ \t\f]*(?:\\(?:\r\n|\r|\n)[ \t\f]*)*\("
)
"""A keyword, then "(" (spaces and backslash line joins between): Babel's Python extractor finds
a text only where its tokens are a keyword and "(", so a file without this finds none."""


def _python(
    fileobj: IO[bytes], keywords: Any, comment_tags: Collection[str], options: Any
) -> Iterator[Any]:
    """Babel's Python extractor, skipping files that cannot mark a text: tokenizing is most of
    the build's time spent on the catalogues, and most modules mark nothing."""
    if _MAY_MARK.search(fileobj.read()) is None:
        return iter(())
    fileobj.seek(0)
    return extract_python(fileobj, keywords, comment_tags, options)


METHODS: list[tuple[str, Any]] = [("**.py", _python), ("**/templates/**.html", babel_extract)]
"""The extractors as functions (the one "jinja2" names): naming them makes Babel search every
installed package's entry points first."""
OPTIONS: Mapping[str, dict[str, str]] = {
    "**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}
}
FIXED_DATE = datetime(2026, 11, 30, tzinfo=UTC)
"""Written into every catalogue header, so the files only change when their texts do."""

MessageId = str | tuple[str, ...]
HEADER = """\
# The texts of LIS1 that people read, in bokmål (the source language: each text is its own
# translation). Made by `make build` from the texts the code marks; a translator edits msgstr.
#"""


@dataclass(frozen=True)
class Catalogues:
    package: Path
    """The lis1 package folder."""

    @property
    def sources(self) -> Path:
        return self.package / "locale"

    def po(self, locale: str) -> Path:
        return self.sources / f"{locale}.po"

    def compiled(self, locale: str) -> Path:
        return self.sources / locale / "LC_MESSAGES"


def extracted(package: Path) -> dict[MessageId, list[tuple[str, int]]]:
    """Every marked text in the package (Python and templates), with where it stands."""
    found: dict[MessageId, list[tuple[str, int]]] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        package, METHODS, OPTIONS, KEYWORDS
    ):
        found.setdefault(message, []).append((f"lis1/{filename}", line))
    return found


def read(path: Path, locale: str) -> Catalog:
    if not path.is_file():
        return Catalog(locale=locale, domain=DOMAIN)
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=DOMAIN)


def updated(package: Path, locale: str) -> Catalog:
    """The catalogue of ``locale`` with exactly the texts the code marks: translations kept,
    new texts added (in bokmål as their own translation), texts no longer used left out."""
    texts = extracted(package)
    old = read(Catalogues(package).po(locale), locale)
    catalogue = Catalog(
        locale=locale,
        domain=DOMAIN,
        header_comment=HEADER,
        project="LIS1",
        version="1",
        copyright_holder="LIS1",
        msgid_bugs_address="https://lis1.helsedirektoratet.no/om/",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        last_translator="LIS1",
        language_team="LIS1",
        fuzzy=False,
    )
    for message, places in sorted(texts.items(), key=lambda item: str(item[0])):
        known = old.get(message)
        if known is not None and known.string:
            string = known.string
        elif locale == "nb":
            string = message  # bokmål is the source: each text is its own translation
        else:
            string = ("", "") if isinstance(message, tuple) else ""
        catalogue.add(message, string, locations=sorted(places))
    return catalogue


def po_bytes(catalogue: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, omit_header=False, sort_output=True)
    return buffer.getvalue()


def mo_bytes(path: Path, locale: str) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, read(path, locale))
    return buffer.getvalue()


def compiled(package: Path) -> dict[Path, dict[str, bytes]]:
    """Folder -> file name -> bytes of every compiled catalogue, as ``lis1 build`` writes them."""
    where = Catalogues(package)
    return {
        where.compiled(locale): {f"{DOMAIN}.mo": mo_bytes(where.po(locale), locale)}
        for locale in SUPPORTED
    }


def lagging(package: Path) -> list[str]:
    """The catalogues that do not hold exactly the texts the code marks, translated."""
    behind = []
    for locale in SUPPORTED:
        path = Catalogues(package).po(locale)
        if not path.is_file() or path.read_bytes() != po_bytes(updated(package, locale)):
            behind.append(path.relative_to(package.parent).as_posix())
    return behind


def write(package: Path) -> list[Path]:
    """Bring every ``.po`` file up to date with the code; the files that changed."""
    changed = []
    for locale in SUPPORTED:
        path = Catalogues(package).po(locale)
        fresh = po_bytes(updated(package, locale))
        if not path.is_file() or path.read_bytes() != fresh:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(fresh)
            changed.append(path)
    return changed
