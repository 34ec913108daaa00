"""What the portfolio proves, through the API: the progress counts and the standard report (page,
CSV, JSON, PDF) agree with the record; the report names the LIS by name and HPR number only and
holds no recommendation, comment or conversation; only the portfolio's readers get it."""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

import pytest
from pypdf import PdfReader

from lis1.demo_goals import SIRI_PENDING
from lis1.domain.portfolio.progress import ARENAS

from .conftest import Api, Client
from .test_demo_goals import HTML, relation_for, seeded

PDF = {"accept": "application/pdf"}

REPORT = "/api/portefolje/rapport"


def as_json(client: Client, path: str) -> dict[str, Any]:
    found = client.get(path)
    assert found.status == 200, found.body
    body: dict[str, Any] = found.json()  # type: ignore[assignment]
    return body


def record_counts(api: Api, owner: str) -> dict[str, Counter[str]]:
    """The record's own counts, straight from the store: per arena, goals by status."""
    report = as_json(api.sign_in(owner), REPORT)
    arenas = {a["arena"] for a in report["progress"]["arenas"]}
    stored = {g.code: g.status for g in api.deps.store.goals.of_owner(owner)}
    plan = api.deps.store.portfolios.get(owner)
    assert plan is not None
    from lis1.services.portfolios import goals_now

    counts: dict[str, Counter[str]] = {arena: Counter() for arena in arenas}
    for goal in goals_now(api.deps.catalog, plan, api.clock.now()).goals:
        status = stored.get(goal.code, "åpen")
        counts[goal.arena][status if status != "åpen" else "remaining"] += 1
    return counts


def test_the_progress_and_the_report_agree_with_the_record(api: Api) -> None:
    seeded(api)
    store = api.deps.store
    per = api.sign_in("demo-per")
    siri = relation_for(per, "Siri Berg")
    report = as_json(per, f"/api/veiledning/{siri}/rapport?format=json")
    progress = as_json(per, f"/api/veiledning/{siri}/fremdrift")
    assert report["progress"] == progress
    counts = record_counts(api, "demo-siri")
    for arena in progress["arenas"]:
        found = counts[arena["arena"]]
        assert (arena["approved"], arena["sent"], arena["returned"], arena["remaining"]) == (
            found["godkjent"], found["sendt"], found["returnert"], found["remaining"]
        )  # fmt: skip
    assert [a["arena"] for a in progress["arenas"]] == [a for a in ARENAS if a in counts]
    approved = {g.code for g in store.goals.of_owner("demo-siri") if g.status == "godkjent"}
    assert {g["code"] for g in report["goals"]} == approved and SIRI_PENDING not in approved
    assert all(g["approved_by"] == "Per Aas" for g in report["goals"])
    assert progress["blocking"] == [SIRI_PENDING]
    signed = [a for a in store.activities.of_owner("demo-siri") if a.status == "signert"]
    assert len(report["activities"]) == len(signed) == progress["activities_signed"]
    assert report["lis_name"] == "Siri Berg" and report["hpr"] is None
    assert [e["organisation_name"] for e in report["employments"]] == [
        "Helse Bergen HF", "Bergen kommune"
    ]  # fmt: skip


def test_the_csv_and_the_pdf_hold_the_same_goals_and_activities(api: Api) -> None:
    seeded(api)
    lise = api.sign_in("demo-lise")
    report = as_json(lise, f"{REPORT}?format=json")
    answer = lise.get(f"{REPORT}?format=csv")
    assert answer.status == 200 and answer.header("Content-Type").startswith("text/csv")
    text = answer.body.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    goals = [r["kode"] for r in rows if r["type"] == "læringsmål"]
    assert goals == [g["code"] for g in report["goals"]] == ["FKMS-001"]
    assert len([r for r in rows if r["type"] == "aktivitet"]) == len(report["activities"])
    assert {r["lege"] for r in rows} == {"Lise Dahl"}
    pdf = lise.get(f"{REPORT}?format=pdf", headers=PDF)
    assert pdf.status == 200 and pdf.header("Content-Type") == "application/pdf"
    assert pdf.body.startswith(b"%PDF-")
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.body)).pages)
    for expected in ("Lise Dahl", "FKMS-001", "Helse Bergen HF", "Per Aas"):
        assert expected in words
    for activity in report["activities"]:
        assert activity["description"][:30] in " ".join(words.split())


def test_the_report_holds_no_recommendation_comment_or_conversation(api: Api) -> None:
    seeded(api)
    store = api.deps.store
    lise = api.sign_in("demo-lise")
    returned = store.goals.get("demo-lise", "KLS-001")
    assert returned is not None and returned.decision and returned.decision.comment
    words = [returned.decision.comment]
    words += [r.text for g in store.goals.of_owner("demo-lise") for r in g.recommendations]
    words += [a.comment for a in store.activities.of_owner("demo-lise") if a.comment]
    for form in ("json", "csv", "pdf", ""):
        answer = lise.get(f"{REPORT}?format={form}", headers=PDF if form == "pdf" else HTML)
        assert answer.status == 200
        shown = answer.body.decode("utf-8", "replace")
        if form == "pdf":
            pages = PdfReader(io.BytesIO(answer.body)).pages
            shown = " ".join(page.extract_text() for page in pages)
        for word in words:
            assert word[:25] not in shown, (form, word)


