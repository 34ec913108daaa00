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
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import html
import json
import logging
import os
import re
import secrets
import threading
import urllib.parse
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from ..auth.tokens import SIGNATURE_ONLY
from ..clock import Clock
from ..errors import Unavailable

log = logging.getLogger(__name__)

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
ISSUER_KEY_FILE = "issuer-key.pem"
CLIENT_KEY_FILE = "client-key.pem"
CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

CODE_LIFETIME = timedelta(seconds=60)
TOKEN_LIFETIME = timedelta(minutes=10)
ASSERTION_MAX_LIFETIME = timedelta(seconds=60)
LEEWAY = timedelta(seconds=10)

_CODE_CHALLENGE = re.compile(r"[A-Za-z0-9_-]{43}")
_CODE_VERIFIER = re.compile(r"[A-Za-z0-9._~-]{43,128}")


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


def _load_or_create_key(path: Path) -> rsa.RSAPrivateKey:
    """The RSA key in ``path``; made (2048 bits, mode 0600) if the file does not exist."""
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # made by someone else meanwhile: read theirs below
        else:
            with os.fdopen(fd, "wb") as file:
                file.write(pem)
            log.info("Laget ny utviklingsnøkkel %s", path.name)
            return key
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    loaded = _parse_private_key(path.read_bytes())
    if loaded is None:
        raise ValueError(f"{path} er ikke en RSA-nøkkel på minst 2048 bit")
    return loaded


@functools.lru_cache(maxsize=8)
def _parse_private_key(pem: bytes) -> rsa.RSAPrivateKey | None:
    """Parsing checks the RSA key and costs tens of milliseconds: once per key is enough."""
    loaded = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(loaded, rsa.RSAPrivateKey) or loaded.key_size < 2048:
        return None
    return loaded


def _public_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def ensure_client_key(key_dir: Path) -> tuple[bytes, bytes]:
    """(private PEM, public PEM) of the local API client's key ``key_dir/client-key.pem``."""
    key = _load_or_create_key(key_dir / CLIENT_KEY_FILE)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return private, _public_pem(key)


def key_id(public_pem: bytes) -> str:
    """The key's RFC 7638 JWK thumbprint: a stable ``kid`` derived from the key itself."""
    public = serialization.load_pem_public_key(public_pem)
    if not isinstance(public, rsa.RSAPublicKey):
        raise ValueError("Nøkkelen er ikke en offentlig RSA-nøkkel")
    numbers = public.public_numbers()
    canonical = json.dumps(
        {"e": _b64uint(numbers.e), "kty": "RSA", "n": _b64uint(numbers.n)},
        separators=(",", ":"),
        sort_keys=True,
    )
    return _b64(hashlib.sha256(canonical.encode("ascii")).digest())


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64uint(value: int) -> str:
    return _b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


@dataclass(frozen=True)
class _AuthRequest:
    client_id: str
    redirect_uri: str
    scope: str
    state: str
    nonce: str
    code_challenge: str


@dataclass(frozen=True)
class _Code:
    request: _AuthRequest
    user: DemoUser
    expires_at: datetime


