"""Tagged, accessible PDFs of a :class:`~lis1.documents.model.Document`, made with fpdf2.

fpdf2 is pure Python (it runs in Lambda) and embeds Roboto, so every Latin name prints as written
and extracts as text. Its own tagging is flat; here the tree is nested (/Document > H1-3, P,
Table > Caption, TR > TH, TD) and each element's content is one marked-content sequence on one
page. So pages break only where this module decides: a heading moves along with what follows, a
long paragraph goes on as a new /P, a table breaks between rows and repeats its header row as an
artifact (read once). Rules, fills, footer and page numbers are artifacts. fpdf2 takes about half
a second to import, so it is imported only when a PDF is made.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from lis1.documents.model import Document, Facts, Heading, Paragraph, Table

if TYPE_CHECKING:
    from fpdf import FPDF
    from fpdf.structure_tree import StructElem, StructureTreeBuilder
    from fpdf.syntax import PDFObject

FONT = "Roboto"
PT = 25.4 / 72  # millimetres per point
MARGIN, FOOTER_FROM_BOTTOM = 20.0, 12.0  # mm: around the text area; the footer's distance
BODY_SIZE, SMALL_SIZE = 10.5, 8.0
HEADING_SIZES = {1: 18.0, 2: 14.0, 3: 12.0}
LEADING = 1.35
GAP = 3.0  # space after a block, in mm
KEEP_WITH_NEXT = 25.0  # a heading moves to the next page unless this much fits below it
CELL_PAD = 1.2
TEXT_COLOR, MUTED_COLOR = (26, 26, 26), (90, 90, 90)
RULE_COLOR, HEADER_FILL = (170, 170, 170), (232, 232, 232)


def render_pdf(document: Document, *, created: datetime | None = None) -> bytes:
    """The document as PDF bytes. The same document and ``created`` give the same bytes; without
    ``created`` fpdf2 stamps the current time."""
    from fpdf import FPDF
    from fpdf.prefs import ViewerPreferences

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(False)
    # The package's folder on disk (Lambda unpacks the package); font_roboto itself is untyped.
    fonts = resources.files("font_roboto") / "files"
    pdf.add_font(FONT, "", str(fonts / "Roboto-Regular.ttf"))
    pdf.add_font(FONT, "B", str(fonts / "Roboto-Bold.ttf"))
    pdf.set_title(document.title)
    pdf.set_lang(document.lang)
    pdf.set_author(document.author)
    pdf.set_subject(document.subject)
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    if created is not None:
        pdf.set_creation_date(created)
    writer = _Writer(pdf, document.footer)
    for block in document.blocks:
        if isinstance(block, Heading):
            writer.heading(block)
        elif isinstance(block, Paragraph):
            writer.paragraph(block.text)
        elif isinstance(block, Facts):
            writer.facts(block)
        else:
            writer.table(block)
    writer.footer()
    return bytes(pdf.output())


def _nested_tree(elements: list[StructElem]) -> StructureTreeBuilder:
    """fpdf2's tree builder, writing every element of a nested tree (its own: /Document's kids)."""
    from fpdf.structure_tree import StructureTreeBuilder

    class NestedTree(StructureTreeBuilder):
        def __iter__(self) -> Iterator[PDFObject]:
            yield self.struct_tree_root
            yield self.doc_struct_elem
            yield self.struct_tree_root.parent_tree
            yield from elements

        def empty(self) -> bool:
            return not elements

    return NestedTree()


@cache
def _header_cell(scope: str) -> type[StructElem]:
    """A /TH element with its /Scope attribute (Column or Row), as PDF/UA asks of table headers."""
    from fpdf.structure_tree import StructElem

    class HeaderCell(StructElem):
        __slots__ = ()
        a = f"<</O /Table /Scope /{scope}>>"  # written as /A, like every public attribute

    return HeaderCell


@dataclass
class _Cell:
    text: str
    tag: str = "TD"
    scope: str = ""  # a /TH (drawn bold) has a /Scope: Column or Row
    lines: list[str] = field(default_factory=list)


class _Writer:
    """Lays the blocks out top to bottom, page by page, and builds the structure tree."""

    def __init__(self, pdf: FPDF, footer: str) -> None:
        self.pdf, self.footer_text = pdf, footer
        self.elements: list[StructElem] = []
        pdf.struct_builder = _nested_tree(self.elements)
        self.document = pdf.struct_builder.doc_struct_elem
        self.width, self.bottom = pdf.epw, pdf.h - MARGIN
        self.new_page()

    def new_page(self) -> None:
        if self.pdf.page:
            self.footer()
        self.pdf.add_page()
        self.font(BODY_SIZE)

    def at_top(self) -> bool:
        return self.pdf.y <= self.pdf.t_margin + 0.01

    def footer(self) -> None:
        pdf, y = self.pdf, self.pdf.h - FOOTER_FROM_BOTTOM
        with self.artifact("<</Type /Pagination /Subtype /Footer>>"):
            self.font(SMALL_SIZE, color=MUTED_COLOR)
            pdf.set_xy(pdf.l_margin, y)
            pdf.cell(self.width * 0.75, 4, self.footer_text, align="L")
            pdf.set_xy(pdf.l_margin + self.width * 0.75, y)
            pdf.cell(self.width * 0.25, 4, f"Side {pdf.page} av {{nb}}", align="R")

    def element(self, tag: str, parent: StructElem, kids: list[int], scope: str = "") -> StructElem:
        from fpdf.structure_tree import StructElem

        kind = _header_cell(scope) if scope else StructElem
        page = self.pdf.page
        elem = kind(struct_type=f"/{tag}", parent=parent, kids=kids, page_number=page)
        elem.pg = self.pdf.pages[page]  # type: ignore[assignment]  # fpdf2 types it as None
        parent.k.append(elem)
        self.elements.append(elem)
        return elem

    @contextmanager
    def marked(self, tag: str, parent: StructElem, scope: str = "") -> Iterator[None]:
        """Content drawn inside is the element ``tag`` (a new child of ``parent``)."""
        pdf = self.pdf
        page = pdf.page
        builder = pdf.struct_builder
        spid = builder.spid_per_page_number.setdefault(page, len(builder.spid_per_page_number))
        on_page = builder.struct_tree_root.parent_tree.nums[spid]  # the page's elements by MCID
        mcid = len(on_page)
        on_page.append(self.element(tag, parent, [mcid], scope))
        pdf.pages[page].struct_parents = spid
        pdf._out(f"/{tag} <</MCID {mcid}>> BDC")
        yield
        if pdf.page != page:
            raise RuntimeError(f"/{tag} (MCID {mcid}) gikk over et sideskift")
        pdf._out("EMC")

    @contextmanager
    def artifact(self, properties: str = "") -> Iterator[None]:
        self.pdf._out(f"/Artifact {properties} BDC" if properties else "/Artifact BMC")
        yield
        self.pdf._out("EMC")

    def font(
        self, size: float, bold: bool = False, color: tuple[int, int, int] = TEXT_COLOR
    ) -> float:
        """Set the font; return its line height in mm."""
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self.pdf.set_text_color(*color)
        return size * PT * LEADING

    def lines(self, text: str, width: float) -> list[str]:
        """``text`` broken into lines of ``width`` mm in the current font. Each line but the last
        keeps the space it broke at (drawn past its end), so words read out do not run together."""
        found = self.pdf.multi_cell(width, 1, text, dry_run=True, output="LINES")
        assert isinstance(found, list)
        return [f"{line} " for line in found[:-1]] + [str(line) for line in found[-1:]]

    def write(self, width: float, height: float, lines: list[str]) -> None:
        for line in lines:  # already broken: no second wrapping, which would drop the spaces
            self.pdf.cell(width, height, line, align="L", new_x="LEFT", new_y="NEXT")

    def heading(self, block: Heading) -> None:
        height = self.font(HEADING_SIZES[block.level], bold=True)
        lines = self.lines(block.text, self.width)
        if self.pdf.y + 2 * GAP + len(lines) * height + KEEP_WITH_NEXT > self.bottom:
            self.new_page()
        self.pdf.ln(0 if self.at_top() else 1.5 * GAP)
        self.font(HEADING_SIZES[block.level], bold=True)
        with self.marked(f"H{block.level}", self.document):
            self.write(self.width, height, lines)
        self.pdf.ln(GAP / 2)

    def paragraph(self, text: str) -> None:
        height = self.font(BODY_SIZE)
        lines = self.lines(text, self.width)
        while lines:
            room = int((self.bottom - self.pdf.y) // height)
            if room < min(len(lines), 2) and not self.at_top():  # no lone line at a page's foot
                self.new_page()
                continue
            chunk, lines = lines[: max(room, 1)], lines[max(room, 1) :]
            with self.marked("P", self.document):
                self.write(self.width, height, chunk)
        self.pdf.ln(GAP)

    def facts(self, block: Facts) -> None:
        rows = [[_Cell(label, "TH", "Row"), _Cell(value)] for label, value in block.rows]
        if rows:
            self._grid("", [], rows, self._widths(rows))

    def table(self, block: Table) -> None:
        header = [_Cell(text, "TH", "Column") for text in block.columns]
        rows = [[_Cell(text) for text in row] for row in block.rows]
        self._grid(block.caption, header, rows, self._widths([header, *rows]))

    def _widths(self, rows: list[list[_Cell]]) -> list[float]:
        """Widths from each column's widest text: the widest column takes what is spare; if too
        wide, narrow columns keep their natural width and the wide ones share what is left."""
        natural = [0.0] * len(rows[0])
        for row in rows:
            for index, cell in enumerate(row):
                self.font(BODY_SIZE, bold=cell.tag == "TH")
                width = self.pdf.get_string_width(cell.text) + 2 * (CELL_PAD + self.pdf.c_margin)
                natural[index] = max(natural[index], width + 0.5)
        total = sum(natural)
        if total <= self.width:
            natural[natural.index(max(natural))] += self.width - total
            return natural
        floor = [min(w, self.width / len(natural)) for w in natural]
        extra = [w - f for w, f in zip(natural, floor, strict=True)]
        left = self.width - sum(floor)
        return [f + left * e / sum(extra) for f, e in zip(floor, extra, strict=True)]

    def _wrap(self, cells: Sequence[_Cell], widths: Sequence[float]) -> float:
        """Break each cell's text into its lines; return the row's height."""
        tallest = 0.0
        for cell, width in zip(cells, widths, strict=True):
            height = self.font(BODY_SIZE, bold=cell.tag == "TH")
            cell.lines = self.lines(cell.text, width - 2 * CELL_PAD)
            tallest = max(tallest, len(cell.lines) * height)
        return tallest + 2 * CELL_PAD

    def _grid(
        self, caption: str, header: list[_Cell], rows: list[list[_Cell]], widths: list[float]
    ) -> None:
        """A /Table: caption, header row (repeated as an artifact after a break), whole rows."""
        caption_height = self.font(BODY_SIZE, bold=True)
        caption_lines = self.lines(caption, self.width) if caption else []
        header_height = self._wrap(header, widths) if header else 0.0
        heights = [self._wrap(row, widths) for row in rows]
        needed = len(caption_lines) * caption_height + CELL_PAD + header_height + sum(heights[:1])
        if self.pdf.y + needed > self.bottom and not self.at_top():
            self.new_page()
        table = self.element("Table", self.document, [])
        if caption_lines:
            self.font(BODY_SIZE, bold=True)
            with self.marked("Caption", table):
                self.write(self.width, caption_height, caption_lines)
            self.pdf.ln(CELL_PAD)
        if header:
            self._row(table, header, widths, header_height)
        for row, height in zip(rows, heights, strict=True):
            if self.pdf.y + height > self.bottom:
                self.new_page()
                if header:
                    self._row(None, header, widths, header_height)
            self._row(table, row, widths, height)
        self.pdf.ln(GAP)

    def _row(
        self, table: StructElem | None, cells: list[_Cell], widths: list[float], height: float
    ) -> None:
        """One row; without ``table`` (a repeated header) all of it is an artifact."""
        pdf, top = self.pdf, self.pdf.y
        row = self.element("TR", table, []) if table is not None else None
        pdf.set_draw_color(*RULE_COLOR)
        pdf.set_fill_color(*HEADER_FILL)
        x = pdf.l_margin
        for cell, width in zip(cells, widths, strict=True):
            with self.artifact():
                pdf.rect(x, top, width, height, style="DF" if cell.tag == "TH" else "D")
            line_height = self.font(BODY_SIZE, bold=cell.tag == "TH")
            pdf.set_xy(x + CELL_PAD, top + CELL_PAD)
            with self.marked(cell.tag, row, cell.scope) if row else self.artifact():
                self.write(width - 2 * CELL_PAD, line_height, cell.lines)
            x += width
        pdf.set_xy(pdf.l_margin, top + height)
