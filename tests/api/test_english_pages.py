"""Pages behind sign-in in English: the address chooses the language (the gateway's header), an
English page's own links stay English, signing in comes back to the English page, JSON errors
keep their code and say their message in English; the choice is remembered in a cookie and, for
a signed-in person's mails, recorded with a write only when it changes; "Varsler" shows and
changes it. Never a redirect by language. The local gateway (lis1/serve.py) maps /en/api/."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from lis1.i18n import locale
from lis1.serve import Headers, SiteApp
from lis1.services.language import mail_language
from lis1.web import render

from .conftest import Api, Client
from .english import EN, english  # noqa: F401  (a fixture)

HTML = {"accept": "text/html"}
LINK = re.compile(r'\s(?:href|action)="(/[^"/][^"]*|/)"')
NOT_PAGES = ("/assets/", "/api/.well-known/", "/data/", "/search/")


LANGUAGE_LINKS = re.compile(r"<(?:a|link)\b[^>]*\bhreflang=[^>]*>")


def own_links(body: bytes) -> list[str]:
    """The page's links, leaving out the ones to the other language (they carry hreflang)."""
    return LINK.findall(LANGUAGE_LINKS.sub("", body.decode()))


def is_file(address: str) -> bool:
    path = urlsplit(address).path
    return not path.startswith("/api/") and "." in path.rsplit("/", 1)[-1]


@pytest.mark.parametrize("path", ["/api/me", "/api/varsler", "/api/tilbud", "/api/ads"])
def test_an_english_page_links_to_english_pages(api: Api, path: str) -> None:
    kari = api.sign_in("demo-kari")
    page = kari.get(path, headers={**HTML, **EN})
    assert page.status == 200, page.body
    assert re.search(rb'<html lang="en"', page.body)
    links = own_links(page.body)
    assert any(link.startswith("/en/api/") for link in links)
    wrong = [
        link
        for link in links
        if not link.startswith("/en/") and not link.startswith(NOT_PAGES) and not is_file(link)
    ]
    assert wrong == []
    bokmal = kari.get(path, headers=HTML)
    assert re.search(rb'<html lang="nb"', bokmal.body)
    assert not [link for link in own_links(bokmal.body) if link.startswith("/en/")]


def test_the_language_cookie_is_set_on_a_change_and_never_redirects(api: Api) -> None:
    anonymous = api.client().get("/api/ads", headers={**HTML, **EN})
    assert "public" in (anonymous.header("Cache-Control") or "")
    assert anonymous.header("Set-Cookie") is None  # a shared cache keeps it: no cookie on it
    client = api.sign_in("demo-kari")
    first = client.get("/api/ads", headers={**HTML, **EN})
    assert first.status == 200  # never a redirect by language
    cookies = [v for k, v in first.headers if k.lower() == "set-cookie"]
    language = [c for c in cookies if c.startswith("lis1_sprak=")]
    assert language == ["lis1_sprak=en; Path=/; Max-Age=31536000; Secure; SameSite=Lax"]
    again = client.get("/api/ads", headers={**HTML, **EN})
    assert not [v for k, v in again.headers if v.startswith("lis1_sprak=")]  # unchanged
    back = client.get("/api/ads", headers=HTML)
    assert back.status == 200
    assert ("Set-Cookie", "lis1_sprak=nb; Path=/; Max-Age=31536000; Secure; SameSite=Lax") in [
        (k.title(), v) for k, v in back.headers
    ]
    # the cookie chooses nothing: a bokmål address with lis1_sprak=en is bokmål
    client.cookies["lis1_sprak"] = "en"
    bokmal = client.get("/api/ads", headers={**HTML, "accept-language": "en"})
    assert bokmal.status == 200 and b'<html lang="nb"' in bokmal.body


def test_signing_in_from_an_english_page_comes_back_to_it(api: Api) -> None:
    client = api.client()
    asked = client.get("/api/varsler?melding=slatt-av", headers={**HTML, **EN})
    assert asked.status == 303
    location = asked.header("Location") or ""
    assert location.startswith("/en/api/auth/login?")
    return_to = dict(parse_qsl(urlsplit(location).query))["return_to"]
    assert return_to == "/en/api/varsler?melding=slatt-av"
    # the gateway strips /en; the login keeps the English address to come back to
    start = client.get(location.removeprefix("/en"), headers={**HTML, **EN})
    assert start.status == 302
    params = dict(parse_qsl(urlsplit(start.header("Location") or "").query))
    chosen = api.issuer.handle("POST", "/authorize", {}, {**params, "user": "demo-kari"})
    back = urlsplit(chosen.headers["Location"])
    done = client.get(f"{back.path}?{back.query}")
    assert done.status == 303 and done.header("Location") == return_to


@pytest.mark.usefixtures("english")
def test_a_json_error_keeps_its_code_and_speaks_english(api: Api) -> None:
    bokmal = api.client().get("/api/varsler")
    answer = api.client().get("/api/varsler", headers=EN)
    assert bokmal.status == answer.status == 401
    assert bokmal.json() == {
        "code": "ikke_innlogget",
        "message": "Du må logge inn for å gjøre dette.",
        "fields": {},
    }
    assert answer.json() == {
        "code": "ikke_innlogget",
        "message": "EN: You must sign in to do this.",
        "fields": {},
    }
    page = api.sign_in("demo-kari").get("/api/varsler", headers={**HTML, **EN})
    assert b"EN: E-mail notices" in page.body