class _Refused(Exception):
    """Ends a request early with ``response``."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


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
        self._key = _load_or_create_key(key_dir / ISSUER_KEY_FILE)
        self.key_id = key_id(_public_pem(self._key))
        self._clients: dict[str, rsa.RSAPublicKey] = {}
        for client_id, pem in clients.items():
            public = serialization.load_pem_public_key(pem)
            if not isinstance(public, rsa.RSAPublicKey) or public.key_size < 2048:
                raise ValueError(f"Klienten {client_id!r} må ha en RSA-nøkkel på minst 2048 bit")
            self._clients[client_id] = public
        self._redirect_uris = {cid: list(uris) for cid, uris in redirect_uris.items()}
        self._users = {user.subject: user for user in users}
        self._clock = clock
        self.api_audience = api_audience
        self._codes: dict[str, _Code] = {}
        self._seen_jti: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

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
            return _json(404, {"error": "not_found", "error_description": "Fant ikke adressen."})
        action = route.get(method.upper())
        if action is None:
            response = _json(
                405,
                {"error": "invalid_request", "error_description": "Metoden er ikke tillatt her."},
            )
            response.headers["Allow"] = ", ".join(sorted(route))
            return response
        try:
            return action()
        except _Refused as refused:
            return refused.response

    # -- metadata --------------------------------------------------------------------------

    def _discovery(self) -> Response:
        return _json(
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
        return _json(200, {"keys": [jwk]})

    # -- authorization ---------------------------------------------------------------------

    def _authorize_page(self, query: dict[str, str]) -> Response:
        request = self._auth_request(query)
        return _html(200, self._choose_page(request))

    def _authorize_choice(self, form: dict[str, str]) -> Response:
        request = self._auth_request(form)
        if "avbryt" in form:
            raise _Refused(
                _error_redirect(
                    request.redirect_uri,
                    "access_denied",
                    "Innloggingen ble avbrutt.",
                    request.state,
                )
            )
        user = self._users.get(form.get("user", ""))
        if user is None:
            raise _Refused(_html(400, _error_page("Velg en av demobrukerne på listen.")))
        code = secrets.token_urlsafe(32)
        now = self._clock.now()
        with self._lock:
            self._codes = {c: g for c, g in self._codes.items() if g.expires_at > now}
            self._codes[code] = _Code(request, user, now + CODE_LIFETIME)
        location = _with_query(request.redirect_uri, {"code": code, "state": request.state})
        return Response(303, {"Location": location, "Cache-Control": "no-store"}, b"")

    def _auth_request(self, params: dict[str, str]) -> _AuthRequest:
        """The checked authorization request, or :class:`_Refused`.

        Until client and redirect URI are known good, errors are shown here and never sent
        anywhere (no open redirect); after that they go back to the client, as OAuth says.
        """
        client_id = params.get("client_id", "")
        if client_id not in self._clients:
            raise _Refused(_html(400, _error_page("Ukjent klient. Sjekk client_id i oppsettet.")))
        redirect_uri = params.get("redirect_uri", "")
        if redirect_uri not in self._redirect_uris.get(client_id, []):
            raise _Refused(
                _html(
                    400,
                    _error_page(
                        "Adressen innloggingen skal sendes tilbake til (redirect_uri), "
                        "er ikke registrert for klienten."
                    ),
                )
            )
        state = params.get("state", "")

        def refuse(error: str, description: str) -> _Refused:
            return _Refused(_error_redirect(redirect_uri, error, description, state))

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
        return _AuthRequest(client_id, redirect_uri, scope, state, nonce, code_challenge)

    def _choose_page(self, request: _AuthRequest) -> str:
        hidden = {
            "client_id": request.client_id,
            "redirect_uri": request.redirect_uri,
            "response_type": "code",
            "scope": request.scope,
            "state": request.state,
            "nonce": request.nonce,
            "code_challenge": request.code_challenge,
            "code_challenge_method": "S256",
        }
        fields = "\n".join(
            f'    <input type="hidden" name="{name}" value="{_e(value)}">'
            for name, value in hidden.items()
        )
        buttons = "\n".join(
            f'      <li><button type="submit" name="user" value="{_e(user.subject)}">'
            f'<span class="navn">{_e(user.name)}</span> '
            f'<span class="rolle">{_e(user.description)}</span></button></li>'
            for user in self._users.values()
        )
        body = f"""  <main>
    <h1>Velg demobruker</h1>
    <p class="merknad"><strong>Dette er en lokal testinnlogging.</strong> Ingen ekte identitet
    brukes, og ingenting sendes ut av maskinen din. I drift logger du inn med HelseID.</p>
    <form method="post" action="{_e(self.base_url)}/authorize">
{fields}
    <p>Velg hvem du vil logge inn som:</p>
    <ul class="brukere">
{buttons}
    </ul>
    <p><button type="submit" name="avbryt" value="1" class="avbryt">Avbryt innloggingen</button></p>
    </form>
  </main>"""
        return _page("Velg demobruker – lokal testinnlogging", body)

    # -- token -----------------------------------------------------------------------------

    def _token(self, form: dict[str, str]) -> Response:
        if form.get("grant_type") != "authorization_code":
            raise _oauth_error(
                400, "unsupported_grant_type", "Bare grant_type=authorization_code støttes."
            )
        now = self._clock.now()
        client_id = self._authenticate_client(form, now)
        code = self._take_code(form.get("code", ""))
        request = code.request
        if code.expires_at <= now:
            raise _oauth_error(400, "invalid_grant", "Koden er utløpt.")
        if request.client_id != client_id:
            raise _oauth_error(400, "invalid_grant", "Koden ble utstedt til en annen klient.")
        if form.get("redirect_uri") != request.redirect_uri:
            raise _oauth_error(
                400, "invalid_grant", "redirect_uri er ikke den samme som ved innloggingen."
            )
        verifier = form.get("code_verifier", "")
        if not _CODE_VERIFIER.fullmatch(verifier) or not hmac.compare_digest(
            _b64(hashlib.sha256(verifier.encode("ascii")).digest()), request.code_challenge
        ):
            raise _oauth_error(
                400, "invalid_grant", "PKCE-kontrollen (code_verifier) stemmer ikke."
            )
        return _json(200, self._tokens(code, now))

    def _authenticate_client(self, form: dict[str, str], now: datetime) -> str:
        """The client id proven by a valid ``private_key_jwt`` assertion; 401 otherwise."""
        if form.get("client_assertion_type") != CLIENT_ASSERTION_TYPE or not form.get(
            "client_assertion"
        ):
            raise _oauth_error(
                401,
                "invalid_client",
                "Klienten må autentisere seg med en signert klientpåstand (private_key_jwt).",
            )
        assertion = form["client_assertion"]
        try:
            header = jwt.get_unverified_header(assertion)
            unverified = jwt.decode(assertion, options={"verify_signature": False})
        except jwt.PyJWTError as error:
            raise _oauth_error(401, "invalid_client", "Klientpåstanden kan ikke leses.") from error
        client_id = unverified.get("iss")
        if header.get("alg") != "RS256":
            raise _oauth_error(401, "invalid_client", "Klientpåstanden må være signert med RS256.")
        if not isinstance(client_id, str) or client_id not in self._clients:
            raise _oauth_error(401, "invalid_client", "Ukjent klient.")
        if form.get("client_id", client_id) != client_id:
            raise _oauth_error(401, "invalid_client", "client_id stemmer ikke med klientpåstanden.")
        try:
            claims: dict[str, Any] = jwt.decode(
                assertion,
                self._clients[client_id],
                algorithms=["RS256"],
                options=SIGNATURE_ONLY,
            )
        except jwt.PyJWTError as error:
            raise _oauth_error(
                401,
                "invalid_client",
                "Klientpåstanden er ikke signert med klientens registrerte nøkkel.",
            ) from error
        if claims.get("sub") != client_id:
            raise _oauth_error(
                401, "invalid_client", "iss og sub i klientpåstanden må begge være klientens id."
            )
        audience = claims.get("aud")
        if audience != self.token_endpoint and not (
            isinstance(audience, list) and self.token_endpoint in audience
        ):
            raise _oauth_error(
                401,
                "invalid_client",
                "Klientpåstanden er ikke adressert til dette tokenendepunktet.",
            )
        exp, iat = _number(claims.get("exp")), _number(claims.get("iat"))
        nbf = _number(claims.get("nbf", iat))
        if exp is None or iat is None or nbf is None:
            raise _oauth_error(401, "invalid_client", "Klientpåstanden mangler gyldige exp og iat.")
        if exp - min(iat, nbf) > ASSERTION_MAX_LIFETIME.total_seconds():
            raise _oauth_error(
                401, "invalid_client", "Klientpåstanden kan vare i høyst 60 sekunder."
            )
        instant, leeway = now.timestamp(), LEEWAY.total_seconds()
        if instant >= exp + leeway:
            raise _oauth_error(401, "invalid_client", "Klientpåstanden er utløpt.")
        if max(iat, nbf) > instant + leeway:
            raise _oauth_error(401, "invalid_client", "Klientpåstanden er ikke gyldig ennå.")
        jti = claims.get("jti")
        if not isinstance(jti, str) or not jti:
            raise _oauth_error(401, "invalid_client", "Klientpåstanden mangler jti.")
        with self._lock:
            self._seen_jti = {k: v for k, v in self._seen_jti.items() if v + leeway > instant}
            if (client_id, jti) in self._seen_jti:
                raise _oauth_error(
                    401, "invalid_client", "Klientpåstanden er brukt før (samme jti)."
                )
            self._seen_jti[(client_id, jti)] = exp
        return client_id

    def _take_code(self, code: str) -> _Code:
        """The code's grant, removed in the same step: a code works once, even if refused."""
        with self._lock:
            granted = self._codes.pop(code, None)
        if granted is None:
            raise _oauth_error(400, "invalid_grant", "Koden er ukjent eller allerede brukt.")
        return granted

    def _tokens(self, code: _Code, now: datetime) -> dict[str, Any]:
        request, user = code.request, code.user
        issued = int(now.timestamp())
        expires = issued + int(TOKEN_LIFETIME.total_seconds())
        id_claims = {
            "iss": self.base_url,
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
            "iss": self.base_url,
            "sub": user.subject,
            "aud": self.api_audience,
            "client_id": request.client_id,
            "scope": request.scope,
            "iat": issued,
            "nbf": issued,
            "exp": expires,
            "jti": secrets.token_urlsafe(16),
        }
        return {
            "id_token": self._sign(id_claims, "JWT"),
            "access_token": self._sign(access_claims, "at+jwt"),
            "token_type": "Bearer",
            "expires_in": int(TOKEN_LIFETIME.total_seconds()),
            "scope": request.scope,
        }

    def _sign(self, claims: dict[str, Any], typ: str) -> str:
        return jwt.encode(
            claims, self._key, algorithm="RS256", headers={"kid": self.key_id, "typ": typ}
        )


