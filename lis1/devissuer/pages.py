"""What the development issuer answers with: HTTP responses, OAuth errors and its HTML pages.

Kept apart from the protocol logic so the Norwegian pages (the demo-user chooser and the error
page), their strict security headers and the JSON and redirect answers live in one place, and
the issuer and token modules only decide *what* to answer.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemoUser:
    """A made-up person to sign in as; ``description`` says which role they play."""

    subject: str
    name: str
    email: str
    description: str


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class AuthRequest:
    client_id: str
    redirect_uri: str
    scope: str
    state: str
    nonce: str
    code_challenge: str
    ui_locales: str = "nb-no"

    @property
    def english(self) -> bool:
        """HelseID shows its pages in English for ``ui_locales=en-us``; so does this issuer."""
        first = self.ui_locales.split()[:1]
        return bool(first) and first[0].lower().startswith("en")


class Refused(Exception):
    """Ends a request early with ``response``."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


# -- pages ---------------------------------------------------------------------------------

_STYLE = """
body { font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a; background: #fff;
  margin: 0; padding: 1rem; }
main { max-width: 40rem; margin: 0 auto; }
.merknad { background: #fff4d6; border-left: 0.3rem solid #8a6100; padding: 0.75rem 1rem; }
ul.brukere { list-style: none; padding: 0; }
ul.brukere li { margin: 0 0 0.75rem; }
button { font: inherit; width: 100%; text-align: left; padding: 0.75rem 1rem; cursor: pointer;
  color: #00334e; background: #fff; border: 2px solid #00507a; border-radius: 0.3rem; }
button:hover { background: #e6f1f7; }
button:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
.navn { display: block; font-weight: bold; }
.rolle { display: block; }
button.avbryt { width: auto; color: #1a1a1a; border-color: #595959; }
"""
_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode("utf-8")).digest()).decode("ascii")
_PAGE_HEADERS = {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; base-uri 'none'; "
        "frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def choose_page(base_url: str, request: AuthRequest, users: Iterable[DemoUser]) -> str:
    """The "Velg demobruker" page: a button per demo user, the request in hidden fields."""
    hidden = {
        "client_id": request.client_id,
        "redirect_uri": request.redirect_uri,
        "response_type": "code",
        "scope": request.scope,
        "state": request.state,
        "nonce": request.nonce,
        "code_challenge": request.code_challenge,
        "code_challenge_method": "S256",
        "ui_locales": request.ui_locales,
    }
    fields = "\n".join(
        f'    <input type="hidden" name="{name}" value="{_e(value)}">'
        for name, value in hidden.items()
    )
    texts = _ENGLISH if request.english else _BOKMAL
    # The demo people's roles are written in bokmål only: marked so a screen reader says them so.
    role_lang = ' lang="nb"' if request.english else ""
    buttons = "\n".join(
        f'      <li><button type="submit" name="user" value="{_e(user.subject)}">'
        f'<span class="navn">{_e(user.name)}</span> '
        f'<span class="rolle"{role_lang}>{_e(user.description)}</span></button></li>'
        for user in users
    )
    body = f"""  <main>
    <h1>{texts["heading"]}</h1>
    <p class="merknad"><strong>{texts["local"]}</strong> {texts["no_identity"]}</p>
    <form method="post" action="{_e(base_url)}/authorize">
{fields}
    <p>{texts["choose"]}</p>
    <ul class="brukere">
{buttons}
    </ul>
    <p><button type="submit" name="avbryt" value="1" class="avbryt">{texts["cancel"]}</button></p>
    </form>
  </main>"""
    return _page(texts["title"], body, "en" if request.english else "nb")


_BOKMAL = {
    "title": "Velg demobruker – lokal testinnlogging",
    "heading": "Velg demobruker",
    "local": "Dette er en lokal testinnlogging.",
    "no_identity": "Ingen ekte identitet brukes, og ingenting sendes ut av maskinen din. "
    "I drift logger du inn med HelseID.",
    "choose": "Velg hvem du vil logge inn som:",
    "cancel": "Avbryt innloggingen",
}
_ENGLISH = {
    "title": "Choose a demo user – local test sign-in",
    "heading": "Choose a demo user",
    "local": "This is a local test sign-in.",
    "no_identity": "No real identity is used, and nothing leaves your machine. "
    "In production you sign in with HelseID.",
    "choose": "Choose who to sign in as:",
    "cancel": "Cancel signing in",
}


def _page(title: str, body: str, lang: str = "nb") -> str:
    return f"""<!doctype html>
<html lang="{lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{_e(title)}</title>
  <style>{_STYLE}</style>
</head>
<body>
{body}
</body>
</html>
"""


def error_page(message: str) -> str:
    body = f"""  <main>
    <h1>Innloggingen kan ikke fortsette</h1>
    <p class="merknad"><strong>Dette er en lokal testinnlogging.</strong> Ingen ekte identitet
    brukes.</p>
    <p>{_e(message)}</p>
  </main>"""
    return _page("Innloggingen kan ikke fortsette – lokal testinnlogging", body)


def _e(value: str) -> str:
    return html.escape(value, quote=True)


# -- responses -----------------------------------------------------------------------------


def html_response(status: int, page: str) -> Response:
    return Response(status, dict(_PAGE_HEADERS), page.encode("utf-8"))


def json_response(status: int, document: dict[str, Any]) -> Response:
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Cache-Control": "no-store",
        "Pragma": "no-cache",
    }
    return Response(status, headers, json.dumps(document, ensure_ascii=False).encode("utf-8"))


def oauth_error(status: int, error: str, description: str) -> Refused:
    log.info("Utviklingsutstederen avviste en forespørsel: %s", error)
    return Refused(json_response(status, {"error": error, "error_description": description}))


def error_redirect(redirect_uri: str, error: str, description: str, state: str) -> Response:
    params = {"error": error, "error_description": description}
    if state:
        params["state"] = state
    return Response(
        303, {"Location": with_query(redirect_uri, params), "Cache-Control": "no-store"}, b""
    )


def with_query(url: str, params: dict[str, str]) -> str:
    separator = "&" if "?" in url else "?"
    return url + separator + urllib.parse.urlencode(params)
