"""The static site's security headers: the local server sends them on every static answer, the
CSP covers every inline script of the built site and nothing inline that it would block, and
the CloudFront policy made from them sends the very same headers."""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lis1.http_headers import script_hash
from lis1.serve import LocalServer, make_server
from lis1.site.headers import (
    CSP_MAX_LENGTH,
    api_behaviour_headers,
    cloudfront_headers_config,
    forbidden_inline,
    inline_script_hashes,
    static_headers,
)

# Independent of the parser in lis1.site.headers: every <script> without src, JSON data aside.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[LocalServer]:
    running = make_server(built_site, 0)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    thread.join(timeout=5)


def directive(policy: str, name: str) -> list[str]:
    for part in policy.split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    raise AssertionError(f"{name} mangler i {policy}")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/frister/", 200),
        ("/search/search_index.json", 200),
        ("/assets/javascripts/workers/", 404),
        ("/kalender/alle.ics", 200),
        ("/finnes/ikke/", 404),
        ("/frister", 301),
    ],
)
def test_every_static_answer_has_the_headers(
    server: LocalServer, built_site: Path, path: str, status: int
) -> None:
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(server.origin + path)
    try:
        with opener.open(request) as response:
            got, headers = response.status, response.headers
    except urllib.error.HTTPError as error:
        with error:
            got, headers = error.code, error.headers
    assert got == status
    for name, value in static_headers(built_site).items():
        assert headers.get_all(name) == [value], name


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any) -> None:
        return None


def test_the_headers_are_the_ones_asked_for(built_site: Path) -> None:
    headers = static_headers(built_site)
    assert headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    policy = headers["Content-Security-Policy"]
    assert directive(policy, "default-src") == ["'self'"]
    assert directive(policy, "frame-ancestors") == ["'none'"]
    assert directive(policy, "object-src") == ["'none'"]
    assert directive(policy, "style-src") == ["'self'"]
    for name in ("connect-src", "base-uri", "form-action", "worker-src", "font-src"):
        assert directive(policy, name) == ["'self'"], name
    sources = directive(policy, "script-src")
    assert sources[0] == "'self'"
    assert all(s.startswith("'sha256-") for s in sources[1:])
    assert sources[1:] == sorted(set(sources[1:]))
    assert "unsafe" not in policy
    assert len(policy) <= CSP_MAX_LENGTH


def test_every_inline_script_of_the_built_site_is_allowed_by_its_hash(built_site: Path) -> None:
    allowed = set(directive(static_headers(built_site)["Content-Security-Policy"], "script-src"))
    found: set[str] = set()
    for page in built_site.rglob("*.html"):
        for attributes, body in INLINE_SCRIPT.findall(page.read_text("utf-8")):
            if "application/json" not in attributes:
                found.add(script_hash(body))
    assert found, "fant ingen innebygde skript: har temaet sluttet å lage dem?"
    assert found <= allowed, found - allowed
    assert allowed - {"'self'"} == found  # no hash for a script the site no longer has


def test_the_site_has_nothing_inline_that_the_policy_blocks(built_site: Path) -> None:
    assert forbidden_inline(built_site) == []


def test_scripts_are_found_as_the_browser_runs_them(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_bytes(
        b'<script>if (a < b) { x("</p>") }</script><script src="x.js"></script>'
        b'<script type="application/json">{"a": 1}</script><script type="module">m()</script>'
    )
    (tmp_path / "a" / "index.html").write_bytes(b"<SCRIPT>one()\r\ntwo()</SCRIPT><p onclick=x>")
    assert inline_script_hashes(tmp_path) == sorted(
        script_hash(s) for s in ['if (a < b) { x("</p>") }', "m()", "one()\ntwo()"]
    )
    assert forbidden_inline(tmp_path) == ["<p onclick>"]
    (tmp_path / "b.html").write_text('<div style="color: red"></div><style>p {}</style>')
    assert forbidden_inline(tmp_path) == ['<div style="color: red">', "<p onclick>", "<style>"]


def headers_from_cloudfront(config: dict[str, Any]) -> dict[str, str]:
    """What CloudFront sends for a policy with these properties (the documented mapping)."""
    security = config["SecurityHeadersConfig"]
    hsts = security["StrictTransportSecurity"]
    sent = {
        "Content-Security-Policy": security["ContentSecurityPolicy"]["ContentSecurityPolicy"],
        "Strict-Transport-Security": f"max-age={hsts['AccessControlMaxAgeSec']}"
        + ("; includeSubDomains" if hsts.get("IncludeSubdomains") else "")
        + ("; preload" if hsts.get("Preload") else ""),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": security["ReferrerPolicy"]["ReferrerPolicy"],
        "X-Frame-Options": security["FrameOptions"]["FrameOption"],
    }
    for item in config.get("CustomHeadersConfig", {}).get("Items", []):
        sent[item["Header"]] = item["Value"]
    return sent


def test_cloudfront_sends_the_same_headers_and_overrides_the_origin(built_site: Path) -> None:
    headers = static_headers(built_site)
    config = cloudfront_headers_config(headers)
    assert headers_from_cloudfront(config) == headers
    assert set(config) == {"SecurityHeadersConfig"}  # every header is a security header
    assert all(part["Override"] is True for part in config["SecurityHeadersConfig"].values())


def test_a_custom_header_goes_to_custom_headers_and_odd_values_are_refused() -> None:
    config = cloudfront_headers_config({"X-Frame-Options": "DENY", "Permissions-Policy": "x=()"})
    assert config["CustomHeadersConfig"] == {
        "Items": [{"Header": "Permissions-Policy", "Value": "x=()", "Override": True}]
    }
    with pytest.raises(ValueError, match="x-frame-options"):
        cloudfront_headers_config({"X-Frame-Options": "ALLOW-FROM https://x"})
    with pytest.raises(ValueError, match="Strict-Transport-Security"):
        cloudfront_headers_config({"Strict-Transport-Security": "max-age=1; bogus"})


def test_the_api_behaviour_has_the_headers_the_api_sets() -> None:
    from lis1.api.app import SECURITY_HEADERS

    headers = api_behaviour_headers()
    assert headers == SECURITY_HEADERS
    assert headers_from_cloudfront(cloudfront_headers_config(headers)) == headers
