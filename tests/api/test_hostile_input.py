"""Input beyond what the service takes is refused early with a 4xx and our body, never a 500,
and every answer can be sent: long path and query values against a DynamoDB store, deep JSON,
dates far away, text that cannot be encoded."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from lis1.api.gateway import GatewayResponse
from lis1.catalog import Catalog
from lis1.clock import MovableClock
from lis1.devtools.wiring import in_process_api
from lis1.store.bundle import dynamodb_store
from lis1.store.dynamo.client import make_client
from lis1.store.schema import ensure_table

from .conftest import Api
from .test_platform import ROUTES, SAMPLE, assert_our_error, concrete
from .test_positions import AD, published_ad

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

LONG = "a" * 2100  # over DynamoDB's 2048-byte partition key


@pytest.fixture(scope="module")
def ddb_table(dynamodb_local_endpoint: str) -> Iterator[tuple[DynamoDBClient, str]]:
    """One table on DynamoDB Local for the module: making one takes a second or more, and
    what these tests write (sessions, one ad) does not meet."""
    client = make_client(dynamodb_local_endpoint)
    table = f"lis1-hostile-{uuid.uuid4().hex[:12]}"
    ensure_table(client, table)
    try:
        yield client, table
    finally:
        client.delete_table(TableName=table)


@pytest.fixture
def ddb_api(catalog: Catalog, keys: Path, ddb_table: tuple[DynamoDBClient, str]) -> Api:
    """The API on DynamoDB Local, which refuses keys beyond its limits as AWS does (moto does
    not: it answers a GetItem for a 3 KB key with nothing)."""
    client, table = ddb_table
    clock = MovableClock(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    store = dynamodb_store(client, table, "dynamodb-local")
    wired = in_process_api(catalog, store, clock, keys)
    return Api(wired.gateway, wired.issuer, wired.deps, clock)


def sendable(response: GatewayResponse) -> None:
    """The answer can be put on the wire: UTF-8 body, ASCII headers."""
    response.body.decode("utf-8")
    for name, value in response.headers:
        assert value.isascii(), (name, value)


@pytest.mark.parametrize("spec", [s for s in ROUTES if "{" in s.path], ids=lambda s: s.path)
def test_long_path_values_are_refused_before_the_store(ddb_api: Api, spec: object) -> None:
    from lis1.api.registry import RouteSpec

    assert isinstance(spec, RouteSpec)
    editor = ddb_api.sign_in("demo-eva")
    hf = ddb_api.sign_in("demo-ola")
    for client in (ddb_api.client(), editor, hf):
        for value in (LONG, quote("ø" * 700), "x%00y", quote("\ud800", errors="surrogatepass")):
            path = concrete(spec, dict.fromkeys(SAMPLE, value))
            response = client.request(spec.method, path, json_body={} if spec.body else None)
            assert 400 <= response.status < 500, (client, value[:10], response.body)
            assert_our_error(response)
            sendable(response)


def test_long_query_values_and_callback_state_are_refused(ddb_api: Api) -> None:
    client = ddb_api.client()
    for path in (
        f"/api/ads?hf={LONG}",
        f"/api/ads?periode={LONG}",
        f"/api/ads?region={LONG}",
        f"/api/auth/callback?code=abc&state={LONG}",
        f"/api/auth/callback?error=access_denied&state={LONG}",
        f"/api/auth/login?return_to=/{'a' * 2100}",
    ):
        response = client.get(path)
        assert 400 <= response.status < 500, (path[:40], response.body)
        body = assert_our_error(response)
        assert body["fields"], body


def test_deleting_an_admin_with_a_long_subject_is_a_400_not_a_conflict(ddb_api: Api) -> None:
    editor = ddb_api.sign_in("demo-eva")
    response = editor.delete(f"/api/admin/organisations/helse-bergen/admins/{LONG}")
    assert assert_our_error(response, 400)["fields"] == {
        "subject": "forventet en person-id fra innloggingen (høyst 200 tegn uten mellomrom)"
    }


def test_the_store_maps_values_it_refuses_to_400(ddb_api: Api) -> None:
    from lis1.errors import InvalidInput

    store = ddb_api.deps.store
    with pytest.raises(InvalidInput):
        store.ads.get(LONG)
    with pytest.raises(InvalidInput):
        store.requests.first(LONG, now=datetime(2026, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 5000 + b"]" * 5000,
        b'{"a":' * 3000 + b"1" + b"}" * 3000,
        b'{"cover_text": ' + b"[" * 17 + b"]" * 17 + b"}",
    ],
    ids=["arrays", "objects", "just-too-deep"],
)
def test_deeply_nested_json_is_refused(api: Api, body: bytes) -> None:
    _, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    response = kari.post(
        f"/api/ads/{ad['id']}/applications",
        body=body,
        headers={"content-type": "application/json"},
    )
    assert assert_our_error(response, 400)["code"] == "ugyldig_json"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("starts", "9999-12-31"),
        ("starts", "2016-12-31"),
        ("starts", "2037-01-01"),
        ("application_deadline", "9999-12-30"),
        ("ends", "9999-12-31"),
    ],
)
def test_dates_far_away_are_refused_in_norwegian(api: Api, field: str, value: str) -> None:
    hf = api.sign_in("demo-ola")
    rest = {**AD, "period_id": None, "application_deadline": "2027-01-15", "ends": "2027-09-01"}
    response = hf.post("/api/ads", json_body={**rest, field: value})
    body = assert_our_error(response, 400)
    assert "forventet en dato fra 1. januar 2017 til " in body["fields"][field], body
    assert hf.post("/api/ads", json_body=rest).status == 201


@pytest.mark.parametrize(
    "body",
    [
        b'{"cover_text": "\\ud800"}',
        b'{"cover_text": "a\\udfffb"}',
        b'{"\\ud800": 1}',
        b'{"cover_text": "\\u0000"}',
        b'{"seats": "\\ud800"}',
    ],
)
def test_text_that_cannot_be_encoded_is_refused_and_never_echoed(api: Api, body: bytes) -> None:
    _, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    for path in (f"/api/ads/{ad['id']}/applications", "/api/ads"):
        response = kari.post(path, body=body, headers={"content-type": "application/json"})
        assert response.status in (400, 403), response.body
        sendable(response)


def test_a_form_with_control_characters_is_refused(api: Api) -> None:
    _, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    response = kari.post(
        f"/api/ads/{ad['id']}/applications",
        body=b"cover_text=%00hei&csrf_token=" + (kari.csrf or "").encode(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert assert_our_error(response, 400)["code"] == "ugyldige_tegn"


def test_locations_are_percent_encoded(api: Api) -> None:
    client = api.client()
    start = client.get("/api/auth/login?return_to=" + quote("/frister/ø?x=æ å"))
    assert start.status == 302
    sendable(start)
    unsigned = client.get("/api/me?side=" + quote("Søknad"), headers={"accept": "text/html"})
    assert unsigned.status == 303
    sendable(unsigned)
    back = parse_qs(urlsplit(unsigned.header("Location") or "").query)["return_to"]
    assert back == ["/api/me?side=S%C3%B8knad"]


def test_version_numbers_beyond_the_store_are_refused(api: Api) -> None:
    hf, ad = published_ad(api)
    response = hf.post(
        f"/api/ads/{ad['id']}/publish",
        body=json.dumps({"version": 10**40}).encode(),
        headers={"content-type": "application/json"},
    )
    assert assert_our_error(response, 400)["fields"]["version"].startswith("fant")
