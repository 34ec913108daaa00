"""The whole sign-in against the development issuer, in-process: the same code as production.

The Http port is routed straight into ``DevIssuer.handle`` (no sockets); the "browser" steps
read the HTML page the issuer renders and post its form back. Keys are made once per module.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import secrets
import stat
import urllib.parse
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from lis1.auth import (
    ClientConfig,
    ProviderMetadata,
    TokenVerifier,
    authorization_url,
    client_assertion,
    discover,
    exchange_code,
    new_login,
    pkce_challenge,
)
from lis1.clock import MovableClock
from lis1.devissuer import DemoUser, DevIssuer, Response, ensure_client_key, key_id
from lis1.errors import Unauthenticated, Unavailable
from lis1.services.ports.accounts import LoginState

BASE = "http://127.0.0.1:8000/dev-issuer"
CLIENT_ID = "lis1-api"
REDIRECT_URI = "http://127.0.0.1:8000/api/auth/callback"
API_AUDIENCE = "lis1-api-ressurs"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
START = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
USERS = [
    DemoUser("demo-soker", "Kari Nordmann", "kari@example.test", "Søker: nyutdannet lege"),
    DemoUser("demo-hf", "Ola Hansen", "ola@example.test", "Administrator for helseforetak"),
]


# -- module-wide keys (RSA generation is slow) ----------------------------------------------


@pytest.fixture(scope="module")
def key_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("local") / "devissuer"


@pytest.fixture(scope="module")
def client_keys(key_dir: Path) -> tuple[bytes, bytes]:
    return ensure_client_key(key_dir)


@pytest.fixture(scope="module")
def other_private_pem() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


# -- per-test issuer, clock and the in-process Http ----------------------------------------


class IssuerHttp:
    """The Http port, answered by ``DevIssuer.handle`` in-process, as UrllibHttp would."""

    def __init__(self, issuer: DevIssuer) -> None:
        self.issuer = issuer

    def _path(self, url: str) -> str:
        assert url.startswith(BASE + "/"), url
        return url[len(BASE) :]

    def get_json(self, url: str) -> dict[str, Any]:
        response = self.issuer.handle("GET", self._path(url), {}, {})
        if response.status != 200:
            raise Unavailable("Innloggingstjenesten svarer ikke.", code="innlogging_utilgjengelig")
        return body_json(response)

    def post_form(self, url: str, data: dict[str, str]) -> tuple[int, dict[str, Any]]:
        response = self.issuer.handle("POST", self._path(url), {}, dict(data))
        return response.status, body_json(response)


def body_json(response: Response) -> dict[str, Any]:
    assert response.headers["Content-Type"].startswith("application/json")
    document = json.loads(response.body)
    assert isinstance(document, dict)
    return document


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(START)


@pytest.fixture
def issuer(key_dir: Path, client_keys: tuple[bytes, bytes], clock: MovableClock) -> DevIssuer:
    return DevIssuer(
        BASE,
        key_dir,
        clients={CLIENT_ID: client_keys[1]},
        redirect_uris={CLIENT_ID: [REDIRECT_URI]},
        users=USERS,
        clock=clock,
        api_audience=API_AUDIENCE,
    )


@pytest.fixture
def http(issuer: DevIssuer) -> IssuerHttp:
    return IssuerHttp(issuer)


@pytest.fixture
def client(client_keys: tuple[bytes, bytes]) -> ClientConfig:
    return ClientConfig(
        client_id=CLIENT_ID,
        redirect_uri=REDIRECT_URI,
        scopes=("openid", "profile", "email"),
        private_key_pem=client_keys[0],
        key_id=key_id(client_keys[1]),
    )


@pytest.fixture
def meta(http: IssuerHttp) -> ProviderMetadata:
    return discover(BASE, http)


# -- the "browser" ---------------------------------------------------------------------------


class PageReader(HTMLParser):
    """What a browser needs from the page: hidden fields, buttons, texts, landmarks."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden: dict[str, str] = {}
        self.buttons: list[tuple[str, str, str]] = []  # (name, value, text)
        self.tags: list[str] = []
        self.lang: str | None = None
        self.text: list[str] = []
        self._button: tuple[str, str] | None = None
        self._button_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append(tag)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag == "input" and attributes.get("type") == "hidden":
            self.hidden[attributes["name"]] = attributes["value"]
        if tag == "button":
            self._button = (attributes.get("name", ""), attributes.get("value", ""))
            self._button_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "button" and self._button is not None:
            text = " ".join("".join(self._button_text).split())
            self.buttons.append((*self._button, text))
            self._button = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._button is not None:
            self._button_text.append(data)


