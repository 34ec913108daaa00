"""The site in two languages: bokmål at ``/`` (authoritative) and English at ``/en/``.

mkdocs-static-i18n builds each page from ``page.md`` (bokmål) and ``page.en.md`` (English), at
the same slug. This module holds what the build and the theme need to know about that: the file
name of a page in a language, which pages lack their counterpart (a build error: the site never
shows a bokmål page under ``/en/``), and, per built page, the one language link in the header. The
app shell gets a marker instead of the address, which the API fills with the counterpart of the
page it renders.

Search engines learn the counterparts from ``sitemap.xml`` (mkdocs-static-i18n writes each page's
``hreflang`` alternates there), not from ``<link rel="alternate">`` in the head: mkdocs-material's
script fetches a ``sitemap.xml`` beside every such link's address (meant for its own language
menu), which for a page's own address is a request that can only fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

DEFAULT = "nb"
ENGLISH = "en"
LANGUAGES = (DEFAULT, ENGLISH)
NAMES = {DEFAULT: "Norsk (bokmål)", ENGLISH: "English"}
"""Each language by its own name: the language link is read by someone who may not know the
page's language, so these are never translated."""

LINK_MARKER = "LIS1SPRAKLENKE"
"""In the app shell, the language link's href; the API puts the counterpart's address there."""
COOKIE = "lis1_sprak"


def source_name(path: str, language: str) -> str:
    """``soke/index.md`` in ``language``: itself in bokmål, ``soke/index.en.md`` in English."""
    if language == DEFAULT:
        return path
    pure = PurePosixPath(path)
    return pure.with_name(f"{pure.stem}.{language}{pure.suffix}").as_posix()


def language_of(path: str) -> str:
    """The language of a Markdown source by its suffix (``x.en.md`` English, else bokmål)."""
    suffixes = PurePosixPath(path).suffixes
    return suffixes[-2].lstrip(".") if len(suffixes) > 1 and suffixes[-2] == ".en" else DEFAULT


def missing_counterparts(sources: Path) -> list[str]:
    """Every Markdown page under ``sources`` whose other-language file is missing, as the
    missing file's path (e.g. ``om.en.md``); empty when each page exists in both languages."""
    pages = {p.relative_to(sources).as_posix() for p in sources.rglob("*.md")}
    missing = []
    for page in sorted(pages):
        language = language_of(page)
        base = page if language == DEFAULT else page.replace(f".{language}.md", ".md")
        for other in LANGUAGES:
            if other != language and source_name(base, other) not in pages:
                missing.append(source_name(base, other))
    return sorted(set(missing))


@dataclass(frozen=True)
class LanguageLinks:
    """What the theme shows for one page: its language and the one link to the other language."""

    language: str
    other: str
    label: str
    href: str


def language_links(page: Any, config: Any) -> LanguageLinks:
    """The links for a built page (``page.file.alternates`` comes from mkdocs-static-i18n) or,
    with no page (the 404 page), for the site's front page in the language being built."""
    language = str(config.theme["language"])
    other = ENGLISH if language == DEFAULT else DEFAULT
    if page is not None and page.meta.get("app_shell"):
        return LanguageLinks(language, other, NAMES[other], LINK_MARKER)
    root = urlsplit(str(config.site_url or "/")).path.rstrip("/") + "/"
    alternates = getattr(getattr(page, "file", None), "alternates", None) or {}
    href = root + _url(alternates[other]) if other in alternates else _home(root, other)
    return LanguageLinks(language, other, NAMES[other], href)


def _url(file: Any) -> str:
    url = str(file.url)
    return "" if url in ("./", ".") else url


def _home(root: str, language: str) -> str:
    return root if language == DEFAULT else f"{root}{language}/"
