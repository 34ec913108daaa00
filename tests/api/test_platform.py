"""The API platform: sign-in, sessions, CSRF, who may call what, and errors users understand."""

from __future__ import annotations

import json
import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from jsonschema import Draft202012Validator

from lis1.api.app import create_app
from lis1.api.gateway import GatewayResponse
from lis1.api.registry import RouteSpec
from lis1.api.routes import all_routes
from lis1.auth.oidc import exchange_code, new_login
from lis1.catalog import Catalog

from .conftest import Api, build_api

ROUTES = all_routes()
SAMPLE = {
    "organisation_id": "helse-bergen",
    "subject": "demo-kari",
    "period_id": "2018-host",
    "ad_id": "a1b2c3d4e5f6",
    "reference": "LIS1-ABCD-EFGH",
    "invitation_id": "0123456789ab",
    "token": "A" * 43,
    "calendar_token": "A" * 43 + ".ics",
    "offer_id": "0123456789abcdef0123",
    "change": "frigi",
    "activity_id": "0123456789ab",
    "relation_id": "0123456789ab",
    "employment_id": "0123456789ab",
    "code": "KLS-001",
    "conversation_id": "0123456789ab",
    "confirmation_id": "0123456789ab",
    "agent_id": "0123456789ab",
}


def concrete(spec: RouteSpec, values: dict[str, str] | None = None) -> str:
    values = {**SAMPLE, **(values or {})}
    return "/api" + re.sub(r"{(\w+)}", lambda m: values[m.group(1)], spec.path)


def error_schema(api: Api) -> Draft202012Validator:
    document = json.loads(api.client().get("/api/openapi.json").body)
    schemas = document["components"]["schemas"]
    return Draft202012Validator({**schemas["ErrorBody"], "$defs": schemas})


def assert_our_error(response: GatewayResponse, status: int | None = None) -> dict[str, Any]:
    if status is not None:
        assert response.status == status, response.body
    assert 400 <= response.status < 500, (response.status, response.body)
    body = response.json()
    assert isinstance(body, dict)
    assert set(body) == {"code", "message", "fields"}, body
    assert body["message"] and not re.search(r"\b(the|is|not|error|Missing)\b", body["message"])
    return body


# --- health and description -----------------------------------------------------------------


def test_health(api: Api) -> None:
    response = api.client().get("/api/health")
    assert response.status == 200
    assert response.json() == {"status": "ok", "store": "memory", "stage": "test"}


def test_building_the_app_leaves_the_process_environment_as_it_was() -> None:
    """Chalice writes into the environment it is given; in os.environ the tests' hundreds of apps
    grew AWS_EXECUTION_ENV past the 8 KiB of headers DynamoDB Local accepts."""
    before = dict(os.environ)
    for _ in range(3):
        create_app(lambda: pytest.fail("the ports are read at the first request"))
    assert dict(os.environ) == before


def test_openapi_describes_every_route_with_its_security(api: Api) -> None:
    document = json.loads(api.client().get("/api/openapi.json").body)
    assert document["openapi"] == "3.1.0"
    for spec in ROUTES:
        operation = document["paths"][f"/api{spec.path}"][spec.method.lower()]
        assert operation["x-access"] == spec.access.name
        assert bool(operation["security"]) == spec.access.needs_sign_in
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                assert response["$ref"].startswith("#/components/responses/E")


def test_documented_error_bodies_match_the_schema(api: Api) -> None:
    validator = error_schema(api)
    client = api.client()
    samples = [
        client.get("/api/me"),
        client.get("/api/finnes/ikke"),
        client.request("PATCH", "/api/health"),
        client.get("/api/periods/1999-host"),
        client.put("/api/dev/clock", json_body={"offset_hours": 1}),
    ]
    for response in samples:
        assert_our_error(response)
        assert list(validator.iter_errors(response.json())) == []


# --- signing in and out -------------------------------------------------------------------------


def test_sign_in_sets_a_safe_session_cookie_and_me_shows_roles(api: Api) -> None:
    client = api.sign_in("demo-ola")
    me = client.get("/api/me").json()
    assert isinstance(me, dict)
    assert me["name"] == "Ola Hansen"
    assert {
        "role": "hf_admin",
        "role_name": "administrator for helseforetak",
        "organisation": "helse-bergen",
        "organisation_name": "Helse Bergen HF",
    } in me["roles"]
    assert me["csrf_token"]


