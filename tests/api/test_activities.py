"""Learning activities over the API on the in-memory store: a LIS registers one and sends it to
a supervisør, who signs it or returns it with a comment; the LIS corrects and sends again, or
recalls; forms work without JavaScript; the comment never reaches a log or a mail; the weekly
reminders go once a week waited. Who may call what: tests/api/test_activity_access.py."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from lis1.api.app import run_scheduled_activity_reminders
from lis1.domain.reminders import NoticeKind
from lis1.mail import MemoryMailer
from lis1.services.activity_reminders import run_activity_reminders
from lis1.services.ports.mail import Mail
from lis1.services.ports.notices import Notices
from lis1.services.ports.portfolios import portfolio_entity
from lis1.services.ports.store import Store

from . import portfolio_helpers as people
from .conftest import Api, Client

HTML = {"accept": "text/html"}
HOME = "/api/portefolje/aktiviteter"
DESCRIPTION = "Deltok på traumemottak; ledet primærundersøkelsen under supervisjon."
COMMENT = "Beskriv hva DU gjorde i ABCDE-vurderingen, ikke bare teamet."


def body(**changes: Any) -> dict[str, Any]:
    return {
        "kind": "klinisk_praksis",
        "day": "2026-11-20",
        "description": DESCRIPTION,
        "goals": ["KLS-001", "FKMS-002"],
        **changes,
    }


def mails(api: Api) -> list[Mail]:
    mailer = api.deps.mailer
    assert isinstance(mailer, MemoryMailer)
    return mailer.sent


@pytest.fixture
def around(api: Api) -> people.Around:
    return people.everyone(api)


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Everything lis1 logs ("lis1" is also the Chalice app's logger, which does not
    propagate)."""
    logger = logging.getLogger("lis1")
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.DEBUG):
            yield caplog
    finally:
        logger.removeHandler(caplog.handler)


def send_one(api: Api, kari: Client, to: str = people.SUPERVISOR.subject) -> dict[str, Any]:
    response = kari.post(HOME, json_body=body(supervisor=to))
    assert response.status == 201, response.body
    sent = response.json()
    assert isinstance(sent, dict) and sent["status"] == "sendt"
    return sent


def test_registered_sent_and_signed_with_the_mails_saying_where(
    api: Api, around: people.Around
) -> None:
    kari, ahmed = api.sign_in("demo-kari"), api.sign_in("demo-ahmed")
    draft = kari.post(HOME, json_body=body())
    assert draft.status == 201 and draft.json()["status"] == "utkast", draft.body
    sent = send_one(api, kari)
    assert sent["supervisor_name"] == "Ahmed Hassan" and sent["days_waited"] == 0
    [to_ahmed] = mails(api)
    assert to_ahmed.to == "ahmed.hassan@example.org"
    assert f"/api/signering/{sent['id']}" in to_ahmed.body and "Kari Nordmann" in to_ahmed.body
    assert DESCRIPTION not in to_ahmed.body

    waiting = ahmed.get("/api/signering").json()["activities"]
    assert [(a["id"], a["owner_name"]) for a in waiting] == [(sent["id"], "Kari Nordmann")]
    shown = ahmed.get(f"/api/signering/{sent['id']}").json()
    assert shown["description"] == DESCRIPTION
    assert shown["goals"][1]["code"] == "FKMS-002" and shown["goals"][1]["text"]

    api.clock.move(timedelta(days=2))  # sessions follow the same clock: sign in again
    kari, ahmed = api.sign_in("demo-kari"), api.sign_in("demo-ahmed")
    signed = ahmed.post(f"/api/signering/{sent['id']}/signer", json_body={"comment": COMMENT})
    assert signed.status == 200 and signed.json()["status"] == "signert", signed.body
    assert kari.get(f"{HOME}/{sent['id']}").json()["comment"] == COMMENT
    to_kari = mails(api)[-1]
    assert to_kari.to == "kari.nordmann@example.org" and "signert" in to_kari.subject
    assert "kommentar til deg i portalen" in to_kari.body and COMMENT not in to_kari.body
    again = ahmed.post(f"/api/signering/{sent['id']}/signer", json_body={})
    assert again.status == 409 and again.json()["code"] == "aktivitet_venter_ikke"
    locked = kari.post(f"{HOME}/{sent['id']}", json_body=body(version=signed.json()["version"]))
    assert locked.status == 409 and locked.json()["code"] == "aktivitet_låst"

    entries = api.deps.store.audit.entries(portfolio_entity("demo-kari"))
    signing = [e for e in entries if e.action == "sign_activity"]
    assert [(e.actor, e.detail) for e in signing] == [
        ("demo-ahmed", {"aktivitet": sent["id"], "status": "signert"})
    ]


