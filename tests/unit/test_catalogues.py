"""Every text a person reads goes through the message catalogue, and the catalogue is complete."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from babel.messages.pofile import read_po

from lis1.catalogues import Catalogues, extracted, lagging

PACKAGE = Path(__file__).resolve().parents[2] / "lis1"
TEMPLATES = PACKAGE / "web" / "templates"


def test_the_bokmaal_catalogue_holds_every_marked_text_translated() -> None:
    with Catalogues(PACKAGE).po("nb").open("rb") as handle:
        catalogue = read_po(handle, locale="nb")
    held = {m.id for m in catalogue if m.id}
    assert held == set(extracted(PACKAGE))
    assert all(m.string for m in catalogue if m.id)
    assert len(held) > 250


def test_a_new_text_in_the_code_makes_the_catalogue_lag(tmp_path: Path) -> None:
    copy = tmp_path / "lis1"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert lagging(copy) == []
    errors = copy / "errors.py"
    errors.write_text(
        errors.read_text(encoding="utf-8") + '\n\nNEW = N_("En helt ny tekst.")\n',
        encoding="utf-8",
    )
    assert lagging(copy) == ["lis1/locale/nb.po", "lis1/locale/en.po"]


def test_templates_have_no_text_outside_the_catalogue() -> None:
    """What a template shows is a value or a text through _(): no words typed in the markup."""
    for template in sorted(TEMPLATES.glob("*.html")):
        text = template.read_text(encoding="utf-8")
        text = re.sub(r"{#.*?#}|{{.*?}}|{%.*?%}", " ", text, flags=re.S)
        text = re.sub(r"<[^>]*>|&\w+;|[\w-]+=\"[^\"]*\"", " ", text)  # markup, not words
        words = [w for w in re.findall(r"[A-Za-zÆØÅæøå][A-Za-zÆØÅæøå0-9]+", text) if w != "LIS1"]
        assert words == [], (template.name, words)
