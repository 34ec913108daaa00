"""The signed portable export: it verifies with the published keys and fails after one changed
byte; the LIS's own carries their conversations and comments, a reader's carries neither; read
into another instance (a fresh store) it gives the same record and the same report."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from typing import Any

import pytest

from lis1.auth.export_verify import ExportInvalid, verify_export
from lis1.demo_portfolio import EMPLOYER, LIS
from lis1.services import (
    conversations,
    portfolio_export,
    portfolio_report,
    service_confirmations,
)
from lis1.services.env import Env
from lis1.store.bundle import memory_store

from .conftest import Api
from .test_demo_goals import relation_for, seeded
from .test_reports import as_json

MOVED_ELSEWHERE = {
    "employment_id": "x",
    "organisation": "o",
    "by": "s",
    "at": "2026-11-30T12:00:00+00:00",
}
MONA_SAYS = "Vi ble enige om å øve mer på akuttmottaket."
LISE_SAYS = "Jeg vil snakke om at nattevaktene tar på."


def with_a_conversation(api: Api) -> None:
    """Lise's demo record with a conversation Mona and she wrote in, and Helse Bergen's
    bekreftelse for her hospital year."""
    seeded(api)
    from lis1.demo_goals import MONA

    now = api.clock.now()
    store = api.deps.store
    planned = conversations.plan(
        store, who=MONA, owner=LIS.subject, day=now.date(), topic="Vaktene", env=Env(now)
    )
    prepared = conversations.prepare(
        store, who=LIS, owner=LIS.subject, conversation_id=planned.id, version=1,
        text=LISE_SAYS, now=now,
    )  # fmt: skip
    conversations.write_minutes(
        store, who=MONA, owner=LIS.subject, conversation_id=planned.id,
        version=prepared.version, text=MONA_SAYS, now=now,
    )  # fmt: skip
    employed = service_confirmations.employed(store, who=EMPLOYER)
    seen = next(e for e in employed if e.portfolio.owner == LIS.subject)
    given = service_confirmations.prefilled(api.deps.catalog, seen, now)
    form = service_confirmations.template(api.deps.catalog)
    for s, section in enumerate(form.sections):
        for f, blank in enumerate(section.fields):
            given.setdefault(f"felt-{s}-{f}", {"prosent": "80", "antall": "3"}.get(blank.kind, "x"))
    service_confirmations.confirm(
        store, api.deps.catalog, who=EMPLOYER, employment_id=seen.employment.id, given=given,
        env=Env(now),
    )  # fmt: skip


def payload_of(api: Api, token: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(verify_export(token, api.deps.export_keys.jwks()))
    return body


def test_the_lis_exports_everything_and_a_reader_exports_no_words(api: Api) -> None:
    with_a_conversation(api)
    lise = api.sign_in("demo-lise")
    answer = lise.get("/api/portefolje/eksport")
    assert answer.status == 200 and answer.header("Content-Type").startswith("application/jose")
    assert "attachment" in answer.header("Content-Disposition")
    own = payload_of(api, answer.body.decode())
    assert own["for"] == "lis" and own["format"] == "lis1-portefolje"
    text = json.dumps(own, ensure_ascii=False)
    assert MONA_SAYS in text and LISE_SAYS in text
    returned = api.deps.store.goals.get("demo-lise", "KLS-001")
    assert returned and returned.decision and returned.decision.comment in text
    per = api.sign_in("demo-per")
    theirs = per.get(f"/api/veiledning/{relation_for(per, 'Lise Dahl')}/eksport")
    assert theirs.status == 200
    reader = payload_of(api, theirs.body.decode())
    shown = json.dumps(reader, ensure_ascii=False)
    assert reader["for"] == "andre" and reader["samtaler"] == []
    assert reader["portefolje"]["confirmations"] == [] and own["portefolje"]["confirmations"]
    words = [MONA_SAYS, LISE_SAYS, returned.decision.comment]
    words += [r.text for g in api.deps.store.goals.of_owner("demo-lise") for r in g.recommendations]
    words += [a.comment for a in api.deps.store.activities.of_owner("demo-lise") if a.comment]
    for word in words:
        assert word and word not in shown
    assert [g["code"] for g in reader["mal"]] == [g["code"] for g in own["mal"]]
    given = payload_of(api, lise.get("/api/portefolje/eksport?til=andre").body.decode())
    assert given == {**reader, "laget": given["laget"]}  # the LIS's own, for others: the same
    with pytest.raises(portfolio_export.ExportRefused) as refused:
        portfolio_export.read_in(memory_store(), given, actor="i", now=api.clock.now())
    assert "Bare legens egen, hele eksport kan leses inn" in refused.value.message
    jon = api.sign_in("demo-jon")
    assert jon.get(f"/api/veiledning/{relation_for(jon, 'Lise Dahl')}/eksport").status == 404
    assert api.client().get("/api/portefolje/eksport").status == 401


def test_one_changed_byte_fails_the_verification(api: Api) -> None:
    seeded(api)
    token = api.sign_in("demo-lise").get("/api/portefolje/eksport").body.decode()
    header, body, signature = token.split(".")
    payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    changed = payload.replace(b"godkjent", b"godkjenT", 1)
    assert changed != payload
    forged = base64.urlsafe_b64encode(changed).rstrip(b"=").decode()
    for wrong in (f"{header}.{forged}.{signature}", f"{header}.{body}.{signature[:-2]}AA"):
        with pytest.raises(ExportInvalid):
            verify_export(wrong, api.deps.export_keys.jwks())


def test_an_export_read_into_another_instance_gives_the_same_record_and_report(api: Api) -> None:
    with_a_conversation(api)
    store, now = api.deps.store, api.clock.now()
    token = api.sign_in("demo-lise").get("/api/portefolje/eksport").body.decode()
    other = memory_store()
    imported = portfolio_export.read_in(other, payload_of(api, token), actor="import", now=now)
    original = store.portfolios.get("demo-lise")
    assert original is not None and imported == replace(original, version=1)
    assert [
        replace(g, version=1) for g in store.goals.of_owner("demo-lise")
    ] == other.goals.of_owner("demo-lise")
    assert store.activities.of_owner("demo-lise") == other.activities.of_owner("demo-lise")
    assert [
        (c.id, c.preparation, c.minutes) for c in store.conversations.of_owner("demo-lise")
    ] == [(c.id, c.preparation, c.minutes) for c in other.conversations.of_owner("demo-lise")]
    here = portfolio_report.own(store, api.deps.catalog, who=LIS, now=now)
    there = portfolio_report.own(other, api.deps.catalog, who=LIS, now=now)
    assert (here.goals, here.activities, here.progress.arenas) == (
        there.goals, there.activities, there.progress.arenas
    )  # fmt: skip
    with pytest.raises(portfolio_export.ExportRefused):  # a second time: it is there already
        portfolio_export.read_in(other, payload_of(api, token), actor="import", now=now)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda p: {**p, "format": "noe annet"}, "ikke en eksport av en LIS1-portefølje"),
        (lambda p: {**p, "versjon": 99}, "en versjon denne tjenesten ikke kan lese"),
        (lambda p: {**p, "mal": [{**p["mal"][0], "status": "ferdig"}]}, "mal[0].status"),
        (lambda p: {**p, "aktiviteter": [{**p["aktiviteter"][0], "day": "i går"}]}, "day"),
        (lambda p: {**p, "mal": [{**p["mal"][0], "owner": "en-annen"}]}, "flere legers"),
        (lambda p: {**p, "for": "andre"}, "Bare legens egen, hele eksport"),
        (
            lambda p: {**p, "portefolje": {**p["portefolje"], "moved": MOVED_ELSEWHERE}},
            "viser til en ansettelse den ikke har",
        ),
    ],
)
def test_an_export_that_does_not_fit_is_refused_with_words_and_writes_nothing(
    api: Api, change: Any, words: str
) -> None:
    seeded(api)
    token = api.sign_in("demo-lise").get("/api/portefolje/eksport").body.decode()
    other = memory_store()
    with pytest.raises(portfolio_export.ExportRefused) as refused:
        portfolio_export.read_in(
            other, change(payload_of(api, token)), actor="i", now=api.clock.now()
        )
    assert words in refused.value.message
    assert other.portfolios.get("demo-lise") is None


def test_the_published_keys_answer_without_sign_in(api: Api) -> None:
    assert as_json(api.client(), "/api/.well-known/jwks.json")["keys"]
