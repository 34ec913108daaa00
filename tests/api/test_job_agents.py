"""The jobbagent through the API, with the movable clock and the hourly job: a newly published
matching ad gives exactly one mail, a rerun none; a second ad the same day waits for the next
Oslo day's mail, which names only it; reststillinger match; an ad outside the filter never
mails; the signed link in the mail shows, changes and stops the agent without signing in, and a
changed byte is refused; another person can neither read nor change your agent."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, time, timedelta
from typing import Any

from lis1.api.app import run_scheduled_job_agents
from lis1.mail import MemoryMailer
from lis1.oslo import oslo_today, oslo_wall_clock_to_utc
from lis1.services.job_agent_mails import run_job_agents
from lis1.services.ports.mail import Mail

from .conftest import Api, Client

HTML = {"accept": "text/html"}
AD = {
    "organisation": "helse-bergen",
    "place": "Haukeland universitetssjukehus, Bergen",
    "seats": 3,
    "kommune": "bergen-kommune",
    "starts": "2027-03-01",
    "description": "Tolv måneder i sykehus, deretter seks i Bergen kommune.",
    "period_id": "demo",
}
REST = {**AD, "period_id": None, "starts": "2027-01-15", "application_deadline": "2026-12-20"}
REST["ends"] = "2027-03-15"
LINK = re.compile(r"(http://\S+)(/api/jobbagent/lenke/([0-9a-f]{12}))\?kode=([A-Za-z0-9_-]{43})")
KARI = "kari.nordmann@example.org"


def mails(api: Api) -> list[Mail]:
    mailer = api.deps.mailer
    assert isinstance(mailer, MemoryMailer)
    return mailer.sent


def run(api: Api) -> list[Mail]:
    """One run of the job; the mails it sent."""
    before = len(mails(api))
    run_scheduled_job_agents(api.deps)
    return mails(api)[before:]


def publish(api: Api, content: dict[str, Any], place: str | None = None) -> str:
    hf = api.sign_in("demo-ola")
    created = hf.post("/api/ads", json_body={**content, "place": place or content["place"]})
    assert created.status == 201, created.body
    ad: Any = created.json()
    done = hf.post(f"/api/ads/{ad['id']}/publish", json_body={"version": ad["version"]})
    assert done.status == 200, done.body
    return str(ad["id"])


def make_agent(client: Client, **chosen: str) -> dict[str, Any]:
    made = client.post("/api/jobbagent", json_body=chosen)
    assert made.status == 201, made.body
    out: Any = made.json()
    return dict(out)


def next_oslo_morning(api: Api) -> datetime:
    tomorrow = oslo_today(api.clock.now()) + timedelta(days=1)
    return oslo_wall_clock_to_utc(datetime.combine(tomorrow, time(8, 0)))


def test_one_mail_per_day_never_an_ad_twice(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    made = make_agent(kari, region="helse-vest")
    assert made["reststilling"] == "med" and made["language"] == "nb"
    assert "token" not in made and "owner" not in made
    assert run(api) == []  # no ad yet

    first = publish(api, AD)
    api.clock.move(timedelta(hours=1))
    sent = run(api)
    assert [(m.to, m.subject) for m in sent] == [(KARI, "Jobbagenten: 1 ny LIS1-stilling")]
    assert f"/api/ads/{first}" in sent[0].body and "Helse Bergen HF" in sent[0].body
    assert "Søknadsfrist: " in sent[0].body and "kl. 23.59 (norsk tid)" in sent[0].body
    assert run(api) == []  # a rerun sends nothing

    second = publish(api, AD, place="Voss sjukehus")
    api.clock.move(timedelta(hours=1))
    assert run(api) == []  # a mail went today already
    api.clock.set(next_oslo_morning(api))
    sent = run(api)
    assert len(sent) == 1 and f"/api/ads/{second}" in sent[0].body
    assert f"/api/ads/{first}" not in sent[0].body  # told yesterday
    assert run(api) == []
    api.clock.set(next_oslo_morning(api))
    assert run(api) == []  # nothing new: no mail
    listed: Any = api.sign_in("demo-kari").get("/api/jobbagent").json()  # a new session
    assert [a["last_mail_day"] for a in listed["agents"]] == [
        (oslo_today(api.clock.now()) - timedelta(days=1)).isoformat()
    ]


class StaleRead:
    """The agents port, with ``every`` answering as it did before another run wrote: what a run
    at the same time (or an index not yet consistent) reads."""

    def __init__(self, port: Any, snapshot: list[Any]) -> None:
        self._port, self._snapshot = port, snapshot

    def every(self) -> list[Any]:
        return self._snapshot

    def __getattr__(self, name: str) -> Any:
        return getattr(self._port, name)


def test_two_runs_at_once_send_one_mail(api: Api) -> None:
    make_agent(api.sign_in("demo-kari"))
    publish(api, AD)
    store = api.deps.store
    read_at_once = store.job_agents.every()
    assert len(run(api)) == 1
    other = replace(store, job_agents=StaleRead(store.job_agents, read_at_once))
    report = run_job_agents(
        other, api.deps.catalog, api.deps.mailer, now=api.clock.now(), origin="http://x"
    )
    assert (report.due, report.already, report.sent) == (1, 1, 0)
    assert run(api) == []


def test_a_reststilling_matches_and_an_ad_outside_the_filter_never_mails(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    make_agent(kari, reststilling="bare")
    make_agent(kari, region="helse-nord")
    ahmed = api.sign_in("demo-ahmed")
    make_agent(ahmed, reststilling="uten", organisation="oslo-universitetssykehus")
    rest = publish(api, REST)
    publish(api, AD)
    api.clock.move(timedelta(hours=1))
    sent = run(api)
    assert [m.to for m in sent] == [KARI]
    assert "Reststilling: Haukeland universitetssjukehus, Bergen, Helse Bergen HF." in sent[0].body
    assert f"/api/ads/{rest}" in sent[0].body
    for _day in range(3):
        api.clock.set(next_oslo_morning(api))
        assert run(api) == []


def test_the_signed_link_shows_changes_and_stops_the_agent(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    make_agent(kari)
    publish(api, AD)
    body = run(api)[0].body
    found = LINK.search(body)
    assert found is not None
    origin, path, agent_id, code = found.groups()
    assert origin == api.deps.config.public_origin
    assert body.rstrip().endswith(f"Stopp jobbagenten: {origin}{path}?kode={code}#stopp")
    anyone = api.client()  # not signed in

    opened = anyone.get(f"{path}?kode={code}", headers=HTML)
    assert opened.status == 200, opened.body
    page = opened.body.decode()
    assert "Dette ser jobbagenten etter" in page and "Region: alle regioner" in page
    assert KARI not in page and "Kari" not in page  # nothing of the person
    assert f'name="kode" value="{code}"' in page

    changed_byte = code[:-1] + ("A" if code[-1] != "A" else "B")
    for bad in (changed_byte, ""):
        refused = anyone.get(f"{path}?kode={bad}", headers=HTML)
        assert refused.status == 404 and "Lenken virker ikke" in refused.body.decode()
    refused = anyone.post(path, json_body={"kode": changed_byte, "region": "helse-nord"})
    assert refused.status == 404 and refused.json()["code"] == "ukjent_jobbagentlenke"  # type: ignore[index]
    stop_refused = anyone.post(f"{path}/stopp", form={"kode": changed_byte}, headers=HTML)
    assert stop_refused.status == 404

    moved = anyone.post(path, form={"kode": code, "region": "helse-nord"}, headers=HTML)
    assert moved.status == 303
    assert moved.header("Location") == f"{path}?kode={code}&melding=endret"
    mine: Any = kari.get(f"/api/jobbagent/{agent_id}").json()
    assert mine["region"] == "helse-nord"
    wrong = anyone.post(
        path,
        form={"kode": code, "organisation": "helse-bergen", "region": "helse-nord"},
        headers=HTML,
    )
    assert wrong.status == 400 and "ligger ikke i regionen" in wrong.body.decode()

    stopped = anyone.post(f"{path}/stopp", form={"kode": code}, headers=HTML)
    assert stopped.status == 303
    assert stopped.header("Location") == "/api/jobbagent/lenke/stoppet"
    assert anyone.get("/api/jobbagent/lenke/stoppet", headers=HTML).status == 200
    assert kari.get("/api/jobbagent").json() == {"agents": [], "limit": 10}
    gone = anyone.get(f"{path}?kode={code}", headers=HTML)
    assert gone.status == 404 and "Jobbagenten er stoppet" in gone.body.decode()
    assert anyone.post(f"{path}/stopp", json_body={"kode": code}).status == 404


def test_another_person_cannot_read_change_or_stop_your_agent(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    agent_id = make_agent(kari, region="helse-vest")["id"]
    ahmed = api.sign_in("demo-ahmed")
    assert ahmed.get(f"/api/jobbagent/{agent_id}").status == 404
    assert ahmed.get(f"/api/jobbagent/{agent_id}", headers=HTML).status == 404
    assert ahmed.post(f"/api/jobbagent/{agent_id}", json_body={"region": ""}).status == 404
    assert ahmed.post(f"/api/jobbagent/{agent_id}/stopp", json_body={}).status == 404
    assert ahmed.get("/api/jobbagent").json() == {"agents": [], "limit": 10}
    mine: Any = kari.get(f"/api/jobbagent/{agent_id}").json()
    assert mine["region"] == "helse-vest"


def test_the_pages_make_change_and_stop_agents_without_javascript(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    page = kari.get("/api/jobbagent", headers=HTML)
    assert page.status == 200 and "Du har ingen jobbagenter ennå." in page.body.decode()
    assert '<a href="/api/jobbagent" aria-current="page">Jobbagent</a>' in page.body.decode()
    csrf = kari.csrf or ""
    bad = kari.post(
        "/api/jobbagent",
        form={"csrf_token": csrf, "organisation": "helse-bergen", "region": "helse-nord"},
        headers=HTML,
    )
    assert bad.status == 400 and "ligger ikke i regionen" in bad.body.decode()
    made = kari.post(
        "/api/jobbagent",
        form={"csrf_token": csrf, "period_id": "demo", "reststilling": "uten"},
        headers=HTML,
    )
    assert made.status == 303 and made.header("Location") == "/api/jobbagent?melding=lagret"
    listed = kari.get("/api/jobbagent?melding=lagret", headers=HTML).body.decode()
    assert "Jobbagenten er laget." in listed and "Reststillinger: ikke tatt med" in listed
    agent: Any = kari.get("/api/jobbagent").json()["agents"][0]  # type: ignore[index]
    own = kari.get(f"/api/jobbagent/{agent['id']}", headers=HTML)
    assert own.status == 200 and 'name="kode"' not in own.body.decode()
    changed = kari.post(
        f"/api/jobbagent/{agent['id']}",
        form={"csrf_token": csrf, "reststilling": "bare"},
        headers=HTML,
    )
    assert changed.status == 303
    assert kari.get(f"/api/jobbagent/{agent['id']}").json()["reststilling"] == "bare"  # type: ignore[index]
    stopped = kari.post(f"/api/jobbagent/{agent['id']}/stopp", form={"csrf_token": csrf})
    assert stopped.status == 303
    assert stopped.header("Location") == "/api/jobbagent?melding=stoppet"
    assert kari.get("/api/jobbagent").json()["agents"] == []  # type: ignore[index]


def test_ten_agents_at_most(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    for _n in range(10):
        make_agent(kari)
    refused = kari.post("/api/jobbagent", json_body={})
    assert refused.status == 409 and refused.json()["code"] == "for_mange_jobbagenter"  # type: ignore[index]
    page = kari.get("/api/jobbagent", headers=HTML).body.decode()
    assert "som er det høyeste antallet" in page and 'action="/api/jobbagent"' not in page


def test_an_agent_made_in_english_mails_in_english_with_english_links(api: Api) -> None:
    kari = api.sign_in("demo-kari")
    made = kari.post("/api/jobbagent", json_body={}, headers={"x-lis1-sprak": "en"})
    assert made.status == 201 and made.json()["language"] == "en"  # type: ignore[index]
    ad_id = publish(api, AD)
    body = run(api)[0].body
    assert f"/en/api/ads/{ad_id}" in body and "/en/api/jobbagent/lenke/" in body
