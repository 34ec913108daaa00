"""What the pages say: the front page when no date is coming (computed from data), the words
for missing dates, notes that do not repeat their label, and counts in the right form."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lis1.catalog import Catalog, load_catalog, timeline
from lis1.catalog.models import ExtraRound, Round
from lis1.feeds import build_feeds
from lis1.norwegian import MONTHS
from lis1.site.build import build_site
from lis1.site.coming import data_gaps, opening_sentences
from lis1.site.notes import round_notes
from lis1.site.page_common import data_date
from lis1.site.period_pages import period_page
from tests.conftest import DataCopy

ROOT = Path(__file__).resolve().parents[2]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class VisibleText(HTMLParser):
    """The text of a page outside elements marked ``hidden`` (what a reader sees)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(any(name == "hidden" for name, _ in attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not any(self.stack):
            self.parts.append(data)


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def real_catalog() -> Catalog:
    result = load_catalog(ROOT / "data")
    assert result.catalog is not None, result.errors
    return result.catalog


def build_from(data_copy: DataCopy, out: Path) -> tuple[Catalog, Path]:
    result = data_copy.load()
    assert result.catalog is not None, result.errors
    calendars = build_feeds(result.catalog, None, None)
    build_site(ROOT, result.catalog, calendars, out / "site", sources=out / "src")
    return result.catalog, out / "site"


def season_months(catalog: Catalog, season: str) -> str:
    months = sorted(
        {p.publication.month for p in catalog.periods if p.season == season and p.publication}
    )
    return " eller ".join(MONTHS[m - 1] for m in months)


# --- the front page when nothing is coming -----------------------------------------------------


def test_front_page_says_when_periods_open_computed_from_data(
    data_copy: DataCopy, tmp_path: Path
) -> None:
    # Move the spring 2024 utlysning into February: the spring sentence must follow the data.
    data_copy.edit("periods/2024-var.yaml", "publication: 2024-01-25", "publication: 2024-02-01")
    catalog, site = build_from(data_copy, tmp_path)
    assert season_months(catalog, "var") == "februar"
    assert season_months(catalog, "host") == "august"
    text = visible((site / "index.html").read_text(encoding="utf-8"))
    assert "Ingen kommende frister er publisert ennå." in text
    assert (
        "Vårens søknadsperiode, for stillinger med oppstart 1. september, har åpnet i februar "
        "hvert år vi har datoer for (2019 og 2024)."
    ) in text
    assert (
        "Høstens søknadsperiode, for stillinger med oppstart 1. mars året etter, har åpnet i "
        "august hvert år vi har datoer for (2018, 2019 og 2024)."
    ) in text
    assert "Søknadsfristen har vært 7 til 16 dager etter utlysningen." in text
    assert "kommer her og i kalenderne så snart de er publisert" in text
    front = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="frister/2024-host/">høsten 2024</a>' in front  # the latest period
    # the periods missing between the first and the last, with where to look
    assert "Høsten 2020 til og med høsten 2023 (7 søknadsperioder) er ikke registrert" in text
    assert '<a href="frister/2020-var/">Våren 2020</a>' in front
    assert "soknad-og-frister" in front
    region = text.split("Ingen kommende frister", 1)[1].split("Frister og kalendere", 1)[0]
    years = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", region)}
    assert years <= set(range(2018, 2025)), years  # no year the data does not span
    months = "|".join(MONTHS)
    assert not re.search(rf"\b\d{{1,2}}\. (?:{months}) \d{{4}}", region)  # names no date at all


def test_with_a_period_in_the_future_the_sentence_is_not_shown(
    data_copy: DataCopy, tmp_path: Path
) -> None:
    future = data_copy.text("periods/2024-var.yaml").replace("2024", "2027")
    future = future.replace("updated: 2026-11-25", "updated: 2026-11-30")
    future = future.replace("answer_by: 2027-05-30", "answer_by: null")
    future = future.replace(
        "marking: 2027-05-31T12:00\n    note: null", "marking: null\n    note: x"
    )
    data_copy.path("periods/2027-var.yaml").write_text(future, encoding="utf-8")
    catalog, site = build_from(data_copy, tmp_path)
    assert data_date(catalog).isoformat() == "2026-11-30"
    front = (site / "index.html").read_text(encoding="utf-8")
    assert "har åpnet i" in front  # in the page for the script to show when the dates pass …
    assert "har åpnet i" not in visible(front)  # … but not shown while a date is coming
    assert "Ingen kommende frister" not in visible(front)
    region = next(tag for tag in re.findall(r"<div [^>]*>", front) if 'id="lis1-next"' in tag)
    assert re.search(r"\shidden\b", region), region
    # a date not published yet in a coming period may still come; in a past one it will not
    coming = (site / "frister" / "2027-var" / "index.html").read_text(encoding="utf-8")
    assert "ikke publisert ennå" in coming
    past = (site / "frister" / "2024-host" / "index.html").read_text(encoding="utf-8")
    assert "ikke publisert" in past and "ikke publisert ennå" not in past


def test_the_built_front_page_shows_the_empty_state_without_script(built_site: Path) -> None:
    catalog = real_catalog()
    front = (built_site / "index.html").read_text(encoding="utf-8")
    text = visible(front)
    for sentence in opening_sentences(catalog):
        assert sentence in text
    assert f"har åpnet i {season_months(catalog, 'host')} hvert år" in text
    overview = visible((built_site / "frister" / "index.html").read_text(encoding="utf-8"))
    assert "Perioder uten datoer" in overview and "Ingen kommende frister" in overview


def test_gaps_count_their_periods(data_copy: DataCopy) -> None:
    catalog = real_catalog()
    assert "(7 søknadsperioder)" in data_gaps(catalog, "")
    one_missing = tuple(p for p in catalog.periods if p.id != "2019-var")
    only_2019 = replace(catalog, periods=one_missing[:3])
    assert [p.id for p in only_2019.periods] == ["2018-host", "2019-host", "2020-var"]
    assert "- Våren 2019 (1 søknadsperiode) er ikke registrert her ennå." in data_gaps(
        only_2019, ""
    )
    assert data_gaps(replace(catalog, periods=one_missing[:1]), "") == ""


# --- missing dates, notes and counts --------------------------------------------------------


def test_past_rounds_never_say_not_published_yet(built_site: Path) -> None:
    catalog = real_catalog()
    for period in catalog.all_periods():
        page = (built_site / "frister" / period.id / "index.html").read_text(encoding="utf-8")
        missing = [d for d in timeline(period) if d.day is None]
        assert period.starts <= data_date(catalog)
        assert "ikke publisert ennå" not in page, period.id
        assert page.count(">ikke publisert<") >= len(missing), period.id
    overview = (built_site / "frister" / "index.html").read_text(encoding="utf-8")
    assert "ikke publisert ennå" not in overview


def note_lines(markdown: str) -> list[str]:
    block = markdown.split('!!! note "Merknader"', 1)
    if len(block) == 1:
        return []
    lines = []
    for line in block[1].splitlines()[1:]:
        if line.startswith("    - "):
            lines.append(line[6:])
        elif line.strip():
            break
    return lines


def test_no_note_repeats_its_round_label() -> None:
    """Over every round of every period in data: the round is named once in its note line."""
    catalog = real_catalog()
    checked = 0
    for period in catalog.all_periods():
        lines = note_lines(period_page(catalog, period, []).body)
        for round_ in period.rounds:
            if not round_.note:
                continue
            line = next(line for line in lines if round_.note in line)
            named = re.findall(rf"\brunde\s+{round_.number}\b", line, re.IGNORECASE)
            assert len(named) <= 1, (period.id, line)
            assert not re.search(r"\b(\w+ \d+): \1\b", line, re.IGNORECASE), (period.id, line)
            checked += 1
    assert checked >= 7


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        ([None, "Runde 2 er ikke publisert."], ["Runde 2 er ikke publisert."]),
        (["Ikke i kilden.", "Ikke i kilden."], ["Alle rundene: Ikke i kilden."]),
        (["Flyttet.", None], ["Runde 1: Flyttet."]),
        (
            [None, "Bare tilbudsdatoen for runde 2 står i kildene."],
            ["Bare tilbudsdatoen for runde 2 står i kildene."],
        ),
    ],
)
def test_round_notes(notes: list[str | None], expected: list[str]) -> None:
    rounds = [
        Round(number=n, offer=None, answer_by=None, marking=None, note=note)
        for n, note in enumerate(notes, 1)
    ]
    assert round_notes(rounds) == expected
    three = [*rounds, Round(number=3, offer=None, answer_by=None, marking=None, note=None)]
    if expected[0].startswith("Alle"):
        assert round_notes(three) == ["Runde 1–2: Ikke i kilden."]


def test_counts_of_positions_take_the_right_form() -> None:
    catalog = real_catalog()
    extra = next(p for p in catalog.all_periods() if isinstance(p, ExtraRound))
    assert (
        "Ekstrarunden sommeren 2020 gjaldt 100 stillinger." in period_page(catalog, extra, []).body
    )
    one = extra.model_copy(update={"positions": 1})
    assert "Ekstrarunden sommeren 2020 gjaldt 1 stilling." in period_page(catalog, one, []).body
