"""Requests reach the app as API Gateway would send them: path parameters percent-decoded after
the route is matched, HEAD on every GET route, OPTIONS naming the methods, others refused."""

from __future__ import annotations

from urllib.parse import quote

from .conftest import Api
from .test_platform import assert_our_error
from .test_positions import published_ad


def test_path_parameters_are_percent_decoded(api: Api) -> None:
    _, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    reference = kari.post(f"/api/ads/{ad['id']}/applications", json_body={}).json()["reference"]  # type: ignore[index]
    encoded = "".join(f"%{ord(c):02X}" for c in reference)
    assert kari.get(f"/api/receipts/{encoded}").json()["reference"] == reference  # type: ignore[index]
    assert api.client().get(f"/api/ads/{quote(ad['id'])}").status == 200
    # An encoded slash stays inside its segment: no other route is reached.
    assert_our_error(api.client().get("/api/periods/2018-host%2Fx"), 400)


def test_head_on_every_get_route_answers_without_a_body(api: Api) -> None:
    get = api.client().get("/api/periods/2018-host")
    head = api.client().request("HEAD", "/api/periods/2018-host")
    assert head.status == 200 and head.body == b""
    assert head.header("Content-Length") == str(len(get.body))
    assert head.header("Content-Type") == get.header("Content-Type")
    assert api.client().request("HEAD", "/api/me").status == 401


def test_options_names_the_methods_and_trace_is_refused(api: Api) -> None:
    options = api.client().request("OPTIONS", "/api/ads")
    assert options.status == 204
    assert options.header("Allow") == "GET, HEAD, OPTIONS, POST"
    for method in ("TRACE", "PATCH", "CONNECT"):
        assert assert_our_error(api.client().request(method, "/api/ads"), 405)["code"] == (
            "metode_ikke_tillatt"
        )
