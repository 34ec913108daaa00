"""The CloudFront Function in front of the site bucket, run by a real JavaScript engine
(Chromium's) on CloudFront's event shapes: pages get index.html, a folder without its slash is
led to it with the query kept, an unknown page gets the 404 page with status 404, files and
the API pass untouched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from lis1.deploy.site_function import function_code


@pytest.fixture(scope="module")
def run(browser: Browser, built_site: Path) -> Any:
    page: Page = browser.new_page()
    code = function_code(built_site)

    def call(event_type: str, uri: str, query: dict[str, Any] | None = None) -> Any:
        event = {
            "version": "1.0",
            "context": {"eventType": event_type},
            "request": {"method": "GET", "uri": uri, "querystring": query or {}, "headers": {}},
            "response": {"statusCode": 200, "statusDescription": "OK", "headers": {}},
        }
        return page.evaluate(f"(event) => {{ {code}\nreturn handler(event); }}", event)

    yield call
    page.close()


def test_pages_folders_and_files(run: Any) -> None:
    assert run("viewer-request", "/")["uri"] == "/index.html"
    assert run("viewer-request", "/frister/")["uri"] == "/frister/index.html"
    assert run("viewer-request", "/assets/stylesheets/x.css")["uri"] == "/assets/stylesheets/x.css"
    assert run("viewer-request", "/kalender/alle.ics")["uri"] == "/kalender/alle.ics"


def test_a_folder_without_its_slash_is_led_to_it_with_the_query(run: Any) -> None:
    answer = run("viewer-request", "/frister", {"a": {"value": "1"}, "b": {"value": ""}})
    assert answer["statusCode"] == 301
    assert answer["headers"]["location"]["value"] == "/frister/?a=1&b"


def test_an_unknown_page_is_the_404_page_with_status_404(run: Any) -> None:
    for uri in ("/finnes-ikke/", "/finnes-ikke", "/frister/1999-host/"):
        assert run("viewer-request", uri)["uri"] == "/404.html"
        assert run("viewer-response", uri)["statusCode"] == 404
    for uri in ("/en/finnes-ikke/", "/en/finnes-ikke", "/en/frister/1999-host/"):
        assert run("viewer-request", uri)["uri"] == "/en/404.html"
        assert run("viewer-response", uri)["statusCode"] == 404
    assert run("viewer-response", "/en/404.html")["statusCode"] == 404
    assert run("viewer-request", "/en/frister/")["uri"] == "/en/frister/index.html"
    assert run("viewer-response", "/frister/")["statusCode"] == 200
    assert run("viewer-response", "/assets/x.js")["statusCode"] == 200
