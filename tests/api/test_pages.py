"""The signed-in pages as one product with the site: the site's shell, who is signed in, the
menu of what each role may do, the HF's ads managed in pages, and forms that keep what was typed
and say in Norwegian what to fix."""

from __future__ import annotations

import re
from html import unescape

import pytest

from lis1.api.gateway import GatewayResponse

from .conftest import Api, Client
from .test_positions import AD, published_ad

HTML = {"accept": "text/html"}


def text_of(response: GatewayResponse) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", response.body.decode()))


def menu_of(response: GatewayResponse) -> list[str]:
    found = re.search(r'<nav class="lis1-meny"[^>]*>(.*?)</nav>', response.body.decode(), re.S)
    return re.findall(r'<a href="([^"]+)"', found[1]) if found else []


def form_post(client: Client, path: str, form: dict[str, str]) -> GatewayResponse:
    token, client.csrf = client.csrf, None
    try:
        return client.post(path, form={**form, "csrf_token": token or ""}, headers=HTML)
    finally:
        client.csrf = token


CONFIRMATIONS = "/api/arbeidsgiver/bekreftelser"
EVERYONE = [
    "/api/me",
    "/api/profil",
    "/api/applications",
    "/api/tilbud",
    "/api/portefolje",
    "/api/veiledning",
    "/api/varsler",
    "/api/jobbagent",
    "/api/mine-data",
    "/api/ads",
]


@pytest.mark.parametrize(
    ("subject", "menu"),
    [
        ("demo-kari", EVERYONE),
        ("demo-ola", [*EVERYONE, "/api/hf", "/api/arbeidsgiver/roller", CONFIRMATIONS]),
        (
            "demo-siv",
            [
                *EVERYONE,
                "/api/kommune",
                "/api/arbeidsgiver/roller",
                "/api/arbeidsgiver/oppstart",
                CONFIRMATIONS,
            ],
        ),
        ("demo-eva", [*EVERYONE, "/api/admin"]),
    ],
)
def test_min_side_menu_lists_what_each_role_may_do(api: Api, subject: str, menu: list[str]) -> None:
    client = api.sign_in(subject)
    page = client.get("/api/me", headers=HTML)
    assert page.status == 200
    assert menu_of(page) == menu
    body = page.body.decode()
    assert 'aria-current="page"' in body  # Min side is marked as where one is
    assert 'action="/api/auth/logout"' in body and "Logg ut" in body
    for href in menu:  # every menu entry leads to a page, not an error
        if href != "/api/admin":  # the editor's pages come with invitations
            assert client.get(href, headers=HTML).status == 200, href


def test_pages_wear_the_site_shell(api: Api) -> None:
    page = api.sign_in("demo-kari").get("/api/applications", headers=HTML).body.decode()
    assert '<link rel="stylesheet" href="/assets/stylesheets/main.' in page
    assert 'href="/assets/lis1.css"' in page and 'href="/assets/app.css"' in page
    assert 'class="md-header' in page and 'class="md-footer' in page
    assert "Kari Nordmann" in page and "../" not in page


def test_an_unknown_api_address_opened_in_a_browser_is_a_norwegian_page(api: Api) -> None:
    page = api.client().get("/api/finnes/ikke", headers=HTML)
    assert page.status == 404 and (page.header("Content-Type") or "").startswith("text/html")
    assert "Fant ikke siden" in text_of(page) and 'class="md-header' in page.body.decode()
    machine = api.client().get("/api/finnes/ikke")
    assert machine.status == 404 and machine.json()["code"]  # type: ignore[index]
    assert 'class="lis1-sprak__lenke" href="/en/api/finnes/ikke"' in page.body.decode()


def test_an_unknown_api_address_in_english_answers_in_english(api: Api) -> None:
    """The gateway answers an unknown path before any route runs: still in the address's
    language, with the language link filled like on every other page."""
    english = {"x-lis1-sprak": "en"}
    page = api.client().get("/api/finnes/ikke?x=1", headers={**HTML, **english})
    body = page.body.decode()
    assert page.status == 404 and '<html lang="en"' in body
    assert "Page not found" in text_of(page)
    assert 'class="lis1-sprak__lenke" href="/api/finnes/ikke?x=1"' in body
    assert "LIS1SPRAKLENKE" not in body
    machine = api.client().get("/api/finnes/ikke", headers=english).json()
    assert machine == {
        "code": "finnes_ikke",
        "message": "This address does not exist in the API.",
        "fields": {},
    }


def test_signing_in_returns_to_the_page_asked_for(api: Api) -> None:
    _, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    receipt = kari.post(f"/api/ads/{ad['id']}/applications", json_body={}).json()
    address = f"/api/receipts/{receipt['reference']}"  # type: ignore[index]
    asked = api.client().get(address, headers=HTML)
    assert asked.status == 303
    assert asked.header("Location") == f"/api/auth/login?return_to={address}"


