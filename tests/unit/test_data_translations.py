"""Every text in ``data/`` that people read has its English beside it, and the English is real.

The checks here are the test's own (not the loader's), so a loader bug cannot hide a gap: an item
people read without ``en:``, an English field missing where bokmål has text, an English text
identical to the bokmål (names on the short allow-list below excepted), and placeholders or links
that differ. Each check is also run once on a copy of the data broken on purpose, so it is seen to
fail. A malformed ``en:`` block is a load error naming file, line and field, like any other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from lis1.catalog.kinds import KINDS
from lis1.catalog.models import Organisation, Period
from lis1.catalog.problems import field_path
from lis1.catalog.source import SourceFile, read_yaml
from lis1.catalog.translation_checks import english_model, items
from lis1.catalog.translations import has_english, in_language, localized
from lis1.i18n import locale

ROOT = Path(__file__).resolve().parents[2]

IDENTICAL_ALLOWED: dict[str, str] = {}
"""English texts allowed to equal their bokmål, each with the reason. Empty: every text people
read differs. (An organisation's name is a proper name and needs no ``en:`` at all; see
``needs_english``.)"""

_MARKS = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]*\}|https?://[^\s)>»\"]+|\]\([^)\s]+\)")


@dataclass(frozen=True)
class Item:
    source: SourceFile
    where: tuple[str | int, ...]
    model: BaseModel

    def at(self, *field: str | int) -> str:
        """'data/x.yaml:12 sections[1].en.heading': where an editor corrects it."""
        path = (*self.where, *field)
        return f"{self.source.name}:{self.source.line_of(path)} {field_path(path)}"


def data_items(data: Path) -> Iterator[Item]:
    """Every model in every data file, with the file and line it stands on."""
    for kind in KINDS:
        for path in sorted((data / kind.folder).glob("*.yaml")):
            name = path.relative_to(data.parent).as_posix()
            source = read_yaml(path, name)
            model = kind.model.model_validate(source.data)
            for where, item in items(model):
                yield Item(source, where, item)


def readable_fields(item: BaseModel) -> dict[str, Any]:
    model = english_model(type(item))
    return {name: getattr(item, name) for name in model.model_fields} if model else {}


def needs_english(item: BaseModel) -> bool:
    """People read a text of the item. An organisation's name is a proper name ("Helse Bergen
    HF") and stays as it is, except a kommune's, which has an English name."""
    if isinstance(item, Organisation) and item.kind != "kommune":
        return False
    return any(value not in (None, []) for value in readable_fields(item).values())


def pairs(item: BaseModel) -> Iterator[tuple[tuple[str | int, ...], Any, Any]]:
    """(path below ``en``, bokmål, English) of every readable field of an item that has
    ``en:``; list fields element by element."""
    english = getattr(item, "en", None)
    if english is None:
        return
    for name, bokmal in readable_fields(item).items():
        translated = getattr(english, name)
        if isinstance(bokmal, list) and isinstance(translated, list):
            for index, (nb, en) in enumerate(zip(bokmal, translated, strict=False)):
                yield (name, index), nb, en
        else:
            yield (name,), bokmal, translated


def missing_english(data: Path) -> list[str]:
    gaps = []
    for item in data_items(data):
        if not needs_english(item.model):
            continue
        english = getattr(item.model, "en", None)
        if english is None:
            gaps.append(f"{item.at('en')}: mangler")
            continue
        for name, bokmal in readable_fields(item.model).items():
            translated = getattr(english, name)
            if bokmal not in (None, []) and translated in (None, []):
                gaps.append(f"{item.at('en', name)}: mangler")
            if isinstance(bokmal, list) and len(bokmal) != len(translated or []):
                gaps.append(f"{item.at('en', name)}: ulikt antall")
    return gaps


def identical_texts(data: Path) -> list[str]:
    same = []
    for item in data_items(data):
        for field, nb, en in pairs(item.model):
            if not (isinstance(nb, str) and isinstance(en, str)) or nb in IDENTICAL_ALLOWED:
                continue
            if nb.casefold() == en.casefold():
                same.append(f"{item.at('en', *field)}: «{en}»")
    return same