def read_page(response: Response) -> PageReader:
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    reader = PageReader()
    reader.feed(response.body.decode("utf-8"))
    return reader


def location_query(response: Response) -> tuple[str, dict[str, str]]:
    assert response.status == 303, response.body
    url, _, query = response.headers["Location"].partition("?")
    return url, dict(urllib.parse.parse_qsl(query))


def open_sign_in(
    issuer: DevIssuer, meta: ProviderMetadata, client: ClientConfig, login: LoginState
) -> PageReader:
    url = authorization_url(meta, client, login)
    endpoint, _, query = url.partition("?")
    assert endpoint == meta.authorization_endpoint == BASE + "/authorize"
    path = endpoint[len(BASE) :]
    response = issuer.handle("GET", path, dict(urllib.parse.parse_qsl(query)), {})
    assert response.status == 200
    return read_page(response)


def pick_user(issuer: DevIssuer, page: PageReader, subject: str) -> dict[str, str]:
    response = issuer.handle("POST", "/authorize", {}, {**page.hidden, "user": subject})
    url, query = location_query(response)
    assert url == REDIRECT_URI
    return query


def code_for(
    issuer: DevIssuer,
    meta: ProviderMetadata,
    client: ClientConfig,
    login: LoginState,
    subject: str = "demo-soker",
) -> str:
    answer = pick_user(issuer, open_sign_in(issuer, meta, client, login), subject)
    assert answer["state"] == login.state
    return answer["code"]


# -- the whole flow --------------------------------------------------------------------------


def test_the_whole_code_flow(
    issuer: DevIssuer,
    http: IssuerHttp,
    meta: ProviderMetadata,
    client: ClientConfig,
    clock: MovableClock,
) -> None:
    login = new_login("/soknader?periode=2025-var", clock.now())
    assert login.return_to == "/soknader?periode=2025-var"
    assert login.expires_at == START + timedelta(minutes=10)

    page = open_sign_in(issuer, meta, client, login)
    assert [(name, value) for name, value, _ in page.buttons[:2]] == [
        ("user", "demo-soker"),
        ("user", "demo-hf"),
    ]
    assert page.buttons[0][2] == "Kari Nordmann Søker: nyutdannet lege"
    assert page.buttons[1][2] == "Ola Hansen Administrator for helseforetak"
    assert page.hidden["state"] == login.state
    assert page.hidden["nonce"] == login.nonce
    assert page.hidden["code_challenge"] == pkce_challenge(login.code_verifier)
    assert login.code_verifier not in "".join(page.text) + json.dumps(page.hidden)

    answer = pick_user(issuer, page, "demo-soker")
    assert answer["state"] == login.state

    clock.move(timedelta(seconds=5))
    tokens = exchange_code(meta, client, answer["code"], login, http, clock.now())
    assert tokens.expires_in == 600
    assert tokens.id_token not in repr(tokens)

    id_verifier = TokenVerifier(meta.issuer, CLIENT_ID, meta.jwks_uri, http, clock)
    identity = id_verifier.verify(tokens.id_token, nonce=login.nonce)
    assert identity["sub"] == "demo-soker"
    assert identity["name"] == "Kari Nordmann"
    assert identity["email"] == "kari@example.test"
    assert identity["iss"] == BASE

    api_verifier = TokenVerifier(meta.issuer, API_AUDIENCE, meta.jwks_uri, http, clock)
    assert api_verifier.verify(tokens.access_token)["sub"] == "demo-soker"
    # The two tokens are not interchangeable.
    for verifier, token in ((api_verifier, tokens.id_token), (id_verifier, tokens.access_token)):
        with pytest.raises(Unauthenticated) as caught:
            verifier.verify(token)
        assert caught.value.code == "token_feil_mottaker"


