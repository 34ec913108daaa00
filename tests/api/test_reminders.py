"""Reminders over a whole round of the demo season, with the clock moved hour by hour as the
hourly schedules run in production: exactly the mails the rules name, at the Oslo mornings they
name, none twice (a rerun, two runs at once), none to a person who turned them off, none for an
offer answered or taken back; and the page where reminders are turned off and on."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, time, timedelta

import pytest

from lis1.api.app import run_scheduled_reminders, run_scheduled_rounds
from lis1.catalog import Catalog
from lis1.demo import DEMO_ID
from lis1.demo_season import seed_season
from lis1.domain.offers import Offer, svarfrist_day
from lis1.domain.reminders import NoticeKind
from lis1.domain.rounds import ScheduledRound, schedule
from lis1.mail import MemoryMailer
from lis1.norwegian import deadline_text
from lis1.oslo import OSLO, oslo_wall_clock_to_utc
from lis1.services.offer_mails import send_offer_mail
from lis1.services.ports.mail import Mail
from lis1.services.ports.notices import Notices
from lis1.services.ports.store import Store
from lis1.services.reminders import run_reminders

from .conftest import Api

HTML = {"accept": "text/html"}
DAY_BEFORE_SUBJECT = "Påminnelse: svarfristen for tilbudet ditt er i morgen"
ON_THE_DAY_SUBJECT = "Påminnelse: svarfristen for tilbudet ditt er i dag"
OFFER_SUBJECT = "Du har fått tilbud om LIS1-stilling"


def first_round(api: Api) -> ScheduledRound:
    deps = api.deps
    anchor = deps.store.settings.demo_anchor()
    assert anchor is not None
    assert seed_season(deps.store, deps.catalog, anchor, api.clock.now())
    period = next(p for p in deps.catalog.periods if p.id == DEMO_ID)
    return schedule(period)[0]


def mails(api: Api) -> list[Mail]:
    mailer = api.deps.mailer
    assert isinstance(mailer, MemoryMailer)
    return mailer.sent


def oslo_at(day: object, hour: int) -> datetime:
    return oslo_wall_clock_to_utc(datetime.combine(day, time(hour, 0)))  # type: ignore[arg-type]


def hourly(api: Api, until: datetime) -> list[tuple[datetime, Mail]]:
    """Both schedules once an hour, as in production, until ``until``: each mail with when."""
    sent: list[tuple[datetime, Mail]] = []
    while api.clock.now() < until:
        api.clock.move(timedelta(hours=1))
        before = len(mails(api))
        run_scheduled_rounds(api.deps)
        run_scheduled_reminders(api.deps)
        sent += [(api.clock.now(), mail) for mail in mails(api)[before:]]
    return sent


def email(store: Store, subject: str) -> str:
    user = store.users.get(subject)
    assert user is not None and user.email
    return user.email


def offers(api: Api) -> list[Offer]:
    return api.deps.store.offers.by_scope(DEMO_ID)


def test_a_whole_round_sends_exactly_the_reminders_due(api: Api) -> None:
    scheduled = first_round(api)
    api.clock.set(scheduled.offers_from)
    run_scheduled_rounds(api.deps)
    assert sum(m.subject == OFFER_SUBJECT for m in mails(api)) == 8
    store = api.deps.store

    kari = api.sign_in("demo-kari")  # accepts one; her two others are declined with it
    chosen = next(o for o in offers(api) if o.candidate == "demo-kari")
    assert kari.post(f"/api/tilbud/{chosen.id}/accept", json_body={}).status == 200
    ahmed = api.sign_in("demo-ahmed")  # turns reminders off
    off = ahmed.post(
        "/api/varsler", form={"csrf_token": ahmed.csrf or "", "reminders": "off"}, headers=HTML
    )
    assert off.status == 303 and off.header("Location") == "/api/varsler?melding=slatt-av"
    ola = api.sign_in("demo-ola")  # takes back the offer on Voss sent in error
    taken_back = next(o for o in offers(api) if o.ad_id == "d0000000b002")
    back = ola.post(
        f"/api/ads/d0000000b002/tilbud/{taken_back.id}/trekk",
        form={"csrf_token": ola.csrf or "", "reason": "Sendt ved en feil"},
        headers=HTML,
    )
    assert back.status == 303, back.body

    sent = hourly(api, scheduled.answer_deadline + timedelta(hours=2))
    reminders = [(at, m) for at, m in sent if m.subject.startswith("Påminnelse")]
    svarfrist = svarfrist_day(chosen)
    expired = [o for o in offers(api) if o.round == chosen.round and o.state == "utløpt"]
    reminded = [o for o in expired if o.candidate != "demo-ahmed"]
    day_before, on_the_day = oslo_at(svarfrist - timedelta(days=1), 7), oslo_at(svarfrist, 7)
    expected = sorted(
        [(on_the_day, ON_THE_DAY_SUBJECT, email(store, o.candidate)) for o in reminded]
        + [
            (day_before, DAY_BEFORE_SUBJECT, email(store, o.candidate))
            for o in reminded
            if (svarfrist - o.issued_at.astimezone(OSLO).date()).days > 1
        ]
    )
    assert sorted((at, m.subject, m.to) for at, m in reminders) == expected
    # Five offers left open: two of the first eight, and three made the next hour in place of
    # those Kari declined by accepting and the one taken back; each reminded twice.
    assert len(reminded) == 5 and len(expected) == 10
    to = {m.to for _, m in reminders}
    assert not to & {"kari.nordmann@example.org", "ahmed.hassan@example.org"}
    assert email(store, taken_back.candidate) not in to
    offer_mails = [m for m in mails(api) if m.subject == OFFER_SUBJECT]
    assert len(offer_mails) == len({(m.to, m.body) for m in offer_mails})  # none twice
    assert all(
        "minner vi deg på svarfristen med e-post dagen før og om morgenen" in m.body
        and "slå av her: http://127.0.0.1:8999/api/varsler" in m.body
        for m in offer_mails
    )

    body = next(m.body for _, m in reminders if m.subject == ON_THE_DAY_SUBJECT)
    assert f"Svarfristen er i dag, {deadline_text(svarfrist)}." in body
    assert "Svarer du ikke innen fristen, regnes tilbudet som avslått." in body
    assert "Se tilbudet og svar her: http://127.0.0.1:8999/api/tilbud" in body
    assert "LIS1-stillingen" in body and " HF)." in body  # the place and its HF by name
    assert body.rstrip().endswith("Slå dem av her: http://127.0.0.1:8999/api/varsler")


def test_a_second_run_and_two_runs_at_once_send_nothing_twice(api: Api) -> None:
    scheduled = first_round(api)
    api.clock.set(scheduled.offers_from)
    run_scheduled_rounds(api.deps)
    api.clock.set(oslo_at(svarfrist_day(offers(api)[0]), 9))
    deps = api.deps

    class Interleaved:
        """The store's records, with a second run starting just before the first records."""

        def __init__(self, inner: Notices) -> None:
            self.inner = inner
            self.nested: dict[str, int] | None = None

        def __getattr__(self, name: str) -> object:
            return getattr(self.inner, name)

        def mark_sent(self, offer_id: str, kind: NoticeKind, at: datetime) -> bool:
            if self.nested is None:
                self.nested = run_scheduled_reminders(deps)
            return self.inner.mark_sent(offer_id, kind, at)

    interleaved = Interleaved(deps.store.notices)
    store: Store = replace(deps.store, notices=interleaved)  # type: ignore[arg-type]
    before = len(mails(api))
    first = run_reminders(
        store, deps.catalog, deps.mailer, now=api.clock.now(), origin=deps.config.public_origin
    )
    assert interleaved.nested is not None and interleaved.nested["sendt"] == 8
    assert first.sent == 0 and first.already == 8  # every record was the other run's
    again = run_scheduled_reminders(deps)
    assert again["sendt"] == 0 and again["sendt_før"] == 8
    sent = mails(api)[before:]
    assert len(sent) == 8 and len({(m.to, m.body) for m in sent}) == 8


