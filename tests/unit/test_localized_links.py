"""An English answer's own links lead to English pages: every same-origin address of every
template and of the site's shell, rewritten by the one function that does it; assets, files,
feeds and the API's keys keep theirs. The shell's markers name the page's counterpart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lis1.api.localized_links import (
    english_address,
    fill_markers,
    localize_html,
    localize_location,
    page_address,
    request_language,
)

WEB = Path(__file__).resolve().parents[2] / "lis1" / "web"
LINK = re.compile(r'\s(?:href|action|formaction)="([^"]*)"')


def template_addresses() -> list[str]:
    """The fixed start of every same-origin href and action in the templates and the shell."""
    found: set[str] = set()
    for file in [*WEB.glob("templates/*.html"), *WEB.glob("shell/*.html")]:
        for value in LINK.findall(file.read_text("utf-8")):
            fixed = value.split("{", 1)[0]
            if fixed.startswith("/") and not fixed.startswith("//"):
                found.add(fixed)
    return sorted(found)


def test_the_templates_have_links_to_check() -> None:
    found = template_addresses()
    assert len(found) > 50
    assert "/api/varsler" in found and "/api/.well-known/jwks.json" in found


@pytest.mark.parametrize("address", template_addresses())
def test_every_template_link_is_english_or_not_a_page(address: str) -> None:
    english = english_address(address)
    path = address.split("?", 1)[0].split("#", 1)[0]
    last = path.rsplit("/", 1)[-1]
    kept = (
        path.startswith(("/assets/", "/api/.well-known/", "/data/", "/search/"))
        or path.endswith(".ics")
        or (not path.startswith("/api/") and "." in last)
    )
    if kept or path == "/en" or path.startswith("/en/"):  # the English shell's own links
        assert english == address
    else:
        assert english.startswith("/en/")
        assert english.removeprefix("/en").split("?")[0].split("#")[0] == path
    assert not english.startswith("/en/en")


@pytest.mark.parametrize(
    ("address", "english"),
    [
        ("/api/varsler", "/en/api/varsler"),
        ("/api/hf/runder?periode=2024-var", "/en/api/hf/runder?periode=2024-var"),
        ("/api/portefolje/mal#mal-3", "/en/api/portefolje/mal#mal-3"),
        ("/", "/en/"),
        ("/frister/", "/en/frister/"),
        ("/en/frister/", "/en/frister/"),
        ("/en/api/me", "/en/api/me"),
        ("/assets/lis1.css", "/assets/lis1.css"),
        ("/kalender/alle.ics", "/kalender/alle.ics"),
        ("/sitemap.xml", "/sitemap.xml"),
        ("/api/.well-known/jwks.json", "/api/.well-known/jwks.json"),
        ("/api/kalender/abc.ics", "/api/kalender/abc.ics"),
        ("https://lovdata.no/x", "https://lovdata.no/x"),
        ("//evil.example/api/x", "//evil.example/api/x"),
        ("#innhold", "#innhold"),
        ("?format=pdf", "?format=pdf"),
        ("mailto:a@b.no", "mailto:a@b.no"),
        (
            "/api/auth/login?return_to=/api/ads/x",
            "/en/api/auth/login?return_to=/en/api/ads/x",
        ),
        ("/api/auth/login?return_to=%2Fmin-side%2F", "/en/api/auth/login?return_to=/en/min-side/"),
    ],
)
def test_english_address(address: str, english: str) -> None:
    assert english_address(address) == english


def test_html_attributes_and_location() -> None:
    html = (
        '<a href="/api/me">x</a> <form action="/api/varsler" method="post">'
        '<link href="/assets/app.css"><a href="/api/ads?a=1&amp;b=2">y</a>'
        '<a href="https://example.org/api/me">z</a><p>href="/api/me" as text</p>'
    )
    localized = localize_html(html)
    assert '<a href="/en/api/me">' in localized
    assert 'action="/en/api/varsler"' in localized
    assert 'href="/assets/app.css"' in localized
    assert 'href="/en/api/ads?a=1&amp;b=2"' in localized
    assert 'href="https://example.org/api/me"' in localized
    assert '<p>href="/api/me" as text</p>' in localized  # not an attribute
    origin = "https://lis1.example"
    assert localize_location("/api/tilbud?melding=x", origin) == "/en/api/tilbud?melding=x"
    assert localize_location(f"{origin}/api/me", origin) == f"{origin}/en/api/me"
    assert localize_location("https://helseid.example/connect", origin).startswith("https://h")


def test_the_language_comes_from_the_gateway_header_only() -> None:
    assert request_language({"x-lis1-sprak": "en"}) == "en"
    assert request_language({"x-lis1-sprak": " EN "}) == "en"
    assert request_language({"x-lis1-sprak": "de"}) == "nb"
    assert request_language({"accept-language": "en-GB,en"}) == "nb"
    assert request_language({}) == "nb"


def test_the_marker_names_the_counterpart() -> None:
    shell = (
        '<html lang="nb" class="no-js"><head></head>'
        '<a href="LIS1SPRAKLENKE" lang="en" hreflang="en">English</a>'
    )
    here = page_address("/api/ads", "periode=2024-var&x=%C3%B8")
    english = fill_markers(shell, here=here, language="en")
    assert english.startswith('<html lang="en"')
    assert 'href="/api/ads?periode=2024-var&amp;x=%C3%B8" lang="en"' in english
    bokmal = fill_markers(shell, here=here, language="nb")
    assert bokmal.startswith('<html lang="nb"')
    assert 'href="/en/api/ads?periode=2024-var&amp;x=%C3%B8" lang="en"' in bokmal
    assert "LIS1" not in bokmal.replace("LIS1SPRAK", "")  # every marker filled
    assert page_address("/api/ads/æ", "") == "/api/ads/%C3%A6"
