"""The local server: the built site on 127.0.0.1, feeds as text/calendar, /api/ reserved."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from lis1.serve import make_server


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("site")
    (site / "kalender").mkdir()
    (site / "kalender" / "alle.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    (site / "index.html").write_text("<!doctype html><title>Forside</title>")
    (site / "404.html").write_text("<!doctype html><title>Fant ikke siden</title>")
    (site.parent / "hemmelig.txt").write_text("ikke for nettet")
    server = make_server(site, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers["Content-Type"], error.read()


def test_feed_is_served_as_calendar(base_url: str) -> None:
    status, kind, body = fetch(f"{base_url}/kalender/alle.ics")
    assert (status, kind) == (200, "text/calendar; charset=utf-8")
    assert body.startswith(b"BEGIN:VCALENDAR")


def test_front_page(base_url: str) -> None:
    status, kind, _ = fetch(f"{base_url}/")
    assert (status, kind) == (200, "text/html; charset=utf-8")


def test_unknown_and_outside_paths_get_the_sites_404_page(base_url: str) -> None:
    for path in ("/finnes-ikke/", "/../hemmelig.txt", "/kalender/../../hemmelig.txt"):
        status, _, body = fetch(f"{base_url}{path}")
        assert status == 404
        assert b"Fant ikke siden" in body


def test_api_is_reserved_with_a_norwegian_error(base_url: str) -> None:
    status, kind, body = fetch(f"{base_url}/api/health")
    assert status == 501 and kind.startswith("application/json")
    assert json.loads(body)["code"] == "api_ikke_tilgjengelig"