@pytest.fixture
def signed_in(
    issuer: DevIssuer,
    http: IssuerHttp,
    meta: ProviderMetadata,
    client: ClientConfig,
    clock: MovableClock,
) -> tuple[LoginState, str]:
    """(login, id_token) after a complete sign-in."""
    login = new_login("/", clock.now())
    code = code_for(issuer, meta, client, login)
    return login, exchange_code(meta, client, code, login, http, clock.now()).id_token


def test_an_app_configured_for_helseid_refuses_dev_issuer_tokens(
    signed_in: tuple[LoginState, str],
    clock: MovableClock,
    other_private_pem: bytes,
) -> None:
    """Production's verifier, with HelseID's own JWKS, never accepts a local token."""
    login, id_token = signed_in
    helseid = "https://helseid-sts.nhn.no"
    other = parsed_key(other_private_pem)
    helseid_jwks = {
        "keys": [
            {
                **jwt.algorithms.RSAAlgorithm.to_jwk(other.public_key(), as_dict=True),
                "kid": "helseid-1",
                "use": "sig",
                "alg": "RS256",
            }
        ]
    }

    class HelseIdHttp:
        def get_json(self, url: str) -> dict[str, Any]:
            assert url == helseid + "/.well-known/openid-configuration/jwks"
            return helseid_jwks

        def post_form(self, url: str, data: dict[str, str]) -> tuple[int, dict[str, Any]]:
            raise AssertionError("not used")

    production = TokenVerifier(
        helseid,
        "lis1-prod-klient",
        helseid + "/.well-known/openid-configuration/jwks",
        HelseIdHttp(),
        clock,
    )
    with pytest.raises(Unauthenticated) as caught:
        production.verify(id_token, nonce=login.nonce)
    assert caught.value.code == "token_ukjent_nøkkel"


