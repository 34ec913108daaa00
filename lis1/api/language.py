"""The language of a call, around every view: the address chooses it, nothing else.

The gateway in front of the API says ``X-Lis1-Sprak: en`` for an ``/en/api/...`` address
(:mod:`lis1.api.localized_links`). :func:`in_request_language` is the app's outermost middleware:
the view, and the errors made before it, run inside ``with locale(...)``; an English answer's
links lead to English pages; the shell's markers are filled; a page view remembers the choice
in the cookie ``lis1_sprak``. There is never a redirect by language (not by Accept-Language,
not by the cookie). A signed-in person's page view also records their language for their mails
(:func:`remember_page_language`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from ..i18n import SUPPORTED, locale
from ..services.language import remember_language
from ..services.ports.accounts import Session
from .deps import Deps
from .localized_links import localize_location, localized_page, request_language
from .pipeline import prefers_html, read_cookie

log = logging.getLogger("lis1.api")

Response = Any
"""Chalice's Response (headers, body, status_code): chalice is imported in views.py only."""


def request_address(request: Any) -> str:
    """The address the caller asked for (path and query), to come back to after signing in."""
    event = request.to_original_event()
    path = event.get("path") or request.context.get("path") or "/"
    query = event.get("multiValueQueryStringParameters") or {}
    pairs = [(name, value) for name, values in query.items() for value in values]
    return path + (f"?{urlencode(pairs)}" if pairs else "")


LANGUAGE_COOKIE = "lis1_sprak"
LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600


def remember_page_language(deps: Deps, session: Session, headers: dict[str, str]) -> None:
    """A signed-in person's page view records their language for mails. English views check
    the record (a read); bokmål ones only when the cookie says another language was chosen
    here, so the common bokmål view costs nothing. A failure costs the page nothing."""
    language = request_language(headers)
    if language == "nb" and read_cookie(headers.get("cookie"), LANGUAGE_COOKIE) in (None, "nb"):
        return
    try:
        remember_language(deps.store, session.subject, language, now=deps.clock.now())
    except Exception:
        log.exception("Språket for e-post ble ikke lagret")


def in_request_language(
    current: Callable[[], Deps],
) -> Callable[[Any, Callable[[Any], Response]], Response]:
    """Chalice middleware, outermost: the call runs in the language the gateway put in
    ``X-Lis1-Sprak``; an English answer's own links lead to English pages; a page's shell
    marker is filled (the language link) and a page view remembers the choice in the
    cookie ``lis1_sprak``. Never a redirect by language."""

    def middleware(event: Any, get_response: Callable[[Any], Response]) -> Response:
        headers = {k.lower(): v for k, v in (event.headers or {}).items()}
        language = request_language(headers)
        with locale(language):
            response = get_response(event)
        # A view may answer in another language than the address's (Content-Language): the
        # sign-in's callback, whose address is always bokmål.
        answered = str(response.headers.get("Content-Language", ""))
        language = answered if answered in SUPPORTED else language
        origin = current().config.public_origin
        if language != "nb":
            for name, value in list(response.headers.items()):
                if name.lower() == "location" and isinstance(value, str):
                    response.headers[name] = localize_location(value, origin)
        kind = str(response.headers.get("Content-Type", ""))
        if not (kind.startswith("text/html") and isinstance(response.body, str)):
            return response
        here = request_address(event)
        path, _sep, query = here.partition("?")
        response.body = localized_page(response.body, path=path, query=query, language=language)
        chosen = read_cookie(headers.get("cookie"), LANGUAGE_COOKIE)
        # Not on an answer a shared cache keeps: it would hand the cookie on with the page.
        public = "public" in str(response.headers.get("Cache-Control", ""))
        viewed = event.method == "GET" and response.status_code == 200 and prefers_html(headers)
        if viewed and chosen != language and not public:
            _add_cookie(response, _language_cookie(language))
        return response

    return middleware


def _language_cookie(language: str) -> str:
    return (
        f"{LANGUAGE_COOKIE}={language}; Path=/; Max-Age={LANGUAGE_COOKIE_SECONDS}; "
        "Secure; SameSite=Lax"
    )


def _add_cookie(response: Response, cookie: str) -> None:
    name = next((k for k in response.headers if k.lower() == "set-cookie"), "Set-Cookie")
    given = response.headers.get(name)
    cookies = [] if given is None else [given] if isinstance(given, str) else list(given)
    response.headers[name] = [*cookies, cookie]