def test_model_errors_come_back_next_to_the_fields_in_norwegian(api: Api) -> None:
    hf = api.sign_in("demo-ola")
    typed = {**AD, "seats": "tolv", "place": "Haukeland", "description": "x" * 5001}
    answer = form_post(hf, "/api/ads", {k: str(v) for k, v in typed.items()})
    assert answer.status == 400
    body = answer.body.decode()
    assert 'id="feil-seats"' in body and 'id="feil-description"' in body
    assert 'aria-invalid="true"' in body and 'value="Haukeland"' in body  # kept
    assert "x" * 5001 in body  # the long text is kept, not cut
    assert not re.search(r"\b(seats|description)\b:", text_of(answer))  # no English field names


def test_a_cover_letter_over_the_limit_is_refused_and_kept(api: Api) -> None:
    _, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    for text in ("a" * 2001, "😀" * 2001):
        answer = form_post(kari, f"/api/ads/{ad['id']}/applications", {"cover_text": text})
        assert answer.status == 400, answer.body[:300]
        assert text in answer.body.decode() and 'id="feil-cover_text"' in answer.body.decode()
    # Characters are counted, not UTF-16 units: 1,500 emoji fit whole. A line break counts
    # once, however the browser sends it.
    fits = "😀" * 1500 + "\r\n".join(["a"] * 250)
    sent = form_post(kari, f"/api/ads/{ad['id']}/applications", {"cover_text": fits})
    assert sent.status == 303, sent.body[:300]
    stored = api.deps.store.applications.get(ad["id"], "demo-kari")
    assert stored is not None and stored.cover_text == fits.replace("\r\n", "\n")


def test_hf_administrator_writes_publishes_corrects_and_deletes_in_pages(api: Api) -> None:
    hf = api.sign_in("demo-ola")
    form = hf.get("/api/hf/new", headers=HTML)
    assert form.status == 200 and 'action="/api/ads"' in form.body.decode()
    saved = form_post(hf, "/api/ads", {k: str(v) for k, v in AD.items()})
    assert saved.status == 303
    location = saved.header("Location") or ""
    ad_id = re.fullmatch(r"/api/ads/(\w+)/edit\?melding=lagret", location)[1]  # type: ignore[index]
    edit = hf.get(location, headers=HTML)
    assert "Annonsen er lagret." in text_of(edit) and "Slett utkastet" in text_of(edit)

    confirm = hf.get(f"/api/ads/{ad_id}/publish", headers=HTML)
    assert confirm.status == 200 and "Publiser nå" in text_of(confirm)
    published = form_post(hf, f"/api/ads/{ad_id}/publish", {"version": "1"})
    assert published.header("Location") == "/api/hf?melding=publisert"
    overview = hf.get("/api/hf?melding=publisert", headers=HTML)
    assert "Annonsen er publisert" in text_of(overview)
    assert "Publisert – tar imot søknader" in text_of(overview)

    corrected = form_post(
        hf,
        f"/api/ads/{ad_id}",
        {**{k: str(v) for k, v in AD.items()}, "seats": "4", "version": "2"},
    )
    assert corrected.header("Location") == f"/api/ads/{ad_id}/edit?melding=korrigert"
    log = text_of(hf.get(f"/api/ads/{ad_id}/edit", headers=HTML))
    assert "Endringslogg" in log and "3 → 4" in log
    refused = form_post(hf, f"/api/ads/{ad_id}/delete", {"version": "3"})
    assert refused.status == 409 and "Bare utkast kan slettes" in text_of(refused)

    draft = hf.post("/api/ads", json_body=AD).json()
    deleted = form_post(hf, f"/api/ads/{draft['id']}/delete", {"version": "1"})  # type: ignore[index]
    assert deleted.header("Location") == "/api/hf?melding=slettet"
    assert hf.get(f"/api/ads/{draft['id']}").status == 404  # type: ignore[index]


def test_kommune_administrator_sees_counts_not_applications(api: Api) -> None:
    _, ad = published_ad(api)
    for subject in ("demo-kari", "demo-ahmed"):
        api.sign_in(subject).post(
            f"/api/ads/{ad['id']}/applications", json_body={"cover_text": "Hemmelig brev"}
        )
    siv = api.sign_in("demo-siv")
    listed = siv.get("/api/kommune").json()["ads"]  # type: ignore[index]
    assert [(a["ad"]["id"], a["applications"]) for a in listed] == [(ad["id"], 2)]
    page = text_of(siv.get("/api/kommune", headers=HTML))
    assert "2 søknader" in page and "Hemmelig brev" not in page and "Kari" not in page
    assert siv.get(f"/api/ads/{ad['id']}/applications").status == 403


HOSTILE = "<script>alert('x')</script> \"sitat\" & 'apostrof' <b>fet</b>"


