"""The site in English: every page in both languages at the same slug, the right ``lang`` and
``hreflang``, one language link to the counterpart, English pages that lead only to English pages
(the language link and the "Norwegian original" links excepted, marked ``hreflang="nb"``), two app
shells, and generated pages whose every text comes through the catalogue or the data's English."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

import lis1.i18n
import lis1.site.notes
import lis1.site.page_common
from lis1.catalog import Catalog, load_catalog
from lis1.catalog.translations import in_language
from lis1.feeds import published_feeds
from lis1.i18n import locale
from lis1.site.languages import LINK_MARKER, missing_counterparts
from lis1.site.pages import generated_pages

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "https://lis1.helsedirektoratet.no"
COUNTERPART_EXCEPTIONS: set[str] = set()
"""Pages that exist in one language only: none."""
SHARED = ("/assets/", "/kalender/", "/data/", "/search/")
"""Addresses that are files both languages share, not pages."""


class PageParts(HTMLParser):
    """What a built page says about its language: <html lang>, the hreflang alternates, the
    language link and every link."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.alternates: dict[str, str] = {}
        self.language_links: list[dict[str, str]] = []
        self.links: list[dict[str, str]] = []
        self._in_language_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.lang = values.get("lang", "")
        elif tag == "link" and values.get("rel") == "alternate" and "hreflang" in values:
            self.alternates[values["hreflang"]] = values["href"]
        elif tag == "a" and "href" in values:
            self.links.append(values)
            if "lis1-sprak__lenke" in values.get("class", ""):
                self.language_links.append({**values, "text": ""})
                self._in_language_link = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_language_link = False

    def handle_data(self, data: str) -> None:
        if self._in_language_link:
            self.language_links[-1]["text"] += data


def built_pages(site: Path) -> dict[str, Path]:
    """Address -> file of every page (``index.html`` and the two 404 pages)."""
    pages = {}
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        if rel.endswith("index.html"):
            pages["/" + rel.removesuffix("index.html")] = page
        elif rel.endswith("404.html"):
            pages["/" + rel] = page
    return pages


def parts(page: Path) -> PageParts:
    parser = PageParts()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def bokmal_address(address: str) -> str:
    return "/" + address.removeprefix("/en/") if address.startswith("/en/") else address


def test_every_page_exists_in_both_languages(built_site: Path) -> None:
    pages = built_pages(built_site)
    bokmal = {a for a in pages if not a.startswith("/en/")}
    english = {bokmal_address(a) for a in pages if a.startswith("/en/")}
    assert len(bokmal) > 20
    assert bokmal ^ english == COUNTERPART_EXCEPTIONS


def test_a_page_without_its_counterpart_is_found(tmp_path: Path) -> None:
    (tmp_path / "soke").mkdir()
    for name in ("index.md", "index.en.md", "soke/index.md", "om.en.md"):
        (tmp_path / name).write_text("x")
    assert missing_counterparts(tmp_path) == ["om.md", "soke/index.en.md"]


def test_lang_and_hreflang_of_every_page(built_site: Path) -> None:
    """``lang`` on every page; the counterparts for search engines in ``sitemap.xml``, not in
    the head: mkdocs-material fetches a ``sitemap.xml`` beside each ``<link rel="alternate">``,
    which for a page's own address fails (a 404 on every page view)."""
    sitemap = sitemap_alternates(built_site / "sitemap.xml")
    for address, page in built_pages(built_site).items():
        found = parts(page)
        english = address.startswith("/en/")
        assert found.lang == ("en" if english else "nb"), address
        assert found.alternates == {}, address
        if address.endswith("404.html"):
            continue
        base = bokmal_address(address)
        assert sitemap[PUBLIC + address] == {
            "nb": PUBLIC + base,
            "en": PUBLIC + ("/en" + base),
        }, address


