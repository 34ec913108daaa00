"""Ads and applications through the API, as JSON and as forms without JavaScript."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import pytest

from lis1.mail import MemoryMailer

from .conftest import Api, Client

AD = {
    "organisation": "helse-bergen",
    "place": "Haukeland universitetssjukehus, Bergen",
    "seats": 3,
    "kommune": "bergen-kommune",
    "starts": "2027-03-01",
    "description": "Tolv måneder i sykehus, deretter seks i Bergen kommune.",
    "period_id": "demo",
}


def published_ad(api: Api) -> tuple[Client, dict[str, Any]]:
    hf = api.sign_in("demo-ola")
    created = hf.post("/api/ads", json_body=AD)
    assert created.status == 201, created.body
    ad = created.json()
    assert isinstance(ad, dict) and ad["status"] == "utkast"
    published = hf.post(f"/api/ads/{ad['id']}/publish", json_body={"version": ad["version"]})
    assert published.status == 200, published.body
    result = published.json()
    assert isinstance(result, dict)
    return hf, result


def test_draft_is_hidden_until_published(api: Api) -> None:
    hf = api.sign_in("demo-ola")
    ad = hf.post("/api/ads", json_body=AD).json()
    assert isinstance(ad, dict)
    assert api.client().get(f"/api/ads/{ad['id']}").status == 404
    assert api.client().get("/api/ads").json() == {"ads": []}
    assert hf.get(f"/api/ads/{ad['id']}").status == 200


def test_apply_once_get_receipt_and_mail_then_withdraw(api: Api) -> None:
    _, ad = published_ad(api)
    listed = api.client().get("/api/ads?periode=demo&hf=helse-bergen&region=helse-vest")
    assert [a["id"] for a in listed.json()["ads"]] == [ad["id"]]  # type: ignore[index]
    assert listed.header("Cache-Control") == "public, max-age=60"

    kari = api.sign_in("demo-kari")
    applied = kari.post(
        f"/api/ads/{ad['id']}/applications", json_body={"cover_text": "Jeg vil gjerne til Bergen."}
    )
    assert applied.status == 201, applied.body
    receipt = applied.json()
    assert isinstance(receipt, dict) and receipt["reference"].startswith("LIS1-")
    again = kari.post(f"/api/ads/{ad['id']}/applications", json_body={"cover_text": ""})
    assert again.status == 409
    assert again.json()["code"] == "har_allerede_søkt"  # type: ignore[index]

    mailer = api.deps.mailer
    assert isinstance(mailer, MemoryMailer)
    assert mailer.sent[-1].to == "kari.nordmann@example.org"
    assert receipt["reference"] in mailer.sent[-1].body

    mine = kari.get("/api/applications").json()["applications"]  # type: ignore[index]
    assert [(m["ad"]["id"], m["status"]) for m in mine] == [(ad["id"], "sendt")]
    assert kari.get(f"/api/receipts/{receipt['reference']}").status == 200
    assert api.sign_in("demo-ahmed").get(f"/api/receipts/{receipt['reference']}").status == 404

    withdrawn = kari.post(f"/api/ads/{ad['id']}/applications/withdraw")
    assert withdrawn.status == 200, withdrawn.body
    assert withdrawn.json()["action"] == "søknad trukket"  # type: ignore[index]


def test_forms_without_javascript(api: Api) -> None:
    _, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    page = kari.get(f"/api/ads/{ad['id']}", headers={"accept": "text/html"})
    assert page.status == 200 and 'name="cover_text"' in page.body.decode()
    token = kari.csrf or ""
    kari.csrf = None
    html = {"accept": "text/html"}
    sent = kari.post(
        f"/api/ads/{ad['id']}/applications",
        form={"cover_text": "Hei", "csrf_token": token},
        headers=html,
    )
    assert sent.status == 303
    location = sent.header("Location") or ""
    assert location.startswith("/api/receipts/LIS1-")
    shown = kari.get(location, headers=html).body.decode()
    assert "Kvittering" in shown and location.rsplit("/", 1)[1] in shown
    twice = kari.post(
        f"/api/ads/{ad['id']}/applications",
        form={"cover_text": "Igjen", "csrf_token": token},
        headers=html,
    )
    assert twice.status == 409
    text = twice.body.decode()
    assert 'id="feil-cover_text"' in text or "allerede søkt" in text


def test_applying_after_the_deadline_is_refused(api: Api) -> None:
    _, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    closes = ad["applications_close_at"]
    from datetime import datetime

    api.clock.set(datetime.fromisoformat(closes.replace("Z", "+00:00")) - timedelta(seconds=1))
    kari = api.sign_in("demo-kari")
    assert kari.post(f"/api/ads/{ad['id']}/applications", json_body={}).status == 201
    api.clock.move(timedelta(seconds=1))
    late = api.sign_in("demo-ahmed").post(f"/api/ads/{ad['id']}/applications", json_body={})
    assert late.status == 409
    assert late.json()["code"] == "fristen_er_ute"  # type: ignore[index]


def test_hf_admins_see_only_their_own_applicants(api: Api) -> None:
    hf, ad = published_ad(api)
    api.sign_in("demo-kari").post(f"/api/ads/{ad['id']}/applications", json_body={})
    rows = hf.get(f"/api/ads/{ad['id']}/applications").json()["applicants"]  # type: ignore[index]
    assert [r["name"] for r in rows] == ["Kari Nordmann"]
    csv = hf.get(f"/api/ads/{ad['id']}/applications?format=csv")
    assert csv.status == 200 and "Kari Nordmann" in csv.body.decode("utf-8-sig")
    assert (csv.header("Content-Type") or "").startswith("text/csv")
    other_hf = api.sign_in("demo-ingrid")
    assert other_hf.get(f"/api/ads/{ad['id']}/applications").status == 403
    assert api.sign_in("demo-kari").get(f"/api/ads/{ad['id']}/applications").status == 403
    # Another HF cannot create ads for Helse Bergen either.
    assert other_hf.post("/api/ads", json_body=AD).status == 403


def test_corrections_after_publication_are_recorded(api: Api) -> None:
    hf, ad = published_ad(api)
    changed = {**AD, "seats": 4, "version": ad["version"]}
    response = hf.post(f"/api/ads/{ad['id']}", json_body=changed)
    assert response.status == 200, response.body
    moved = {**AD, "starts": "2027-09-01", "version": response.json()["version"]}  # type: ignore[index]
    refused = hf.post(f"/api/ads/{ad['id']}", json_body=moved)
    assert refused.status == 400
    stale = hf.post(f"/api/ads/{ad['id']}", json_body={**changed, "seats": 5})
    assert stale.status == 409
    entries = api.deps.store.audit.entries(f"annonse:{ad['id']}")
    assert any(e.action == "korrigert" and e.actor == "demo-ola" for e in entries)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {
                "period_id": None,
                "application_deadline": "2027-01-10",
                "ends": "2027-03-15",
                "starts": "2027-02-01",
            },
            "ends",
        ),
        ({"seats": 0}, "seats"),
        ({"kommune": "helse-bergen"}, "kommune"),
    ],
)
def test_invalid_ads_are_explained_per_field(api: Api, change: dict[str, Any], field: str) -> None:
    hf = api.sign_in("demo-ola")
    response = hf.post("/api/ads", json_body={**AD, **change})
    assert response.status == 400, response.body
    assert field in response.json()["fields"]  # type: ignore[index]


def test_reststilling_of_two_months_can_be_published_any_time(api: Api) -> None:
    hf = api.sign_in("demo-ola")
    rest = {
        **AD,
        "period_id": None,
        "starts": "2027-01-15",
        "application_deadline": "2026-12-20",
        "ends": "2027-03-15",
    }
    created = hf.post("/api/ads", json_body=rest)
    assert created.status == 201, created.body
    ad = created.json()
    published = hf.post(f"/api/ads/{ad['id']}/publish", json_body={"version": ad["version"]})  # type: ignore[index]
    assert published.status == 200, published.body
    listed = api.client().get("/api/ads?reststilling=ja").json()["ads"]  # type: ignore[index]
    assert [a["id"] for a in listed] == [ad["id"]]  # type: ignore[index]


def test_only_anonymous_answers_are_publicly_cacheable(api: Api) -> None:
    hf = api.sign_in("demo-ola")
    draft = hf.post("/api/ads", json_body=AD).json()
    assert isinstance(draft, dict)
    mine = hf.get(f"/api/ads/{draft['id']}")
    assert mine.header("Cache-Control") == "no-store"
    assert "Cookie" in (mine.header("Vary") or "")
    anonymous = api.client().get("/api/ads")
    assert anonymous.header("Cache-Control") == "public, max-age=60"
    assert anonymous.header("Vary") == "Accept, Cookie, Authorization"


def test_a_repeated_request_with_the_same_key_gets_the_first_receipt(api: Api) -> None:
    _, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    key = {"idempotency-key": "dobbeltklikk-123"}
    first = kari.post(f"/api/ads/{ad['id']}/applications", json_body={}, headers=key)
    again = kari.post(f"/api/ads/{ad['id']}/applications", json_body={}, headers=key)
    assert first.status == again.status == 201, (first.body, again.body)
    assert first.json()["reference"] == again.json()["reference"]  # type: ignore[index]
    mailer = api.deps.mailer
    assert isinstance(mailer, MemoryMailer) and len(mailer.sent) == 1
    other_key = kari.post(
        f"/api/ads/{ad['id']}/applications",
        json_body={},
        headers={"idempotency-key": "en-annen-nokkel"},
    )
    assert other_key.status == 409
    bad = kari.post(
        f"/api/ads/{ad['id']}/applications", json_body={}, headers={"idempotency-key": "kort"}
    )
    assert bad.status == 400


@pytest.mark.parametrize("key", [5, 12345678901, True, None, ["abcdefgh"], {"k": "abcdefgh"}])
def test_an_idempotency_key_in_json_that_is_not_text_is_refused(api: Api, key: Any) -> None:
    _, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    sent = kari.post(f"/api/ads/{ad['id']}/applications", json_body={"idempotency_key": key})
    assert sent.status == 400, sent.body
    assert "idempotency_key" in sent.json()["fields"]  # type: ignore[index]
    assert kari.get("/api/applications").json() == {"applications": []}


def test_a_form_sent_twice_gives_one_receipt(api: Api) -> None:
    _, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    page = kari.get(f"/api/ads/{ad['id']}", headers={"accept": "text/html"}).body.decode()
    import re

    key = re.search(r'name="idempotency_key" value="([^"]+)"', page)
    assert key is not None
    form = {"cover_text": "Hei", "csrf_token": kari.csrf or "", "idempotency_key": key[1]}
    kari.csrf = None
    html = {"accept": "text/html"}
    first = kari.post(f"/api/ads/{ad['id']}/applications", form=form, headers=html)
    second = kari.post(f"/api/ads/{ad['id']}/applications", form=form, headers=html)
    assert first.status == second.status == 303
    assert first.header("Location") == second.header("Location")


@pytest.mark.parametrize(
    ("accept", "kind"),
    [
        ("application/json, text/html", "application/json"),
        ("text/html, application/json;q=0.9", "text/html"),
        ("text/html;q=0.5, application/json", "application/json"),
        ("*/*", "application/json"),
    ],
)
def test_one_accept_header_gets_one_kind_of_answer(api: Api, accept: str, kind: str) -> None:
    _, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    headers = {"accept": accept}
    answers = [
        kari.get(f"/api/ads/{ad['id']}", headers=headers),
        kari.get("/api/ads/000000000000", headers=headers),
        kari.get("/api/applications", headers=headers),
        kari.post(f"/api/ads/{ad['id']}/applications/withdraw", headers=headers),
    ]
    assert [a.status for a in answers] == [200, 404, 200, 404]
    for answer in answers:
        assert (answer.header("Content-Type") or "").startswith(kind), answer.body[:200]
    anonymous = api.client().get("/api/applications", headers=headers)
    # A browser is sent to sign in; a script is told it must.
    assert anonymous.status == (303 if kind == "text/html" else 401)


class Fields(HTMLParser):
    """The attributes of every form field on a page, by id; and any attribute that an escaped
    attribute string would turn into (an odd name, or a value in quotes of its own)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, dict[str, str | None]] = {}
        self.odd: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.odd += [
            f"{name}={value}"
            for name, value in attrs
            if not name.replace("-", "").isalpha() or (value or "").startswith(('"', "'"))
        ]
        found = dict(attrs)
        if tag in ("input", "textarea", "select") and found.get("id"):
            self.fields[str(found["id"])] = found


def fields_of(html: str) -> Fields:
    parser = Fields()
    parser.feed(html)
    assert parser.odd == [], parser.odd
    return parser


def test_form_fields_carry_their_limits_for_the_browser(api: Api) -> None:
    hf, ad = published_ad(api)
    html = {"accept": "text/html"}
    form = fields_of(hf.get("/api/hf/new", headers=html).body.decode()).fields
    assert form["seats"] | {"value": None} == {
        "id": "seats",
        "name": "seats",
        "type": "number",
        "value": None,
        "min": "1",
        "max": "100",
        "required": None,
        "inputmode": "numeric",
    }
    assert "required" in form["place"] and "required" in form["description"]
    assert "required" in form["starts"] and "required" not in form["ends"]
    # Texts are never cut by the browser: the limit is counted by script and by the server.
    assert "maxlength" not in form["place"] and "maxlength" not in form["description"]
    assert form["description"]["data-grense"] == "5000"
    page = api.sign_in("demo-kari").get(f"/api/ads/{ad['id']}", headers=html).body.decode()
    cover = fields_of(page).fields["cover_text"]
    assert cover["data-grense"] == "2000" and "maxlength" not in cover