def test_a_verifier_for_another_issuer_refuses_even_with_the_same_keys(
    signed_in: tuple[LoginState, str], http: IssuerHttp, meta: ProviderMetadata, clock: MovableClock
) -> None:
    login, id_token = signed_in
    production = TokenVerifier("https://helseid-sts.nhn.no", CLIENT_ID, meta.jwks_uri, http, clock)
    with pytest.raises(Unauthenticated) as caught:
        production.verify(id_token, nonce=login.nonce)
    assert caught.value.code == "token_feil_utsteder"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ("expired", "token_utløpt"),
        ("audience", "token_feil_mottaker"),
        ("nonce", "token_feil_nonce"),
        ("tampered", "token_ugyldig"),
        ("alg_none", "token_feil_algoritme"),
        ("hs256_with_public_key", "token_feil_algoritme"),
        ("unknown_kid", "token_ukjent_nøkkel"),
    ],
)
def test_the_id_token_is_refused_when(
    signed_in: tuple[LoginState, str],
    http: IssuerHttp,
    meta: ProviderMetadata,
    clock: MovableClock,
    other_private_pem: bytes,
    key_dir: Path,
    change: str,
    code: str,
) -> None:
    login, id_token = signed_in
    audience, nonce = CLIENT_ID, login.nonce
    header, payload, signature = id_token.split(".")
    claims = jwt.decode(id_token, options={"verify_signature": False})
    if change == "expired":
        clock.move(timedelta(minutes=11))
    elif change == "audience":
        audience = "en-annen-klient"
    elif change == "nonce":
        nonce = new_login("/", clock.now()).nonce
    elif change == "tampered":
        forged = jwt.utils.base64url_encode(json.dumps({**claims, "sub": "demo-hf"}).encode())
        id_token = f"{header}.{forged.decode()}.{signature}"
    elif change == "alg_none":
        none_header = jwt.utils.base64url_encode(b'{"alg":"none","typ":"JWT"}').decode()
        id_token = f"{none_header}.{payload}."
    elif change == "hs256_with_public_key":
        public_pem = (
            parsed_key((key_dir / "issuer-key.pem").read_bytes())
            .public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
        hs_header = jwt.utils.base64url_encode(
            json.dumps(
                {"alg": "HS256", "typ": "JWT", "kid": jwt.get_unverified_header(id_token)["kid"]}
            ).encode()
        ).decode()
        mac = hmac.new(public_pem, f"{hs_header}.{payload}".encode(), hashlib.sha256).digest()
        id_token = f"{hs_header}.{payload}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"
    elif change == "unknown_kid":
        id_token = jwt.encode(
            claims, parsed_key(other_private_pem), algorithm="RS256", headers={"kid": "x"}
        )
    verifier = TokenVerifier(meta.issuer, audience, meta.jwks_uri, http, clock)
    with pytest.raises(Unauthenticated) as caught:
        verifier.verify(id_token, nonce=nonce)
    assert caught.value.code == code


# -- the token endpoint's client authentication and code checks -----------------------------


def assertion(
    private_pem: bytes, clock: MovableClock, *, lifetime: int = 60, **changes: Any
) -> str:
    """A client assertion as a client would make it, with ``changes`` (None drops a claim)."""
    now = int(clock.now().timestamp())
    claims: dict[str, Any] = {
        "iss": CLIENT_ID,
        "sub": CLIENT_ID,
        "aud": BASE + "/token",
        "jti": secrets.token_urlsafe(16),
        "iat": now,
        "exp": now + lifetime,
    }
    claims.update(changes)
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(claims, parsed_key(private_pem), algorithm="RS256")


@functools.cache
def parsed_key(private_pem: bytes) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(private_pem, password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def token_form(code: str, login: LoginState, client_assertion_jwt: str | None) -> dict[str, str]:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "code_verifier": login.code_verifier,
        "client_id": CLIENT_ID,
    }
    if client_assertion_jwt is not None:
        form["client_assertion_type"] = ASSERTION_TYPE
        form["client_assertion"] = client_assertion_jwt
    return form


@pytest.fixture
def login(clock: MovableClock) -> LoginState:
    return new_login("/", clock.now())


@pytest.fixture
def code(issuer: DevIssuer, meta: ProviderMetadata, client: ClientConfig, login: LoginState) -> str:
    return code_for(issuer, meta, client, login)


def post_token(issuer: DevIssuer, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
    response = issuer.handle("POST", "/token", {}, form)
    assert response.headers["Cache-Control"] == "no-store"
    return response.status, body_json(response)


def assert_oauth_error(answer: tuple[int, dict[str, Any]], status: int, error: str) -> None:
    got_status, body = answer
    assert (got_status, body["error"]) == (status, error), body
    assert body["error_description"].endswith(".")
    assert set(body) == {"error", "error_description"}


def test_the_token_endpoint_accepts_a_proper_assertion(
    issuer: DevIssuer,
    code: str,
    login: LoginState,
    client_keys: tuple[bytes, bytes],
    clock: MovableClock,
) -> None:
    status, body = post_token(issuer, token_form(code, login, assertion(client_keys[0], clock)))
    assert status == 200
    assert body["token_type"] == "Bearer"
    assert {"id_token", "access_token", "expires_in"} <= set(body)


def test_the_token_endpoint_refuses_a_missing_assertion(
    issuer: DevIssuer, code: str, login: LoginState
) -> None:
    assert_oauth_error(post_token(issuer, token_form(code, login, None)), 401, "invalid_client")
    form = token_form(code, login, "x.y.z")
    form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:saml2-bearer"
    assert_oauth_error(post_token(issuer, form), 401, "invalid_client")


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda keys, other, clock: assertion(other, clock), id="another key"),
        pytest.param(
            lambda keys, other, clock: assertion(keys[0], clock, lifetime=61), id="lifetime 61 s"
        ),
        pytest.param(
            lambda keys, other, clock: assertion(keys[0], clock, lifetime=3600), id="lifetime 1 h"
        ),
        pytest.param(
            lambda keys, other, clock: assertion(
                keys[0], clock, aud="https://helseid-sts.nhn.no/connect/token"
            ),
            id="other audience",
        ),
        pytest.param(
            lambda keys, other, clock: assertion(keys[0], clock, sub="noen-andre"),
            id="sub not client",
        ),
        pytest.param(
            lambda keys, other, clock: assertion(keys[0], clock, iss="ukjent-klient"),
            id="unknown client",
        ),
        pytest.param(lambda keys, other, clock: assertion(keys[0], clock, jti=None), id="no jti"),
        pytest.param(
            lambda keys, other, clock: assertion(
                keys[0],
                clock,
                iat=int(clock.now().timestamp()) - 120,
                exp=int(clock.now().timestamp()) - 60,
            ),
            id="expired",
        ),
        pytest.param(
            lambda keys, other, clock: "eyJhbGciOiJub25lIn0.eyJpc3MiOiJsaXMxLWFwaSJ9.",
            id="alg none",
        ),
    ],
)
def test_the_token_endpoint_refuses_a_bad_assertion(
    issuer: DevIssuer,
    code: str,
    login: LoginState,
    client_keys: tuple[bytes, bytes],
    other_private_pem: bytes,
    clock: MovableClock,
    make: Any,
) -> None:
    bad = make(client_keys, other_private_pem, clock)
    assert_oauth_error(post_token(issuer, token_form(code, login, bad)), 401, "invalid_client")
    # The refusal spent nothing: the code still works with a proper assertion.
    status, _ = post_token(issuer, token_form(code, login, assertion(client_keys[0], clock)))
    assert status == 200


