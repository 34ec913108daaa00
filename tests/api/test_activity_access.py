"""Who may call the learning activities' routes, route by route ("Who sees what"): the LIS on
their own, the supervisør it was sent to while they count, the confirmed leder and the veileder
reading; every other role and every unrelated person is refused (an activity does not exist
for them: 404). And the store calls each operation makes, counted on the in-memory ports."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from lis1.api.gateway import GatewayResponse

from . import portfolio_helpers as people
from .conftest import Api, Client
from .test_activities import HOME, body

OUTSIDERS = ("demo-ahmed", "demo-nora", "demo-ingrid", "demo-siv", "demo-eva", "demo-ola")
"""Everyone but Kari: her supervisører, leder and veileder, an editor, her employer's admin."""


def refused(response: GatewayResponse, status: int = 404) -> None:
    """Refused with our error: the body for a script, the error page for a browser."""
    assert response.status == status, response.body
    if (response.header("Content-Type") or "").startswith("text/html"):
        assert "Fant ikke siden" in response.body.decode()
        return
    found = response.json()
    assert isinstance(found, dict) and set(found) == {"code", "message", "fields"}


@pytest.fixture
def sent(api: Api) -> tuple[people.Around, dict[str, Any]]:
    """Kari's portfolio with everyone around it, and an activity she sent to Ahmed."""
    around = people.everyone(api)
    response = api.sign_in("demo-kari").post(HOME, json_body=body(supervisor="demo-ahmed"))
    assert response.status == 201, response.body
    activity = response.json()
    assert isinstance(activity, dict)
    return around, activity


# --- the LIS's routes ---------------------------------------------------------------------------


@pytest.mark.parametrize("subject", OUTSIDERS)
def test_nobody_but_the_lis_reads_or_changes_her_activity(
    api: Api, sent: tuple[people.Around, dict[str, Any]], subject: str
) -> None:
    _, activity = sent
    other = api.sign_in(subject)
    path = f"{HOME}/{activity['id']}"
    refused(other.get(path))
    refused(other.get(path, headers={"accept": "text/html"}))
    refused(other.post(path, json_body=body(version=activity["version"])))
    refused(other.post(f"{path}/trekk"))
    assert other.get(HOME).json() == {"activities": []}  # their own list: none of hers


@pytest.mark.parametrize("subject", OUTSIDERS)
def test_without_a_portfolio_there_is_nothing_to_register_into(
    api: Api, sent: tuple[people.Around, dict[str, Any]], subject: str
) -> None:
    other = api.sign_in(subject)
    refused(other.get(f"{HOME}/ny", headers={"accept": "text/html"}))
    refused(other.post(HOME, json_body=body()))


def test_the_lis_cannot_sign_or_return_her_own_activity(
    api: Api, sent: tuple[people.Around, dict[str, Any]]
) -> None:
    _, activity = sent
    kari = api.sign_in("demo-kari")
    assert kari.get("/api/signering").json() == {"activities": []}
    refused(kari.get(f"/api/signering/{activity['id']}"))
    refused(kari.post(f"/api/signering/{activity['id']}/signer", json_body={}))
    refused(kari.post(f"/api/signering/{activity['id']}/returner", json_body={"comment": "Nei"}))


# --- the supervisør's routes --------------------------------------------------------------------


@pytest.mark.parametrize(
    "subject", ["demo-kari", "demo-nora", "demo-ingrid", "demo-siv", "demo-eva", "demo-ola"]
)
def test_only_the_supervisor_it_was_sent_to_sees_signs_or_returns_it(
    api: Api, sent: tuple[people.Around, dict[str, Any]], subject: str
) -> None:
    _, activity = sent
    other = api.sign_in(subject)
    path = f"/api/signering/{activity['id']}"
    assert other.get("/api/signering").json() == {"activities": []}
    refused(other.get(path))
    refused(other.get(path, headers={"accept": "text/html"}))
    refused(other.post(f"{path}/signer", json_body={}))
    refused(other.post(f"{path}/returner", json_body={"comment": "Rett dette"}))
    ahmed = api.sign_in("demo-ahmed")
    assert ahmed.get(path).status == 200  # while the one it was sent to sees it


