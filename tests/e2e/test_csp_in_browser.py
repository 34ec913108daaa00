"""The static site under its real Content-Security-Policy in Chromium: the policy arrives with
the page, and the theme's search (a web worker reading the search index) still works under it,
with no console error (a CSP violation is one)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import expect

if TYPE_CHECKING:
    from conftest import WatchedPage  # tests/e2e/conftest.py; fixtures hand out its objects


def test_a_site_page_arrives_with_its_policy(page: WatchedPage, site_url: str) -> None:
    response = page.goto(site_url + "frister/")
    assert response is not None and response.status == 200
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "'sha256-" in policy
    assert response.headers["strict-transport-security"].startswith("max-age=63072000")
    assert page.console_errors == []


def test_search_works_under_the_policy(page: WatchedPage, site_url: str) -> None:
    page.goto(site_url)
    query = page.locator("input.md-search__input")
    query.click()
    query.press_sequentially("frist")  # the theme searches on key presses, not on fill()
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=10_000)
    assert page.console_errors == []
    assert page.external_requests == []
