"""Mails and receipts in the person's language: a receipt made in an English request is
English; the offer mail, composed by the round (no request), is in the candidate's recorded
language, with links to the English pages, while the others' stay bokmål; and the private
calendar has an English feed of its own, with its own stable UIDs."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar

from lis1.api.app import run_scheduled_rounds
from lis1.mail import MemoryMailer
from lis1.services.language import mail_language
from lis1.services.ports.mail import Mail
from lis1.services.ports.notices import LanguageRecord

from .conftest import Api
from .english import EN, english  # noqa: F401  (a fixture)
from .test_offer_pages import seeded
from .test_own_data import an_ad
from .test_pages import form_post

HTML = {"accept": "text/html"}
ORIGIN = "http://127.0.0.1:8999"


def mails(api: Api) -> list[Mail]:
    mailer = api.deps.mailer
    assert isinstance(mailer, MemoryMailer)
    return mailer.sent


@pytest.mark.usefixtures("english")
def test_an_english_application_gets_an_english_receipt(api: Api) -> None:
    ad_id = an_ad(api)
    kari = api.sign_in("demo-kari")
    sent = kari.post(
        f"/api/ads/{ad_id}/applications",
        json_body={"cover_text": "Hello"},
        headers=EN,
    )
    assert sent.status in (200, 201), sent.body
    receipt = mails(api)[-1]
    assert receipt.subject == "EN: Receipt: application for a LIS1 position"
    assert "EN: Application deadline: " in receipt.body
    assert not re.search(r"(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) \d", receipt.body)
    assert re.search(r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d", receipt.body)

    ahmed = api.sign_in("demo-ahmed")  # the same, in bokmål
    assert ahmed.post(f"/api/ads/{ad_id}/applications", json_body={"cover_text": "Hei"}).status in (
        200,
        201,
    )
    assert mails(api)[-1].subject == "Kvittering: søknad på LIS1-stilling"


@pytest.mark.usefixtures("english")
def test_the_offer_mail_is_in_the_candidates_language(api: Api) -> None:
    rounds = seeded(api)
    store = api.deps.store
    kari = api.sign_in("demo-kari")
    assert kari.get("/api/tilbud", headers={**HTML, **EN}).status == 200  # reads in English
    assert mail_language(store, "demo-kari") == "en"
    api.clock.set(rounds[0].offers_from)  # type: ignore[attr-defined]
    run_scheduled_rounds(api.deps)
    kari_email = store.users.get("demo-kari").email  # type: ignore[union-attr]
    offers = [
        m
        for m in mails(api)
        if "tilbud om LIS1-stilling" in m.subject or "LIS1 position" in m.subject
    ]
    to_kari = [m for m in offers if m.to == kari_email]
    others = [m for m in offers if m.to != kari_email]
    assert to_kari and others
    for mail in to_kari:
        assert mail.subject == "EN: You have been offered a LIS1 position"
        assert f"EN: See the offer and answer here: {ORIGIN}/en/api/tilbud" in mail.body
        assert f"{ORIGIN}/en/api/varsler" in mail.body
        assert "(Norwegian time)" in mail.body and "(norsk tid)" not in mail.body
    for mail in others:
        assert mail.subject == "Du har fått tilbud om LIS1-stilling"
        assert f"{ORIGIN}/api/tilbud" in mail.body and "/en/" not in mail.body


@pytest.mark.usefixtures("english")
def test_an_offer_changed_mail_is_in_the_candidates_language_not_the_hfs(api: Api) -> None:
    rounds = seeded(api)
    store = api.deps.store
    api.clock.set(rounds[0].offers_from)  # type: ignore[attr-defined]
    run_scheduled_rounds(api.deps)
    olas = {g.organisation for g in store.users.grants("demo-ola")}
    first, second = [
        o
        for o in store.offers.by_scope("demo")
        if o.state == "åpen" and store.ads.get(o.ad_id).content.organisation in olas  # type: ignore[union-attr]
    ][:2]
    store.notices.set_language(first.candidate, LanguageRecord("en"), at=api.clock.now())
    assert mail_language(store, second.candidate) == "nb"
    ola = api.sign_in("demo-ola")

    def take_back(offer_id: str, ad_id: str, language: dict[str, str]) -> Mail:
        back = ola.post(
            f"/api/ads/{ad_id}/tilbud/{offer_id}/trekk",
            form={"csrf_token": ola.csrf or "", "reason": "Sendt ved en feil"},
            headers={**HTML, **language},
        )
        assert back.status == 303, back.body
        return mails(api)[-1]

    changed = take_back(first.id, first.ad_id, {})  # the HF works in bokmål
    assert changed.subject == "EN: A change to your offer of a LIS1 position"
    assert "EN: The health trust has withdrawn the offer of " in changed.body
    assert "Sendt ved en feil" in changed.body  # the HF's reason, as the HF wrote it
    assert "trukket tilbake" not in changed.body
    changed = take_back(second.id, second.ad_id, EN)  # the HF works in English
    assert changed.subject == "Endring i tilbud om LIS1-stilling"
    assert "Helseforetaket har trukket tilbake tilbudet om " in changed.body


def feed_uids(body: bytes) -> dict[str, str]:
    calendar = Calendar.from_ical(body)
    return {str(e["UID"]): str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}


@pytest.mark.usefixtures("english")
def test_the_english_private_calendar_is_a_feed_of_its_own(api: Api) -> None:
    rounds = seeded(api)
    kari = api.sign_in("demo-kari")
    made = kari.post("/api/tilbud/kalender", headers=EN)
    assert made.status == 201, made.body
    address = made.json()["address"]  # type: ignore[index]
    path = urlsplit(address).path
    assert re.fullmatch(r"/en/api/kalender/[A-Za-z0-9_-]{43}\.ics", path), path
    api.clock.set(rounds[0].offers_from + timedelta(hours=1))  # type: ignore[attr-defined]
    run_scheduled_rounds(api.deps)
    reader = api.client()
    english_feed = reader.get(path.removeprefix("/en"), headers={"accept": "text/calendar", **EN})
    bokmal_feed = reader.get(path.removeprefix("/en"), headers={"accept": "text/calendar"})
    assert english_feed.status == bokmal_feed.status == 200
    english_events, bokmal_events = feed_uids(english_feed.body), feed_uids(bokmal_feed.body)
    assert english_events and len(english_events) == len(bokmal_events)
    assert not set(english_events) & set(bokmal_events)  # both subscribed: no collision
    for uid in bokmal_events:  # bokmål UIDs as before English existed
        assert re.fullmatch(r"tilbud-[^@]+-svarfrist@lis1\.helsedirektoratet\.no", uid)
    assert {u.replace("-en@", "@") for u in english_events} == set(bokmal_events)
    assert all(s.startswith("EN: Answer by: offer from ") for s in english_events.values())
    assert b"X-WR-CALNAME:EN: My LIS1 deadlines" in english_feed.body
    assert b"PRODID:-//LIS1//Mine frister//EN" in english_feed.body
    assert f"{ORIGIN}/en/api/tilbud".encode() in english_feed.body.replace(b"\r\n ", b"")
    assert reader.get(path.removeprefix("/en"), headers={"accept": "text/calendar", **EN}).body == (
        english_feed.body
    )  # stable: the same state gives the same bytes


ACTIVITY_TEXTS = {
    "Læringsaktivitet til signering": "EN: A learning activity to sign",
    "Læringsaktiviteten din er signert": "EN: Your learning activity is signed",
}


@pytest.mark.usefixtures("english")
def test_activity_mails_are_in_the_recipients_language(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kari (English) sends an activity to Ahmed (bokmål): his mail is bokmål, though she wrote
    in English; he signs in bokmål: her mail is English, with a link to the English page."""
    from . import english as catalogue
    from . import portfolio_helpers as people
    from .test_activities import HOME, body

    monkeypatch.setattr(catalogue, "TEXTS", {**catalogue.TEXTS, **ACTIVITY_TEXTS})
    people.everyone(api)
    store = api.deps.store
    store.notices.set_language("demo-kari", LanguageRecord("en"), at=api.clock.now())
    kari, ahmed = api.sign_in("demo-kari"), api.sign_in("demo-ahmed")
    sent = kari.post(HOME, json_body=body(supervisor=people.SUPERVISOR.subject), headers=EN)
    assert sent.status == 201, sent.body
    to_ahmed = mails(api)[-1]
    assert to_ahmed.subject == "Læringsaktivitet til signering"
    assert f"{ORIGIN}/api/signering/" in to_ahmed.body and "/en/" not in to_ahmed.body
    activity_id = sent.json()["id"]  # type: ignore[index]
    signed = ahmed.post(f"/api/signering/{activity_id}/signer", json_body={})
    assert signed.status == 200, signed.body
    to_kari = mails(api)[-1]
    assert to_kari.subject == "EN: Your learning activity is signed"
    assert f"{ORIGIN}/en/api/portefolje/aktiviteter/{activity_id}" in to_kari.body


def test_an_invitation_is_mailed_in_both_languages(api: Api) -> None:
    """The invitee's language is unknown until they sign in: bokmål first, then English, each
    with the link to the invitation in its language (the real English catalogue)."""
    eva = api.sign_in("demo-eva")
    form = {"organisation_id": "bergen-kommune", "name": "Ahmed Hassan", "email": "a@example.org"}
    assert form_post(eva, "/api/admin/invitations", form).status == 201
    mail = mails(api)[-1]
    assert mail.subject == "Invitasjon til LIS1 / Invitation to LIS1"
    bokmal, in_english = mail.body.split("――――――――――――――――――――")
    token = re.search(r"/api/invitasjoner/([\w-]{43})", bokmal)[1]  # type: ignore[index]
    assert "har invitert deg" in bokmal and f"{ORIGIN}/api/invitasjoner/{token}" in bokmal
    assert "has invited you" in in_english
    assert f"{ORIGIN}/en/api/invitasjoner/{token}" in in_english
