"""The token verifier and discovery: every way a token can be wrong is refused, with its code.

Pure: keys are made once for the module, the JWKS is served by a small fake of the Http port,
and time comes from a MovableClock.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from lis1.auth import ProviderMetadata, TokenVerifier, UrllibHttp, discover
from lis1.clock import MovableClock
from lis1.errors import Unauthenticated, Unavailable

ISSUER = "https://issuer.example.test"
JWKS_URI = ISSUER + "/jwks"
AUDIENCE = "lis1-api"
KID = "nøkkel-1"
START = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def other_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    entry = dict(RSAAlgorithm.to_jwk(key.public_key(), as_dict=True))
    entry.update({"kid": kid, "use": "sig", "alg": "RS256"})
    return entry


class FakeHttp:
    """Serves fixed JSON documents by URL and counts the fetches."""

    def __init__(self, documents: dict[str, dict[str, Any]]) -> None:
        self.documents = documents
        self.fetched: list[str] = []

    def get_json(self, url: str) -> dict[str, Any]:
        self.fetched.append(url)
        if url not in self.documents:
            raise Unavailable("Innloggingstjenesten svarer ikke.", code="innlogging_utilgjengelig")
        return json.loads(json.dumps(self.documents[url]))  # type: ignore[no-any-return]

    def post_form(self, url: str, data: dict[str, str]) -> tuple[int, dict[str, Any]]:
        raise AssertionError("the verifier never posts")


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(START)


@pytest.fixture
def http(key: rsa.RSAPrivateKey) -> FakeHttp:
    return FakeHttp({JWKS_URI: {"keys": [jwk(key, KID)]}})


@pytest.fixture
def verifier(http: FakeHttp, clock: MovableClock) -> TokenVerifier:
    return TokenVerifier(ISSUER, AUDIENCE, JWKS_URI, http, clock)


def claims(clock: MovableClock, **changes: Any) -> dict[str, Any]:
    """Good claims for now; a change to None drops the claim."""
    now = int(clock.now().timestamp())
    base: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "demo-1",
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "nonce": "n-123",
    }
    base.update(changes)
    return {name: value for name, value in base.items() if value is not None}


def sign(
    key: rsa.RSAPrivateKey, payload: dict[str, Any], *, kid: str = KID, alg: str = "RS256"
) -> str:
    return jwt.encode(payload, key, algorithm=alg, headers={"kid": kid})


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64json(document: dict[str, Any]) -> str:
    return b64(json.dumps(document).encode("utf-8"))


def refused(verifier: TokenVerifier, token: str, **kwargs: Any) -> Unauthenticated:
    with pytest.raises(Unauthenticated) as caught:
        verifier.verify(token, **kwargs)
    assert caught.value.message.endswith(".")  # a full Norwegian sentence, not a library's text
    return caught.value


def test_a_good_token_gives_its_claims(
    verifier: TokenVerifier, key: rsa.RSAPrivateKey, clock: MovableClock
) -> None:
    got = verifier.verify(sign(key, claims(clock)), nonce="n-123")
    assert got["sub"] == "demo-1"
    assert got["aud"] == AUDIENCE


def test_audience_may_be_a_list_holding_ours(
    verifier: TokenVerifier, key: rsa.RSAPrivateKey, clock: MovableClock
) -> None:
    token = sign(key, claims(clock, aud=["annen-tjeneste", AUDIENCE]))
    assert verifier.verify(token)["sub"] == "demo-1"


def test_expiry_follows_the_injected_clock_with_a_small_leeway(
    verifier: TokenVerifier, key: rsa.RSAPrivateKey, clock: MovableClock
) -> None:
    token = sign(key, claims(clock))
    clock.move(timedelta(minutes=10, seconds=29))
    assert verifier.verify(token)["sub"] == "demo-1"
    clock.move(timedelta(seconds=1))
    error = refused(verifier, token)
    assert error.code == "token_utløpt"
    assert "utløpt" in error.message


@pytest.mark.parametrize("claim", ["iat", "nbf"])
def test_a_token_from_the_future_is_refused(
    verifier: TokenVerifier, key: rsa.RSAPrivateKey, clock: MovableClock, claim: str
) -> None:
    later = int(clock.now().timestamp()) + 120
    token = sign(key, claims(clock, **{claim: later, "exp": later + 600}))
    assert refused(verifier, token).code == "token_ikke_gyldig_ennå"


def test_wrong_audience_is_refused(
    verifier: TokenVerifier, key: rsa.RSAPrivateKey, clock: MovableClock
) -> None:
    token = sign(key, claims(clock, aud="en-annen-tjeneste"))
    assert refused(verifier, token).code == "token_feil_mottaker"


def test_wrong_issuer_is_refused(
    verifier: TokenVerifier, key: rsa.RSAPrivateKey, clock: MovableClock
) -> None:
    token = sign(key, claims(clock, iss=ISSUER + "/"))
    assert refused(verifier, token).code == "token_feil_utsteder"


def test_nonce_must_match_when_given(
    verifier: TokenVerifier, key: rsa.RSAPrivateKey, clock: MovableClock
) -> None:
    assert refused(verifier, sign(key, claims(clock)), nonce="annen").code == "token_feil_nonce"
    no_nonce = sign(key, claims(clock, nonce=None))
    assert refused(verifier, no_nonce, nonce="n-123").code == "token_feil_nonce"
    assert verifier.verify(no_nonce)["sub"] == "demo-1"  # access tokens carry no nonce


def test_subject_is_required(
    verifier: TokenVerifier, key: rsa.RSAPrivateKey, clock: MovableClock
) -> None:
    assert refused(verifier, sign(key, claims(clock, sub=None))).code == "token_mangler_subjekt"
    assert refused(verifier, sign(key, claims(clock, sub=""))).code == "token_mangler_subjekt"


@pytest.mark.parametrize("claim", ["exp", "iat"])
def test_times_are_required(
    verifier: TokenVerifier, key: rsa.RSAPrivateKey, clock: MovableClock, claim: str
) -> None:
    assert refused(verifier, sign(key, claims(clock, **{claim: None}))).code == "token_ugyldig"
    assert refused(verifier, sign(key, claims(clock, **{claim: True}))).code == "token_ugyldig"


def test_a_tampered_payload_is_refused(
    verifier: TokenVerifier, key: rsa.RSAPrivateKey, clock: MovableClock
) -> None:
    header, _, signature = sign(key, claims(clock)).split(".")
    forged = ".".join([header, b64json(claims(clock, sub="redaktør")), signature])
    assert refused(verifier, forged).code == "token_ugyldig"


def test_alg_none_is_refused(verifier: TokenVerifier, clock: MovableClock) -> None:
    token = f"{b64json({'alg': 'none', 'kid': KID})}.{b64json(claims(clock))}."
    assert refused(verifier, token).code == "token_feil_algoritme"


def test_hs256_signed_with_the_public_key_is_refused(
    verifier: TokenVerifier, key: rsa.RSAPrivateKey, clock: MovableClock
) -> None:
    """Alg confusion: the public key is public, so an HMAC made with it proves nothing."""
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = (
        f"{b64json({'alg': 'HS256', 'typ': 'JWT', 'kid': KID})}.{b64json(claims(clock))}"
    )
    mac = hmac.new(public_pem, signing_input.encode("ascii"), hashlib.sha256).digest()
    assert refused(verifier, f"{signing_input}.{b64(mac)}").code == "token_feil_algoritme"


@pytest.mark.parametrize("alg", ["RS512", "PS256"])
def test_other_asymmetric_algorithms_are_refused(
    verifier: TokenVerifier, key: rsa.RSAPrivateKey, clock: MovableClock, alg: str
) -> None:
    assert refused(verifier, sign(key, claims(clock), alg=alg)).code == "token_feil_algoritme"


@pytest.mark.parametrize("token", ["", "ikke-et-token", "a.b.c", "ØØØ.ÆÆÆ.ÅÅÅ"])
def test_garbage_is_refused(verifier: TokenVerifier, token: str) -> None:
    assert refused(verifier, token).code == "token_ugyldig"


def test_a_token_without_kid_is_refused(
    verifier: TokenVerifier, key: rsa.RSAPrivateKey, clock: MovableClock
) -> None:
    token = jwt.encode(claims(clock), key, algorithm="RS256")
    assert refused(verifier, token).code == "token_ugyldig"


def test_unknown_kid_refetches_the_jwks_at_most_every_60_seconds(
    verifier: TokenVerifier,
    http: FakeHttp,
    key: rsa.RSAPrivateKey,
    other_key: rsa.RSAPrivateKey,
    clock: MovableClock,
) -> None:
    verifier.verify(sign(key, claims(clock)))
    assert len(http.fetched) == 1
    verifier.verify(sign(key, claims(clock)))
    assert len(http.fetched) == 1  # cached

    stranger = sign(other_key, claims(clock), kid="ukjent")
    assert refused(verifier, stranger).code == "token_ukjent_nøkkel"
    assert len(http.fetched) == 1  # fetched less than 60 s ago: no refetch
    clock.move(timedelta(seconds=60))
    stranger = sign(other_key, claims(clock), kid="ukjent")
    for _ in range(5):
        assert refused(verifier, stranger).code == "token_ukjent_nøkkel"
    assert len(http.fetched) == 2  # once, not five times


def test_a_rotated_key_is_picked_up(
    verifier: TokenVerifier,
    http: FakeHttp,
    key: rsa.RSAPrivateKey,
    other_key: rsa.RSAPrivateKey,
    clock: MovableClock,
) -> None:
    verifier.verify(sign(key, claims(clock)))
    http.documents[JWKS_URI] = {"keys": [jwk(key, KID), jwk(other_key, "nøkkel-2")]}
    clock.move(timedelta(seconds=61))
    assert verifier.verify(sign(other_key, claims(clock), kid="nøkkel-2"))["sub"] == "demo-1"
    assert len(http.fetched) == 2


def test_a_key_under_the_wrong_kid_fails_the_signature(
    verifier: TokenVerifier, other_key: rsa.RSAPrivateKey, clock: MovableClock
) -> None:
    assert refused(verifier, sign(other_key, claims(clock))).code == "token_ugyldig"


def test_a_withdrawn_key_goes_away_when_the_cache_is_old(
    verifier: TokenVerifier, http: FakeHttp, key: rsa.RSAPrivateKey, clock: MovableClock
) -> None:
    verifier.verify(sign(key, claims(clock)))
    http.documents[JWKS_URI] = {"keys": []}
    clock.move(timedelta(hours=24))
    assert refused(verifier, sign(key, claims(clock))).code == "token_ukjent_nøkkel"


def test_jwks_skips_keys_that_are_not_rs256_signing_keys(
    key: rsa.RSAPrivateKey, clock: MovableClock
) -> None:
    http = FakeHttp(
        {
            JWKS_URI: {
                "keys": [
                    {**jwk(key, "enc"), "use": "enc"},
                    {**jwk(key, "rs512"), "alg": "RS512"},
                    {"kty": "oct", "kid": "hmac", "k": b64(b"hemmelig")},
                    "ikke en nøkkel",
                ]
            }
        }
    )
    verifier = TokenVerifier(ISSUER, AUDIENCE, JWKS_URI, http, clock)
    for kid in ("enc", "rs512", "hmac"):
        assert refused(verifier, sign(key, claims(clock), kid=kid)).code == "token_ukjent_nøkkel"


def test_an_unreachable_jwks_is_unavailable_not_unauthenticated(
    key: rsa.RSAPrivateKey, clock: MovableClock
) -> None:
    verifier = TokenVerifier(ISSUER, AUDIENCE, JWKS_URI, FakeHttp({}), clock)
    with pytest.raises(Unavailable):
        verifier.verify(sign(key, claims(clock)))


# -- discovery ------------------------------------------------------------------------------


def metadata_document(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "issuer": ISSUER,
        "authorization_endpoint": ISSUER + "/connect/authorize",
        "token_endpoint": ISSUER + "/connect/token",
        "jwks_uri": JWKS_URI,
        "token_endpoint_auth_methods_supported": ["private_key_jwt", "client_secret_basic"],
        "code_challenge_methods_supported": ["plain", "S256"],
    }
    document.update(changes)
    return {name: value for name, value in document.items() if value is not None}


def discovery_http(document: dict[str, Any]) -> FakeHttp:
    return FakeHttp({ISSUER + "/.well-known/openid-configuration": document})


def test_discover_reads_the_endpoints() -> None:
    assert discover(ISSUER, discovery_http(metadata_document())) == ProviderMetadata(
        issuer=ISSUER,
        authorization_endpoint=ISSUER + "/connect/authorize",
        token_endpoint=ISSUER + "/connect/token",
        jwks_uri=JWKS_URI,
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"issuer": ISSUER + "/"},
        {"issuer": "https://evil.example"},
        {"issuer": None},
        {"token_endpoint": None},
        {"jwks_uri": "http://issuer.example.test/jwks"},
        {"authorization_endpoint": "javascript:alert(1)"},
        {"token_endpoint_auth_methods_supported": ["client_secret_post"]},
        {"code_challenge_methods_supported": ["plain"]},
    ],
)
def test_discover_refuses_a_document_that_does_not_fit(changes: dict[str, Any]) -> None:
    with pytest.raises(Unavailable) as caught:
        discover(ISSUER, discovery_http(metadata_document(**changes)))
    assert caught.value.code == "innlogging_feil_oppsett"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://issuer.example.test/jwks",
        "ftp://issuer.example.test/jwks",
        "https://user:pw@issuer.example.test/jwks",
        "ikke en adresse",
    ],
)
def test_urllib_http_refuses_insecure_urls_before_connecting(url: str) -> None:
    with pytest.raises(Unavailable) as caught:
        UrllibHttp(timeout=0.01).get_json(url)
    assert "Prøv igjen" in caught.value.message


@pytest.fixture(autouse=True)
def _no_sockets(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Unit tests open no sockets: fail loudly if anything tries."""
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a unit test tried to open a socket")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    yield
