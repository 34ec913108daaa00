"""The local server serves the feeds as text/calendar, on 127.0.0.1 only."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from lis1.build import Project
from lis1.serve import make_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = make_server(Project(ROOT), 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_feed_is_served_as_calendar(base_url: str) -> None:
    with urllib.request.urlopen(f"{base_url}/kalender/alle.ics") as response:
        assert response.headers["Content-Type"].startswith("text/calendar")
        assert response.read() == (ROOT / "calendars/alle.ics").read_bytes()


def test_index_lists_the_feeds(base_url: str) -> None:
    with urllib.request.urlopen(f"{base_url}/") as response:
        page = response.read().decode()
    assert 'lang="nb"' in page and "/kalender/svarfrist.ics" in page


def test_nothing_else_is_served(base_url: str) -> None:
    for path in ("/data/site/site.yaml", "/kalender/../README.md", "/finnes-ikke"):
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(f"{base_url}{path}")
        assert error.value.code == 404
        error.value.close()