def differing_marks(data: Path) -> list[str]:
    wrong = []
    for item in data_items(data):
        for field, nb, en in pairs(item.model):
            if not (isinstance(nb, str) and isinstance(en, str)):
                continue
            if sorted(_MARKS.findall(nb)) != sorted(_MARKS.findall(en)):
                wrong.append(item.at("en", *field))
    return wrong


# --- the real data ----------------------------------------------------------------------------


def test_every_item_people_read_has_english() -> None:
    assert missing_english(ROOT / "data") == []


def test_no_english_text_is_the_bokmal_text() -> None:
    assert identical_texts(ROOT / "data") == []


def test_placeholders_and_links_are_the_same_in_both_languages() -> None:
    assert differing_marks(ROOT / "data") == []


def test_the_checks_read_every_kind_and_the_allow_list_is_used() -> None:
    """The walk reaches every kind of item with English (not, say, only the top of each file),
    and every allow-list entry is a text that exists (a stale entry would hide nothing)."""
    kinds = {type(item.model).__name__ for item in data_items(ROOT / "data")}
    assert {"Rule", "Round", "Source", "TemplateField", "TemplateSection", "CommonGoal"} <= kinds
    texts = {nb for item in data_items(ROOT / "data") for _, nb, _ in pairs(item.model) if nb}
    assert set(IDENTICAL_ALLOWED) <= texts


def test_the_loader_finds_nothing_wrong_with_the_english() -> None:
    from lis1.catalog import load_catalog

    result = load_catalog(ROOT / "data")
    assert not [p for p in result.problems if ".en" in p.field or "en:" in p.message]


# --- each check fails on data broken on purpose ------------------------------------------------

TEMPLATE = "templates/kommune-plikter.yaml"


def new(check: Callable[[Path], list[str]], data_copy: Any) -> list[str]:
    """What ``check`` finds in the broken copy and not in the real data."""
    return sorted(set(check(data_copy.data)) - set(check(ROOT / "data")))


def test_a_missing_en_block_fails(data_copy: Any) -> None:
    data_copy.edit(TEMPLATE, "    en:\n      heading: Approving learning goals\n", "    xx:\n")
    text = data_copy.text(TEMPLATE)
    start = text.index("    xx:\n")
    end = text.index("    fields: []", start)
    data_copy.path(TEMPLATE).write_text(text[:start] + text[end:], encoding="utf-8")
    line = data_copy.line_of(TEMPLATE, "  - heading: Godkjenning av læringsmål")
    assert new(missing_english, data_copy) == [f"data/{TEMPLATE}:{line} sections[1].en: mangler"]


def test_an_identical_text_fails(data_copy: Any) -> None:
    data_copy.edit(
        "site/site.yaml",
        "  title: LIS1 – deadlines and information\n",
        "  title: LIS1 – frister og informasjon\n",
    )
    line = data_copy.line_of("site/site.yaml", "  title: LIS1 – frister og informasjon")
    assert new(identical_texts, data_copy) == [
        f"data/site/site.yaml:{line} en.title: «LIS1 – frister og informasjon»"
    ]


def test_a_lost_link_fails(data_copy: Any) -> None:
    data_copy.edit(
        "periods/2024-var.yaml",
        "    Several answer deadlines fall on Sundays and public holidays;",
        "    Several answer deadlines (https://example.org) fall on Sundays and public holidays;",
    )
    line = data_copy.lines_of("periods/2024-var.yaml", "  note: >-")[-1]
    assert new(differing_marks, data_copy) == [f"data/periods/2024-var.yaml:{line} en.note"]


# --- a malformed en: is a load error with file, line and field ---------------------------------