def test_returned_with_a_comment_corrected_and_sent_to_another_supervisor(
    api: Api, around: people.Around
) -> None:
    kari, ahmed, nora = (api.sign_in(s) for s in ("demo-kari", "demo-ahmed", "demo-nora"))
    sent = send_one(api, kari)
    empty = ahmed.post(f"/api/signering/{sent['id']}/returner", json_body={"comment": " "})
    assert empty.status == 400 and "comment" in empty.json()["fields"]
    returned = ahmed.post(f"/api/signering/{sent['id']}/returner", json_body={"comment": COMMENT})
    assert returned.json()["status"] == "returnert"
    assert "returnert" in mails(api)[-1].subject and COMMENT not in mails(api)[-1].body
    page = kari.get(f"{HOME}/{sent['id']}", headers=HTML).body.decode()
    assert "Kommentar fra Ahmed Hassan" in page and "ABCDE-vurderingen" in page
    assert 'name="handling" value="send"' in page  # the form to correct it

    stale = kari.post(f"{HOME}/{sent['id']}", json_body=body(version=1))
    assert stale.status == 409 and stale.json()["code"] == "aktivitet_endret"
    corrected = kari.post(
        f"{HOME}/{sent['id']}",
        json_body=body(
            version=returned.json()["version"],
            description=DESCRIPTION + " Jeg gjorde ABCDE selv.",
            supervisor="demo-nora",
        ),
    )
    assert corrected.status == 200, corrected.body
    assert (corrected.json()["status"], corrected.json()["comment"]) == ("sendt", None)
    assert mails(api)[-1].to == "nora.vik@example.org"
    assert ahmed.get(f"/api/signering/{sent['id']}").status == 404  # sent to Nora now
    assert [a["id"] for a in nora.get("/api/signering").json()["activities"]] == [sent["id"]]
    assert nora.post(f"/api/signering/{sent['id']}/signer", json_body={}).status == 200


def test_a_waiting_activity_is_recalled_and_the_supervisor_no_longer_sees_it(
    api: Api, around: people.Around
) -> None:
    kari, ahmed = api.sign_in("demo-kari"), api.sign_in("demo-ahmed")
    sent = send_one(api, kari)
    recalled = kari.post(f"{HOME}/{sent['id']}/trekk")
    assert recalled.status == 200 and recalled.json()["status"] == "utkast"
    assert kari.post(f"{HOME}/{sent['id']}/trekk").status == 409
    assert ahmed.get("/api/signering").json()["activities"] == []
    assert ahmed.post(f"/api/signering/{sent['id']}/signer", json_body={}).status == 404


def test_sending_needs_a_supervisor_who_counts_now(api: Api, around: people.Around) -> None:
    kari = api.sign_in("demo-kari")
    for who in ("demo-siv", "demo-eva", "demo-kari", ""):
        refused = kari.post(HOME, json_body=body(supervisor=who, handling="send"))
        assert refused.status == 400, (who, refused.body)
        assert (
            refused.json()["code"] == "ikke_supervisør" and "supervisor" in refused.json()["fields"]
        )
    people.end(api, around.relations[people.SUPERVISOR.subject])
    ended = kari.post(HOME, json_body=body(supervisor="demo-ahmed"))
    assert ended.status == 400 and ended.json()["code"] == "ikke_supervisør"
    both = kari.post(HOME, json_body=body(supervisor="demo-eva", goals=[]))
    assert set(both.json()["fields"]) == {"supervisor", "goals"}
    assert kari.get(HOME).json()["activities"] == []  # nothing was stored


def test_a_repeated_post_with_the_same_key_makes_one_activity_and_one_mail(
    api: Api, around: people.Around
) -> None:
    kari = api.sign_in("demo-kari")
    key = {"idempotency-key": "aktivitet-0001"}
    first = kari.post(HOME, json_body=body(supervisor="demo-ahmed"), headers=key)
    again = kari.post(HOME, json_body=body(supervisor="demo-ahmed"), headers=key)
    assert first.status == again.status == 201 and first.json()["id"] == again.json()["id"]
    assert len(kari.get(HOME).json()["activities"]) == 1 and len(mails(api)) == 1


# --- forms without JavaScript -------------------------------------------------------------------


def form(client: Client, **fields: str) -> dict[str, str]:
    assert client.csrf is not None
    return {"csrf_token": client.csrf, **fields}


