"""Bekreftelse på gjennomført tjenestetid through the API: Siv Lund (Bergen kommune) makes the
confirmation for Eirik Moen, who finished LIS1 in the demo, from the editors' template filled in
with what the record says; a wrong field is named in words and what was typed is kept; the PDF
carries the LIS, the employer and the approving person; only the employer's administrators and
the LIS read it."""

from __future__ import annotations

from typing import Any

from lis1.demo_finished import seed_finished
from lis1.domain.portfolio.confirmations import checked
from lis1.domain.portfolio.errors import ConfirmationFields
from lis1.identity import Grant, Role
from lis1.oslo import oslo_today
from lis1.services.ports.portfolios import portfolio_entity
from lis1.services.service_confirmations import template

from .conftest import Api, Client
from .test_demo_goals import HTML, seeded
from .test_kommune_start import grant
from .test_reports import PDF, as_json

HOME = "/api/arbeidsgiver/bekreftelser"


def finished(api: Api) -> None:
    seeded(api)
    now = api.clock.now()
    assert seed_finished(api.deps.store, api.deps.catalog, now.date(), now)


def eiriks(client: Client) -> dict[str, Any]:
    listed = as_json(client, HOME)["employed"]
    return next(e for e in listed if e["lis"] == "Eirik Moen")


def filled(form: dict[str, Any], **by_label: str) -> dict[str, str]:
    values = {f["name"]: f["value"] for f in form["fields"]}
    for f in form["fields"]:
        if f["label"] in by_label:
            values[f["name"]] = by_label[f["label"]]
    return values


def test_the_kommune_confirms_the_service_of_a_lis_who_finished(api: Api) -> None:
    finished(api)
    siv = api.sign_in("demo-siv")
    employment = eiriks(siv)
    assert employment["organisation_name"] == "Bergen kommune" and employment["confirmations"] == []
    form = as_json(siv, f"{HOME}/{employment['employment_id']}")
    given = {f["label"]: f["value"] for f in form["fields"]}
    assert given["Navn"] == "Eirik Moen" and given["Virksomhet"] == "Bergen kommune"
    assert (given["Del av LIS1 – kommune"], given["Del av LIS1 – sykehus"]) == ("ja", "")
    assert given["Dato"] == oslo_today(api.clock.now()).isoformat() and given["Tjenesteperiode"]
    values = filled(
        form, Stillingsprosent="100", Fravær="0", Sted="Bergen", Arbeidssted="Legevakten"
    )
    made = siv.post(f"{HOME}/{employment['employment_id']}", json_body=values)
    assert made.status == 201, made.body
    out = made.json()
    assert (out["confirmed_by"], out["leder"]) == ("Siv Lund", "Knut Fjell")
    assert {f["label"]: f["value"] for f in out["fields"]}["Stillingsprosent"] == "100"
    where = f"{HOME}/{employment['employment_id']}/{out['id']}"
    pdf = siv.get(f"{where}?format=pdf", headers=PDF)
    assert pdf.status == 200 and pdf.body.startswith(b"%PDF-")
    text = pdf_text(pdf.body)
    for expected in ("Eirik Moen", "Bergen kommune", "Siv Lund", "Stillingsprosent", "Knut Fjell"):
        assert expected in text, expected
    eirik = api.sign_in("demo-eirik")
    assert as_json(eirik, f"/api/portefolje/bekreftelser/{out['id']}")["id"] == out["id"]
    assert (
        eirik.get(f"/api/portefolje/bekreftelser/{out['id']}?format=pdf", headers=PDF).status == 200
    )
    assert eiriks(siv)["confirmations"] == [out["id"]]
    audit = api.deps.store.audit.entries(portfolio_entity("demo-eirik"))
    assert ("demo-siv", "confirm_service") in [(e.actor, e.action) for e in audit]


def test_a_wrong_field_is_named_in_words_and_what_was_typed_is_kept(api: Api) -> None:
    finished(api)
    siv = api.sign_in("demo-siv")
    employment = eiriks(siv)["employment_id"]
    form = as_json(siv, f"{HOME}/{employment}")
    values = filled(form, Stillingsprosent="150", Fravær="noen", Sted="")
    answer = siv.post(f"{HOME}/{employment}", json_body=values)
    assert (answer.status, answer.json()["code"]) == (400, "ugyldig_bekreftelse")
    page = siv.post(
        f"{HOME}/{employment}", form={**values, "csrf_token": siv.csrf or ""}, headers=HTML
    )
    shown = page.body.decode()
    assert page.status == 400
    assert "Skriv stillingsprosenten som et helt tall fra 1 til 100." in shown
    assert "Skriv et helt tall (0 hvis det ikke var noe)." in shown and "Fyll ut feltet." in shown
    assert 'value="150"' in shown and 'value="noen"' in shown
    assert eiriks(siv)["confirmations"] == []