def test_a_failed_send_is_logged_without_personal_data_and_not_tried_again(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    scheduled = first_round(api)
    api.clock.set(scheduled.offers_from)
    run_scheduled_rounds(api.deps)
    api.clock.set(oslo_at(svarfrist_day(offers(api)[0]), 9))

    class Refusing:
        def send(self, mail: Mail) -> None:
            raise ConnectionError(f"kunne ikke levere til {mail.to}")

    # "lis1" is also the Chalice app's logger: it neither propagates nor passes warnings.
    logger = logging.getLogger("lis1")
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger="lis1"):
            failed = run_scheduled_reminders(replace(api.deps, mailer=Refusing()))
    finally:
        logger.removeHandler(caplog.handler)
    assert (failed["feilet"], failed["sendt"]) == (8, 0)
    assert "ConnectionError" in caplog.text and "@" not in caplog.text
    again = run_scheduled_reminders(api.deps)  # at most once: recorded before the send
    assert (again["sendt"], again["sendt_før"]) == (0, 8)


def test_the_offer_mail_goes_once_however_often_it_is_asked_for(api: Api) -> None:
    scheduled = first_round(api)
    api.clock.set(scheduled.offers_from)
    run_scheduled_rounds(api.deps)
    deps, offer = api.deps, offers(api)[0]
    ad = deps.store.ads.get(offer.ad_id)
    assert ad is not None
    before = len(mails(api))
    send_offer_mail(deps.store, deps.catalog, deps.mailer, offer, ad, "http://x")
    assert len(mails(api)) == before  # the round's run recorded and sent it


