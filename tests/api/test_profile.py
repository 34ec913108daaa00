"""The applicant's profile and CV through the API, as JSON and as forms without JavaScript; the
check shown on the profile page, before applying and to the HF; and that it never blocks."""

from __future__ import annotations

from typing import Any

from lis1.demo_profiles import seed_profiles
from lis1.demo_season import seed_season

from .conftest import Api, Client
from .test_positions import published_ad

HTML = {"accept": "text/html"}
SOKT = {"authorisation": "sokt", "norwegian": "sprakprove", "earlier_training": "ingen"}


def checks(body: Any) -> dict[str, str]:
    return {c["rule_id"]: c["outcome"] for c in body["checks"]}


def test_before_anything_is_saved_every_rule_is_unknown(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    body = kari.get("/api/profil").json()
    assert isinstance(body, dict)
    assert body["updated_at"] is None and body["authorisation"] is None
    assert set(checks(body).values()) == {"ukjent"}
    assert api.client().get("/api/profil").status == 401
    assert api.client().get("/api/profil/cv").status == 401


def test_saving_the_profile_as_json_explains_each_rule(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    saved = kari.post("/api/profil", json_body=SOKT)
    assert saved.status == 200, saved.body
    assert checks(saved.json()) == {
        "hvem-kan-soke": "oppfylt",
        "dokumentasjon-ved-oppstart": "avhenger_av_dokumentasjon",
        "norskkunnskaper": "oppfylt",
    }
    read = kari.get("/api/profil").json()
    assert isinstance(read, dict) and read["authorisation"] == "sokt" and read["hpr"] is None
    first = read["checks"][0]
    assert first["title"] == "Hvem kan søke"
    assert first["explanation"][0].startswith("Du har oppgitt at du har søkt")
    # someone else's profile is their own
    assert set(checks(api.sign_in("demo-ahmed").get("/api/profil").json()).values()) == {"ukjent"}


def test_an_hpr_number_is_checked_and_named_by_its_field(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    bad = kari.post("/api/profil", json_body={"authorisation": "autorisasjon", "hpr": "12"})
    assert bad.status == 400
    body = bad.json()
    assert isinstance(body, dict) and body["code"] == "ugyldig_profil"
    assert list(body["fields"]) == ["hpr"]
    good = kari.post("/api/profil", json_body={"authorisation": "lisens", "hpr": "1234 567"})
    assert good.json()["hpr"] == "1234567"  # type: ignore[index]
    unknown = kari.post("/api/profil", json_body={"authorisation": "kanskje"})
    assert unknown.status == 400 and "authorisation" in unknown.json()["fields"]  # type: ignore[index]


def test_the_form_works_without_javascript_and_keeps_what_was_typed(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    page = kari.get("/api/profil", headers=HTML)
    assert page.status == 200
    html = page.body.decode()
    assert 'name="authorisation" value="sokt"' in html and "Helsepersonellregisteret" in html
    assert "Profil og CV" in html  # in the menu

    form = {"csrf_token": kari.csrf or "", "authorisation": "sokt", "hpr": "1234567"}
    form |= {"norwegian": "ikke_dokumentert", "earlier_training": "noen_mal"}
    again = kari.post("/api/profil", form=form, headers=HTML)
    assert again.status == 400
    html = again.body.decode()
    assert 'id="feil-hpr"' in html and 'value="1234567"' in html
    assert 'value="sokt" checked' in html and 'value="noen_mal" checked' in html
    assert kari.get("/api/profil").json()["updated_at"] is None  # type: ignore[index]

    refused = kari.post("/api/profil", form={**form, "norwegian": "x", "hpr": ""}, headers=HTML)
    assert refused.status == 400
    assert 'id="feil-norwegian"' in refused.body.decode()

    saved = kari.post("/api/profil", form={**form, "hpr": ""}, headers=HTML)
    assert saved.status == 303
    assert saved.header("Location") == "/api/profil?melding=lagret"
    shown = kari.get("/api/profil?melding=lagret", headers=HTML).body.decode()
    assert "Profilen er lagret" in shown
    assert "Du har oppgitt at norskkunnskapene dine ikke er dokumentert ennå" in shown
    assert "Avhenger av dokumentasjon før oppstart" in shown


def apply(client: Client, ad: dict[str, Any]) -> Any:
    applied = client.post(f"/api/ads/{ad['id']}/applications", json_body={"cover_text": ""})
    assert applied.status == 201, applied.body
    return applied.json()


def test_the_check_never_blocks_an_application(api: Api) -> None:
    _, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    contradicting = {"authorisation": "ingen", "earlier_training": "alle_mal"}
    assert set(checks(kari.post("/api/profil", json_body=contradicting).json()).values()) >= {
        "ikke_oppfylt"
    }
    apply(kari, ad)


def test_the_ad_page_sums_the_check_up_before_applying(api: Api) -> None:
    _, ad = published_ad(api)
    kari = api.sign_in("demo-kari")
    empty = kari.get(f"/api/ads/{ad['id']}", headers=HTML).body.decode()
    assert "Fyll ut profilen" in empty and "du kan søke uansett" in empty
    kari.post("/api/profil", json_body=SOKT)
    html = kari.get(f"/api/ads/{ad['id']}", headers=HTML).body.decode()
    assert "Hvem kan søke: <strong>Oppfylt</strong>" in html
    assert 'href="/api/profil#sjekk"' in html
    assert html.index("Fyller du vilkårene?") < html.index("Send søknad")
    anonymous = api.client().get(f"/api/ads/{ad['id']}", headers=HTML).body.decode()
    assert "Fyller du vilkårene?" not in anonymous


def test_the_hf_sees_the_check_as_it_is_now_beside_each_standing_application(api: Api) -> None:
    hf, ad = published_ad(api)
    ahmed, kari = api.sign_in("demo-ahmed"), api.sign_in("demo-kari")
    ahmed.post("/api/profil", json_body=SOKT)
    mine = apply(ahmed, ad)
    apply(kari, ad)
    kari.post(f"/api/ads/{ad['id']}/applications/withdraw")
    html = hf.get(f"/api/ads/{ad['id']}/applications", headers=HTML).body.decode()
    assert "slik søkeren har oppgitt det nå" in html
    assert f'href="/api/hf/soknader/{mine["reference"]}/cv"' in html
    assert html.count('/cv"') == 1  # none for the withdrawn one
    assert "Du har oppgitt at du har søkt om autorisasjon" in html
    # changed after applying: the HF sees it as it is now
    ahmed.post("/api/profil", json_body={**SOKT, "earlier_training": "turnus"})
    html = hf.get(f"/api/ads/{ad['id']}/applications", headers=HTML).body.decode()
    assert "Du har oppgitt at du har fått godkjent norsk turnustjeneste" in html


# --- the CV ------------------------------------------------------------------------------------


def cv_form(client: Client, **fields: str) -> dict[str, str]:
    return {"csrf_token": client.csrf or "", **fields}


def test_the_cv_grows_and_shrinks_without_javascript(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    page = kari.get("/api/profil/cv", headers=HTML).body.decode()
    assert 'name="education.0.degree"' in page and "Ny utdanning" in page
    assert 'name="education.0.remove"' not in page  # no removal on the row for a new entry

    first = cv_form(
        kari,
        **{
            "education.0.degree": "Medisin",
            "education.0.institution": "UiB",
            "education.0.start": "2014-08",
            "languages.0.language": "Norsk",
            "languages.0.level": "morsmal",
        },
    )
    assert kari.post("/api/profil/cv", form=first, headers=HTML).status == 303
    page = kari.get("/api/profil/cv?melding=lagret", headers=HTML).body.decode()
    assert "CV-en er lagret" in page
    assert 'name="education.0.remove"' in page and 'name="education.1.degree"' in page

    added = {**first, "education.1.degree": "Master i helse", "education.1.institution": "NTNU"}
    added |= {"education.1.start": "2020-01", "education.1.end": "2021-06"}
    assert kari.post("/api/profil/cv", form=added, headers=HTML).status == 303
    removed = {**added, "education.0.remove": "on"}
    assert kari.post("/api/profil/cv", form=removed, headers=HTML).status == 303
    body = kari.get("/api/profil/cv").json()
    assert isinstance(body, dict)
    assert [e["degree"] for e in body["education"]] == ["Master i helse"]
    assert body["languages"] == [{"language": "Norsk", "level": "morsmal"}]


def test_cv_mistakes_are_shown_beside_their_fields_with_what_was_typed(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    wrong = cv_form(
        kari,
        **{
            "work.0.position": "Lege",
            "work.0.employer": "Haukeland",
            "work.0.start": "2020-05",
            "work.0.end": "2019-01",
            "work.1.position": "Turnuslege",
            "work.1.remove": "on",
        },
    )
    again = kari.post("/api/profil/cv", form=wrong, headers=HTML)
    assert again.status == 400
    html = again.body.decode()
    assert 'id="feil-work.0.end"' in html and 'value="Haukeland"' in html
    assert 'id="work.1.remove" name="work.1.remove" value="on" checked' in html
    assert kari.get("/api/profil/cv").json()["updated_at"] is None  # type: ignore[index]

    bad_month = kari.post(
        "/api/profil/cv",
        json_body={"work": [{"position": "Lege", "employer": "X", "start": "mai 2020"}]},
    )
    assert bad_month.status == 400
    assert bad_month.json()["fields"] == {
        "work.0.start": bad_month.json()["fields"]["work.0.start"]
    }  # type: ignore[index]


def test_the_cv_is_bounded(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    rows = [{"language": f"Språk {i}", "level": "a1"} for i in range(11)]
    too_many = kari.post("/api/profil/cv", json_body={"languages": rows})
    assert too_many.status == 400 and "languages" in too_many.json()["fields"]  # type: ignore[index]
    way_too_many = kari.post("/api/profil/cv", json_body={"languages": rows * 2})
    assert way_too_many.status == 400
    long_text = kari.post(
        "/api/profil/cv", json_body={"references": [{"name": "x" * 5000, "contact": "y"}]}
    )
    assert long_text.status == 400
    ok = kari.post("/api/profil/cv", json_body={"languages": rows[:10]})
    assert ok.status == 200 and len(ok.json()["languages"]) == 10  # type: ignore[index]


def test_the_demo_shows_ola_ahmeds_check_and_cv_once_seeded(api: Api) -> None:
    deps, now = api.deps, api.clock.now()
    anchor = deps.store.settings.demo_anchor()
    assert anchor is not None
    assert seed_season(deps.store, deps.catalog, anchor, now)
    assert seed_profiles(deps.store, now)
    assert not seed_profiles(deps.store, now)  # once only
    ola = api.sign_in("demo-ola")
    html = ola.get("/api/ads/d0000000b001/applications", headers=HTML).body.decode()
    ahmed = deps.store.applications.get("d0000000b001", "demo-ahmed")
    assert ahmed is not None and ahmed.status == "sendt"
    assert f"/api/hf/soknader/{ahmed.reference}/cv" in html
    cv = ola.get(f"/api/hf/soknader/{ahmed.reference}/cv", headers=HTML).body.decode()
    assert "Cairo University" in cv and "Du har oppgitt at du har søkt om autorisasjon" in cv
    assert "Du har oppgitt at du har bestått en norskprøve på B2-nivå" in cv


def test_in_english_the_check_is_worded_from_the_datas_english(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    kari.post("/api/profil", json_body=SOKT)
    english = {"x-lis1-sprak": "en"}
    body = kari.get("/api/profil", headers=english).json()
    assert isinstance(body, dict)
    by_rule = {c["rule_id"]: c for c in body["checks"]}
    assert by_rule["norskkunnskaper"]["title"].startswith("Norwegian language skills")
    assert by_rule["hvem-kan-soke"]["explanation"][0].startswith("You have stated that")
    page = kari.get("/api/profil", headers={**english, **HTML}).body.decode()
    assert 'lang="en"' in page and "You have stated that you have applied" in page
