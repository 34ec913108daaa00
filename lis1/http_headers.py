"""The security headers every response shares, and how a Content-Security-Policy is written.

One low module, importing nothing of the project, so both the API (``lis1.api``) and the static
site's headers (``lis1.site.headers``, which CloudFront's response headers policy is generated
from) take the same values from here: the import layers let ``lis1.site`` use ``lis1.api`` but
not the other way round, so the shared part cannot live in either of them.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Mapping, Sequence

HSTS_MAX_AGE = 63072000
"""Two years, in seconds: the Strict-Transport-Security max-age."""

BASE_HEADERS: Mapping[str, str] = {
    # Browsers ignore HSTS received over plain HTTP (RFC 6797 §8.1), so sending it from the
    # local server changes nothing there, and makes it answer as CloudFront does.
    "Strict-Transport-Security": f"max-age={HSTS_MAX_AGE}; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
"""Sent on every response of the site and the API."""


def script_hash(source: str) -> str:
    """The CSP source that allows exactly the inline script (or style) ``source``."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(directives: Mapping[str, Sequence[str]]) -> str:
    """``{"script-src": ["'self'"], ...}`` as a header value, in the order given."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def page_policy(script_hashes: Iterable[str]) -> str:
    """The Content-Security-Policy of every page, static or from the API: our own origin only,
    and inline exactly the scripts ``script_hashes`` allows."""
    return content_security_policy(
        {
            "default-src": ["'self'"],
            "script-src": ["'self'", *script_hashes],
            # No 'unsafe-inline': the theme writes no style attribute or <style> element into
            # the pages, and its script styles elements through the CSSOM (el.style.top = …,
            # style.setProperty), which a policy does not restrict. The tests check the site.
            "style-src": ["'self'"],
            # The theme's stylesheet draws its icons from data: SVGs (mask-image: url(data:…)),
            # which img-src governs.
            "img-src": ["'self'", "data:"],
            "font-src": ["'self'"],
            "connect-src": ["'self'"],  # the search index, data/frister.json, /api/me
            "worker-src": ["'self'"],  # the search runs in a worker from assets/javascripts
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
        }
    )


def api_headers(shell_script_hashes: Iterable[str]) -> dict[str, str]:
    """The headers the API sets on its responses (its pages extend the site's shell, whose few
    inline theme scripts ``shell_script_hashes`` allows, and nothing else inline)."""
    return {**BASE_HEADERS, "Content-Security-Policy": page_policy(shell_script_hashes)}
