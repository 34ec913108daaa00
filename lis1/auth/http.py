"""The one small HTTP port sign-in needs: fetch JSON, post a form and read JSON back.

It exists so the OIDC client and the token verifier never open sockets themselves: production
uses :class:`UrllibHttp` (standard library only), and the unit tests route the same calls into
the development issuer in-process. Only JSON is accepted back, every call has a timeout, TLS is
1.2 or newer, redirects are not followed (a token request must not wander), and plain ``http`` is
allowed to loopback addresses only, so no token ever crosses a network in clear text.
"""

from __future__ import annotations

import http.client
import json
import logging
import ssl
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from typing import IO, Any, Protocol

from ..errors import Unavailable
from ..hosts import is_loopback

log = logging.getLogger(__name__)

MAX_RESPONSE_BYTES = 1024 * 1024
UNAVAILABLE_MESSAGE = "Innloggingstjenesten svarer ikke akkurat nå. Prøv igjen om litt."


class Http(Protocol):
    def get_json(self, url: str) -> dict[str, Any]:
        """GET ``url`` and return its JSON object; raise Unavailable unless 2xx with JSON."""
        ...

    def post_form(self, url: str, data: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """POST ``data`` form-encoded; return (status, JSON object), also for 4xx answers.

        A body that is not a JSON object reads as ``{}``; network failures raise Unavailable.
        """
        ...


def is_allowed_url(url: str) -> bool:
    """True for https URLs, and for http URLs to a loopback address (local development)."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    if not host or parts.username is not None or parts.password is not None:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and is_loopback(host))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: urllib then raises HTTPError with the 3xx status."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Message,
        newurl: str,
    ) -> urllib.request.Request | None:
        return None


class UrllibHttp:
    """:class:`Http` over urllib: timeouts, TLS 1.2+, no redirects, JSON only."""

    def __init__(self, *, timeout: float = 10.0) -> None:
        self._timeout = timeout
        context = ssl.create_default_context()
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context), _NoRedirect()
        )

    def get_json(self, url: str) -> dict[str, Any]:
        status, body = self._send(url, None, self._headers())
        if not 200 <= status < 300:
            log.warning("Innloggingstjenesten svarte %s på GET %s", status, _safe(url))
            raise Unavailable(UNAVAILABLE_MESSAGE, code="innlogging_utilgjengelig")
        parsed = _json_object(body)
        if parsed is None:
            log.warning("Innloggingstjenesten svarte ikke med JSON på GET %s", _safe(url))
            raise Unavailable(UNAVAILABLE_MESSAGE, code="innlogging_utilgjengelig")
        return parsed

    def post_form(self, url: str, data: dict[str, str]) -> tuple[int, dict[str, Any]]:
        headers = self._headers()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, body = self._send(url, urllib.parse.urlencode(data).encode("utf-8"), headers)
        if 300 <= status < 400 or status >= 500:
            log.warning("Innloggingstjenesten svarte %s på POST %s", status, _safe(url))
            raise Unavailable(UNAVAILABLE_MESSAGE, code="innlogging_utilgjengelig")
        return status, _json_object(body) or {}

    @staticmethod
    def _headers() -> dict[str, str]:
        return {"Accept": "application/json", "User-Agent": "lis1"}

    def _send(self, url: str, data: bytes | None, headers: dict[str, str]) -> tuple[int, bytes]:
        if not is_allowed_url(url):
            log.error("Nektet å kontakte %s: bare https (eller http til egen maskin)", _safe(url))
            raise Unavailable(UNAVAILABLE_MESSAGE, code="innlogging_utilgjengelig")
        method = "GET" if data is None else "POST"
        try:
            request = urllib.request.Request(url, data=data, headers=headers, method=method)
            try:
                with self._opener.open(request, timeout=self._timeout) as response:
                    return response.status, _read_limited(response)
            except urllib.error.HTTPError as error:
                with error:
                    return error.code, _read_limited(error)
        except (OSError, http.client.HTTPException, ValueError) as error:
            log.warning("Fikk ikke kontakt med %s: %s", _safe(url), type(error).__name__)
            raise Unavailable(UNAVAILABLE_MESSAGE, code="innlogging_utilgjengelig") from error


def _read_limited(response: IO[bytes]) -> bytes:
    body = response.read(MAX_RESPONSE_BYTES + 1)
    if len(body) > MAX_RESPONSE_BYTES:
        raise ValueError("response too large")
    return body


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        parsed = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return parsed if isinstance(parsed, dict) else None


def _safe(url: str) -> str:
    """The URL without its query: a query may carry a code or a person's data; never log it."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "<ugyldig adresse>"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