def test_forms_register_send_return_and_resend_with_303s(api: Api, around: people.Around) -> None:
    kari, ahmed = api.sign_in("demo-kari"), api.sign_in("demo-ahmed")
    new = kari.get(f"{HOME}/ny", headers=HTML).body.decode()
    assert '<fieldset id="mal-felles-sykehus">' in new and "FKMS-001" in new
    assert 'value="demo-ahmed"' in new and "Lagre utkast" in new
    fields = {
        "kind": "kurs",
        "day": "2026-11-24",
        "description": DESCRIPTION,
        "goal-KLS-003": "1",
        "goal-FKMK-001": "1",
        "supervisor": "demo-ahmed",
        "handling": "send",
    }
    posted = kari.post(HOME, form=form(kari, **fields), headers=HTML)
    assert posted.status == 303, posted.body
    location = posted.header("Location") or ""
    assert location.startswith(f"{HOME}/") and location.endswith("?melding=sendt")
    activity_id = location.removeprefix(f"{HOME}/").split("?")[0]
    shown = kari.get(location, headers=HTML).body.decode()
    assert "sendt til signering" in shown and "KLS-003" in shown and "Trekk tilbake" in shown

    path = f"/api/signering/{activity_id}"
    blank = ahmed.post(f"{path}/returner", form=form(ahmed, comment=""), headers=HTML)
    assert blank.status == 400 and 'id="feil-kommentar-returner"' in blank.body.decode()
    kept = ahmed.post(f"{path}/signer", form=form(ahmed, comment="x" * 1001), headers=HTML)
    assert kept.status == 400 and "x" * 1001 in kept.body.decode()
    back = ahmed.post(f"{path}/returner", form=form(ahmed, comment=COMMENT), headers=HTML)
    assert back.status == 303 and back.header("Location") == f"{path}?melding=returnert"
    notice = ahmed.get(f"{path}?melding=returnert", headers=HTML).body.decode()
    assert "Aktiviteten er returnert" in notice

    version = kari.get(f"{HOME}/{activity_id}").json()["version"]
    fields |= {"version": str(version), "description": DESCRIPTION + " Rettet."}
    resent = kari.post(f"{HOME}/{activity_id}", form=form(kari, **fields), headers=HTML)
    assert resent.status == 303 and (resent.header("Location") or "").endswith("?melding=sendt")
    signed = ahmed.post(f"{path}/signer", form=form(ahmed, comment=""), headers=HTML)
    assert signed.status == 303 and signed.header("Location") == f"{path}?melding=signert"


def test_a_bad_form_comes_back_with_the_errors_by_field_and_the_values_kept(
    api: Api, around: people.Around
) -> None:
    kari = api.sign_in("demo-kari")
    typed = "Mitt eget kurs <i>med</i> tekst"
    fields = {"kind": "", "day": "2026-12-24", "description": typed, "goal-FKMS-003": "1"}
    again = kari.post(HOME, form=form(kari, **fields), headers=HTML)
    page = again.body.decode()
    assert again.status == 400
    for field in ("kind", "day"):
        assert f'id="feil-{field}"' in page and f'href="#{field}"' in page
    assert "Mitt eget kurs &lt;i&gt;med&lt;/i&gt; tekst</textarea>" in page
    assert 'name="goal-FKMS-003" value="1" checked' in page and 'value="2026-12-24"' in page
    # A value the body model refuses (not a date) comes back the same way.
    bad_day = kari.post(HOME, form=form(kari, **{**fields, "day": "24.12"}), headers=HTML)
    assert bad_day.status == 400 and 'id="feil-day"' in bad_day.body.decode()
    assert 'name="goal-FKMS-003" value="1" checked' in bad_day.body.decode()
    assert kari.get(HOME).json()["activities"] == []


def test_the_lists_show_what_waits_first(api: Api, around: people.Around) -> None:
    kari, ahmed = api.sign_in("demo-kari"), api.sign_in("demo-ahmed")
    first = send_one(api, kari)
    api.clock.move(timedelta(days=3))
    kari, ahmed = api.sign_in("demo-kari"), api.sign_in("demo-ahmed")
    second = send_one(api, kari)
    ahmed.post(f"/api/signering/{second['id']}/signer", json_body={})
    listed = ahmed.get("/api/signering").json()["activities"]
    assert [(a["id"], a["status"]) for a in listed] == [
        (first["id"], "sendt"),
        (second["id"], "signert"),
    ]
    page = ahmed.get("/api/signering", headers=HTML).body.decode()
    assert "har ventet 3 dager" in page
    mine = kari.get(HOME, headers=HTML).body.decode()
    assert mine.index("Venter på signatur") < mine.index("Signert (1)")


