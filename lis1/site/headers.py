"""The static site's security headers: the one source for ``make serve`` and for CloudFront.

In AWS the built site is served from S3 through CloudFront, whose response headers policy adds
these headers; locally :mod:`lis1.serve` sends them itself. Both take them from
:func:`static_headers`, so the browser tests, which fail on any console error, meet the same
Content-Security-Policy the public will. The policy allows scripts from the site's own origin
and, inline, exactly the scripts the theme wrote into the built pages (by their sha256 hash,
collected here from the built HTML); the hashes change when the site is rebuilt, so the policy
is computed from the built folder, never written by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..http_headers import BASE_HEADERS, api_headers, page_policy, script_hash
from ..web.render import shell_script_hashes

CSP_MAX_LENGTH = 1783
"""CloudFront's quota for the Content-Security-Policy value of a response headers policy."""

# A <script> whose type is none of these (nor empty) is a data block, never run, so the policy
# needs no hash for it: mkdocs-material's <script id="__config" type="application/json">.
_RUN_TYPES = {
    "module",
    "importmap",
    "speculationrules",
    *(
        f"{kind}/{name}"
        for kind in ("text", "application")
        for name in ("javascript", "ecmascript", "x-javascript", "x-ecmascript")
    ),
    "text/jscript",
    "text/livescript",
    *(f"text/javascript1.{n}" for n in range(6)),
}


class _InlineParts(HTMLParser):
    """Collects, from one page, the inline scripts that run and what a strict policy forbids
    beyond scripts: ``style`` attributes and <style> elements, ``on…=`` handlers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.handlers: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name: value or "" for name, value in attrs}
        self.handlers += [f"<{tag} {name}>" for name in names if name.startswith("on")]
        if "style" in names:
            self.styles.append(f'<{tag} style="{names["style"]}">')
        if tag == "style":
            self.styles.append("<style>")
        runs = names.get("type", "").strip().lower() in {"", *_RUN_TYPES}
        if tag == "script" and "src" not in names and runs:
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)  # the parser may hand a script over in pieces

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def _pages(site: Path) -> Iterator[_InlineParts]:
    for page in sorted(site.rglob("*.html")):
        parts = _InlineParts()
        # The browser hashes the script as parsed: HTML turns CR LF and CR into LF first.
        parts.feed(page.read_text("utf-8").replace("\r\n", "\n").replace("\r", "\n"))
        parts.close()
        yield parts


def inline_scripts(site: Path) -> list[str]:
    """Every distinct inline script that runs in the built site, sorted."""
    return sorted({script for parts in _pages(site) for script in parts.scripts})


def inline_script_hashes(site: Path) -> list[str]:
    """The CSP sources for :func:`inline_scripts`, sorted (stable output for a stable site)."""
    return sorted({script_hash(script) for script in inline_scripts(site)})


def forbidden_inline(site: Path) -> list[str]:
    """What the built site has inline that the policy would block: ``style`` attributes and
    elements (style-src has no 'unsafe-inline') and event handler attributes (no
    'unsafe-hashes'). Empty for the site as built; the tests say so."""
    return sorted({item for p in _pages(site) for item in [*p.styles, *p.handlers]})


def static_headers(site: Path) -> dict[str, str]:
    """The security headers of every response of the static site built into ``site``."""
    policy = page_policy(inline_script_hashes(site))
    if len(policy) > CSP_MAX_LENGTH:
        raise ValueError(
            f"Content-Security-Policy er {len(policy)} tegn; CloudFront tar høyst "
            f"{CSP_MAX_LENGTH}. For mange ulike innebygde skript i nettstedet?"
        )
    return {**BASE_HEADERS, "Content-Security-Policy": policy}


def api_behaviour_headers() -> dict[str, str]:
    """The security headers of ``/api/*``: those the API sets on every response itself."""
    return api_headers(shell_script_hashes())


# CloudFront sets these through SecurityHeadersConfig; every other header is a custom header.
_SECURITY = {
    "content-security-policy",
    "strict-transport-security",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
}
_REFERRER_POLICIES = {
    "no-referrer",
    "no-referrer-when-downgrade",
    "origin",
    "origin-when-cross-origin",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
    "unsafe-url",
}


def cloudfront_headers_config(headers: Mapping[str, str]) -> dict[str, Any]:
    """``headers`` as the ``SecurityHeadersConfig`` and ``CustomHeadersConfig`` properties of an
    AWS::CloudFront::ResponseHeadersPolicy's ``ResponseHeadersPolicyConfig``, every header with
    Override true (the policy's value wins over the origin's). ``CustomHeadersConfig`` is left
    out when every header is a security header. A value CloudFront cannot express (an
    X-Content-Type-Options other than nosniff, say) is refused, never silently changed."""
    by_name = {name.lower(): value for name, value in headers.items()}
    security: dict[str, Any] = {}
    if "content-security-policy" in by_name:
        security["ContentSecurityPolicy"] = {
            "ContentSecurityPolicy": by_name["content-security-policy"],
            "Override": True,
        }
    if "strict-transport-security" in by_name:
        security["StrictTransportSecurity"] = _hsts(by_name["strict-transport-security"])
    if "x-content-type-options" in by_name:
        _expect(by_name, "x-content-type-options", {"nosniff"})
        security["ContentTypeOptions"] = {"Override": True}
    if "referrer-policy" in by_name:
        _expect(by_name, "referrer-policy", _REFERRER_POLICIES)
        security["ReferrerPolicy"] = {
            "ReferrerPolicy": by_name["referrer-policy"],
            "Override": True,
        }
    if "x-frame-options" in by_name:
        _expect(by_name, "x-frame-options", {"DENY", "SAMEORIGIN"})
        security["FrameOptions"] = {"FrameOption": by_name["x-frame-options"], "Override": True}
    config: dict[str, Any] = {"SecurityHeadersConfig": security}
    custom = [
        {"Header": name, "Value": value, "Override": True}
        for name, value in headers.items()
        if name.lower() not in _SECURITY
    ]
    if custom:
        config["CustomHeadersConfig"] = {"Items": custom}
    return config


def _expect(headers: Mapping[str, str], name: str, allowed: Iterable[str]) -> None:
    if headers[name] not in allowed:
        raise ValueError(f"CloudFront kan ikke sende {name}: {headers[name]}")


def _hsts(value: str) -> dict[str, Any]:
    parts = [part.strip() for part in value.split(";") if part.strip()]
    flags = {part.lower() for part in parts[1:]}
    name, _sep, age = parts[0].partition("=")
    if name.strip().lower() != "max-age" or not age.strip().isdigit():
        raise ValueError(f"Strict-Transport-Security uten max-age først: {value}")
    if not flags <= {"includesubdomains", "preload"}:
        raise ValueError(f"CloudFront kan ikke sende Strict-Transport-Security: {value}")
    return {
        "AccessControlMaxAgeSec": int(age),
        "IncludeSubdomains": "includesubdomains" in flags,
        "Preload": "preload" in flags,
        "Override": True,
    }