def test_the_token_endpoint_refuses_a_reused_jti(
    issuer: DevIssuer,
    meta: ProviderMetadata,
    client: ClientConfig,
    client_keys: tuple[bytes, bytes],
    clock: MovableClock,
) -> None:
    used = assertion(client_keys[0], clock)
    first, second = new_login("/", clock.now()), new_login("/", clock.now())
    first_code = code_for(issuer, meta, client, first)
    second_code = code_for(issuer, meta, client, second)
    assert post_token(issuer, token_form(first_code, first, used))[0] == 200
    assert_oauth_error(
        post_token(issuer, token_form(second_code, second, used)), 401, "invalid_client"
    )


def test_the_token_endpoint_refuses_a_wrong_pkce_verifier(
    issuer: DevIssuer,
    code: str,
    login: LoginState,
    client_keys: tuple[bytes, bytes],
    clock: MovableClock,
) -> None:
    impostor = replace(login, code_verifier=new_login("/", clock.now()).code_verifier)
    form = token_form(code, impostor, assertion(client_keys[0], clock))
    assert_oauth_error(post_token(issuer, form), 400, "invalid_grant")


def test_the_token_endpoint_refuses_a_reused_code(
    issuer: DevIssuer,
    http: IssuerHttp,
    meta: ProviderMetadata,
    client: ClientConfig,
    code: str,
    login: LoginState,
    client_keys: tuple[bytes, bytes],
    clock: MovableClock,
) -> None:
    exchange_code(meta, client, code, login, http, clock.now())
    again = token_form(code, login, assertion(client_keys[0], clock))
    assert_oauth_error(post_token(issuer, again), 400, "invalid_grant")
    with pytest.raises(Unauthenticated) as caught:
        exchange_code(meta, client, code, login, http, clock.now())
    assert caught.value.code == "innlogging_avvist"