def test_session_cookie_attributes(api: Api) -> None:
    client = api.client()
    start = client.get("/api/auth/login")
    params = dict(parse_qsl(urlsplit(start.header("Location") or "").query))
    assert params["code_challenge_method"] == "S256" and params["code_challenge"]
    chosen = api.issuer.handle("POST", "/authorize", {}, {**params, "user": "demo-kari"})
    back = urlsplit(chosen.headers["Location"])
    done = client.get(f"{back.path}?{back.query}")
    cookie = done.header("Set-Cookie") or ""
    assert cookie.startswith("lis1_session=")
    for attribute in ("HttpOnly", "Secure", "SameSite=Lax", "Path=/"):
        assert attribute in cookie
    # The state is single use: replaying the callback does not sign in again.
    replay = api.client().get(f"{back.path}?{back.query}")
    assert assert_our_error(replay, 401)["code"] == "innlogging_utløpt"


def test_sign_out_ends_the_session(api: Api) -> None:
    client = api.sign_in("demo-kari")
    cookie = dict(client.cookies)
    assert client.post("/api/auth/logout").status == 204
    assert "lis1_session" not in client.cookies
    stolen = api.client()
    stolen.cookies = cookie
    assert_our_error(stolen.get("/api/me"), 401)


def test_form_sign_out_without_javascript_redirects_to_the_front_page(api: Api) -> None:
    client = api.sign_in("demo-kari")
    token = client.csrf or ""
    client.csrf = None
    response = client.post(
        "/api/auth/logout", form={"csrf_token": token}, headers={"accept": "text/html"}
    )
    assert response.status == 303
    assert response.header("Location") == "/"


def test_me_as_html_page_has_a_sign_out_form(api: Api) -> None:
    client = api.sign_in("demo-kari")
    page = client.get("/api/me", headers={"accept": "text/html"})
    assert page.status == 200
    text = page.body.decode()
    assert '<html lang="nb"' in text and "Kari Nordmann" in text
    assert 'name="csrf_token"' in text and 'action="/api/auth/logout"' in text


def test_unsigned_html_request_goes_to_sign_in(api: Api) -> None:
    response = api.client().get("/api/me", headers={"accept": "text/html"})
    assert response.status == 303
    assert response.header("Location") == "/api/auth/login?return_to=/api/me"


def test_open_redirects_are_refused(api: Api) -> None:
    client = api.client()
    start = client.get("/api/auth/login?return_to=https://evil.example/")
    params = dict(parse_qsl(urlsplit(start.header("Location") or "").query))
    chosen = api.issuer.handle("POST", "/authorize", {}, {**params, "user": "demo-kari"})
    back = urlsplit(chosen.headers["Location"])
    assert client.get(f"{back.path}?{back.query}").header("Location") == "/"


def test_cancelled_sign_in_is_explained(api: Api) -> None:
    response = api.client().get("/api/auth/callback?error=access_denied&state=x")
    assert assert_our_error(response, 401)["code"] == "innlogging_avbrutt"


@pytest.mark.parametrize(
    ("return_to", "lang", "title"),
    [
        ("/en/api/profil", "en", "Sign-in cancelled"),
        ("/api/profil", "nb", "Innloggingen ble avbrutt"),
    ],
)
def test_a_cancelled_sign_in_is_explained_in_the_language_it_started_in(
    api: Api, return_to: str, lang: str, title: str
) -> None:
    """The callback's address is always the bokmål one registered with HelseID."""
    client = api.client()
    start = client.get(f"/api/auth/login?return_to={return_to}")
    params = dict(parse_qsl(urlsplit(start.header("Location") or "").query))
    cancelled = api.issuer.handle("POST", "/authorize", {}, {**params, "avbryt": "1"})
    back = urlsplit(cancelled.headers["Location"])
    page = client.get(f"{back.path}?{back.query}", headers={"accept": "text/html"})
    body = page.body.decode()
    assert page.status == 401 and f'<html lang="{lang}"' in body and title in body
    prefix = "/en" if lang == "en" else ""
    assert f'href="{prefix}/api/auth/login?return_to={prefix}/api/profil"' in unquote(body)


# --- CSRF and origin ----------------------------------------------------------------------------


def test_changes_need_the_csrf_token(api: Api) -> None:
    client = api.sign_in("demo-eva")
    token = client.csrf
    client.csrf = None
    refused = client.put("/api/admin/organisations/helse-bergen/admins/demo-kari")
    assert assert_our_error(refused, 403)["code"] == "csrf_feil"
    client.csrf = token
    foreign = client.put(
        "/api/admin/organisations/helse-bergen/admins/demo-kari",
        headers={"origin": "https://evil.example"},
    )
    assert assert_our_error(foreign, 403)["code"] == "feil_opphav"
    assert client.put("/api/admin/organisations/helse-bergen/admins/demo-kari").status == 201


