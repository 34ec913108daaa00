"""The token endpoint's state, checks and output: codes, client assertions, PKCE, tokens.

Kept apart from routing because this is the part that must match HelseID exactly: a
``private_key_jwt`` client assertion (RS256, signed with the client's registered key, audience
this token endpoint, at most 60 s long, each ``jti`` once), an S256 PKCE check, and RS256 ID
and access tokens signed with the issuer's own key.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from ..auth.tokens import SIGNATURE_ONLY
from ..secret import same_secret
from .keys import b64
from .pages import AuthRequest, DemoUser, oauth_error

CODE_LIFETIME = timedelta(seconds=60)
CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

TOKEN_LIFETIME = timedelta(minutes=10)
ASSERTION_MAX_LIFETIME = timedelta(seconds=60)
LEEWAY = timedelta(seconds=10)

_CODE_VERIFIER = re.compile(r"[A-Za-z0-9._~-]{43,128}")


@dataclass(frozen=True)
class Code:
    request: AuthRequest
    user: DemoUser
    expires_at: datetime


class Codes:
    """The authorization codes handed out, in memory: each lives a minute and works once."""

    def __init__(self) -> None:
        self._codes: dict[str, Code] = {}
        self._lock = threading.Lock()

    def issue(self, request: AuthRequest, user: DemoUser, now: datetime) -> str:
        """A new code for ``user``'s sign-in; expired codes are dropped on the way."""
        code = secrets.token_urlsafe(32)
        with self._lock:
            self._codes = {c: g for c, g in self._codes.items() if g.expires_at > now}
            self._codes[code] = Code(request, user, now + CODE_LIFETIME)
        return code

    def take(self, code: str) -> Code:
        """The code's grant, removed in the same step: a code works once, even if refused."""
        with self._lock:
            granted = self._codes.pop(code, None)
        if granted is None:
            raise oauth_error(400, "invalid_grant", "Koden er ukjent eller allerede brukt.")
        return granted


def load_clients(clients: dict[str, bytes]) -> dict[str, rsa.RSAPublicKey]:
    """Each client's registered public key, checked to be RSA of at least 2048 bits."""
    loaded: dict[str, rsa.RSAPublicKey] = {}
    for client_id, pem in clients.items():
        public = serialization.load_pem_public_key(pem)
        if not isinstance(public, rsa.RSAPublicKey) or public.key_size < 2048:
            raise ValueError(f"Klienten {client_id!r} må ha en RSA-nøkkel på minst 2048 bit")
        loaded[client_id] = public
    return loaded