# -- responses -----------------------------------------------------------------------------

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


def _page(title: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="nb">
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


def _error_page(message: str) -> str:
    body = f"""  <main>
    <h1>Innloggingen kan ikke fortsette</h1>
    <p class="merknad"><strong>Dette er en lokal testinnlogging.</strong> Ingen ekte identitet
    brukes.</p>
    <p>{_e(message)}</p>
  </main>"""
    return _page("Innloggingen kan ikke fortsette – lokal testinnlogging", body)


def _html(status: int, page: str) -> Response:
    return Response(status, dict(_PAGE_HEADERS), page.encode("utf-8"))


def _json(status: int, document: dict[str, Any]) -> Response:
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Cache-Control": "no-store",
        "Pragma": "no-cache",
    }
    return Response(status, headers, json.dumps(document, ensure_ascii=False).encode("utf-8"))


def _oauth_error(status: int, error: str, description: str) -> _Refused:
    log.info("Utviklingsutstederen avviste en forespørsel: %s", error)
    return _Refused(_json(status, {"error": error, "error_description": description}))


def _error_redirect(redirect_uri: str, error: str, description: str, state: str) -> Response:
    params = {"error": error, "error_description": description}
    if state:
        params["state"] = state
    return Response(
        303, {"Location": _with_query(redirect_uri, params), "Cache-Control": "no-store"}, b""
    )


def _with_query(url: str, params: dict[str, str]) -> str:
    separator = "&" if "?" in url else "?"
    return url + separator + urllib.parse.urlencode(params)


def _e(value: str) -> str:
    return html.escape(value, quote=True)


def _number(value: object) -> float | None:
    """A JSON number claim as float; None for anything else (bool included)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


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
