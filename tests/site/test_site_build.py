"""The built site: every page from data is there, with the data's dates, and nothing external."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from lis1.catalog import load_catalog, timeline

ROOT = Path(__file__).resolve().parents[2]


class TimeTags(HTMLParser):
    """Collects the datetime of the <time> inside each <span data-deadline="…">."""

    def __init__(self) -> None:
        super().__init__()
        self.deadline: str | None = None
        self.depth = 0
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "span" and "data-deadline" in values:
            self.deadline, self.depth = values["data-deadline"], 0
        if tag == "span" and self.deadline:
            self.depth += 1
        elif tag == "time" and self.deadline:
            self.found[self.deadline] = values.get("datetime") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.deadline:
            self.depth -= 1
            if self.depth == 0:
                self.deadline = None


def test_every_date_on_a_period_page_equals_the_data(built_site: Path) -> None:
    catalog = load_catalog(ROOT / "data").catalog
    assert catalog is not None
    for period in catalog.all_periods():
        page = (built_site / "frister" / period.id / "index.html").read_text(encoding="utf-8")
        parser = TimeTags()
        parser.feed(page)
        expected = {d.key: d.day.isoformat() for d in timeline(period) if d.day is not None}
        assert parser.found == expected, period.id
        unpublished = [d for d in timeline(period) if d.day is None]
        assert page.count("ikke publisert") >= len(unpublished)


def test_every_page_says_when_it_was_updated(built_site: Path) -> None:
    pages = sorted(built_site.rglob("index.html"))
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        # "Sist oppdatert: …", or in the page's language ("Last updated: …" under /en/)
        updated = (
            r'class="md-source-file lis1-updated">\s*<p>[^<:]+: <time datetime="\d{4}-\d{2}-\d{2}">'
        )
        assert re.search(updated, text), page


def test_no_third_party_addresses_in_pages(built_site: Path) -> None:
    allowed = ("https://lis1.helsedirektoratet.no", "webcal://lis1.helsedirektoratet.no")
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r'(?:src|href)="((?:https?:)?//[^"]+)"', text):
            url = match.group(1)
            # Links people follow (sources, Lovdata) are fine; loaded resources are not.
            assert 'src="' not in match.group(0) or url.startswith(allowed), (page, url)
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_feeds_and_json_are_published(built_site: Path) -> None:
    assert (built_site / "kalender" / "alle.ics").read_bytes() == (
        ROOT / "calendars" / "alle.ics"
    ).read_bytes()
    assert (built_site / "data" / "frister.json").is_file()
    assert (built_site / "data" / "lis1.json").is_file()