def test_a_refused_exchange_still_spends_the_code(
    issuer: DevIssuer,
    code: str,
    login: LoginState,
    client_keys: tuple[bytes, bytes],
    clock: MovableClock,
) -> None:
    wrong = replace(login, code_verifier="a" * 43)
    assert post_token(issuer, token_form(code, wrong, assertion(client_keys[0], clock)))[0] == 400
    assert_oauth_error(
        post_token(issuer, token_form(code, login, assertion(client_keys[0], clock, jti="ny"))),
        400,
        "invalid_grant",
    )


def test_the_token_endpoint_refuses_a_wrong_redirect_uri(
    issuer: DevIssuer,
    code: str,
    login: LoginState,
    client_keys: tuple[bytes, bytes],
    clock: MovableClock,
) -> None:
    form = token_form(code, login, assertion(client_keys[0], clock))
    form["redirect_uri"] = REDIRECT_URI + "/annen"
    assert_oauth_error(post_token(issuer, form), 400, "invalid_grant")


def test_a_code_lasts_60_seconds(
    issuer: DevIssuer,
    code: str,
    login: LoginState,
    client_keys: tuple[bytes, bytes],
    clock: MovableClock,
) -> None:
    clock.move(timedelta(seconds=61))
    form = token_form(code, login, assertion(client_keys[0], clock))
    assert_oauth_error(post_token(issuer, form), 400, "invalid_grant")


def test_the_token_endpoint_wants_the_code_grant(
    issuer: DevIssuer,
    code: str,
    login: LoginState,
    client_keys: tuple[bytes, bytes],
    clock: MovableClock,
) -> None:
    form = token_form(code, login, assertion(client_keys[0], clock))
    form["grant_type"] = "client_credentials"
    assert_oauth_error(post_token(issuer, form), 400, "unsupported_grant_type")


def test_exchange_code_turns_refusals_into_norwegian_unauthenticated(
    http: IssuerHttp,
    meta: ProviderMetadata,
    client: ClientConfig,
    code: str,
    login: LoginState,
    clock: MovableClock,
    other_private_pem: bytes,
) -> None:
    stranger = replace(client, private_key_pem=other_private_pem)
    with pytest.raises(Unauthenticated) as caught:
        exchange_code(meta, stranger, code, login, http, clock.now())
    assert caught.value.code == "innlogging_avvist"
    assert "Prøv å logge inn på nytt" in caught.value.message

    clock.move(timedelta(minutes=10))
    with pytest.raises(Unauthenticated) as caught:
        exchange_code(meta, client, code, login, http, clock.now())
    assert caught.value.code == "innlogging_utløpt"


# -- the client's own pieces -----------------------------------------------------------------


def test_client_assertion_follows_helseid_rules(
    client: ClientConfig, client_keys: tuple[bytes, bytes]
) -> None:
    audience = "https://helseid-sts.nhn.no/connect/token"
    token = client_assertion(client, audience, START)
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256"
    assert header["kid"] == client.key_id
    claims = jwt.decode(
        token,
        client_keys[1],
        algorithms=["RS256"],
        audience=audience,
        options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
    )
    assert claims["iss"] == claims["sub"] == CLIENT_ID
    assert claims["iat"] == int(START.timestamp())
    assert claims["exp"] - claims["iat"] == 60
    assert client_assertion(client, audience, START) != token  # a fresh jti each time
    assert (
        jwt.decode(client_assertion(client, audience, START), options={"verify_signature": False})[
            "jti"
        ]
        != claims["jti"]
    )
    assert "PRIVATE" not in repr(client)


def test_authorization_url_asks_for_code_with_pkce(
    meta: ProviderMetadata, client: ClientConfig, login: LoginState
) -> None:
    url = authorization_url(meta, client, login)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert query == {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "scope": "openid profile email",
        "state": login.state,
        "nonce": login.nonce,
        "code_challenge": pkce_challenge(login.code_verifier),
        "code_challenge_method": "S256",
        "ui_locales": "nb-no",
    }
    assert "code_verifier" not in url