def sitemap_alternates(path: Path) -> dict[str, dict[str, str]]:
    """Each address in the sitemap with its hreflang alternates (language -> address)."""
    names = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
    }
    return {
        url.findtext("s:loc", "", names): {
            link.attrib["hreflang"]: link.attrib["href"] for link in url.findall("x:link", names)
        }
        for url in ET.parse(path).getroot().findall("s:url", names)
    }


def test_one_language_link_to_the_counterpart(built_site: Path) -> None:
    for address, page in built_pages(built_site).items():
        found = parts(page)
        assert len(found.language_links) == 1, address
        link = found.language_links[0]
        if address.endswith("404.html"):
            continue  # the 404 pages lead to the other language's front page
        if address.startswith("/en/"):
            want = {"href": bokmal_address(address), "lang": "nb", "text": "Norsk (bokmål)"}
        else:
            want = {"href": "/en" + address, "lang": "en", "text": "English"}
        got = {"href": link["href"], "lang": link["lang"], "text": link["text"].strip()}
        assert got == want, address
        assert link["hreflang"] == want["lang"], address
        assert link["data-sprak"] == want["lang"], address


def leads_to_bokmal(page_address: str, href: str) -> bool:
    """Whether a link on a page leads to a bokmål page of the site or the API."""
    target = urlsplit(urljoin(PUBLIC + page_address, href))
    if f"{target.scheme}://{target.netloc}" != PUBLIC or href.startswith("#"):
        return False
    path = target.path
    if path.startswith("/en/") or path.startswith(SHARED):
        return False
    return not re.search(r"\.(?!html$)[a-z0-9]+$", path)


def test_english_pages_lead_to_english_pages(built_site: Path) -> None:
    checked = 0
    for address, page in built_pages(built_site).items():
        if not address.startswith("/en/"):
            continue
        for link in parts(page).links:
            checked += 1
            if leads_to_bokmal(address, link["href"]):
                assert link.get("hreflang") == "nb", (address, link["href"])
    assert checked > 1000


def test_english_pages_offer_the_english_calendars(built_site: Path) -> None:
    for slug in ("kalender", "frister/2024-host"):
        page = f"/en/{slug}/"
        feeds = [
            urlsplit(urljoin(PUBLIC + page, link["href"])).path
            for link in parts(built_site / "en" / slug / "index.html").links
            if link["href"].endswith(".ics")
        ]
        assert feeds, slug
        assert all(feed.startswith("/kalender/en/") for feed in feeds), feeds


def test_the_rule_for_links_into_bokmal() -> None:
    assert leads_to_bokmal("/en/soke/", "../../om/")
    assert leads_to_bokmal("/en/soke/", "/api/me")
    assert not leads_to_bokmal("/en/soke/", "/en/api/me")
    assert not leads_to_bokmal("/en/soke/", "../om/")
    assert not leads_to_bokmal("/en/kalender/", "../../kalender/alle.ics")
    assert not leads_to_bokmal("/en/soke/", "https://lovdata.no/")


def test_min_side_on_english_pages_is_the_english_one(built_site: Path) -> None:
    for address, page in built_pages(built_site).items():
        me = [link["href"] for link in parts(page).links if link["href"].endswith("api/me")]
        assert me, address
        assert set(me) == {"/en/api/me" if address.startswith("/en/") else "/api/me"}, address


def test_norwegian_original_links_on_english_pages_where_legal_wording_matters(
    built_site: Path,
) -> None:
    for slug in ("soke/regler", "laringsmal", "soke", "utlandet", "for-kommuner"):
        links = parts(built_site / "en" / slug / "index.html").links
        originals = [
            link
            for link in links
            if link.get("hreflang") == "nb" and "lis1-sprak" not in link.get("class", "")
        ]
        assert [link["href"] for link in originals] == [f"/{slug}/"], slug


