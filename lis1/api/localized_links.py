"""The one place that points an answer's own links at the pages in the answer's language.

The API always sees bokmål addresses (``/api/...``): in front of it, the gateway (locally
:mod:`lis1.serve`, deployed a CloudFront function) strips ``/en`` from ``/en/api/...`` and says
``X-Lis1-Sprak: en``. Templates and handlers therefore write bokmål addresses only, and an
English answer is rewritten here: every same-origin ``href`` and ``action`` and the Location
header go to their ``/en/`` counterparts (``/api/x`` → ``/en/api/x``, a site page ``/x/`` →
``/en/x/``), a ``return_to`` inside such an address too, so signing in comes back in English.
What is not a page keeps its address: assets, files (``.ics``, ``.json``, ``.pdf`` on the
site), the API's ``/.well-known/`` keys and feeds.

The site's shell carries a marker the API fills for the page at hand: ``LIS1SPRAKLENKE``, the
language link (the other language's address of this page).
"""

from __future__ import annotations

import re
from html import escape, unescape
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from ..i18n import DEFAULT_LOCALE, SUPPORTED

LANGUAGE_HEADER = "x-lis1-sprak"
"""Set only by the gateway in front of the API, from the address (never from the client)."""
ENGLISH_PREFIX = "/en"
LANGUAGE_LINK = "LIS1SPRAKLENKE"

NOT_PAGES = ("/assets/", "/data/", "/search/", "/api/.well-known/", "/dev-issuer/")
"""Prefixes of addresses that are the same in every language (the local sign-in, on the same
origin under `make serve`, picks its language from ``ui_locales``, as HelseID does)."""
FEED_SUFFIX = ".ics"
_ATTRIBUTE = re.compile(r'(\s(?:href|action|formaction)=")([^"]*)(")')
_HTML_LANG = re.compile(r'<html lang="[a-zA-Z-]+"')


def request_language(headers: dict[str, str]) -> str:
    """The language the gateway chose from the address: ``en`` or the default."""
    sent = headers.get(LANGUAGE_HEADER, "").strip().lower()
    return sent if sent in SUPPORTED else DEFAULT_LOCALE


def is_english_address(address: str) -> bool:
    return address == ENGLISH_PREFIX or address.startswith(ENGLISH_PREFIX + "/")


def english_address(address: str) -> str:
    """The English counterpart of a same-origin address; any other address as it is."""
    if not address.startswith("/") or address.startswith("//") or is_english_address(address):
        return address
    parts = urlsplit(address)
    path = parts.path
    if path.startswith(NOT_PAGES) or path.endswith(FEED_SUFFIX):
        return address
    if not path.startswith("/api/") and "." in path.rsplit("/", 1)[-1]:
        return address  # a file of the site (a feed, the sitemap, a PDF)
    query = parts.query
    if "return_to=" in query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode(
            [(k, english_address(v) if k == "return_to" else v) for k, v in pairs],
            safe="/",
        )
    return (
        ENGLISH_PREFIX
        + path
        + (f"?{query}" if query else "")
        + (f"#{parts.fragment}" if parts.fragment else "")
    )


def localize_location(location: str, origin: str) -> str:
    """A Location header in an English answer (relative or on ``origin``)."""
    if origin and location.startswith(origin + "/"):
        return origin + english_address(location[len(origin) :])
    return english_address(location)


def localize_html(html: str) -> str:
    """Every same-origin ``href``/``action`` of an English page pointed at its English page."""

    def one(match: re.Match[str]) -> str:
        raw = match.group(2)
        value = unescape(raw)
        changed = english_address(value)
        return match.group(1) + (raw if changed == value else escape(changed)) + match.group(3)

    return _ATTRIBUTE.sub(one, html)


def page_address(path: str, query: str) -> str:
    """A path as the API saw it (percent-decoded) and its query, as an href."""
    safe_path = quote(path, safe="/:@!$&'()*+,;=-._~")
    return safe_path + (f"?{query}" if query else "")


def fill_markers(html: str, *, here: str, language: str) -> str:
    """The shell's marker for the page at ``here`` (its bokmål address, path and query): the
    language link to the other language's page; and ``<html lang>`` (right even while a bokmål
    shell stands in for the English one)."""
    bokmal, english = here, ENGLISH_PREFIX + here
    other = bokmal if language == "en" else english
    html = html.replace(LANGUAGE_LINK, escape(other))
    return _HTML_LANG.sub(f'<html lang="{language}"', html, count=1)


def localized_page(html: str, *, path: str, query: str, language: str) -> str:
    """A page in the shell, ready for ``language``: its own links lead to that language's pages
    and its markers are filled for the page at ``path`` and ``query``."""
    body = localize_html(html) if language != DEFAULT_LOCALE else html
    return fill_markers(body, here=page_address(path, query), language=language)
