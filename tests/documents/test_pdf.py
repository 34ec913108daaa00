"""The tagged PDF, read back by a second library (pypdf: text, tags, metadata) and drawn by a
third program (poppler's pdftoppm), so what a reader, a screen reader and a printer get is checked.

A missing pdftoppm fails these tests (it is installed by scripts/install-poppler.sh as root);
they are never skipped.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import BooleanObject, ContentStream, DictionaryObject, IndirectObject

from lis1.devtools.poppler_install import PopplerError, ensure_pdftoppm
from lis1.documents.model import Document, Facts, Heading, Paragraph, Table
from lis1.documents.pdf import render_pdf

ROOT = Path(__file__).resolve().parents[2]
CREATED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
NAMES = ("Øyvind Ærø", "Łucja Dąbrowska-Nguyễn", "Åse Bjørnstad")
INTRO = Paragraph("Rapporten viser læringsmålene som er godkjent i tjenesten så langt.")
FACTS = Facts((("Navn", NAMES[0]), ("Veileder", NAMES[1]), ("Leder", NAMES[2])))
GOALS = Table(
    caption="Læringsmål godkjent i sykehusdelen",
    columns=("Mål", "Beskrivelse", "Godkjent"),
    rows=(
        ("LM-01", "Gjennomføre en strukturert anamnese", "12.02.2025"),
        ("LM-02", "Vurdere akutt syk pasient på sengepost", "19.02.2025"),
    ),
)
SAMPLE = Document(
    title="Kompetanserapport for Øyvind Ærø",
    lang="nb-NO",
    author="LIS1 – Helsedirektoratet",
    subject="Godkjente læringsmål og læringsaktiviteter",
    blocks=(
        Heading("Kompetanserapport", 1),
        INTRO,
        FACTS,
        Heading("Godkjente læringsmål"),
        GOALS,
        Heading("Merknader", 3),
        Paragraph("Ingen merknader."),
    ),
    footer="LIS1 – kompetanserapport",
)
LONG_ROWS = tuple((f"LM-{n:03}", f"Læringsaktivitet nummer {n}", "01.03.2025") for n in range(120))
LONG_TEXT = " ".join(f"Setning {n} om tjenesten i kommunen." for n in range(260))
LONG = Document(
    title="Lang rapport",
    lang="nb-NO",
    author="LIS1",
    subject="Mange rader",
    blocks=(
        Heading("Lang rapport", 1),
        Paragraph(LONG_TEXT),
        Table("Alle aktiviteter", ("Kode", "Aktivitet", "Dato"), LONG_ROWS),
    ),
    footer="Bunntekst",
)
MARKED = re.compile(rb"/(\w+) <</MCID (\d+)>> BDC")


@pytest.fixture(scope="module")
def pdftoppm() -> Path:
    try:
        return ensure_pdftoppm()
    except PopplerError as error:
        pytest.fail(
            f"pdftoppm trengs for PDF-testene (de hoppes aldri over):\n{error}", pytrace=False
        )


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render_pdf(SAMPLE, created=CREATED)


@pytest.fixture(scope="module")
def sample(sample_pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(sample_pdf))


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return render_pdf(LONG, created=CREATED)


@pytest.fixture(scope="module")
def long(long_pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(long_pdf))


def flat(text: str) -> str:
    return " ".join(text.split())


def walk(elem: DictionaryObject, path: str = "") -> Iterator[tuple[str, DictionaryObject]]:
    """Every structure element below ``elem`` in document order, with its path of tags."""
    kids = elem.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object()
        if isinstance(kid, DictionaryObject):
            kid_path = f"{path}/{str(kid['/S'])[1:]}".lstrip("/")
            yield kid_path, kid
            yield from walk(kid, kid_path)


def tree(reader: PdfReader) -> list[tuple[str, DictionaryObject]]:
    return list(walk(reader.trailer["/Root"]["/StructTreeRoot"]))


def mcids(elem: DictionaryObject) -> list[int]:
    kids = elem.get("/K", [])
    return [
        int(kid) for kid in (kids if isinstance(kids, list) else [kids]) if isinstance(kid, int)
    ]


def idnum(obj: Any) -> int:
    """The object number of ``obj``, whether pypdf hands out the reference or the object."""
    return int(obj.idnum if isinstance(obj, IndirectObject) else obj.indirect_reference.idnum)


def expected_paths(document: Document) -> list[str]:
    paths = ["Document"]
    for block in document.blocks:
        if isinstance(block, Heading):
            paths.append(f"Document/H{block.level}")
        elif isinstance(block, Paragraph):
            paths.append("Document/P")
        elif isinstance(block, Facts):
            paths.append("Document/Table")
            paths += ["Document/Table/TR", "Document/Table/TR/TH", "Document/Table/TR/TD"] * len(
                block.rows
            )
        else:
            paths += ["Document/Table", "Document/Table/Caption", "Document/Table/TR"]
            paths += ["Document/Table/TR/TH"] * len(block.columns)
            for row in block.rows:
                paths += ["Document/Table/TR", *["Document/Table/TR/TD"] * len(row)]
    return paths


def sequences(reader: PdfReader, page_index: int) -> list[tuple[str, Any, list[bytes]]]:
    """The page's marked-content sequences: (tag, properties, operators drawn inside)."""
    page = reader.pages[page_index]
    found: list[tuple[str, Any, list[bytes]]] = []
    stack: list[tuple[str, Any, list[bytes]]] = []
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator in (b"BDC", b"BMC"):
            stack.append((str(operands[0])[1:], operands[1] if len(operands) > 1 else None, []))
        elif operator == b"EMC":
            found.append(stack.pop())
        elif operator in (b"Tj", b"TJ", b"re", b"l", b"f", b"S", b"B"):
            assert stack, f"side {page_index + 1}: {operator!r} utenfor merket innhold"
            stack[-1][2].append(operator)
    assert not stack, f"side {page_index + 1}: BDC uten EMC"
    return found


