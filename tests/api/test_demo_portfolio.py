"""The demo portfolio of `make serve`: Lise Dahl mid-way through her hospital year, with people
in every role, made through the real invitation flow."""

from __future__ import annotations

from lis1.demo_portfolio import hospital_start, seed_portfolio

from .conftest import Api


def test_the_demo_lis_has_people_in_every_role_and_activities(api: Api) -> None:
    now = api.clock.now()
    store, catalog = api.deps.store, api.deps.catalog
    assert seed_portfolio(store, catalog, now.date(), now)
    assert not seed_portfolio(store, catalog, now.date(), now)  # once
    lise = api.sign_in("demo-lise")
    body = lise.get("/api/portefolje").json()
    assert body["employments"][0]["starts"] == hospital_start(now.date()).isoformat()
    assert sorted((r["kind"], r["name"], r["status"]) for r in body["relations"]) == [
        ("leder", "Per Aas", "aktiv"),
        ("supervisør", "Hanne Moe", "aktiv"),
        ("supervisør", "Jon Ek", "aktiv"),
        ("veileder", "Mona Lie", "aktiv"),
    ]
    statuses = sorted(a.status for a in store.activities.of_owner("demo-lise"))
    assert statuses == ["returnert", "sendt", "signert"]
    per = api.sign_in("demo-per")
    relation = per.get("/api/veiledning").json()["relations"][0]
    page = per.get(f"/api/veiledning/{relation['id']}", headers={"accept": "text/html"})
    assert page.status == 200 and "Lise Dahl" in page.body.decode()
