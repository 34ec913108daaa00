"""A request sent twice runs once, and no one administers where they have applied."""

from __future__ import annotations

from typing import Any

from lis1.mail import MemoryMailer

from .conftest import Api, Client
from .test_positions import AD, published_ad


def apply(client: Client, ad: dict[str, Any], key: str, text: str = "") -> Any:
    return client.post(
        f"/api/ads/{ad['id']}/applications",
        json_body={"cover_text": text},
        headers={"idempotency-key": key},
    )


def sent_mails(api: Api) -> int:
    mailer = api.deps.mailer
    assert isinstance(mailer, MemoryMailer)
    return len(mailer.sent)


# --- a repeated request ---------------------------------------------------------------------------


def test_a_repeat_after_a_withdrawal_does_not_claim_the_application_was_sent(api: Api) -> None:
    _, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    first = apply(kari, ad, "nokkel-001")
    assert first.status == 201
    assert kari.post(f"/api/ads/{ad['id']}/applications/withdraw").status == 200
    mails = sent_mails(api)

    again = apply(kari, ad, "nokkel-001")
    assert again.status == 409, again.body
    body = again.json()
    assert isinstance(body, dict) and body["code"] == "forespørselen_er_utdatert"
    assert body["fields"] == {"status": "trukket"}
    assert "trukket" in body["message"]
    mine = kari.get("/api/applications").json()["applications"]  # type: ignore[index]
    assert [m["status"] for m in mine] == ["trukket"]
    assert sent_mails(api) == mails


def test_a_repeat_after_withdrawing_and_applying_again_is_a_conflict(api: Api) -> None:
    _, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    apply(kari, ad, "nokkel-001")
    kari.post(f"/api/ads/{ad['id']}/applications/withdraw")
    assert apply(kari, ad, "nokkel-002").status == 201
    again = apply(kari, ad, "nokkel-001")
    assert again.status == 409
    assert again.json()["fields"] == {"status": "sendt"}  # type: ignore[index]


def test_a_key_reused_with_another_body_or_action_is_refused(api: Api) -> None:
    _, ad = published_ad(api)
    _, other = published_ad(api)
    kari = api.sign_in("demo-kari")
    assert apply(kari, ad, "nokkel-001", "Hei").status == 201
    for response in (
        apply(kari, ad, "nokkel-001", "En annen tekst"),
        apply(kari, other, "nokkel-001", "Hei"),
        kari.post(
            f"/api/ads/{ad['id']}/applications/withdraw",
            headers={"idempotency-key": "nokkel-001"},
        ),
    ):
        assert response.status == 422, response.body
        assert response.json()["code"] == "idempotensnøkkel_gjenbrukt"  # type: ignore[index]
    assert [a["status"] for a in kari.get("/api/applications").json()["applications"]] == [  # type: ignore[index]
        "sendt"
    ]


def test_a_repeated_withdrawal_gets_its_first_receipt_while_it_stands(api: Api) -> None:
    _, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    apply(kari, ad, "nokkel-001")
    key = {"idempotency-key": "trekk-0001"}
    first = kari.post(f"/api/ads/{ad['id']}/applications/withdraw", headers=key)
    again = kari.post(f"/api/ads/{ad['id']}/applications/withdraw", headers=key)
    assert first.status == again.status == 200
    assert first.json() == again.json()

    # After applying anew, the old withdrawal is not done again.
    assert apply(kari, ad, "nokkel-002").status == 201
    late = kari.post(f"/api/ads/{ad['id']}/applications/withdraw", headers=key)
    assert late.status == 409
    mine = kari.get("/api/applications").json()["applications"]  # type: ignore[index]
    assert [m["status"] for m in mine] == ["sendt"]


def test_a_new_ad_sent_twice_is_one_draft(api: Api) -> None:
    hf = api.sign_in("demo-ola")
    key = {"idempotency-key": "ny-annonse-1"}
    first = hf.post("/api/ads", json_body=AD, headers=key)
    again = hf.post("/api/ads", json_body=AD, headers=key)
    assert first.status == again.status == 201
    assert first.json() == again.json()
    assert len(hf.get("/api/hf").json()["ads"]) == 1  # type: ignore[index]
    changed = hf.post("/api/ads", json_body={**AD, "seats": 9}, headers=key)
    assert changed.status == 422


def test_the_ad_page_form_withdraws_once(api: Api) -> None:
    import re

    _, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    apply(kari, ad, "nokkel-001")
    page = kari.get(f"/api/ads/{ad['id']}", headers={"accept": "text/html"}).body.decode()
    form = re.search(r'action="/api/ads/[^"]+/withdraw">(.*?)</form>', page, re.S)
    assert form is not None
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]+)"', form[1]))
    assert set(fields) == {"csrf_token", "idempotency_key"}
    html = {"accept": "text/html"}
    first = kari.post(f"/api/ads/{ad['id']}/applications/withdraw", form=fields, headers=html)
    second = kari.post(f"/api/ads/{ad['id']}/applications/withdraw", form=fields, headers=html)
    assert first.status == second.status == 303
    assert first.header("Location") == second.header("Location")


# --- conflict of interest -------------------------------------------------------------------------


def test_an_administrator_cannot_apply_where_they_administer(api: Api) -> None:
    _, ad = published_ad(api)  # Helse Bergen HF, kommune part in Bergen
    for who in ("demo-ola", "demo-siv"):  # HF and kommune administrators there
        client = api.sign_in(who)
        refused = client.post(f"/api/ads/{ad['id']}/applications", json_body={})
        assert refused.status == 403, (who, refused.body)
        body = refused.json()
        assert isinstance(body, dict) and body["code"] == "inhabil"
        assert "administrator" in body["message"]
    hf = api.sign_in("demo-ola")
    assert hf.get(f"/api/ads/{ad['id']}/applications").json()["applicants"] == []  # type: ignore[index]
    # An administrator of another HF applies as anyone does.
    assert (
        api.sign_in("demo-ingrid").post(f"/api/ads/{ad['id']}/applications", json_body={}).status
        == 201
    )


def test_no_administrator_role_while_an_application_there_is_open(api: Api) -> None:
    _, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    assert kari.post(f"/api/ads/{ad['id']}/applications", json_body={}).status == 201
    editor = api.sign_in("demo-eva")
    for organisation in ("helse-bergen", "bergen-kommune"):
        refused = editor.put(f"/api/admin/organisations/{organisation}/admins/demo-kari")
        assert refused.status == 409, refused.body
        body = refused.json()
        assert isinstance(body, dict) and body["code"] == "søker_hos_organisasjonen"
        assert "åpen søknad" in body["message"]
    assert kari.get("/api/me").json()["roles"] == [  # type: ignore[index]
        {"role": "applicant", "role_name": "søker", "organisation": None, "organisation_name": None}
    ]
    assert editor.put("/api/admin/organisations/helse-stavanger/admins/demo-kari").status == 201

    kari.post(f"/api/ads/{ad['id']}/applications/withdraw")
    assert editor.put("/api/admin/organisations/helse-bergen/admins/demo-kari").status == 201
