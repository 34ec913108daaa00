"""Who may read an applicant's CV (``/api/hf/soknader/{reference}/cv``): an administrator of the
ad's HF while the application stands, and no one else, checked on every request. Everyone else
gets the same 404 as for a reference that does not exist, so the answer tells nothing."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Api, Client
from .test_positions import published_ad

HTML = {"accept": "text/html"}
CV = {
    "education": [
        {
            "degree": "Medisin",
            "institution": "Cairo University",
            "start": "2013-09",
            "end": "2019-07",
        }
    ],
    "languages": [{"language": "Norsk", "level": "b2"}],
    "references": [{"name": "Samir Youssef", "contact": "samir@example.org"}],
}


def applied_with_cv(api: Api) -> tuple[Client, Client, dict[str, Any], str]:
    """Ola (Helse Bergen) and Ahmed, who has a profile and CV and applied to Ola's ad."""
    hf, ad = published_ad(api)
    ahmed = api.sign_in("demo-ahmed")
    ahmed.post("/api/profil", json_body={"authorisation": "sokt", "norwegian": "sprakprove"})
    assert ahmed.post("/api/profil/cv", json_body=CV).status == 200
    applied = ahmed.post(f"/api/ads/{ad['id']}/applications", json_body={"cover_text": ""})
    assert applied.status == 201, applied.body
    return hf, ahmed, ad, str(applied.json()["reference"])  # type: ignore[index]


def cv_path(reference: str) -> str:
    return f"/api/hf/soknader/{reference}/cv"


def refused(response: Any) -> bool:
    body = response.json()
    return response.status == 404 and body["code"] == "ukjent_cv"


def test_the_hfs_administrator_reads_the_cv_profile_and_check(api: Api) -> None:
    hf, _, ad, reference = applied_with_cv(api)
    read = hf.get(cv_path(reference))
    assert read.status == 200, read.body
    body = read.json()
    assert isinstance(body, dict)
    assert body["name"] == "Ahmed Hassan" and body["ad_id"] == ad["id"]
    assert body["cv"]["education"][0]["institution"] == "Cairo University"
    assert body["profile"]["authorisation"] == "sokt"
    outcomes = {c["rule_id"]: c["outcome"] for c in body["profile"]["checks"]}
    assert outcomes["hvem-kan-soke"] == "ukjent"  # earlier training not declared
    html = hf.get(cv_path(reference), headers=HTML).body.decode()
    assert "Cairo University" in html and "B2 – selvstendig bruker" in html
    assert "slik søkeren har oppgitt det nå" in html
    assert "Du har oppgitt at du har søkt om autorisasjon" in html


@pytest.mark.parametrize(
    "who",
    [
        "demo-ingrid",  # administrator of another HF
        "demo-siv",  # administrator of the ad's kommune
        "demo-kari",  # another applicant
        "demo-ahmed",  # the applicant himself: his CV is under /api/profil/cv
        "demo-eva",  # an editor
    ],
)
def test_no_one_else_reads_it(api: Api, who: str) -> None:
    _, _, _, reference = applied_with_cv(api)
    assert refused(api.sign_in(who).get(cv_path(reference)))
    page = api.sign_in(who).get(cv_path(reference), headers=HTML)
    assert page.status == 404 and "Cairo University" not in page.body.decode()


def test_another_applicant_with_an_application_of_their_own_reads_no_other_cv(api: Api) -> None:
    _, _, ad, reference = applied_with_cv(api)
    kari = api.sign_in("demo-kari")
    kari.post(f"/api/ads/{ad['id']}/applications", json_body={"cover_text": ""})
    assert refused(kari.get(cv_path(reference)))


def test_signed_out_is_asked_to_sign_in(api: Api) -> None:
    _, _, _, reference = applied_with_cv(api)
    assert api.client().get(cv_path(reference)).status == 401


def test_not_after_the_withdrawal_and_a_new_application_gets_a_new_link(api: Api) -> None:
    hf, ahmed, ad, reference = applied_with_cv(api)
    withdrawn = ahmed.post(f"/api/ads/{ad['id']}/applications/withdraw")
    assert withdrawn.status == 200
    assert refused(hf.get(cv_path(reference)))
    assert refused(hf.get(cv_path(str(withdrawn.json()["reference"]))))  # type: ignore[index]
    again = ahmed.post(f"/api/ads/{ad['id']}/applications", json_body={"cover_text": ""})
    new_reference = str(again.json()["reference"])  # type: ignore[index]
    assert hf.get(cv_path(new_reference)).status == 200
    assert refused(hf.get(cv_path(reference)))  # the old link stays dead


def test_an_unknown_reference_is_the_same_404(api: Api) -> None:
    hf, _, _, _ = applied_with_cv(api)
    assert refused(hf.get(cv_path("LIS1-ABCD-EFGH")))


def test_an_applicant_without_a_cv_shows_an_empty_one(api: Api) -> None:
    hf, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    applied = kari.post(f"/api/ads/{ad['id']}/applications", json_body={"cover_text": ""})
    read = hf.get(cv_path(str(applied.json()["reference"])))  # type: ignore[index]
    assert read.status == 200
    body = read.json()
    assert (
        isinstance(body, dict)
        and body["cv"]["education"] == []
        and body["cv"]["updated_at"] is None
    )
    assert {c["outcome"] for c in body["profile"]["checks"]} == {"ukjent"}
    html = hf.get(cv_path(str(applied.json()["reference"])), headers=HTML).body.decode()  # type: ignore[index]
    assert "Søkeren har ikke fylt ut profilen." in html
