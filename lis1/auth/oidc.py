"""The API's OpenID Connect client: authorization code flow with PKCE, as a confidential client.

The API is the backend-for-frontend: it starts the sign-in, takes the code back, exchanges it
and keeps the tokens to itself, so a browser only ever holds a session cookie. HelseID demands
confidential clients authenticating with ``private_key_jwt``: a short-lived (at most 60 s) RS256
client assertion signed with the client's own key, audience the token endpoint. The local
development issuer demands exactly the same, so this module is the one code path in every stage.

Functions take ``now`` and the HTTP port as arguments; none reads the clock or opens sockets.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import logging
import secrets
import urllib.parse
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..errors import Unauthenticated
from ..services.ports.accounts import LoginState
from .http import Http
from .tokens import ProviderMetadata

if TYPE_CHECKING:  # PyJWT and cryptography are imported only where a request signs in
    from cryptography.hazmat.primitives.asymmetric import rsa

log = logging.getLogger(__name__)

CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
CLIENT_ASSERTION_LIFETIME = timedelta(seconds=60)
"""HelseID's upper limit for a client assertion's lifetime."""

MAX_RETURN_TO = 2000
LOGIN_LIFETIME = timedelta(minutes=10)
SIGN_IN_PATHS = ("/api/auth/", "/dev-issuer/")
URL_SAFE = "/:?#[]@!$&'()*+,;=%-._~"
"""Characters kept as they are when a path is percent-encoded for a header."""


@dataclass(frozen=True)
class ClientConfig:
    """This API as a registered OIDC client. The private key never appears in a repr or a log."""

    client_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    private_key_pem: bytes = field(repr=False)
    key_id: str


@dataclass(frozen=True)
class TokenSet:
    """What the token endpoint gave back. Tokens stay out of reprs, so they stay out of logs."""

    id_token: str = field(repr=False)
    access_token: str = field(repr=False)
    expires_in: int


def safe_return_to(return_to: str | None) -> str:
    """``return_to`` if it is a path on this site, otherwise ``"/"``: no open redirects.

    Refused: anything not starting with ``/``, ``//host`` and ``/\\host`` (browsers read both as
    another host), backslashes and control characters anywhere, very long values, and the
    sign-in's own addresses (coming back to the callback would end on an error). What is kept
    is percent-encoded where needed, so it can stand in a Location header.
    """
    if (
        not return_to
        or len(return_to) > MAX_RETURN_TO
        or not return_to.startswith("/")
        or return_to.startswith("//")
        or "\\" in return_to
        or any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in return_to)
        or urllib.parse.unquote(return_to).lower().startswith(SIGN_IN_PATHS)
    ):
        return "/"
    return urllib.parse.quote(return_to, safe=URL_SAFE)


def pkce_challenge(code_verifier: str) -> str:
    """The S256 code challenge for ``code_verifier`` (RFC 7636)."""
    digest = hashlib.sha256(code_verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_login(
    return_to: str | None,
    now: datetime,
    ttl: timedelta = LOGIN_LIFETIME,
    *,
    came_from: str | None = None,
) -> LoginState:
    """A fresh sign-in: random state, nonce and PKCE verifier; where to go afterwards, and where
    the person came from (if they cancel)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return LoginState(
        state=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(64),
        nonce=secrets.token_urlsafe(32),
        return_to=safe_return_to(return_to),
        expires_at=now + ttl,
        came_from=safe_return_to(came_from),
    )


UI_LOCALES = {"nb": "nb-no", "en": "en-us"}
"""HelseID's sign-in pages come in bokmål and English; ``ui_locales`` picks one (HelseID's
authorize endpoint documents exactly these two values)."""


def authorization_url(
    meta: ProviderMetadata, client: ClientConfig, login: LoginState, *, language: str = "nb"
) -> str:
    """Where to send the browser to sign in (code flow, PKCE S256, state and nonce), with the
    sign-in pages in the person's language."""
    scopes = list(client.scopes)
    if "openid" not in scopes:
        scopes.insert(0, "openid")
    query = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": client.client_id,
            "redirect_uri": client.redirect_uri,
            "scope": " ".join(scopes),
            "state": login.state,
            "nonce": login.nonce,
            "code_challenge": pkce_challenge(login.code_verifier),
            "code_challenge_method": "S256",
            "ui_locales": UI_LOCALES.get(language, UI_LOCALES["nb"]),
        },
        quote_via=urllib.parse.quote,
    )
    separator = "&" if "?" in meta.authorization_endpoint else "?"
    return f"{meta.authorization_endpoint}{separator}{query}"