def test_nothing_is_due_outside_the_days_before_a_svarfrist(api: Api) -> None:
    scheduled = first_round(api)
    api.clock.set(scheduled.offers_from)
    run_scheduled_rounds(api.deps)
    counts = run_scheduled_reminders(api.deps)  # the tilbud day: two days before the svarfrist
    assert counts["perioder"] == 0 and counts["sendt"] == 0, counts


def test_reminders_are_turned_off_and_on_in_pages_and_json(api: Api, catalog: Catalog) -> None:
    kari = api.sign_in("demo-kari")
    page = kari.get("/api/varsler", headers=HTML)
    assert page.status == 200, page.body
    text = page.body.decode()
    assert "kari.nordmann@example.org" in text and "Slått på." in text
    assert 'value="on" checked' in text and "Sendes alltid." in text
    assert kari.get("/api/varsler").json() == {
        "email": "kari.nordmann@example.org",
        "reminders": True,
        "language": "nb",
    }
    off = kari.post("/api/varsler", json_body={"reminders": "off"})
    assert off.status == 200 and off.json()["changed"] is True  # type: ignore[index]
    again = kari.post("/api/varsler", json_body={"reminders": "off"})
    assert again.json()["changed"] is False  # type: ignore[index]
    assert kari.get("/api/varsler").json()["reminders"] is False  # type: ignore[index]
    shown = kari.get("/api/varsler?melding=slatt-av", headers=HTML).body.decode()
    assert "Påminnelsene er slått av." in shown and 'value="off" checked' in shown
    api.clock.move(timedelta(minutes=1))  # audit entries of one instant have no order
    on = kari.post(
        "/api/varsler", form={"csrf_token": kari.csrf or "", "reminders": "on"}, headers=HTML
    )
    assert on.header("Location") == "/api/varsler?melding=slatt-pa"
    same = kari.post(
        "/api/varsler", form={"csrf_token": kari.csrf or "", "reminders": "on"}, headers=HTML
    )
    assert same.header("Location") == "/api/varsler?melding=uendret-pa"
    entries = api.deps.store.audit.entries("bruker:demo-kari")
    assert [(e.actor, e.detail) for e in entries if e.action == "set_reminders"] == [
        ("demo-kari", {"påminnelser": "av"}),
        ("demo-kari", {"påminnelser": "på"}),
    ]
    bad = kari.post("/api/varsler", json_body={"reminders": "kanskje"})
    assert bad.status == 400 and "reminders" in bad.json()["fields"]  # type: ignore[index]
    forged = kari.post(
        "/api/varsler", form={"reminders": "off"}, headers={**HTML, "x-csrf-token": "feil"}
    )
    assert forged.status == 403
    assert api.client().get("/api/varsler").status == 401
    assert api.deps.store.notices.reminders_on("demo-kari")