def test_every_text_is_extracted_as_written(sample: PdfReader) -> None:
    text = flat(" ".join(page.extract_text() for page in sample.pages))
    expected = ["Kompetanserapport", SAMPLE.footer, "Side 1 av 1", "Ingen merknader."]
    for block in SAMPLE.blocks:
        if isinstance(block, Heading | Paragraph):
            expected.append(block.text)
        elif isinstance(block, Facts):
            expected += [cell for row in block.rows for cell in row]
        else:
            expected += [
                block.caption,
                *block.columns,
                *(cell for row in block.rows for cell in row),
            ]
    for wanted in expected:
        assert flat(wanted) in text, wanted


def test_catalog_metadata_and_fonts(sample: PdfReader) -> None:
    root = sample.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert root["/Lang"] == "nb-NO"
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    meta = sample.metadata
    assert meta is not None
    assert (meta.title, meta.author, meta.subject) == (SAMPLE.title, SAMPLE.author, SAMPLE.subject)
    fonts = sample.pages[0]["/Resources"]["/Font"]
    assert fonts, "ingen skrift"
    for ref in fonts.values():
        font = ref.get_object()["/DescendantFonts"][0].get_object()
        assert "Roboto" in font["/BaseFont"], font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"], "skriften er ikke innebygd"


def test_structure_tree_is_nested_in_reading_order(sample: PdfReader) -> None:
    elements = tree(sample)
    assert [path for path, _ in elements] == expected_paths(SAMPLE)
    scopes = [str(elem["/A"]["/Scope"]) for path, elem in elements if path.endswith("/TH")]
    assert scopes == ["/Row"] * 3 + ["/Column"] * 3


def test_every_mcid_is_on_its_page_once_and_in_the_parent_tree(
    sample: PdfReader, long: PdfReader
) -> None:
    for reader in (sample, long):
        pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
        parent_tree = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
        by_spid = {int(parent_tree[i]): parent_tree[i + 1] for i in range(0, len(parent_tree), 2)}
        in_content = {
            (index, int(mcid)): tag.decode()
            for index, page in enumerate(reader.pages)
            for tag, mcid in MARKED.findall(page.get_contents().get_data())
        }
        in_tree = {}
        for _, elem in tree(reader):
            for mcid in mcids(elem):
                index = pages[idnum(elem["/Pg"])]
                assert (index, mcid) not in in_tree
                in_tree[index, mcid] = str(elem["/S"])[1:]
                spid = reader.pages[index]["/StructParents"]
                assert idnum(by_spid[spid][mcid]) == idnum(elem)
        assert in_tree == in_content
        assert len(in_tree) > 10


def test_only_tagged_content_or_artifacts_and_a_footer_on_every_page(long: PdfReader) -> None:
    count = len(long.pages)
    for index, page in enumerate(long.pages):
        footers = [
            drawn
            for tag, props, drawn in sequences(long, index)
            if tag == "Artifact" and props is not None and props.get("/Type") == "/Pagination"
        ]
        assert len(footers) == 1 and footers[0].count(b"TJ") + footers[0].count(b"Tj") >= 2
        assert f"Bunntekst Side {index + 1} av {count}" in flat(page.extract_text())


