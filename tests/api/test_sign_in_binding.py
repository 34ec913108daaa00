"""A sign-in belongs to the browser that started it, and a cancelled one leads back.

Login CSRF: someone who starts a sign-in, signs in as themselves and sends the callback address
to a victim must not get the victim's browser signed in as them.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlsplit

from lis1.api.gateway import GatewayResponse
from lis1.devtools.wiring import ORIGIN

from .conftest import Api, Client

BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def start(client: Client, return_to: str = "/min-side/", **headers: str) -> dict[str, str]:
    """Start a sign-in; the authorization request's parameters."""
    response = client.get(f"/api/auth/login?return_to={return_to}", headers=headers)
    assert response.status == 302, response.body
    return dict(parse_qsl(urlsplit(response.header("Location") or "").query))


def answer(api: Api, params: dict[str, str], **choice: str) -> str:
    """What the issuer sends the browser back to: the callback address with its query."""
    chosen = api.issuer.handle("POST", "/authorize", {}, {**params, **choice})
    assert chosen.status == 303, chosen.body
    back = urlsplit(chosen.headers["Location"])
    return f"{back.path}?{back.query}"


def links(response: GatewayResponse) -> dict[str, str]:
    found = re.findall(r'<a [^>]*href="([^"]+)"[^>]*>([^<]+)</a>', response.body.decode())
    return {text: html.unescape(href) for href, text in found}


def test_login_sets_a_short_lived_http_only_cookie_for_the_callback(api: Api) -> None:
    client = api.client()
    response = client.get("/api/auth/login")
    cookie = response.header("Set-Cookie") or ""
    state = dict(parse_qsl(urlsplit(response.header("Location") or "").query))["state"]
    assert cookie.startswith(f"lis1_login={state};")
    for attribute in ("HttpOnly", "Secure", "SameSite=Lax", "Path=/api/auth/", "Max-Age=600"):
        assert attribute in cookie


def test_a_callback_started_in_another_browser_signs_no_one_in(api: Api) -> None:
    attacker = api.client()
    callback = answer(api, start(attacker), user="demo-ola")

    victim = api.client()
    refused = victim.get(callback, headers=BROWSER)
    assert refused.status == 401
    assert "lis1_session" not in victim.cookies
    assert victim.get("/api/me").status == 401
    page = refused.body.decode()
    assert "startet i en annen nettleser" in page
    assert links(refused)["Logg inn på nytt"].startswith("/api/auth/login?")

    # A victim who has a sign-in of their own under way is refused too.
    start(victim)
    assert victim.get(callback).status == 401
    assert "lis1_session" not in victim.cookies

    # The attacker's own browser could still finish: the state was not used up.
    assert attacker.get(callback).status == 303
    assert attacker.get("/api/me").json()["name"] == "Ola Hansen"  # type: ignore[index]


def test_the_login_cookie_is_cleared_at_the_callback(api: Api) -> None:
    client = api.client()
    done = client.get(answer(api, start(client), user="demo-kari"))
    assert done.status == 303
    cookies = [v for k, v in done.headers if k.lower() == "set-cookie"]
    assert any(c.startswith("lis1_session=") for c in cookies)
    assert any(c.startswith("lis1_login=;") and "Max-Age=0" in c for c in cookies)
    assert "lis1_login" not in client.cookies


def test_cancelling_explains_and_leads_back_and_the_next_sign_in_works(api: Api) -> None:
    client = api.client()
    params = start(client, "/api/applications", referer=f"{ORIGIN}/frister/2024-host/")
    cancelled = client.get(answer(api, params, avbryt="1"), headers=BROWSER)
    assert cancelled.status == 401
    assert "Innloggingen ble avbrutt" in cancelled.body.decode()
    found = links(cancelled)
    assert found["Gå tilbake"] == "/frister/2024-host/"
    again = found["Logg inn på nytt"]
    assert dict(parse_qsl(urlsplit(again).query)) == {"return_to": "/api/applications"}

    # The fresh sign-in ends where the person wanted to go, not on the callback.
    fresh = client.get(again)
    done = client.get(
        answer(
            api, dict(parse_qsl(urlsplit(fresh.header("Location") or "").query)), user="demo-kari"
        )
    )
    assert done.status == 303 and done.header("Location") == "/api/applications"
    assert client.get("/api/me").status == 200


def test_a_cancelled_sign_in_from_elsewhere_goes_back_to_the_front_page(api: Api) -> None:
    client = api.client()
    params = start(client, referer="https://evil.example/")
    found = links(client.get(answer(api, params, avbryt="1"), headers=BROWSER))
    assert found["Gå tilbake"] == "/"


def test_the_sign_in_never_returns_to_its_own_addresses(api: Api) -> None:
    for target in (
        "/api/auth/callback",
        "/api/auth/callback?code=x%26state=y",
        "/API/Auth/login",
        "/api/%61uth/callback",
        "/dev-issuer/authorize",
    ):
        client = api.client()
        done = client.get(answer(api, start(client, target), user="demo-kari"))
        assert done.header("Location") == "/", target


def test_an_html_callback_error_is_a_page_not_a_redirect_to_sign_in(api: Api) -> None:
    response = api.client().get("/api/auth/callback?state=abc", headers=BROWSER)
    assert response.status == 400
    assert (response.header("Content-Type") or "").startswith("text/html")
    assert "Logg inn på nytt" in response.body.decode()


def test_a_login_cookie_beyond_ascii_is_refused_not_an_error(api: Api) -> None:
    client = api.client()
    params = start(client)
    back = answer(api, params, user="demo-kari")
    client.cookies["lis1_login"] = "tilstånd-é"
    refused = client.get(back, headers=BROWSER)
    assert refused.status == 401, refused.body
    assert "lis1_session" not in client.cookies
