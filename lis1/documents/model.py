"""What a downloadable document says, apart from how it looks.

Use cases describe a report as a :class:`Document` of a few kinds of blocks; the renderer in
:mod:`lis1.documents.pdf` decides the layout and the tags screen readers follow. Pure data, no
imports beyond the standard library, so building a document costs nothing at import time.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    """A heading of level 1 (the document's own title) to 3."""

    text: str
    level: int = 2

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise ValueError(f"overskriftsnivå må være 1, 2 eller 3, ikke {self.level}")


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Facts:
    """Label/value pairs such as ("Navn", "Kari Nordmann"), shown as a two-column table."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    """A table with a caption, a header row and rows of the same width."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def __post_init__(self) -> None:
        if not self.columns:
            raise ValueError(f"tabellen «{self.caption}» har ingen kolonner")
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(
                    f"tabellen «{self.caption}» har {len(self.columns)} kolonner, "
                    f"men en rad har {len(row)} celler: {row!r}"
                )


Block = Heading | Paragraph | Facts | Table


@dataclass(frozen=True)
class Document:
    """A whole document: metadata (title, language, author, subject), blocks and a footer line
    printed on every page beside the page number."""

    title: str
    lang: str
    author: str
    subject: str
    blocks: tuple[Block, ...]
    footer: str = ""

    def __post_init__(self) -> None:
        if not self.lang:
            raise ValueError("dokumentet må ha et språk (for eksempel «nb-NO»)")