def test_the_lis_adds_an_hpr_number_and_a_wrong_one_is_refused_in_words(api: Api) -> None:
    seeded(api)
    lise = api.sign_in("demo-lise")
    wrong = lise.post("/api/portefolje/hpr", json_body={"hpr": "12ab"})
    assert (wrong.status, wrong.json()["code"]) == (400, "ugyldig_hpr")
    page = lise.post(
        "/api/portefolje/hpr", form={"hpr": "12ab", "csrf_token": lise.csrf or ""}, headers=HTML
    )
    shown = page.body.decode()
    assert page.status == 400 and "HPR-nummeret er et tall på opptil ni sifre" in shown
    assert 'value="12ab"' in shown  # what was typed is kept
    done = lise.post(
        "/api/portefolje/hpr",
        form={"hpr": "9 876 543", "csrf_token": lise.csrf or ""},
        headers=HTML,
    )
    assert (done.status, done.header("Location")) == (303, f"{REPORT}?melding=hpr")
    assert as_json(lise, REPORT)["hpr"] == "9876543"
    per = api.sign_in("demo-per")
    lise_relation = relation_for(per, "Lise Dahl")
    assert as_json(per, f"/api/veiledning/{lise_relation}/rapport")["hpr"] == "9876543"


def test_the_leders_overview_lists_every_lis_they_read(api: Api) -> None:
    seeded(api)
    overview = as_json(api.sign_in("demo-per"), "/api/veiledning/fremdrift")
    assert [(r["owner_name"], r["role"]) for r in overview["lis"]] == [
        ("Lise Dahl", "leder"), ("Siri Berg", "leder")
    ]  # fmt: skip
    page = api.sign_in("demo-per").get("/api/veiledning/fremdrift", headers=HTML).body.decode()
    assert "Siri Berg" in page and "Lise Dahl" in page
    assert as_json(api.sign_in("demo-jon"), "/api/veiledning/fremdrift") == {"lis": []}


@pytest.mark.parametrize(
    "tail", ["rapport", "rapport?format=pdf", "rapport?format=csv", "fremdrift"]
)
def test_only_the_portfolios_readers_get_its_progress_and_report(api: Api, tail: str) -> None:
    seeded(api)
    jon = api.sign_in("demo-jon")  # Lise's supervisør: signs activities, reads no portfolio
    jons = relation_for(jon, "Lise Dahl")
    answer = jon.get(f"/api/veiledning/{jons}/{tail}")
    assert (answer.status, answer.json()["code"]) == (404, "ingen_portefølje")
    per = api.sign_in("demo-per")
    pers = relation_for(per, "Lise Dahl")
    assert api.sign_in("demo-mona").get(f"/api/veiledning/{pers}/{tail}").status == 404
    assert api.client().get(f"/api/veiledning/{pers}/{tail}").status == 401
    assert per.get(f"/api/veiledning/{pers}/{tail}", headers={"accept": "*/*"}).status == 200
    assert api.sign_in("demo-kari").get(f"/api/portefolje/{tail}").status == 404


def test_the_pages_show_the_chart_and_the_same_numbers_as_a_table(api: Api) -> None:
    seeded(api)
    lise = api.sign_in("demo-lise")
    progress = as_json(lise, "/api/portefolje/fremdrift")
    page = lise.get("/api/portefolje/fremdrift", headers=HTML).body.decode()
    assert 'role="img"' in page and "<desc" in page and "<table>" in page
    hospital = next(a for a in progress["arenas"] if a["arena"] == "sykehus")
    described = f"Sykehus: {hospital['approved']} av {hospital['total']} godkjent"
    assert described in page
    report = lise.get(REPORT, headers=HTML).body.decode()
    assert "FKMS-001" in report and "?format=pdf" in report and 'name="hpr"' in report


def test_an_old_plans_report_says_its_common_goals_are_not_counted(api: Api) -> None:
    """The old common goals have no published codes: the counts leave them out, and the report
    says so in every form rather than let "85 av 85" read as the whole plan."""
    from .test_service_confirmations import finished  # it imports this module

    finished(api)  # Eirik Moen follows the old plan; Lise Dahl the new one
    eirik = api.sign_in("demo-eirik")
    report = as_json(eirik, f"{REPORT}?format=json")
    untracked = report["common_not_tracked"]
    assert untracked > 0 and as_json(api.sign_in("demo-lise"), REPORT)["common_not_tracked"] == 0
    said = f"Planens {untracked} felles kompetansemål har ingen publiserte koder"
    assert said in " ".join(eirik.get(REPORT, headers=HTML).body.decode().split())
    pdf = eirik.get(f"{REPORT}?format=pdf", headers=PDF).body
    assert said in " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split()
    )