def test_only_the_employers_administrators_and_the_lis_reach_it(api: Api) -> None:
    finished(api)
    siv = api.sign_in("demo-siv")
    employment = eiriks(siv)["employment_id"]
    form = as_json(siv, f"{HOME}/{employment}")
    values = filled(
        form, Stillingsprosent="80", Fravær="3", Arbeidssted="Legevakten", Sted="Bergen"
    )
    answer = siv.post(f"{HOME}/{employment}", json_body=values)
    assert answer.status == 201, answer.body
    made = answer.json()
    where = f"{HOME}/{employment}/{made['id']}"
    ingrid = api.sign_in("demo-ingrid")  # another HF's administrator
    assert all(e["lis"] != "Eirik Moen" for e in as_json(ingrid, HOME)["employed"])
    assert ingrid.get(where).status == 404
    assert ingrid.post(f"{HOME}/{employment}", json_body=values).status == 404
    assert api.sign_in("demo-per").get(HOME).status == 403  # a leder, not an administrator
    assert api.client().get(where).status == 401
    lise = api.sign_in("demo-lise")
    assert lise.get(f"/api/portefolje/bekreftelser/{made['id']}").status == 404
    ola = api.sign_in("demo-ola")  # Helse Bergen: Eirik's hospital year, not the kommune's part
    hospital = next(e for e in as_json(ola, HOME)["employed"] if e["lis"] == "Eirik Moen")
    assert hospital["employment_id"] != employment
    assert ola.get(where).status == 404
    menu = siv.get(HOME, headers=HTML).body.decode()
    assert f'<a href="{HOME}" aria-current="page">Bekreftelse på tjenestetid</a>' in menu


def test_the_template_decides_the_fields_and_each_kind_is_checked(api: Api) -> None:
    used = template(api.deps.catalog)
    names = {
        blank.label: f"felt-{s}-{f}"
        for s, sec in enumerate(used.sections)
        for f, blank in enumerate(sec.fields)
    }
    typed = {
        "Navn": "Eirik Moen",
        "Virksomhet": "Bergen kommune",
        "Tjenesteperiode": "1.6.2026–30.11.2026",
        "Stillingsprosent": "100",
        "Fravær": "0",
        "Sted": "Bergen",
        "Dato": "2026-11-30",
        "Arbeidssted": "Legevakten",
    }
    good = {names[label]: value for label, value in typed.items()}
    fields = checked(used, good)
    assert [f.label for f in fields] == [
        b.label for s in used.sections for b in s.fields if b.kind != "signatur"
    ]
    wrongs = [("Dato", "30.11.2026"), ("Dato", "20261130"), ("Stillingsprosent", "0")]
    wrongs += [("Stillingsprosent", "²"), ("Stillingsprosent", "١٠٠"), ("Fravær", "-1")]
    for label, wrong in [*wrongs, (names_kind(used, "avkrysning"), "kanskje")]:
        try:
            checked(used, {**good, names[label]: wrong})
        except ConfirmationFields as refused:
            assert names[label] in refused.fields
        else:
            raise AssertionError(f"{label}={wrong!r} ble godtatt")


def names_kind(used: Any, kind: str) -> str:
    return next(b.label for s in used.sections for b in s.fields if b.kind == kind)


def pdf_text(body: bytes) -> str:
    import io

    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def test_nobody_confirms_their_own_service(api: Api) -> None:
    finished(api)
    grant(api, "demo-eirik", Grant(Role.KOMMUNE_ADMIN, "bergen-kommune"))
    eirik = api.sign_in("demo-eirik")  # also an administrator in the kommune he worked in
    employment = eiriks(eirik)["employment_id"]
    form = as_json(eirik, f"{HOME}/{employment}")
    values = filled(
        form, Stillingsprosent="100", Fravær="0", Sted="Bergen", Arbeidssted="Legevakten"
    )
    answer = eirik.post(f"{HOME}/{employment}", json_body=values)
    assert (answer.status, answer.json()["code"]) == (403, "egen_bekreftelse")
    assert eiriks(eirik)["confirmations"] == []


def test_a_form_from_an_earlier_template_is_refused_and_shown_again_afresh(api: Api) -> None:
    """The fields are named by their place in the template: after the editors change it, a form
    opened before would put values under the wrong labels."""
    finished(api)
    siv = api.sign_in("demo-siv")
    employment = eiriks(siv)["employment_id"]
    form = as_json(siv, f"{HOME}/{employment}")
    values = filled(form, Stillingsprosent="100", Fravær="0", Sted="Bergen", Arbeidssted="Vakt")
    old = {**values, "template": "bekreftelse-praktisk-tjeneste@2020-01-01"}
    answer = siv.post(f"{HOME}/{employment}", json_body=old)
    assert (answer.status, answer.json()["code"]) == (409, "skjema_endret")
    page = siv.post(
        f"{HOME}/{employment}", form={**old, "csrf_token": siv.csrf or ""}, headers=HTML
    )
    assert page.status == 409 and "Skjemaet er endret siden du åpnet det" in page.body.decode()
    assert eiriks(siv)["confirmations"] == []
    current = siv.post(f"{HOME}/{employment}", json_body={**values, "template": form["template"]})
    assert current.status == 201, current.body