def test_a_supervisor_whose_relation_ended_is_refused_from_the_next_request(
    api: Api, sent: tuple[people.Around, dict[str, Any]]
) -> None:
    around, activity = sent
    ahmed = api.sign_in("demo-ahmed")
    path = f"/api/signering/{activity['id']}"
    assert ahmed.get(path).status == 200
    people.end(api, around.relations[people.SUPERVISOR.subject])
    assert ahmed.get("/api/signering").json() == {"activities": []}
    refused(ahmed.get(path))
    refused(ahmed.post(f"{path}/signer", json_body={}))
    refused(ahmed.post(f"{path}/returner", json_body={"comment": "Rett dette"}))


# --- the readers' route -------------------------------------------------------------------------


def readers_path(around: people.Around, subject: str) -> str:
    return f"/api/veiledning/{around.relations[subject].id}/aktiviteter"


@pytest.mark.parametrize("subject", ["demo-ingrid", "demo-siv"])
def test_the_confirmed_leder_and_the_veileder_read_every_activity(
    api: Api, sent: tuple[people.Around, dict[str, Any]], subject: str
) -> None:
    around, activity = sent
    reader = api.sign_in(subject)
    listed = reader.get(readers_path(around, subject)).json()["activities"]
    assert [a["id"] for a in listed] == [activity["id"]]
    page = reader.get(readers_path(around, subject), headers={"accept": "text/html"})
    assert page.status == 200 and "Kari Nordmann" in page.body.decode()


def test_a_leder_not_yet_confirmed_cannot_read_the_list(api: Api) -> None:
    around = people.everyone(api, confirm_leder=False)
    assert around.relations[people.LEDER.subject].status == "venter_på_arbeidsgiver"
    refused(api.sign_in("demo-ingrid").get(readers_path(around, people.LEDER.subject)))


@pytest.mark.parametrize(
    ("subject", "relation_of"),
    [
        ("demo-ahmed", "demo-ahmed"),  # a supervisør reads only what was sent to them
        ("demo-eva", "demo-siv"),  # someone else's relation
        ("demo-kari", "demo-siv"),  # the LIS herself: her own pages, not Veiledning
        ("demo-ola", "demo-ingrid"),  # the employer's administrator
    ],
)
def test_nobody_else_reads_the_list_through_veiledning(
    api: Api, sent: tuple[people.Around, dict[str, Any]], subject: str, relation_of: str
) -> None:
    around, _ = sent
    refused(api.sign_in(subject).get(readers_path(around, relation_of)))


def test_an_ended_veileder_reads_nothing_from_the_next_request(
    api: Api, sent: tuple[people.Around, dict[str, Any]]
) -> None:
    around, _ = sent
    siv = api.sign_in("demo-siv")
    assert siv.get(readers_path(around, "demo-siv")).status == 200
    people.end(api, around.relations[people.VEILEDER.subject])
    refused(siv.get(readers_path(around, "demo-siv")))


# --- store calls per operation ------------------------------------------------------------------


def calls_of(
    calls: Counter[str], client: Client, method: str, path: str, **kw: Any
) -> Counter[str]:
    calls.clear()
    response = client.request(method, path, **kw)
    assert response.status < 400, response.body
    return Counter(calls)


def test_each_operation_reads_only_what_its_rule_needs(
    counted: tuple[Api, Counter[str]],
) -> None:
    api, calls = counted
    people.everyone(api)
    kari, ahmed = api.sign_in("demo-kari"), api.sign_in("demo-ahmed")
    made = calls_of(calls, kari, "POST", HOME, json_body=body(supervisor="demo-ahmed"))
    assert made == Counter(
        {
            "sessions.get": 1,
            "portfolios.get": 1,  # the plan's goals
            "portfolios.relations": 1,  # the supervisør counts
            "activities.create": 1,
            "users.get": 1,  # the supervisør's address
            "notices.language": 1,  # the language of the supervisør's mail
        }
    )
    activity_id = kari.get(HOME).json()["activities"][0]["id"]
    assert sum(calls_of(calls, kari, "GET", HOME).values()) == 2  # session, activities
    assert sum(calls_of(calls, kari, "GET", f"{HOME}/{activity_id}").values()) == 2
    assert calls_of(calls, ahmed, "GET", "/api/signering") == Counter(
        {"sessions.get": 1, "portfolios.relations_of": 1, "activities.sent_to": 1}
    )
    signed = calls_of(calls, ahmed, "POST", f"/api/signering/{activity_id}/signer", json_body={})
    assert signed == Counter(
        {
            "sessions.get": 1,
            "portfolios.relations_of": 1,
            "activities.sent_to": 1,
            "activities.save": 1,  # with its audit entry
            "users.get": 1,  # the LIS's address
            "notices.language": 1,  # the language of the LIS's mail
        }
    )