def language_calls(calls: Counter[str]) -> tuple[int, int]:
    return calls["notices.language"], calls["notices.set_language"]


def test_a_page_view_records_the_mail_language_only_when_it_changes(
    counted: tuple[Api, Counter[str]],
) -> None:
    api, calls = counted
    kari = api.sign_in("demo-kari")
    calls.clear()
    for _ in range(3):
        assert kari.get("/api/me", headers=HTML).status == 200
    assert language_calls(calls) == (0, 0)  # bokmål, nothing chosen: no call at all
    assert mail_language(api.deps.store, "demo-kari") == "nb"

    calls.clear()
    for _ in range(3):
        assert kari.get("/api/me", headers={**HTML, **EN}).status == 200
    assert calls["notices.set_language"] == 1  # written once, then only read
    assert mail_language(api.deps.store, "demo-kari") == "en"
    calls.clear()
    kari.get("/api/me", headers=EN)  # JSON: no page view, no record
    assert language_calls(calls) == (0, 0)

    calls.clear()
    for _ in range(3):
        assert kari.get("/api/me", headers=HTML).status == 200  # back to bokmål
    assert calls["notices.set_language"] == 1
    assert calls["notices.language"] == 1  # the cookie says nb after the first view
    assert mail_language(api.deps.store, "demo-kari") == "nb"


def choose(client: Client, language: str) -> str:
    answer = client.post(
        "/api/varsler/sprak",
        form={"csrf_token": client.csrf or "", "language": language},
        headers=HTML,
    )
    assert answer.status == 303, answer.body
    return answer.header("Location") or ""


def test_varsler_shows_and_changes_the_mail_language(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    assert kari.get("/api/varsler").json()["language"] == "nb"  # type: ignore[index]
    page = kari.get("/api/varsler", headers=HTML).body.decode()
    assert 'id="sprak-nb" name="language" value="nb" checked' in page
    assert choose(kari, "en") == "/api/varsler?melding=sprak-en"
    assert kari.get("/api/varsler").json()["language"] == "en"  # type: ignore[index]
    assert choose(kari, "en") == "/api/varsler?melding=sprak-uendret"
    assert choose(kari, "nb") == "/api/varsler?melding=sprak-nb"
    # a choice is kept: reading English pages afterwards leaves the mails in bokmål
    kari.get("/api/me", headers={**HTML, **EN})
    assert mail_language(api.deps.store, "demo-kari") == "nb"
    # in English, the form's answer leads back to the English page
    english_post = kari.post(
        "/api/varsler/sprak",
        form={"csrf_token": kari.csrf or "", "language": "en"},
        headers={**HTML, **EN},
    )
    assert english_post.header("Location") == "/en/api/varsler?melding=sprak-en"
    json_post = kari.post("/api/varsler/sprak", json_body={"language": "de"})
    assert json_post.status == 400 and "language" in json_post.json()["fields"]  # type: ignore[index]
    assert api.client().post("/api/varsler/sprak", json_body={"language": "en"}).status == 401


def test_a_page_renders_into_the_shell_of_its_language(monkeypatch: pytest.MonkeyPatch) -> None:
    with locale("en"):
        built = render.shell_template()
    assert built in ("shell.en.html", "shell.html")  # the English one once `lis1 build` made it
    monkeypatch.setattr(render, "_shell_built", lambda name: True)
    with locale("en"):
        assert render.shell_template() == "shell.en.html"
    assert render.shell_template() == "shell.html"
    monkeypatch.setattr(render, "_shell_built", lambda name: name == "shell.html")
    with locale("en"):
        assert render.shell_template() == "shell.html"


def test_the_local_gateway_maps_en_api_and_drops_a_sent_language_header(tmp_path: Path) -> None:
    seen: list[tuple[str, dict[str, str]]] = []

    def handler(
        method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, Headers, bytes]:
        seen.append((target, headers))
        return 200, [], b""

    app = SiteApp(tmp_path, {"/api/": handler})
    app.host = "127.0.0.1:1"

    def get(target: str, **headers: str) -> int:
        environ = {
            "REQUEST_METHOD": "GET",
            "REQUEST_URI": target,
            "HTTP_HOST": app.host,
            "wsgi.input": io.BytesIO(),
            **{f"HTTP_{k.upper()}": v for k, v in headers.items()},
        }
        status, _headers, _body = app._answer(environ, "GET", target)
        return status

    assert get("/en/api/ads?periode=x%20y") == 200
    assert seen[-1] == ("/api/ads?periode=x%20y", {"host": app.host, "x-lis1-sprak": "en"})
    assert get("/api/ads", X_LIS1_SPRAK="en") == 200
    assert seen[-1] == ("/api/ads", {"host": app.host})  # a bokmål address stays bokmål
    assert get("/en/api", X_LIS1_SPRAK="nb") == 200
    assert seen[-1] == ("/api", {"host": app.host, "x-lis1-sprak": "en"})
    assert get("/en/frister/") == 404  # the English site is static, not the API
    assert len(seen) == 3
