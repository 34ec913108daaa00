"""Mine tilbud on the demo season: every offer with the time left and the exact svarfrist, every
application with what came of it, every receipt, and each offer's history, for the applicant
only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from lis1.api.app import run_scheduled_rounds
from lis1.norwegian import deadline_text
from lis1.oslo import OSLO

from .conftest import Api
from .test_offer_pages import HTML, seeded


def _round_one(api: Api) -> Any:
    rounds: Any = seeded(api)
    api.clock.set(rounds[0].offers_from + timedelta(hours=2))  # type: ignore[attr-defined]
    assert run_scheduled_rounds(api.deps)["tilbud"] == 8
    return rounds[0]


def test_mine_tilbud_shows_offers_applications_and_receipts(api: Api) -> None:
    first = _round_one(api)
    kari = api.sign_in("demo-kari")
    mine: Any = kari.get("/api/tilbud").json()
    assert len(mine["offers"]) == 3
    offer = mine["offers"][0]
    last_day = (first.answer_deadline - timedelta(seconds=1)).astimezone(OSLO).date()
    assert offer["svarfrist"] == last_day.isoformat()
    assert offer["svarfrist_text"] == deadline_text(last_day)
    # From 10:00 Oslo on the tilbud day to 00:00 Oslo after the svarfrist day.
    left = first.answer_deadline - api.clock.now()
    assert offer["time_left"] == (
        f"{left.days} dager og {left.seconds // 3600} timer igjen"
        if left.seconds // 3600
        else f"{left.days} dager igjen"
    )
    with_offer = [a for a in mine["applications"] if a["offer_id"]]
    assert {a["offer_id"] for a in with_offer} == {o["id"] for o in mine["offers"]}
    assert all(a["offer_state"] == "åpen" for a in with_offer)
    sent = {a["reference"] for a in mine["applications"]}
    assert sent <= {r["reference"] for r in mine["receipts"]}

    page = kari.get("/api/tilbud", headers=HTML).body.decode()
    assert page.count("Svarfrist: ") >= 3 and offer["time_left"] in page
    assert "Søknadene dine" in page and "Kvitteringer" in page
    assert page.count("Hva skjer når du svarer?") == 3
    assert page.count("Dine to andre åpne tilbud avslås samtidig") == 3

    chosen = offer["id"]
    accepted = kari.post(f"/api/tilbud/{chosen}/accept", json_body={})
    assert accepted.status == 200, accepted.body
    reference = accepted.json()["reference"]  # type: ignore[index]
    after: Any = kari.get("/api/tilbud").json()
    assert after["receipts"][0]["reference"] == reference
    assert {o["time_left"] for o in after["offers"]} == {""}  # none open

    history: Any = kari.get(f"/api/tilbud/{chosen}/historikk").json()
    what = [e["what"] for e in history["history"]]
    assert what[0].startswith("Tilbud i runde 1 kom")
    assert "Du takket ja." in what
    assert (
        next(e for e in history["history"] if e["what"] == "Du takket ja.")["receipt"] == reference
    )
    other = next(o for o in after["offers"] if o["id"] != chosen)
    closed: Any = kari.get(f"/api/tilbud/{other['id']}/historikk").json()
    place = offer["ad"]["place"]
    assert closed["history"][-1]["what"] == f"Avslått fordi du takket ja til {place}."
    page = kari.get(f"/api/tilbud/{other['id']}/historikk", headers=HTML).body.decode()
    assert f"Avslått fordi du takket ja til {place}." in page


def test_the_history_tells_the_hf_change_and_an_expiry(api: Api) -> None:
    first = _round_one(api)
    kari = api.sign_in("demo-kari")
    offers: Any = kari.get("/api/tilbud").json()["offers"]
    ola = api.sign_in("demo-ola")
    taken = next(o for o in offers if o["ad"]["organisation"] == "helse-bergen")
    back = ola.post(
        f"/api/ads/{taken['ad']['id']}/tilbud/{taken['id']}/trekk",
        json_body={"reason": "Sendt ved en feil"},
    )
    assert back.status == 204, back.body
    kari = api.sign_in("demo-kari")
    told: Any = kari.get(f"/api/tilbud/{taken['id']}/historikk").json()
    assert told["history"][-1]["what"] == (
        "Helseforetaket trakk tilbake tilbudet. Begrunnelse: Sendt ved en feil"
    )
    assert "demo-ola" not in str(told) and "Ola" not in str(told)

    api.clock.set(first.answer_deadline)  # type: ignore[attr-defined]
    kari = api.sign_in("demo-kari")
    silent = next(o for o in offers if o["id"] != taken["id"])
    expired: Any = kari.get(f"/api/tilbud/{silent['id']}/historikk").json()
    assert expired["offer"]["state"] == "utløpt"
    assert expired["history"][-1]["what"].startswith("Svarfristen gikk ut uten svar")


def test_nobody_reads_another_applicants_offer(api: Api) -> None:
    _round_one(api)
    kari = api.sign_in("demo-kari")
    offer: Any = kari.get("/api/tilbud").json()["offers"][0]
    ahmed = api.sign_in("demo-ahmed")
    theirs = ahmed.get(f"/api/tilbud/{offer['id']}/historikk")
    assert theirs.status == 404 and theirs.json()["code"] == "ukjent_tilbud"  # type: ignore[index]
    ola = api.sign_in("demo-ola")
    assert ola.get(f"/api/tilbud/{offer['id']}/historikk").status == 404
    assert api.client().get(f"/api/tilbud/{offer['id']}/historikk").status == 401
