"""The Læringsmål page, generated from the real goal catalogues without building the site: the
clinical goals as counts and code ranges (not a hundred rows of codes with "–"), every FKM of the
version from 1 September 2025 in the regulation's wording under its arena, the earlier version
as it was published, and which version a LIS follows.

The markdown is also rendered with the site's own markdown extensions (read from mkdocs.yml), so
a definition list or an anchor that would not survive the strict build fails here first.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from lis1.catalog import Catalog, load_catalog
from lis1.catalog.goal_models import CommonGoalVersion
from lis1.site.reference_pages import learning_goals_page

ROOT = Path(__file__).resolve().parents[2]
NEW_FROM = date(2025, 9, 1)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = load_catalog(ROOT / "data")
    assert result.catalog is not None, [str(p) for p in result.errors]
    return result.catalog


@pytest.fixture(scope="module")
def body(catalog: Catalog) -> str:
    page = learning_goals_page(catalog)
    assert page.path == "laringsmal/index.md"
    return page.body


def new_version(catalog: Catalog) -> CommonGoalVersion:
    version = catalog.common_goals_on(NEW_FROM)
    assert version is not None and version.goals
    return version


def section(body: str, heading_start: str) -> str:
    """The text under the heading that starts with ``heading_start``, up to the next heading of
    the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(heading_start)}.*$", body, re.M)
    assert match, heading_start
    level = len(match[1])
    rest = body[match.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: end.start()] if end else rest


def test_clinical_goals_are_counts_and_code_ranges(body: str) -> None:
    clinical = section(body, "Kliniske læringsmål")
    assert "| Sykehus | 45 | KLS-001 til KLS-045 |" in clinical
    assert "| Psykiatri (bare med psykiatri i sykehusåret) | 16 | KLP-001 til KLP-016 |" in clinical
    assert "| Kommune | 40 | KLK-001 til KLK-040 |" in clinical
    assert "**85** mål" in clinical and "alle **101**" in clinical
    assert "[spesialistforskriften, vedlegg 2, på Lovdata]" in clinical
    assert "(https://lovdata.no/dokument/SF/forskrift/2016-12-08-1482)" in clinical
    assert "| – |" not in body and "| KLS-001 |" not in body
    assert len(re.findall(r"^\|", body, re.M)) == 5  # one short table: head, rule, 3 arenas


def test_each_fkm_from_2025_stands_under_its_arena_in_the_regulations_wording(
    catalog: Catalog, body: str
) -> None:
    version = new_version(catalog)
    hospital = section(body, "I sykehus: 7 mål (FKMS)")
    kommune = section(body, "I kommunen: 8 mål (FKMK)")
    assert len(version.goals) == 15
    for goal in version.goals:
        entry = f"**{goal.code}** · {goal.chapter} {goal.chapter_name}\n:   {goal.text}"
        assert entry in (hospital if goal.arena == "sykehus" else kommune), goal.code
        assert body.count(f"**{goal.code}**") == 1
    assert "Ha god kunnskap om bruk av tvang og under supervisjon kunne gjennomføre " in kommune
    assert "tvangsinnleggelser." in kommune
    assert "Kapittel A6 Forskningsforståelse og kunnskapshåndtering har ingen mål i LIS1." in body


def test_the_fkm_from_2025_names_counts_source_and_the_inferred_kommune(
    catalog: Catalog, body: str
) -> None:
    new = section(body, "Versjonen som gjelder fra")
    assert '<time datetime="2025-09-01">1. september 2025</time>' in body
    assert "**15** felles kompetansemål i LIS1: **7** i sykehusdelen (FKMS-001 til FKMS-007)" in new
    assert "**8** i kommunedelen (FKMK-001 til FKMK-008)" in new
    assert "**14** mål til" in new and "del 2 og 3" in new
    assert "(https://lovdata.no/dokument/LTI/forskrift/2025-01-24-114)" in new
    assert "FOR-2025-01-24-114" in new
    note = new_version(catalog).note
    assert note is not None and f'!!! note "Merknad"\n\n    {note}' in new
    assert "utledet" in note and "FKMK" in note