def test_a_long_table_continues_with_its_header_repeated(long: PdfReader) -> None:
    assert len(long.pages) >= 4
    texts = [flat(page.extract_text()) for page in long.pages]
    rows_on = [[n for n, row in enumerate(LONG_ROWS) if " ".join(row) in text] for text in texts]
    assert sorted(n for found in rows_on for n in found) == list(range(120)), "en rad mangler"
    table_pages = [index for index, found in enumerate(rows_on) if found]
    assert len(table_pages) >= 2
    for index in table_pages:
        assert "Kode Aktivitet Dato" in texts[index], f"side {index + 1} mangler tabellhodet"
    paths = Counter(path for path, _ in tree(long))
    assert paths["Document/Table/TR/TH"] == 3, "det gjentatte hodet skal ikke leses på nytt"
    assert paths["Document/Table/TR"] == 121
    assert paths["Document/P"] >= 2, "avsnittet over en side skal deles i to /P"


def struct_text(pdfinfo: Path, pdf: Path) -> list[tuple[str, str]]:
    """(tag, text) of each element holding text, as poppler reads them from the tagged PDF."""
    run = subprocess.run([pdfinfo, "-struct-text", pdf], capture_output=True, text=True, check=True)
    found: list[tuple[str, str]] = []
    tag = ""
    for line in run.stdout.splitlines():
        line = line.strip()
        if line.startswith('"'):
            found.append((tag, line[1:-1]))
        elif match := re.fullmatch(r"(\w+)(?: \(\w+\))?:?", line):
            tag = match.group(1)
    return found


def test_each_element_holds_its_own_text(
    tmp_path: Path, pdftoppm: Path, sample_pdf: bytes, long_pdf: bytes
) -> None:
    pdfinfo = pdftoppm.with_name("pdfinfo")  # poppler-utils has both
    (tmp_path / "sample.pdf").write_bytes(sample_pdf)
    (tmp_path / "long.pdf").write_bytes(long_pdf)
    expected = [("H1", "Kompetanserapport"), ("P", INTRO.text)]
    expected += [
        (tag, text) for row in FACTS.rows for tag, text in zip(("TH", "TD"), row, strict=True)
    ]
    expected += [("H2", "Godkjente læringsmål"), ("Caption", GOALS.caption)]
    expected += [("TH", text) for text in GOALS.columns]
    expected += [("TD", text) for row in GOALS.rows for text in row]
    expected += [("H3", "Merknader"), ("P", "Ingen merknader.")]
    assert struct_text(pdfinfo, tmp_path / "sample.pdf") == expected
    # The paragraph over two pages: its /P parts give back the text, with no words run together.
    parts = [text for tag, text in struct_text(pdfinfo, tmp_path / "long.pdf") if tag == "P"]
    assert len(parts) >= 2
    assert "".join(parts) == LONG_TEXT


def test_every_page_draws(tmp_path: Path, pdftoppm: Path, sample_pdf: bytes) -> None:
    from fpdf import FPDF

    blank = FPDF()
    blank.add_page()
    cases = {"blank": bytes(blank.output()), "sample": sample_pdf}
    ink: dict[str, list[int]] = {}
    for name, data in cases.items():
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(
            [pdftoppm, "-r", "50", "-png", tmp_path / f"{name}.pdf", tmp_path / name], check=True
        )
        ink[name] = []
        for png in sorted(tmp_path.glob(f"{name}-*.png")):
            with Image.open(png) as image:
                histogram = image.convert("L").point(lambda v: 255 if v < 200 else 0).histogram()
            ink[name].append(histogram[255])
    assert ink["blank"] == [0], "kontrollen finner blekk på en tom side"
    assert len(ink["sample"]) == len(PdfReader(io.BytesIO(cases["sample"])).pages)
    assert all(pixels > 500 for pixels in ink["sample"]), ink


def test_the_same_document_gives_the_same_bytes(sample: PdfReader, sample_pdf: bytes) -> None:
    assert sample.metadata is not None
    assert sample.metadata["/CreationDate"] == "D:20250301120000Z"
    assert render_pdf(SAMPLE, created=CREATED) == sample_pdf


def test_fpdf_is_imported_only_when_a_pdf_is_made() -> None:
    probe = "import sys, lis1.documents.pdf; print('fpdf' in sys.modules)"
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "False"


def test_the_model_refuses_what_cannot_be_drawn() -> None:
    with pytest.raises(ValueError, match="overskriftsnivå"):
        Heading("For dyp", 4)
    with pytest.raises(ValueError, match="2 celler"):
        Table("T", ("A", "B", "C"), (("1", "2"),))
    with pytest.raises(ValueError, match="språk"):
        Document("T", "", "A", "S", ())