def test_the_sign_in_pages_come_in_the_persons_language(
    meta: ProviderMetadata, client: ClientConfig, login: LoginState
) -> None:
    def ui_locales(language: str) -> str:
        url = authorization_url(meta, client, login, language=language)
        return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))["ui_locales"]

    # The two values HelseID's authorize endpoint documents; anything else gets bokmål.
    assert [ui_locales(x) for x in ("nb", "en", "de")] == ["nb-no", "en-us", "nb-no"]


def test_pkce_challenge_matches_rfc_7636() -> None:
    # RFC 7636, appendix B.
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert pkce_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_new_login_is_random_every_time(clock: MovableClock) -> None:
    first, second = new_login("/", clock.now()), new_login("/", clock.now())
    assert first.state != second.state
    assert first.nonce != second.nonce
    assert first.code_verifier != second.code_verifier
    assert 43 <= len(first.code_verifier) <= 128


@pytest.mark.parametrize(
    ("asked", "kept"),
    [
        ("/soknader", "/soknader"),
        ("/soknader?periode=2025-var#frister", "/soknader?periode=2025-var#frister"),
        ("https://evil.example", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("/sider\\..\\x", "/"),
        ("javascript:alert(1)", "/"),
        ("soknader", "/"),
        ("/a\r\nSet-Cookie: x=1", "/"),
        ("", "/"),
        (None, "/"),
        ("/" + "a" * 3000, "/"),
    ],
)
def test_new_login_refuses_open_redirects(
    clock: MovableClock, asked: str | None, kept: str
) -> None:
    assert new_login(asked, clock.now()).return_to == kept


# -- the issuer's pages and guards -----------------------------------------------------------


def authorize_query(login: LoginState, **changes: str) -> dict[str, str]:
    query = {
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "response_type": "code",
        "scope": "openid",
        "state": login.state,
        "nonce": login.nonce,
        "code_challenge": pkce_challenge(login.code_verifier),
        "code_challenge_method": "S256",
    }
    query.update(changes)
    return {name: value for name, value in query.items() if value != "-"}


def test_the_sign_in_page_is_accessible_norwegian(issuer: DevIssuer, login: LoginState) -> None:
    response = issuer.handle("GET", "/authorize", authorize_query(login), {})
    page = read_page(response)
    text = " ".join("".join(page.text).split())
    assert page.lang == "nb"
    assert page.tags.count("main") == 1
    assert page.tags.count("h1") == 1
    assert "Velg demobruker" in text
    assert "lokal testinnlogging" in text
    assert "Ingen ekte identitet brukes" in text
    assert ("avbryt", "1", "Avbryt innloggingen") in page.buttons
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_the_sign_in_page_speaks_english_when_asked(issuer: DevIssuer, login: LoginState) -> None:
    query = {**authorize_query(login), "ui_locales": "en-us"}
    page = read_page(issuer.handle("GET", "/authorize", query, {}))
    text = " ".join("".join(page.text).split())
    assert page.lang == "en"
    assert "Choose a demo user" in text and "Velg demobruker" not in text
    assert ("avbryt", "1", "Cancel signing in") in page.buttons


def test_the_sign_in_page_escapes_what_it_echoes(issuer: DevIssuer, login: LoginState) -> None:
    response = issuer.handle(
        "GET", "/authorize", authorize_query(login, state='"><script>x</script>'), {}
    )
    assert b"<script>" not in response.body
    assert read_page(response).hidden["state"] == '"><script>x</script>'


@pytest.mark.parametrize(
    "changes",
    [
        {"client_id": "ukjent"},
        {"redirect_uri": "https://evil.example/callback"},
        {"redirect_uri": REDIRECT_URI + "/"},
    ],
)
def test_authorize_never_redirects_to_an_unregistered_place(
    issuer: DevIssuer, login: LoginState, changes: dict[str, str]
) -> None:
    for method, params, form in (
        ("GET", authorize_query(login, **changes), {}),
        ("POST", {}, {**authorize_query(login, **changes), "user": "demo-soker"}),
    ):
        response = issuer.handle(method, "/authorize", params, form)
        assert response.status == 400
        assert "Location" not in response.headers
        assert "Innloggingen kan ikke fortsette" in response.body.decode("utf-8")


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge": "-"}, "invalid_request"),
        ({"state": "-"}, "invalid_request"),
        ({"nonce": "-"}, "invalid_request"),
        ({"scope": "profile"}, "invalid_scope"),
    ],
)
def test_authorize_sends_request_errors_back_to_the_client(
    issuer: DevIssuer, login: LoginState, changes: dict[str, str], error: str
) -> None:
    url, query = location_query(
        issuer.handle("GET", "/authorize", authorize_query(login, **changes), {})
    )
    assert url == REDIRECT_URI
    assert query["error"] == error
    assert "code" not in query