def test_the_earlier_fkm_is_shown_as_published(body: str) -> None:
    old = section(body, "Versjonen som gjaldt til og med")
    assert '<time datetime="2025-08-31">31. august 2025</time>' in body
    assert "### Versjonen som gjaldt til og med" in body
    assert "**50** felles kompetansemål i LIS1. **24** av dem fullføres i sykehusåret" in old
    assert "**5** påbegynnes der og fullføres i kommunen" in old
    assert "- Pasient- og pårørendeopplæring" in old
    assert "**Hvorfor står ikke målene her?**" in old and "ikke kodene" in old
    assert "fram til 1. september 2027" in old
    assert "ukjent" not in body.lower()
    assert "fra ukjent dato" not in body


def test_which_version_a_lis_follows(catalog: Catalog, body: str) -> None:
    choice = section(body, "Hvilken versjon følger du?")
    assert "én versjon av målene gjennom hele LIS1" in choice
    assert "datoen du begynte i sykehusdelen" in choice
    assert "før 1. september 2025" in choice and "fram til 1. september 2027" in choice
    rule = new_version(catalog).transition_rule
    assert rule is not None and rule.startswith("Leger i spesialisering (LIS) som har startet")
    assert f"> «{rule}»" in choice
    assert "Kilde: [Norsk Lovtidend: FOR-2025-01-24-114" in choice


def test_an_ended_transition_is_no_longer_offered(catalog: Catalog) -> None:
    last = catalog.periods[-1].model_copy(update={"updated": date(2027, 9, 2)})
    later = replace(catalog, periods=(*catalog.periods[:-1], last))
    old = section(learning_goals_page(later).body, "Versjonen som gjaldt til og med")
    assert "kan fortsatt følge" not in old


def test_a_label_named_by_a_source_is_shown(catalog: Catalog) -> None:
    version = catalog.learning_goals[0]
    goals = [version.goals[0].model_copy(update={"label": "Akutt sykdom"}), *version.goals[1:]]
    labelled = replace(catalog, learning_goals=(version.model_copy(update={"goals": goals}),))
    assert "- KLS-001: Akutt sykdom" in learning_goals_page(labelled).body


# --- the markdown as the site renders it ----------------------------------------------------------


class Outline(HTMLParser):
    """Ids, in-page links, definition terms and admonitions of rendered HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.anchors: list[str] = []
        self.terms = 0
        self.admonitions = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        href = attributes.get("href") or ""
        if tag == "a" and href.startswith("#"):
            self.anchors.append(href[1:])
        self.terms += tag == "dt"
        self.admonitions += tag == "div" and "admonition" in (attributes.get("class") or "")


def site_markdown(text: str) -> str:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions: list[str] = []
    configs: dict[str, dict[str, object]] = {}
    for entry in config["markdown_extensions"]:
        name = entry if isinstance(entry, str) else next(iter(entry))
        extensions.append(name)
        if isinstance(entry, dict):
            configs[name] = entry[name]
    return markdown.markdown(text, extensions=extensions, extension_configs=configs)


def test_the_page_renders_with_the_sites_extensions(body: str) -> None:
    html = site_markdown(body)
    outline = Outline()
    outline.feed(html)
    assert outline.terms == 15
    assert outline.admonitions == 1
    assert len(outline.ids) == len(set(outline.ids))
    for anchor in outline.anchors:
        if anchor:
            assert anchor in outline.ids, anchor
    assert {"hvilken-versjon", "fkm-2025-09-01", "fkm-2025-09-01-fkms", "fkm-2025-09-01-fkmk"} <= (
        set(outline.ids)
    )
    assert "<table>" in html and html.count("<tr>") == 4
    assert "{#" not in html and ":   " not in html