def test_two_shells_with_markers(built_site: Path) -> None:
    shells = {
        name: (built_site.parent / name).read_text(encoding="utf-8")
        for name in ("shell.html", "shell.en.html")
    }
    for name, text in shells.items():
        found = PageParts()
        found.feed(text)
        english = name == "shell.en.html"
        assert found.lang == ("en" if english else "nb"), name
        assert found.alternates == {}, name
        assert [link["href"] for link in found.language_links] == [LINK_MARKER], name
        if english:
            pages = [
                link["href"] for link in found.links if leads_to_bokmal("/en/x/", link["href"])
            ]
            assert pages == [], pages
    inline = re.compile(r"<script>(.*?)</script>", re.S)
    # lis1.web.render.shell_script_hashes reads shell.html: the English shell may run no other.
    assert inline.findall(shells["shell.en.html"]) == inline.findall(shells["shell.html"])


# --- every text of a generated English page comes through the catalogue or the data ----------


class Pseudo:
    """An "English" catalogue that marks every text it translates."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"⟦{singular if n == 1 else plural}⟧"


@pytest.fixture
def pseudo_english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """English pages made with the pseudo catalogue, and with the data's texts marked the same
    way (whether the data has its English is tests/unit/test_data_translations.py's concern)."""
    real = lis1.i18n.translations

    def translations(name: str) -> Any:
        return Pseudo() if name == "en" else real(name)

    def localized(item: Any, field: str) -> Any:
        value = in_language(item, field, "en")
        if isinstance(value, str):
            return f"⟦{value}⟧"
        if isinstance(value, list):
            return [f"⟦{v}⟧" for v in value]
        return value

    monkeypatch.setattr(lis1.i18n, "translations", translations)
    for module in (lis1.site.page_common, lis1.site.notes):
        monkeypatch.setattr(module, "localized", localized)
    with locale("en"):
        yield


def catalog() -> Catalog:
    result = load_catalog(ROOT / "data")
    assert result.catalog is not None
    return result.catalog


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]
MONTHS += ["September", "October", "November", "December"]
ALLOWED_WORDS = {
    *WEEKDAYS,
    *MONTHS,
    *["at", "Norwegian", "time"],  # lis1.wording: "at 23:59 (Norwegian time)"
    *["info", "note", "warning"],  # admonition kinds
    "ics",
    "LIS",  # LIS1
    "FKMS",
    "FKMK",
}
"""Words a generated English page may show without the catalogue: dates as lis1.wording words
them, Markdown's own keywords, file kinds and codes."""


def unmarked_text(markdown: str, names: list[str]) -> str:
    """What is left of a page when the catalogue's and the data's texts, markup, addresses,
    quotations marked ``lang="nb"``, links to other sites and the organisations' names are taken
    out."""
    text = re.sub(r'<span lang="nb">.*?</span>', "", markdown, flags=re.S)
    while "⟦" in text:
        shorter = re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
        if shorter == text:
            break
        text = shorter
    text = re.sub(r"\[[^\]]*\]\(https?://[^)]*\)", " ", text)  # sources: titles of documents
    text = re.sub(r"<[^>]+>|\]\([^)]*\)|\{#[^}]*\}|^---.*?---", " ", text, flags=re.S)
    for name in names:
        text = text.replace(name, " ")
    return text


def test_generated_english_pages_say_only_what_is_translated(pseudo_english: None) -> None:
    data = catalog()
    feeds = published_feeds(data)  # named by lis1.feeds, in the current language
    names = [o.name for o in data.organisations] + [f.name for f in feeds]
    names += [f.description for f in feeds]
    names.sort(key=len, reverse=True)
    pages = generated_pages(data, [])
    assert len(pages) > 15
    for page in pages:
        assert page.language == "en" and page.source.endswith(".en.md"), page.path
        left = unmarked_text(page.markdown(), names)
        words = set(re.findall(r"[^\W\d_]{2,}", left))
        assert words <= ALLOWED_WORDS, (page.path, sorted(words - ALLOWED_WORDS))
