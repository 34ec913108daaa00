"""A local OpenID provider for development: HelseID's rules, demo users, no real identity.

Sign-in must run one code path in every stage, so this issuer asks of the API exactly what
HelseID asks: the authorization code flow with PKCE (S256 only), an exact redirect URI, state
and nonce, and at the token endpoint a ``private_key_jwt`` client assertion (RS256, signed with
the client's registered key, audience this token endpoint, at most 60 s long, each ``jti`` once).
It signs RS256 ID and access tokens with its own key and publishes its JWKS; an API configured
for HelseID therefore refuses its tokens.

Instead of asking for a password it shows a Norwegian page, "Velg demobruker", with a button per
demo user, and says plainly that this is a local test sign-in. It is framework-free: a server (or
a test) hands :meth:`DevIssuer.handle` the method, path, query and form, and sends back the
:class:`Response`. Keys live in a gitignored folder under ``.local/`` (mode 0600) and are made on
first use. It refuses to run anywhere but on http://127.0.0.1 or http://localhost.

This module keeps the issuer itself: its routing, discovery, JWKS and the authorization step,
plus :class:`InProcessHttp`. Key files are in :mod:`.keys`, the pages and responses in
:mod:`.pages`, and the codes, client assertion and token checks in :mod:`.token_endpoint`.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path
from typing import Any

from jwt.algorithms import RSAAlgorithm

from ..clock import Clock
from ..errors import Unavailable
from .keys import ISSUER_KEY_FILE, key_id, load_or_create_key, public_pem
from .pages import (
    AuthRequest,
    DemoUser,
    Refused,
    Response,
    choose_page,
    error_page,
    error_redirect,
    html_response,
    json_response,
    oauth_error,
    with_query,
)
from .token_endpoint import ClientAssertions, Codes, issue_tokens, load_clients, pkce_matches

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})

_CODE_CHALLENGE = re.compile(r"[A-Za-z0-9_-]{43}")


def require_local(base_url: str) -> str:
    """``base_url`` without a trailing slash, if it is http on 127.0.0.1 or localhost.

    The development issuer hands out tokens for anyone who clicks a button: it must never be
    reachable as anything but a local address.
    """
    try:
        parts = urllib.parse.urlsplit(base_url)
        host = parts.hostname
        parts.port  # noqa: B018 (raises ValueError on a malformed port)
    except ValueError as error:
        raise ValueError(f"Utviklingsutstederen fikk en ugyldig adresse: {base_url!r}") from error
    if (
        parts.scheme != "http"
        or host not in LOCAL_HOSTS
        or parts.username is not None
        or parts.password is not None
        or parts.query
        or parts.fragment
    ):
        raise ValueError(
            "Utviklingsutstederen er bare for lokal bruk: adressen må begynne med "
            f"http://127.0.0.1 eller http://localhost, ikke {base_url!r}"
        )
    return base_url.rstrip("/")


class DevIssuer:
    """The local OpenID provider. One instance keeps its codes and seen ``jti`` in memory."""

    def __init__(
        self,
        base_url: str,
        key_dir: Path,
        clients: dict[str, bytes],
        redirect_uris: dict[str, list[str]],
        users: list[DemoUser],
        clock: Clock,
        api_audience: str,
    ) -> None:
        self.base_url = require_local(base_url)
        self.token_endpoint = self.base_url + "/token"
        self._key = load_or_create_key(key_dir / ISSUER_KEY_FILE)
        self.key_id = key_id(public_pem(self._key))
        self._clients = load_clients(clients)
        self._assertions = ClientAssertions(self._clients, self.token_endpoint)
        self._redirect_uris = {cid: list(uris) for cid, uris in redirect_uris.items()}
        self._users = {user.subject: user for user in users}
        self._clock = clock
        self.api_audience = api_audience
        self._codes = Codes()

    @property
    def users(self) -> list[DemoUser]:
        """The demo people one may sign in as, in the order they are offered."""
        return list(self._users.values())

    # -- routing ---------------------------------------------------------------------------

    def handle(
        self, method: str, path: str, query: dict[str, str], form: dict[str, str]
    ) -> Response:
        """Answer one request; ``path`` is relative to ``base_url`` (e.g. ``/token``)."""
        routes = {
            "/.well-known/openid-configuration": {"GET": lambda: self._discovery()},
            "/jwks.json": {"GET": lambda: self._jwks()},
            "/authorize": {
                "GET": lambda: self._authorize_page(query),
                "POST": lambda: self._authorize_choice(form),
            },
            "/token": {"POST": lambda: self._token(form)},
        }
        route = routes.get(path)
        if route is None:
            return json_response(
                404, {"error": "not_found", "error_description": "Fant ikke adressen."}
            )
        action = route.get(method.upper())
        if action is None:
            response = json_response(
                405,
                {"error": "invalid_request", "error_description": "Metoden er ikke tillatt her."},
            )
            response.headers["Allow"] = ", ".join(sorted(route))
            return response
        try:
            return action()
        except Refused as refused:
            return refused.response

    # -- metadata --------------------------------------------------------------------------

    def _discovery(self) -> Response:
        return json_response(
            200,
            {
                "issuer": self.base_url,
                "authorization_endpoint": self.base_url + "/authorize",
                "token_endpoint": self.token_endpoint,
                "jwks_uri": self.base_url + "/jwks.json",
                "response_types_supported": ["code"],
                "grant_types_supported": ["authorization_code"],
                "subject_types_supported": ["public"],
                "scopes_supported": ["openid", "profile", "email"],
                "claims_supported": ["sub", "name", "email", "nonce"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
                "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
            },
        )

    def _jwks(self) -> Response:
        jwk = RSAAlgorithm.to_jwk(self._key.public_key(), as_dict=True)
        jwk.update({"kid": self.key_id, "use": "sig", "alg": "RS256"})
        return json_response(200, {"keys": [jwk]})

    # -- authorization ---------------------------------------------------------------------

    def _authorize_page(self, query: dict[str, str]) -> Response:
        request = self._auth_request(query)
        return html_response(200, choose_page(self.base_url, request, self._users.values()))

    def _authorize_choice(self, form: dict[str, str]) -> Response:
        request = self._auth_request(form)
        if "avbryt" in form:
            raise Refused(
                error_redirect(
                    request.redirect_uri,
                    "access_denied",
                    "Innloggingen ble avbrutt.",
                    request.state,
                )
            )
        user = self._users.get(form.get("user", ""))
        if user is None:
            raise Refused(html_response(400, error_page("Velg en av demobrukerne på listen.")))
        code = self._codes.issue(request, user, self._clock.now())
        location = with_query(request.redirect_uri, {"code": code, "state": request.state})
        return Response(303, {"Location": location, "Cache-Control": "no-store"}, b"")

    def _auth_request(self, params: dict[str, str]) -> AuthRequest:
        """The checked authorization request, or :class:`Refused`.

        Until client and redirect URI are known good, errors are shown here and never sent
        anywhere (no open redirect); after that they go back to the client, as OAuth says.
        """
        client_id = params.get("client_id", "")
        if client_id not in self._clients:
            raise Refused(
                html_response(400, error_page("Ukjent klient. Sjekk client_id i oppsettet."))
            )
        redirect_uri = params.get("redirect_uri", "")
        if redirect_uri not in self._redirect_uris.get(client_id, []):
            raise Refused(
                html_response(
                    400,
                    error_page(
                        "Adressen innloggingen skal sendes tilbake til (redirect_uri), "
                        "er ikke registrert for klienten."
                    ),
                )
            )
        state = params.get("state", "")

        def refuse(error: str, description: str) -> Refused:
            return Refused(error_redirect(redirect_uri, error, description, state))

        if params.get("response_type") != "code":
            raise refuse("unsupported_response_type", "Bare response_type=code støttes.")
        scope = params.get("scope", "")
        if "openid" not in scope.split():
            raise refuse("invalid_scope", "Omfanget (scope) må inneholde openid.")
        if params.get("code_challenge_method") != "S256":
            raise refuse("invalid_request", "PKCE med code_challenge_method=S256 er påkrevd.")
        code_challenge = params.get("code_challenge", "")
        if not _CODE_CHALLENGE.fullmatch(code_challenge):
            raise refuse("invalid_request", "code_challenge mangler eller har feil form.")
        if not state:
            raise refuse("invalid_request", "state mangler.")
        nonce = params.get("nonce", "")
        if not nonce:
            raise refuse("invalid_request", "nonce mangler.")
        ui_locales = params.get("ui_locales", "nb-no")[:64]
        return AuthRequest(client_id, redirect_uri, scope, state, nonce, code_challenge, ui_locales)

    # -- token -----------------------------------------------------------------------------

    def _token(self, form: dict[str, str]) -> Response:
        if form.get("grant_type") != "authorization_code":
            raise oauth_error(
                400, "unsupported_grant_type", "Bare grant_type=authorization_code støttes."
            )
        now = self._clock.now()
        client_id = self._assertions.authenticate(form, now)
        code = self._codes.take(form.get("code", ""))
        request = code.request
        if code.expires_at <= now:
            raise oauth_error(400, "invalid_grant", "Koden er utløpt.")
        if request.client_id != client_id:
            raise oauth_error(400, "invalid_grant", "Koden ble utstedt til en annen klient.")
        if form.get("redirect_uri") != request.redirect_uri:
            raise oauth_error(
                400, "invalid_grant", "redirect_uri er ikke den samme som ved innloggingen."
            )
        if not pkce_matches(form.get("code_verifier", ""), request.code_challenge):
            raise oauth_error(400, "invalid_grant", "PKCE-kontrollen (code_verifier) stemmer ikke.")
        tokens = issue_tokens(code, now, self._key, self.key_id, self.base_url, self.api_audience)
        return json_response(200, tokens)


class InProcessHttp:
    """The Http port answered by a DevIssuer in the same process, for tests without sockets."""

    def __init__(self, issuer: DevIssuer) -> None:
        self.issuer = issuer

    def _path(self, url: str) -> str:
        if not url.startswith(self.issuer.base_url + "/"):
            raise Unavailable("Ukjent adresse.", code="innlogging_utilgjengelig")
        return url[len(self.issuer.base_url) :]

    def get_json(self, url: str) -> dict[str, Any]:
        response = self.issuer.handle("GET", self._path(url), {}, {})
        if response.status != 200:
            raise Unavailable("Innloggingstjenesten svarer ikke.", code="innlogging_utilgjengelig")
        document: dict[str, Any] = json.loads(response.body)
        return document

    def post_form(self, url: str, data: dict[str, str]) -> tuple[int, dict[str, Any]]:
        response = self.issuer.handle("POST", self._path(url), {}, dict(data))
        return response.status, json.loads(response.body or b"{}")
