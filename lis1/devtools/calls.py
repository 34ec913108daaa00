"""DynamoDB calls per API route: each route called once through the gateway, with the real
DynamoDB adapter on moto, counted with botocore's event hooks. ``make bench`` prints them beside
the least each route needs; the test suite asserts the limits (counts, not timings)."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ..catalog import Catalog
from ..clock import MovableClock
from .call_minimum import MINIMUM
from .wiring import in_process_api

__all__ = ["MINIMUM", "calls_per_route", "print_calls"]


def calls_per_route(catalog: Catalog) -> list[tuple[str, Counter[str]]]:
    """(route, calls by operation) for a walk through every kind of request, in order."""
    from moto import mock_aws

    from ..store.bundle import dynamodb_store
    from ..store.dynamo.client import make_client
    from ..store.schema import ensure_table

    calls: Counter[str] = Counter()
    rows: list[tuple[str, Counter[str]]] = []

    def count(event_name: str, **_: Any) -> None:
        calls[event_name.rsplit(".", 1)[-1]] += 1

    with mock_aws(), tempfile.TemporaryDirectory() as keys:
        client = make_client(None)
        ensure_table(client, "lis1")
        clock = MovableClock(datetime(2026, 11, 25, 10, tzinfo=UTC))
        store = dynamodb_store(client, "lis1", "moto")
        wired = in_process_api(catalog, store, clock, Path(keys))
        gateway, issuer = wired.gateway, wired.issuer
        anchor = store.settings.demo_anchor()
        assert anchor is not None
        client.meta.events.register("before-call.dynamodb.*", count)
        session = {"cookie": "", "csrf": ""}

        def call(method: str, path: str, body: bytes = b"", name: str | None = None) -> Any:
            calls.clear()
            headers = {"accept": "application/json", "content-type": "application/json"}
            if session["cookie"]:
                headers["cookie"] = session["cookie"]
            if session["csrf"]:
                headers["x-csrf-token"] = session["csrf"]
            response = gateway.handle(method, path, headers, body)
            if cookie := response.header("Set-Cookie"):
                session["cookie"] = cookie.split(";", 1)[0]
            rows.append((name or f"{method} {_route(path)}", Counter(calls)))
            return response

        def sign_in(subject: str) -> None:
            session["cookie"] = session["csrf"] = ""
            start = call("GET", "/api/auth/login")
            params = dict(parse_qsl(urlsplit(start.header("Location")).query))
            chosen = issuer.handle("POST", "/authorize", {}, {**params, "user": subject})
            back = urlsplit(chosen.headers["Location"])
            call("GET", f"{back.path}?{back.query}")
            session["csrf"] = call("GET", "/api/me").json()["csrf_token"]

        call("GET", "/api/health")
        call("GET", "/api/periods")
        sign_in("demo-eva")
        call("PUT", "/api/admin/organisations/helse-bergen/admins/demo-kari")
        call("GET", "/api/admin/organisations/helse-bergen/admins")
        call("GET", "/api/admin/organisations/helse-bergen/audit")
        call("DELETE", "/api/admin/organisations/helse-bergen/admins/demo-kari")
        call("POST", "/api/auth/logout")
        sign_in("demo-ola")
        content = {
            "organisation": "helse-bergen",
            "place": "Haukeland",
            "seats": 2,
            "kommune": "bergen-kommune",
            "starts": str(anchor + timedelta(days=120)),
            "description": "Benchmark",
            "period_id": "demo",
        }
        ad = call("POST", "/api/ads", json.dumps(content).encode()).json()
        call("POST", f"/api/ads/{ad['id']}/publish", json.dumps({"version": 1}).encode())
        call("GET", "/api/hf")
        call("GET", f"/api/ads/{ad['id']}/applications")
        sign_in("demo-kari")
        call("GET", "/api/ads?periode=demo", name="GET /api/ads?periode=demo")
        call("GET", f"/api/ads/{ad['id']}")
        call("POST", f"/api/ads/{ad['id']}/applications", b'{"cover_text": "Hei"}')
        call("GET", "/api/applications")
        call("POST", f"/api/ads/{ad['id']}/applications/withdraw")
        _offer_round(call, sign_in, clock, wired.deps.catalog, ad["id"])
        _portfolio(call, sign_in)
        session["cookie"] = session["csrf"] = ""
        call("GET", "/api/ads", name="GET /api/ads (anonym)")
    return rows


def _offer_round(
    call: Any, sign_in: Any, clock: MovableClock, catalog: Catalog, ad_id: str
) -> None:
    """Ahmed applies and is ranked; round 1 runs on its tilbud day; he accepts; Ola marks."""
    from ..demo import DEMO_ID
    from ..domain.rounds import schedule

    sign_in("demo-ahmed")
    reference = call("POST", f"/api/ads/{ad_id}/applications", b"{}").json()["reference"]
    sign_in("demo-ola")
    ranking = json.dumps({"references": [reference], "version": 0}).encode()
    call("PUT", f"/api/ads/{ad_id}/ranking", ranking)
    period = next(p for p in catalog.periods if p.id == DEMO_ID)
    clock.set(schedule(period)[0].offers_from)
    sign_in("demo-ola")  # weeks later
    call("POST", "/api/hf/runder/start")
    sign_in("demo-ahmed")
    offer = call("GET", "/api/tilbud").json()["offers"][0]
    call("GET", f"/api/tilbud/{offer['id']}/svar?svar=ja")
    call("POST", f"/api/tilbud/{offer['id']}/accept")
    call("GET", "/api/tilbud")
    call("GET", f"/api/tilbud/{offer['id']}/historikk")
    address = call("POST", "/api/tilbud/kalender", b"{}").json()["address"]
    call("GET", "/api/kalender/" + address.rsplit("/", 1)[1])
    call("GET", "/api/varsler")
    call("GET", "/api/statistikk/demo")
    sign_in("demo-ola")
    call("POST", f"/api/ads/{ad_id}/tilbud/{offer['id']}/ansatt", b"{}")
    call("GET", f"/api/ads/{ad_id}/tilbud")
    call("GET", f"/api/hf/runder?periode={DEMO_ID}")
    clock.set(schedule(period)[0].marking_deadline)  # the kommune sees the hire after merking
    sign_in("demo-siv")
    call("GET", "/api/kommune")
    call("GET", "/api/arbeidsgiver/oppstart")  # Ahmed, hired with the kommune part


def _portfolio(call: Any, sign_in: Any) -> None:
    """Kari starts her portfolio and invites a leder; Tor accepts; Ola confirms him."""
    sign_in("demo-kari")
    hospital = {
        "arena": "sykehus",
        "organisation": "helse-bergen",
        "starts": "2026-09-01",
        "ends": "2027-08-31",
    }
    call("POST", "/api/portefolje", json.dumps(hospital).encode())
    job = call("GET", "/api/portefolje").json()["employments"][0]["id"]
    call("GET", "/api/portefolje/plan")
    invite = {"employment_id": job, "kind": "leder", "name": "Tor Berge", "email": "t@e.no"}
    link = call("POST", "/api/portefolje/invitasjoner", json.dumps(invite).encode()).json()["link"]
    sign_in("demo-tor")
    call("POST", "/api/invitasjoner/" + link.rsplit("/", 1)[1] + "/accept", b"{}")
    relation = call("GET", "/api/veiledning").json()["relations"][0]["id"]
    sign_in("demo-ola")
    call("GET", "/api/arbeidsgiver/roller")
    call("POST", f"/api/arbeidsgiver/roller/{relation}/bekreft", b"{}")
    sign_in("demo-tor")
    call("GET", f"/api/veiledning/{relation}", name="GET /api/veiledning/{relation_id}")
    _activities(call, sign_in, job)
    _goals(call, sign_in, relation)


def _activities(call: Any, sign_in: Any, job: str) -> None:
    """Kari sends an activity to Jon, her supervisør; he signs it."""
    sign_in("demo-kari")
    invite = {"employment_id": job, "kind": "supervisør", "name": "Jon Ek", "email": "j@e.no"}
    link = call("POST", "/api/portefolje/invitasjoner", json.dumps(invite).encode()).json()["link"]
    sign_in("demo-jon")
    call("POST", "/api/invitasjoner/" + link.rsplit("/", 1)[1] + "/accept", b"{}")
    sign_in("demo-kari")
    activity = {
        "kind": "prosedyre",
        "day": "2026-11-20",
        "description": "Anla pleuradren under supervisjon.",
        "goals": ["KLS-001"],
        "supervisor": "demo-jon",
    }
    made = call("POST", "/api/portefolje/aktiviteter", json.dumps(activity).encode()).json()
    call("GET", "/api/portefolje/aktiviteter")
    sign_in("demo-jon")
    call("GET", "/api/signering")
    call("POST", f"/api/signering/{made['id']}/signer", b"{}")


def _goals(call: Any, sign_in: Any, leder_relation: str) -> None:
    """Kari sends the goal Jon signed an activity for; Jon recommends it; Tor, her leder, is
    refused the approval (no veileder has recommended it): every read of the rule, no write."""
    sign_in("demo-kari")
    call("POST", "/api/portefolje/mal/KLS-001/send", b"{}")
    call("GET", "/api/portefolje/mal")
    sign_in("demo-jon")
    relation = call("GET", "/api/veiledning").json()["relations"][0]["id"]
    words = json.dumps({"text": "Trygg og selvstendig."}).encode()
    call("POST", f"/api/veiledning/{relation}/mal/KLS-001/anbefal", words)
    sign_in("demo-tor")
    call("POST", f"/api/veiledning/{leder_relation}/mal/KLS-001/godkjenn", b"{}")


def _route(path: str) -> str:
    """The declared route ``path`` was sent to, e.g. ``/api/ads/{ad_id}``."""
    import re

    from ..api.routes import all_routes

    path = path.split("?", 1)[0]
    for spec in all_routes():
        pattern = re.sub(r"{\w+}", "[^/]+", spec.path)
        if re.fullmatch(f"/api{pattern}", path):
            return f"/api{spec.path}"
    return path


def print_calls(catalog: Catalog) -> None:
    rows = calls_per_route(catalog)
    kinds = sorted({kind for _, counted in rows for kind in counted})
    print("\nDynamoDB-kall per rute (ett kall gjennom API-et, DynamoDB-adapteren på moto):")
    header = "".join(f"{k:>{len(k) + 2}}" for k in kinds)
    print(f"  {'rute':52}{header}{'sum':>6}{'minst':>7}  hvorfor")
    for name, counted in rows:
        cells = "".join(f"{counted.get(k, 0):>{len(k) + 2}}" for k in kinds)
        least, why = MINIMUM.get(name, (None, ""))
        shown = "" if least is None else str(least)
        print(f"  {name:52}{cells}{sum(counted.values()):>6}{shown:>7}  {why}")
    scans = sum(counted.get("Scan", 0) for _, counted in rows)
    print(f"  Scan-kall totalt: {scans}")