def client_assertion(client: ClientConfig, audience: str, now: datetime) -> str:
    """A ``private_key_jwt`` client assertion for the token endpoint ``audience``, 60 s long."""
    import jwt

    issued = int(now.timestamp())
    claims = {
        "iss": client.client_id,
        "sub": client.client_id,
        "aud": audience,
        "jti": secrets.token_urlsafe(32),
        "iat": issued,
        "nbf": issued,
        "exp": issued + int(CLIENT_ASSERTION_LIFETIME.total_seconds()),
    }
    try:
        return jwt.encode(
            claims,
            _private_key(client.private_key_pem),
            algorithm="RS256",
            headers={"kid": client.key_id, "typ": "JWT"},
        )
    except (jwt.PyJWTError, ValueError, TypeError) as error:
        log.error("Kunne ikke signere klientpåstanden: %s", type(error).__name__)
        raise Unauthenticated(
            "Innloggingen er ikke riktig satt opp. Prøv igjen senere.",
            code="innlogging_feil_oppsett",
        ) from error


@functools.lru_cache(maxsize=4)
def _private_key(pem: bytes) -> rsa.RSAPrivateKey:
    """The parsed key; parsing checks the RSA key and costs tens of milliseconds, so once."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < 2048:
        raise ValueError("the client key must be RSA, at least 2048 bits")
    return key


def exchange_code(
    meta: ProviderMetadata,
    client: ClientConfig,
    code: str,
    login: LoginState,
    http: Http,
    now: datetime,
) -> TokenSet:
    """Trade the authorization ``code`` for tokens, authenticating with a client assertion.

    The ID token in the answer is NOT verified here: verify it with a
    :class:`~lis1.auth.tokens.TokenVerifier` for the client id, passing ``nonce=login.nonce``.
    """
    if not code:
        raise Unauthenticated(
            "Innloggingen mangler kode. Prøv å logge inn på nytt.", code="innlogging_mangler_kode"
        )
    if now >= login.expires_at:
        raise Unauthenticated(
            "Innloggingen tok for lang tid. Prøv å logge inn på nytt.", code="innlogging_utløpt"
        )
    status, body = http.post_form(
        meta.token_endpoint,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": client.redirect_uri,
            "code_verifier": login.code_verifier,
            "client_id": client.client_id,
            "client_assertion_type": CLIENT_ASSERTION_TYPE,
            "client_assertion": client_assertion(client, meta.token_endpoint, now),
        },
    )
    if status != 200:
        error = body.get("error")
        log.warning(
            "Tokenendepunktet avviste innloggingen: %s %s",
            status,
            error if isinstance(error, str) and error.isascii() and len(error) < 64 else "-",
        )
        raise Unauthenticated(
            "Innloggingen ble avvist. Prøv å logge inn på nytt.", code="innlogging_avvist"
        )
    return _token_set(body)


def _token_set(body: dict[str, Any]) -> TokenSet:
    id_token, access_token = body.get("id_token"), body.get("access_token")
    token_type, expires_in = body.get("token_type"), body.get("expires_in")
    if (
        not isinstance(id_token, str)
        or not isinstance(access_token, str)
        or not isinstance(token_type, str)
        or token_type.lower() != "bearer"
        or not isinstance(expires_in, int)
        or isinstance(expires_in, bool)
        or expires_in <= 0
    ):
        log.warning("Tokenendepunktet svarte med et ufullstendig svar")
        raise Unauthenticated(
            "Innloggingen ga et svar vi ikke forstår. Prøv å logge inn på nytt.",
            code="innlogging_ugyldig_svar",
        )
    return TokenSet(id_token=id_token, access_token=access_token, expires_in=expires_in)