def test_unknown_key_in_en(data_copy: Any, broken_data: Any) -> None:
    result = broken_data("site/site.yaml", "  title: LIS1 – deadlines", "  titel: LIS1 – deadlines")
    assert [(p.file, p.line, p.field) for p in result.errors] == [
        ("data/site/site.yaml", data_copy.lines_of("site/site.yaml", "en:")[-1], "en.title"),
        ("data/site/site.yaml", data_copy.line_of("site/site.yaml", "titel:"), "en.titel"),
    ]
    assert "Tillatte nøkler her: title." in result.errors[1].message


def test_english_where_bokmal_is_null(data_copy: Any, broken_data: Any) -> None:
    result = broken_data(
        "periods/2018-host.yaml",
        "    marking: 2018-11-01T12:00\n    note: null\n",
        "    marking: 2018-11-01T12:00\n    note: null\n    en: {note: Not in our sources.}\n",
    )
    line = data_copy.line_of("periods/2018-host.yaml", "en: {note: Not in our sources.}")
    assert [(p.file, p.line, p.field) for p in result.errors] == [
        ("data/periods/2018-host.yaml", line, "rounds[0].en.note")
    ]
    assert "skal være null" in result.errors[0].message


def test_a_checklist_of_another_length(data_copy: Any, broken_data: Any) -> None:
    result = broken_data(
        TEMPLATE,
        "        - A recommendation from the educational supervisor has been obtained.\n",
        "",
    )
    assert [(p.line, p.field) for p in result.errors] == [
        (
            data_copy.line_of(TEMPLATE, "      checklist:", after="Approving"),
            "sections[1].en.checklist",
        )
    ]
    assert "har 2 punkter, men checklist på bokmål har 3" in result.errors[0].message


def test_english_that_drops_a_placeholder_is_an_error(data_copy: Any, broken_data: Any) -> None:
    result = broken_data(
        "site/site.yaml", "  title: LIS1 – deadlines and information\n", "  title: LIS1 {x}\n"
    )
    assert [(p.field, p.severity) for p in result.problems if p.file.endswith("site.yaml")] == [
        ("en.title", "feil")
    ]


# --- localized() --------------------------------------------------------------------------------


def _catalog() -> Any:
    from lis1.catalog import load_catalog

    result = load_catalog(ROOT / "data")
    assert result.catalog is not None, result.errors
    return result.catalog


def test_localized_follows_the_current_locale() -> None:
    catalog = _catalog()
    template = next(t for t in catalog.templates if t.id == "kommune-plikter")
    assert localized(template, "title") == "Kommunens plikter i LIS1 – sjekkliste"
    with locale("en"):
        assert localized(template, "title") == "The municipality's duties in LIS1 – checklist"
        assert localized(template.sections[0], "checklist")[2] == (
            "The doctor has been assigned a personal educational supervisor."
        )
        assert localized(catalog.site, "title") == "LIS1 – deadlines and information"
    assert in_language(catalog.site, "title", "nb") == "LIS1 – frister og informasjon"


def test_a_period_name_is_made_in_either_language() -> None:
    catalog = _catalog()
    period: Period = next(p for p in catalog.periods if p.id == "2024-host")
    assert localized(period, "name") == "Høsten 2024" == period.name
    with locale("en"):
        assert localized(period, "name") == "Autumn 2024"
        extra = catalog.extra_rounds[0]
        assert localized(extra, "name") == "Extra round, summer 2020"
    assert has_english(period, "name")


def test_without_en_the_bokmal_is_shown_and_has_english_says_so() -> None:
    catalog = _catalog()
    hospital = catalog.organisation("helse-bergen")
    kommune = catalog.organisation("oslo-kommune")
    with locale("en"):
        assert localized(hospital, "name") == "Helse Bergen HF"
        assert localized(kommune, "name") == "City of Oslo"
    assert not has_english(hospital, "name") and has_english(kommune, "name")


@pytest.mark.parametrize("language", ["nb", "en"])
def test_an_unknown_locale_is_bokmal(language: str) -> None:
    site = _catalog().site
    with locale("de"):
        assert localized(site, "title") == in_language(site, "title", "nb")
    assert in_language(site, "title", language)