def test_cancel_and_unknown_user(issuer: DevIssuer, login: LoginState) -> None:
    _, query = location_query(
        issuer.handle("POST", "/authorize", {}, {**authorize_query(login), "avbryt": "1"})
    )
    assert query == {
        "error": "access_denied",
        "error_description": "Innloggingen ble avbrutt.",
        "state": login.state,
    }
    response = issuer.handle(
        "POST", "/authorize", {}, {**authorize_query(login), "user": "demo-ukjent"}
    )
    assert response.status == 400
    assert "Location" not in response.headers


def test_discovery_and_jwks(issuer: DevIssuer) -> None:
    document = body_json(issuer.handle("GET", "/.well-known/openid-configuration", {}, {}))
    assert document["issuer"] == BASE
    assert document["token_endpoint_auth_methods_supported"] == ["private_key_jwt"]
    assert document["code_challenge_methods_supported"] == ["S256"]
    keys = body_json(issuer.handle("GET", "/jwks.json", {}, {}))["keys"]
    assert [(key["kid"], key["alg"], key["use"], key["kty"]) for key in keys] == [
        (issuer.key_id, "RS256", "sig", "RSA")
    ]
    assert "d" not in keys[0]  # public part only


def test_unknown_paths_and_methods_answer_in_norwegian(issuer: DevIssuer) -> None:
    missing = issuer.handle("GET", "/userinfo", {}, {})
    assert missing.status == 404
    assert body_json(missing)["error_description"] == "Fant ikke adressen."
    wrong = issuer.handle("GET", "/token", {}, {})
    assert (wrong.status, wrong.headers["Allow"]) == (405, "POST")


@pytest.mark.parametrize(
    "base_url",
    [
        "https://127.0.0.1:8000",
        "http://example.com",
        "http://127.0.0.1.evil.example",
        "http://localhost@evil.example",
        "http://10.0.0.5:8000",
        "http://0.0.0.0:8000",
        "https://helseid-sts.nhn.no",
    ],
)
def test_the_dev_issuer_runs_only_on_a_local_address(
    base_url: str, key_dir: Path, client_keys: tuple[bytes, bytes], clock: MovableClock
) -> None:
    with pytest.raises(ValueError, match="lokal"):
        DevIssuer(base_url, key_dir, {}, {}, USERS, clock, API_AUDIENCE)


def test_keys_are_private_files_made_once(
    key_dir: Path, issuer: DevIssuer, client_keys: tuple[bytes, bytes]
) -> None:
    for name in ("issuer-key.pem", "client-key.pem"):
        assert stat.S_IMODE((key_dir / name).stat().st_mode) == 0o600
    assert ensure_client_key(key_dir) == client_keys
    assert (
        DevIssuer(
            "http://localhost:9000/", key_dir, {}, {}, USERS, MovableClock(START), API_AUDIENCE
        ).key_id
        == issuer.key_id
    )
