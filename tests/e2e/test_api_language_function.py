"""The CloudFront Function in front of the API, run by a real JavaScript engine (Chromium's) on
CloudFront's event shape, as the site's function is: /en/api/... reaches the API as /api/...
with X-Lis1-Sprak: en; on /api/... a header the client sent is dropped; nothing else changes."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from lis1.deploy.api_function import CODE, HEADER


@pytest.fixture(scope="module")
def run(browser: Browser) -> Any:
    page: Page = browser.new_page()

    def call(uri: str, headers: dict[str, str] | None = None) -> Any:
        event = {
            "version": "1.0",
            "context": {"eventType": "viewer-request"},
            "request": {
                "method": "GET",
                "uri": uri,
                "querystring": {"a": {"value": "1"}},
                "headers": {k: {"value": v} for k, v in (headers or {}).items()},
                "cookies": {},
            },
        }
        return page.evaluate(f"(event) => {{ {CODE}\nreturn handler(event); }}", event)

    yield call
    page.close()


def test_english_api_addresses_reach_the_api_in_english(run: Any) -> None:
    answer = run("/en/api/varsler", {"accept": "text/html"})
    assert answer["uri"] == "/api/varsler"
    assert answer["headers"] == {"accept": {"value": "text/html"}, HEADER: {"value": "en"}}
    assert answer["querystring"] == {"a": {"value": "1"}}  # the query is left as it was
    assert run("/en/api")["uri"] == "/api"
    assert run("/en/api/ads/%C3%B8")["uri"] == "/api/ads/%C3%B8"
    assert run("/en/api/x", {HEADER: "nb"})["headers"][HEADER] == {"value": "en"}


def test_a_bokmal_address_stays_bokmal(run: Any) -> None:
    answer = run("/api/varsler", {HEADER: "en", "accept": "text/html"})
    assert answer["uri"] == "/api/varsler"
    assert answer["headers"] == {"accept": {"value": "text/html"}}
    assert run("/api/en/api/x")["uri"] == "/api/en/api/x"
    assert run("/enx/api/x")["headers"] == {}