@pytest.mark.parametrize("sent", ["é", "tøken", "\u4e2d\u6587", "x" * 300 + "ø"])
def test_a_csrf_token_beyond_ascii_is_refused_not_an_error(api: Api, sent: str) -> None:
    client = api.sign_in("demo-eva")
    client.csrf = None
    path = "/api/admin/organisations/helse-bergen/admins/demo-kari"
    by_header = client.put(path, headers={"x-csrf-token": sent})
    assert assert_our_error(by_header, 403)["code"] == "csrf_feil"
    by_form = client.put(path, form={"csrf_token": sent})  # a form is answered with a page
    assert by_form.status == 403 and "sikkerhetskode" in by_form.body.decode()


# --- bearer tokens --------------------------------------------------------------------------------


def access_token(api: Api, subject: str) -> str:
    deps = api.deps
    login = new_login("/", api.clock.now())
    from lis1.auth.oidc import authorization_url

    url = urlsplit(authorization_url(deps.provider(), deps.client(), login))
    chosen = api.issuer.handle(
        "POST", "/authorize", {}, {**dict(parse_qsl(url.query)), "user": subject}
    )
    code = dict(parse_qsl(urlsplit(chosen.headers["Location"]).query))["code"]
    tokens = exchange_code(deps.provider(), deps.client(), code, login, deps.http, api.clock.now())
    return tokens.access_token


def test_machine_clients_use_bearer_tokens(api: Api) -> None:
    token = access_token(api, "demo-eva")
    client = api.client()
    me = client.get("/api/me", headers={"authorization": f"Bearer {token}"})
    assert me.status == 200
    assert me.json()["csrf_token"] is None  # type: ignore[index]
    # No CSRF token needed: a bearer token is not sent by the browser on its own.
    granted = client.put(
        "/api/admin/organisations/helse-bergen/admins/demo-ahmed",
        headers={"authorization": f"Bearer {token}"},
    )
    assert granted.status == 201
    assert_our_error(client.get("/api/me", headers={"authorization": "Basic abc"}), 401)
    assert_our_error(client.get("/api/me", headers={"authorization": "Bearer x.y.z"}), 401)


