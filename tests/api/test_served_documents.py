"""The documents as the API serves them, not samples built in a test: the standard report's PDF
and a bekreftelse på tjenestetid are tagged PDFs that poppler draws page by page, and a
downloaded portfolio export verifies with a second, independent JOSE library (jwcrypto) against
the published JWKS, and fails there after one changed byte.

tests/documents/test_pdf.py checks the PDF writer in depth on documents of its own; this module
checks that what a person downloads is such a document."""

from __future__ import annotations

import base64
import io
import json
import subprocess
from pathlib import Path

import pytest
from jwcrypto import jwk, jws
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from lis1.devtools.poppler_install import PopplerError, ensure_pdftoppm

from .conftest import Api
from .test_demo_goals import seeded
from .test_reports import PDF, REPORT, as_json
from .test_service_confirmations import HOME, eiriks, filled, finished


@pytest.fixture(scope="module")
def pdftoppm() -> Path:
    try:
        return ensure_pdftoppm()
    except PopplerError as error:
        pytest.fail(f"pdftoppm trengs (testene hoppes aldri over):\n{error}", pytrace=False)


def ink_per_page(pdf: bytes, pdftoppm: Path, folder: Path) -> list[int]:
    """Dark pixels on each page as poppler draws it at 50 dpi."""
    (folder / "doc.pdf").write_bytes(pdf)
    subprocess.run([pdftoppm, "-r", "50", "-png", folder / "doc.pdf", folder / "side"], check=True)
    found = []
    for png in sorted(folder.glob("side-*.png")):
        with Image.open(png) as image:
            found.append(image.convert("L").point(lambda v: 255 if v < 200 else 0).histogram()[255])
    return found


def assert_tagged_and_drawn(pdf: bytes, pdftoppm: Path, folder: Path) -> PdfReader:
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert "/StructTreeRoot" in root and str(root["/Lang"]).startswith("nb")
    ink = ink_per_page(pdf, pdftoppm, folder)
    assert len(ink) == len(reader.pages) and all(pixels > 500 for pixels in ink), ink
    return reader


def test_the_served_report_and_bekreftelse_are_tagged_and_draw(
    api: Api, pdftoppm: Path, tmp_path: Path
) -> None:
    finished(api)  # the demo's portfolios, Eirik's finished one among them
    report = api.sign_in("demo-lise").get(f"{REPORT}?format=pdf", headers=PDF)
    assert report.status == 200
    (tmp_path / "rapport").mkdir()
    assert_tagged_and_drawn(report.body, pdftoppm, tmp_path / "rapport")

    siv = api.sign_in("demo-siv")
    employment = eiriks(siv)["employment_id"]
    form = as_json(siv, f"{HOME}/{employment}")
    values = filled(
        form, Stillingsprosent="100", Fravær="0", Sted="Bergen", Arbeidssted="Legevakten"
    )
    made = siv.post(f"{HOME}/{employment}", json_body=values)
    assert made.status == 201, made.body
    confirmation = siv.get(f"{HOME}/{employment}/{made.json()['id']}?format=pdf", headers=PDF)  # type: ignore[index]
    assert confirmation.status == 200
    (tmp_path / "bekreftelse").mkdir()
    reader = assert_tagged_and_drawn(confirmation.body, pdftoppm, tmp_path / "bekreftelse")
    assert "Eirik Moen" in " ".join(page.extract_text() for page in reader.pages)


def test_a_downloaded_export_verifies_with_jwcrypto_and_one_changed_byte_fails(api: Api) -> None:
    seeded(api)
    token = api.sign_in("demo-lise").get("/api/portefolje/eksport").body.decode()
    published = api.client().get("/api/.well-known/jwks.json").json()
    keys = jwk.JWKSet.from_json(json.dumps(published))
    header, body, signature = token.split(".")
    kid = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))["kid"]
    verified = jws.JWS()
    verified.deserialize(token)
    verified.verify(keys.get_key(kid))
    assert json.loads(verified.payload)["portefolje"]["owner"] == "demo-lise"

    raw = bytearray(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    raw[len(raw) // 2] ^= 0x01
    changed = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    forged = jws.JWS()
    forged.deserialize(f"{header}.{changed}.{signature}")
    with pytest.raises(jws.InvalidJWSSignature):
        forged.verify(keys.get_key(kid))