class ClientAssertions:
    """Checks ``private_key_jwt`` assertions; keeps each seen ``jti`` in memory until it expires."""

    def __init__(self, clients: dict[str, rsa.RSAPublicKey], token_endpoint: str) -> None:
        self._clients = clients
        self._token_endpoint = token_endpoint
        self._seen_jti: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def authenticate(self, form: dict[str, str], now: datetime) -> str:
        """The client id proven by a valid ``private_key_jwt`` assertion; 401 otherwise."""
        if form.get("client_assertion_type") != CLIENT_ASSERTION_TYPE or not form.get(
            "client_assertion"
        ):
            raise oauth_error(
                401,
                "invalid_client",
                "Klienten må autentisere seg med en signert klientpåstand (private_key_jwt).",
            )
        assertion = form["client_assertion"]
        try:
            header = jwt.get_unverified_header(assertion)
            unverified = jwt.decode(assertion, options={"verify_signature": False})
        except jwt.PyJWTError as error:
            raise oauth_error(401, "invalid_client", "Klientpåstanden kan ikke leses.") from error
        client_id = unverified.get("iss")
        if header.get("alg") != "RS256":
            raise oauth_error(401, "invalid_client", "Klientpåstanden må være signert med RS256.")
        if not isinstance(client_id, str) or client_id not in self._clients:
            raise oauth_error(401, "invalid_client", "Ukjent klient.")
        if form.get("client_id", client_id) != client_id:
            raise oauth_error(401, "invalid_client", "client_id stemmer ikke med klientpåstanden.")
        try:
            claims: dict[str, Any] = jwt.decode(
                assertion,
                self._clients[client_id],
                algorithms=["RS256"],
                options=SIGNATURE_ONLY,
            )
        except jwt.PyJWTError as error:
            raise oauth_error(
                401,
                "invalid_client",
                "Klientpåstanden er ikke signert med klientens registrerte nøkkel.",
            ) from error
        if claims.get("sub") != client_id:
            raise oauth_error(
                401, "invalid_client", "iss og sub i klientpåstanden må begge være klientens id."
            )
        audience = claims.get("aud")
        if audience != self._token_endpoint and not (
            isinstance(audience, list) and self._token_endpoint in audience
        ):
            raise oauth_error(
                401,
                "invalid_client",
                "Klientpåstanden er ikke adressert til dette tokenendepunktet.",
            )
        exp, iat = _number(claims.get("exp")), _number(claims.get("iat"))
        nbf = _number(claims.get("nbf", iat))
        if exp is None or iat is None or nbf is None:
            raise oauth_error(401, "invalid_client", "Klientpåstanden mangler gyldige exp og iat.")
        if exp - min(iat, nbf) > ASSERTION_MAX_LIFETIME.total_seconds():
            raise oauth_error(
                401, "invalid_client", "Klientpåstanden kan vare i høyst 60 sekunder."
            )
        instant, leeway = now.timestamp(), LEEWAY.total_seconds()
        if instant >= exp + leeway:
            raise oauth_error(401, "invalid_client", "Klientpåstanden er utløpt.")
        if max(iat, nbf) > instant + leeway:
            raise oauth_error(401, "invalid_client", "Klientpåstanden er ikke gyldig ennå.")
        jti = claims.get("jti")
        if not isinstance(jti, str) or not jti:
            raise oauth_error(401, "invalid_client", "Klientpåstanden mangler jti.")
        with self._lock:
            self._seen_jti = {k: v for k, v in self._seen_jti.items() if v + leeway > instant}
            if (client_id, jti) in self._seen_jti:
                raise oauth_error(
                    401, "invalid_client", "Klientpåstanden er brukt før (samme jti)."
                )
            self._seen_jti[(client_id, jti)] = exp
        return client_id


def pkce_matches(verifier: str, code_challenge: str) -> bool:
    """Whether ``verifier`` is well formed and its S256 hash is ``code_challenge``."""
    return bool(_CODE_VERIFIER.fullmatch(verifier)) and same_secret(
        b64(hashlib.sha256(verifier.encode("ascii")).digest()), code_challenge
    )


def issue_tokens(
    code: Code, now: datetime, key: rsa.RSAPrivateKey, kid: str, issuer: str, api_audience: str
) -> dict[str, Any]:
    """The token response for a redeemed code: an ID token and an access token for the API."""
    request, user = code.request, code.user
    issued = int(now.timestamp())
    expires = issued + int(TOKEN_LIFETIME.total_seconds())
    id_claims = {
        "iss": issuer,
        "sub": user.subject,
        "aud": request.client_id,
        "azp": request.client_id,
        "iat": issued,
        "auth_time": issued,
        "exp": expires,
        "nonce": request.nonce,
        "name": user.name,
        "email": user.email,
    }
    access_claims = {
        "iss": issuer,
        "sub": user.subject,
        "aud": api_audience,
        "client_id": request.client_id,
        "scope": request.scope,
        "iat": issued,
        "nbf": issued,
        "exp": expires,
        "jti": secrets.token_urlsafe(16),
    }

    def sign(claims: dict[str, Any], typ: str) -> str:
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid, "typ": typ})

    return {
        "id_token": sign(id_claims, "JWT"),
        "access_token": sign(access_claims, "at+jwt"),
        "token_type": "Bearer",
        "expires_in": int(TOKEN_LIFETIME.total_seconds()),
        "scope": request.scope,
    }


def _number(value: object) -> float | None:
    """A JSON number claim as float; None for anything else (bool included)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None