def test_production_app_refuses_local_issuer_tokens(api: Api, catalog: Catalog, keys: Path) -> None:
    token = access_token(api, "demo-eva")
    production = build_api(catalog, keys)
    helseid = "https://helseid-sts.nhn.no"

    class HelseIdHttp:
        def get_json(self, url: str) -> dict[str, Any]:
            if url.endswith("/.well-known/openid-configuration"):
                return {
                    "issuer": helseid,
                    "authorization_endpoint": f"{helseid}/connect/authorize",
                    "token_endpoint": f"{helseid}/connect/token",
                    "jwks_uri": f"{helseid}/.well-known/openid-configuration/jwks",
                    "token_endpoint_auth_methods_supported": ["private_key_jwt"],
                    "code_challenge_methods_supported": ["S256"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                }
            return {"keys": []}

        def post_form(self, url: str, data: dict[str, str]) -> tuple[int, dict[str, Any]]:
            return 400, {"error": "invalid_client"}

    from dataclasses import replace

    deps = production.deps
    deps.config = replace(
        deps.config, stage="prod", issuer=helseid, public_origin="https://lis1.helsedirektoratet.no"
    )
    deps.http = HelseIdHttp()
    refused = production.client().get("/api/me", headers={"authorization": f"Bearer {token}"})
    assert assert_our_error(refused, 401)["code"].startswith("token_")


# --- who may call what ----------------------------------------------------------------------------


@pytest.mark.parametrize("spec", ROUTES, ids=lambda s: f"{s.method} {s.path}")
def test_every_route_refuses_anonymous_and_unauthorised_callers(api: Api, spec: RouteSpec) -> None:
    path = concrete(spec)
    anonymous = api.client().request(spec.method, path, json_body={} if spec.body else None)
    if spec.access.name.startswith("local_"):
        assert_our_error(anonymous, 404)  # not in this stage at all
        return
    if spec.access.needs_sign_in:
        assert_our_error(anonymous, 401)
    else:
        assert anonymous.status < 500
    if spec.access.name in ("editor", "hf_admin", "kommune_admin", "employer_admin"):
        applicant = api.sign_in("demo-kari")
        assert_our_error(applicant.request(spec.method, path, json_body={}), 403)
    if spec.access.name in ("editor", "kommune_admin"):
        hf_admin = api.sign_in("demo-ola")
        assert_our_error(hf_admin.request(spec.method, path, json_body={}), 403)
    if spec.access.name in ("editor", "hf_admin"):
        kommune_admin = api.sign_in("demo-siv")
        assert_our_error(kommune_admin.request(spec.method, path, json_body={}), 403)


def test_every_route_is_declared_with_access() -> None:
    assert ROUTES
    names = {
        "public",
        "signed_in",
        "editor",
        "hf_admin",
        "kommune_admin",
        "employer_admin",
        "local_only",
        "local_signed_in",
    }
    for spec in ROUTES:
        assert spec.access.name in names, spec


# --- bad input never gives a 500 ------------------------------------------------------------------

HOSTILE = [
    "../../etc/passwd",
    "%2e%2e%2f",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "a" * 300,
    "ø" * 50,
    "null",
    "0",
    "-1",
    "9" * 40,
]
BODIES = [
    b"{",
    b"[]",
    b"null",
    b'{"offset_hours": "mye"}',
    b"\xff\xfe",
    b'{"a":' * 50,
    json.dumps({"x": "y" * 70_000}).encode(),
]


@pytest.mark.parametrize("spec", ROUTES, ids=lambda s: f"{s.method} {s.path}")
def test_hostile_input_gets_4xx_with_our_body(api: Api, spec: RouteSpec) -> None:
    clients = [api.client(), api.sign_in("demo-eva")]
    for client in clients:
        for value in HOSTILE:
            values = dict.fromkeys(SAMPLE, value)
            response = client.request(
                spec.method, concrete(spec, values), json_body={} if spec.body else None
            )
            assert response.status < 500, (value, response.body)
            if response.status >= 400:
                assert_our_error(response)
        for body in BODIES:
            response = client.request(
                spec.method, concrete(spec), body=body, headers={"content-type": "application/json"}
            )
            assert response.status < 500, (body[:20], response.body)
            if response.status >= 400:
                assert_our_error(response)


def test_oversized_bodies_are_refused_early(api: Api) -> None:
    client = api.sign_in("demo-eva")
    huge = b'{"offset_hours": 1, "x": "' + b"y" * 70_000 + b'"}'
    response = client.put(
        "/api/admin/organisations/helse-bergen/admins/demo-kari",
        body=huge,
        headers={"content-type": "application/json"},
    )
    assert assert_our_error(response, 413)["code"] == "for_stor_forespørsel"


def test_gateway_and_chalice_errors_use_our_body(api: Api) -> None:
    client = api.sign_in("demo-eva")
    assert assert_our_error(client.get("/api/finnes-ikke"), 404)["code"] == "finnes_ikke"
    assert assert_our_error(client.request("PATCH", "/api/health"), 405)["code"] == (
        "metode_ikke_tillatt"
    )
    wrong_type = client.put(
        "/api/admin/organisations/helse-bergen/admins/demo-kari",
        body=b"<xml/>",
        headers={"content-type": "application/xml"},
    )
    assert assert_our_error(wrong_type, 415)["code"] == "feil_innholdstype"


# --- administrator roles --------------------------------------------------------------------------


def test_editor_grants_and_revokes_hf_admin_with_an_audit_trail(api: Api) -> None:
    editor = api.sign_in("demo-eva")
    api.sign_in("demo-kari")  # a person must have signed in once to be given a role
    base = "/api/admin/organisations/helse-bergen"
    assert editor.put(f"{base}/admins/demo-kari").status == 201
    assert assert_our_error(editor.put(f"{base}/admins/demo-kari"), 409)["code"] == (
        "har_allerede_rollen"
    )
    admins = editor.get(f"{base}/admins").json()
    assert {"subject": "demo-kari", "name": "Kari Nordmann", "role": "hf_admin"} in admins[  # type: ignore[index]
        "admins"
    ]
    kari = api.sign_in("demo-kari")
    roles = kari.get("/api/me").json()["roles"]  # type: ignore[index]
    assert any(r["organisation"] == "helse-bergen" for r in roles)
    api.clock.move(timedelta(minutes=5))
    assert editor.delete(f"{base}/admins/demo-kari").status == 204
    assert_our_error(editor.delete(f"{base}/admins/demo-kari"), 404)
    roles = kari.get("/api/me").json()["roles"]  # type: ignore[index]
    assert not any(r["organisation"] == "helse-bergen" for r in roles)  # revoked at once
    entries = editor.get(f"{base}/audit").json()["entries"]  # type: ignore[index]
    kari_entries = [e for e in entries if e["detail"].get("subject") == "demo-kari"]
    assert [e["action"] for e in kari_entries] == ["grant", "revoke"]
    assert all(e["actor"] == "demo-eva" for e in kari_entries)


def test_grants_need_a_known_person_and_organisation(api: Api) -> None:
    editor = api.sign_in("demo-eva")
    assert (
        assert_our_error(editor.put("/api/admin/organisations/helse-bergen/admins/nobody"), 404)[
            "code"
        ]
        == "ukjent_bruker"
    )
    assert_our_error(editor.put("/api/admin/organisations/narnia/admins/demo-kari"), 404)
    rhf = editor.put("/api/admin/organisations/helse-vest/admins/demo-kari")
    assert assert_our_error(rhf, 400)["code"] == "ingen_administratorer"


# --- catalogue and demo clock ---------------------------------------------------------------------


def test_periods_come_from_the_published_catalogue(api: Api) -> None:
    periods = api.client().get("/api/periods")
    assert periods.header("Cache-Control") == "public, max-age=300"
    one = api.client().get("/api/periods/2018-host").json()
    answer = next(d for d in one["deadlines"] if d["key"] == "2018-host-runde-1-svarfrist")  # type: ignore[index]
    assert answer["date"] == "2018-10-31"
    assert answer["ends_at"] == "2018-10-31T23:00:00Z"


def test_demo_clock_only_in_the_local_stage(api: Api, catalog: Catalog, keys: Path) -> None:
    assert_our_error(api.client().get("/api/dev/clock"), 404)
    local = build_api(catalog, keys, stage="local")
    from lis1.clock import OffsetClock

    local.deps.clock = OffsetClock(local.clock)
    local.deps.session_clock = local.clock  # as in make serve: sessions follow the real clock
    client = local.sign_in("demo-kari")
    moved = client.put("/api/dev/clock", json_body={"offset_hours": 48})
    assert moved.status == 200, moved.body
    assert local.deps.store.settings.clock_offset().total_seconds() == 48 * 3600
    assert assert_our_error(client.put("/api/dev/clock", json_body={"offset_hours": "mye"}), 400)[
        "fields"
    ]["offset_hours"]


def test_development_routes_need_the_same_checks_as_every_change(
    catalog: Catalog, keys: Path
) -> None:
    local = build_api(catalog, keys, stage="local")
    from lis1.clock import OffsetClock

    local.deps.clock = OffsetClock(local.clock)
    anonymous = local.client()
    assert_our_error(anonymous.put("/api/dev/clock", json_body={"offset_hours": 5}), 401)
    assert anonymous.post("/api/dev/clock", form={"offset_hours": "5"}).status == 401
    assert_our_error(anonymous.get("/api/dev/outbox"), 401)  # names, e-mails, references
    kari = local.sign_in("demo-kari")
    token, kari.csrf = kari.csrf, None
    assert_our_error(kari.put("/api/dev/clock", json_body={"offset_hours": 5}), 403)
    kari.csrf = token
    foreign = kari.put(
        "/api/dev/clock", json_body={"offset_hours": 5}, headers={"origin": "http://evil.test"}
    )
    assert assert_our_error(foreign, 403)["code"] == "feil_opphav"
    assert local.deps.store.settings.clock_offset().total_seconds() == 0
    assert kari.get("/api/dev/outbox").status == 404  # signed in: no outbox in this wiring
    page = anonymous.get("/api/dev/clock", headers={"accept": "text/html"}).body.decode()
    assert "Logg inn" in page and 'method="post"' not in page  # no form that changes anything


def test_a_revoked_role_stops_working_on_the_very_next_request(api: Api) -> None:
    editor = api.sign_in("demo-eva")
    admin = api.sign_in("demo-ola")
    assert admin.get("/api/hf").status == 200
    revoked = editor.delete("/api/admin/organisations/helse-bergen/admins/demo-ola")
    assert revoked.status == 204, revoked.body
    assert_our_error(admin.get("/api/hf"), 403)  # the same session, no sign-in in between
    assert_our_error(admin.post("/api/ads", json_body={}), 403)