# --- nothing personal in logs or mails ----------------------------------------------------------


def test_comments_and_descriptions_never_reach_the_logs_or_the_mails(
    api: Api, around: people.Around, logs: pytest.LogCaptureFixture
) -> None:
    kari, ahmed = api.sign_in("demo-kari"), api.sign_in("demo-ahmed")
    sent = send_one(api, kari)
    ahmed.post(f"/api/signering/{sent['id']}/returner", json_body={"comment": COMMENT})
    form_fields = form(ahmed, comment=COMMENT + "x" * 1000)
    ahmed.post(f"/api/signering/{sent['id']}/returner", form=form_fields, headers=HTML)
    api.clock.move(timedelta(days=8))
    run_scheduled_activity_reminders(api.deps)
    assert logs.records, "the test must see the logs"
    for secret in (COMMENT[:30], DESCRIPTION[:30], "@example.org"):
        assert secret not in logs.text, secret
        assert all(secret not in m.body for m in mails(api) if secret != "@example.org")


# --- weekly reminders ---------------------------------------------------------------------------


def test_a_reminder_after_each_week_waited_once_however_often_the_job_runs(
    api: Api, around: people.Around
) -> None:
    kari = api.sign_in("demo-kari")
    sent = send_one(api, kari)
    sent_at, before = api.clock.now(), len(mails(api))

    def run_at(after: timedelta) -> dict[str, int]:
        api.clock.set(sent_at + after)
        return run_scheduled_activity_reminders(api.deps)

    assert run_at(timedelta(days=7) - timedelta(microseconds=1))["forfalt"] == 0
    assert run_at(timedelta(days=7))["sendt"] == 1
    [reminder] = mails(api)[before:]
    assert reminder.to == "ahmed.hassan@example.org" and "1 uke" in reminder.body
    assert f"/api/signering/{sent['id']}" in reminder.body and DESCRIPTION not in reminder.body
    assert run_at(timedelta(days=7, hours=1)) == {
        "forfalt": 1,
        "sendt": 0,
        "sendt_før": 1,
        "ikke_supervisør": 0,
        "uten_adresse": 0,
        "feilet": 0,
    }
    assert run_at(timedelta(days=14) - timedelta(microseconds=1))["sendt"] == 0
    assert run_at(timedelta(days=14))["sendt"] == 1
    assert "2 uker" in mails(api)[-1].body and len(mails(api)) == before + 2


def test_no_reminder_for_a_signed_activity_or_to_an_ended_supervisor(
    api: Api, around: people.Around
) -> None:
    kari, nora = api.sign_in("demo-kari"), api.sign_in("demo-nora")
    to_ahmed = send_one(api, kari)
    to_nora = send_one(api, kari, to="demo-nora")
    nora.post(f"/api/signering/{to_nora['id']}/signer", json_body={})
    people.end(api, around.relations[people.SUPERVISOR.subject])
    before = len(mails(api))
    api.clock.move(timedelta(days=7))
    counts = run_scheduled_activity_reminders(api.deps)
    assert (counts["forfalt"], counts["ikke_supervisør"], counts["sendt"]) == (1, 1, 0)
    assert len(mails(api)) == before
    waiting = api.deps.store.activities.get("demo-kari", to_ahmed["id"])
    assert waiting is not None and waiting.status == "sendt"  # it waits, but Ahmed is gone


def test_two_runs_at_once_send_a_reminder_once(api: Api, around: people.Around) -> None:
    """A run that read the records before the other run wrote its own still sends nothing: the
    conditional record, not the read, decides."""

    class ReadTooEarly:
        def __init__(self, inner: Notices) -> None:
            self.inner = inner

        def __getattr__(self, name: str) -> object:
            return getattr(self.inner, name)

        def sent(self, wanted: Iterable[tuple[str, NoticeKind]]) -> set[tuple[str, NoticeKind]]:
            return set()

    send_one(api, api.sign_in("demo-kari"))
    api.clock.move(timedelta(days=7))
    assert run_scheduled_activity_reminders(api.deps)["sendt"] == 1
    blind: Store = replace(api.deps.store, notices=ReadTooEarly(api.deps.store.notices))  # type: ignore[arg-type]
    before = len(mails(api))
    late = run_activity_reminders(blind, api.deps.mailer, now=api.clock.now(), origin="http://x")
    assert (late.sent, late.already) == (0, 1) and len(mails(api)) == before