def test_what_people_write_is_shown_escaped_on_every_page(api: Api) -> None:
    hf = api.sign_in("demo-ola")
    content = {**AD, "place": HOSTILE[:150], "description": HOSTILE}
    ad = hf.post("/api/ads", json_body=content).json()
    hf.post(f"/api/ads/{ad['id']}/publish", json_body={"version": 1})  # type: ignore[index]
    kari = api.sign_in("demo-kari")
    receipt = kari.post(
        f"/api/ads/{ad['id']}/applications",
        json_body={"cover_text": HOSTILE},  # type: ignore[index]
    ).json()
    pages = [
        hf.get("/api/hf", headers=HTML),
        hf.get(f"/api/ads/{ad['id']}/edit", headers=HTML),  # type: ignore[index]
        hf.get(f"/api/ads/{ad['id']}/applications", headers=HTML),  # type: ignore[index]
        kari.get(f"/api/ads/{ad['id']}", headers=HTML),  # type: ignore[index]
        kari.get("/api/ads", headers=HTML),
        kari.get("/api/applications", headers=HTML),
        kari.get(f"/api/receipts/{receipt['reference']}", headers=HTML),  # type: ignore[index]
        api.sign_in("demo-siv").get("/api/kommune", headers=HTML),
    ]
    for page in pages:
        body = page.body.decode()
        assert page.status == 200, body[:300]
        assert "<script>alert" not in body and "<b>fet</b>" not in body
        assert "&lt;script&gt;alert(" in body or "&lt;script&gt;alert(&#39;x&#39;)" in body


def test_editor_finds_a_person_gives_a_role_and_reads_the_log(api: Api) -> None:
    api.sign_in("demo-ahmed")  # has signed in once, so he can be found
    eva = api.sign_in("demo-eva")
    found = eva.get("/api/admin?finn=ahm", headers=HTML)
    assert found.status == 200 and "Ahmed Hassan" in text_of(found)
    assert "Fant 1 person." in text_of(found)
    short = eva.get("/api/admin?finn=a", headers=HTML)
    assert short.status == 400 and "minst 2" in text_of(short)
    given = form_post(
        eva, "/api/admin/roles", {"subject": "demo-ahmed", "organisation_id": "helse-bergen"}
    )
    assert given.header("Location") == "/api/admin/organisations/helse-bergen?melding=gitt"
    page = text_of(eva.get("/api/admin/organisations/helse-bergen?melding=gitt", headers=HTML))
    assert "Rollen er gitt" in page and "Ahmed Hassan" in page and "ga rollen" in page
    assert "Eva Strand" in page  # the log names who did it, not an id
    again = form_post(
        eva, "/api/admin/roles", {"subject": "demo-ahmed", "organisation_id": "helse-bergen"}
    )
    assert again.status == 409 and "allerede administrator" in text_of(again)
    taken = form_post(eva, "/api/admin/organisations/helse-bergen/admins/demo-ahmed/revoke", {})
    assert taken.header("Location") == "/api/admin/organisations/helse-bergen?melding=tatt"


def test_an_invitation_by_link_gives_the_role_to_the_person_named(api: Api) -> None:
    eva = api.sign_in("demo-eva")
    form = {"organisation_id": "bergen-kommune", "name": "Ahmed Hassan", "email": "a@example.org"}
    sent = form_post(eva, "/api/admin/invitations", form)
    assert sent.status == 201, sent.body[:300]
    link = re.search(r'value="(http[^"]+/api/invitasjoner/[\w-]{43})"', sent.body.decode())
    assert link is not None
    mailer = api.deps.mailer
    assert link[1] in mailer.sent[-1].body and mailer.sent[-1].to == "a@example.org"  # type: ignore[attr-defined]
    path = "/api/" + link[1].split("/api/", 1)[1]
    anonymous = api.client().get(path, headers=HTML)
    assert anonymous.status == 303  # sign in first, then back to the invitation
    ahmed = api.sign_in("demo-ahmed")
    shown = ahmed.get(path, headers=HTML)
    assert "Eva Strand har invitert Ahmed Hassan" in text_of(shown)
    accepted = form_post(ahmed, path + "/accept", {})
    assert accepted.status == 200 and "Du er nå" in text_of(accepted)
    assert ahmed.get("/api/kommune", headers=HTML).status == 200
    used = form_post(api.sign_in("demo-kari"), path + "/accept", {})
    assert used.status == 409 and "allerede brukt" in text_of(used)
    rows = text_of(eva.get("/api/admin", headers=HTML))
    assert "godtatt" in rows


def test_an_invitation_accepted_under_another_name_waits_for_the_inviter(api: Api) -> None:
    eva = api.sign_in("demo-eva")
    form = {"organisation_id": "helse-bergen", "name": "Kari Olsen", "email": "k@example.org"}
    sent = form_post(eva, "/api/admin/invitations", form).body.decode()
    path = "/api/" + re.search(r'/api/(invitasjoner/[\w-]{43})"', sent)[1]  # type: ignore[index]
    kari = api.sign_in("demo-kari")  # Kari Nordmann: not the name invited
    waiting = form_post(kari, path + "/accept", {})
    assert "må bekrefte" in text_of(waiting)
    assert kari.get("/api/hf").status == 403
    home = eva.get("/api/admin", headers=HTML).body.decode()
    invitation_id = re.search(r"/api/admin/invitations/(\w{12})/confirm", home)[1]  # type: ignore[index]
    confirmed = form_post(eva, f"/api/admin/invitations/{invitation_id}/confirm", {})
    assert confirmed.header("Location") == "/api/admin?melding=bekreftet"
    assert kari.get("/api/hf").status == 200
