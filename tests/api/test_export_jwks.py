"""The published key set for signed portfolio exports: open to anyone, cacheable, and holding
the key the API signs with."""

from __future__ import annotations

import json

import pytest
from jwcrypto import jwk, jws

from lis1.auth.export_keys import ExportKeys
from lis1.auth.export_verify import verify_export
from lis1.config import ConfigError

from .conftest import Api

JWKS = "/api/.well-known/jwks.json"


def test_the_jwks_is_public_cacheable_and_verifies_what_the_api_signs(api: Api) -> None:
    answer = api.client().get(JWKS)
    assert answer.status == 200, answer.body
    assert answer.header("Cache-Control") == "public, max-age=3600"
    assert (answer.header("Content-Type") or "").startswith("application/json")
    published = answer.json()
    assert isinstance(published, dict)
    token = api.deps.export_keys.sign(b'{"eksport": 1}')
    assert verify_export(token, published) == b'{"eksport": 1}'
    parsed = jws.JWS()
    parsed.deserialize(token)
    parsed.verify(jwk.JWKSet.from_json(json.dumps(published)).get_key(api.deps.export_keys.kid))
    assert [key["kid"] for key in published["keys"]] == [api.deps.export_keys.kid]
    assert all(
        set(key) == {"kty", "crv", "x", "y", "kid", "use", "alg"} for key in published["keys"]
    )


def test_the_jwks_is_in_the_api_description(api: Api) -> None:
    document = api.client().get("/api/openapi.json").json()
    assert isinstance(document, dict)
    described = document["paths"][JWKS]["get"]
    assert described["security"] == [] and described["x-access"] == "public"
    schema = described["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/JwksOut"}
    assert "503" in described["responses"]


def test_keys_that_cannot_be_read_are_a_503_and_a_line_in_the_log(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    def unreadable() -> ExportKeys:
        raise ConfigError("Hemmeligheten lis1-eksport er tom")

    api.deps.export_key_source = unreadable
    answer = api.client().get(JWKS)
    assert answer.status == 503, answer.body
    assert "ikke tilgjengelige" in answer.body.decode()
    assert "lis1-eksport er tom" not in answer.body.decode()  # the operator's, not the caller's
    assert "Hemmeligheten lis1-eksport er tom" in caplog.text
