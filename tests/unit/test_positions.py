"""Ads and applications: the rules (lis1/domain) and the use cases (lis1/services/ads.py,
applications.py, exports.py), with a movable clock and the in-memory store."""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from lis1.catalog import Catalog, load_catalog
from lis1.clock import MovableClock
from lis1.domain.ad_rules import check_content
from lis1.domain.ads import (
    Ad,
    AdContent,
    add_months,
    application_window,
    can_publish,
    corrections,
)
from lis1.domain.applications import REFERENCE_ALPHABET, new_reference
from lis1.errors import Conflict, DeadlinePassed, Forbidden, InvalidInput, NotFound
from lis1.identity import Grant, Principal, Role, User
from lis1.oslo import OSLO
from lis1.services import ads as ad_service
from lis1.services import applications, exports
from lis1.services.env import Env
from lis1.services.ports.mail import Mail
from lis1.services.ports.store import Store
from lis1.store.bundle import memory_store

ROOT = Path(__file__).resolve().parents[2]

BERGEN = "helse-bergen"
STAVANGER = "helse-stavanger"
KOMMUNE = "bergen-kommune"
PERIOD = "2024-host"
"""Utlysning torsdag 22. august 2024, søknadsfrist torsdag 5. september 2024, start 1.3.2025."""
OPENS = datetime(2024, 8, 21, 22, 0, tzinfo=UTC)  # 22.8.2024 00:00 Oslo (summer time)
CLOSES = datetime(2024, 9, 5, 22, 0, tzinfo=UTC)  # 6.9.2024 00:00 Oslo
DURING = datetime(2024, 8, 26, 8, 30, tzinfo=UTC)  # Monday 26.8.2024 10:30 Oslo

ADMIN_BERGEN = Principal("admin-bergen", "Berit Admin", frozenset({Grant(Role.HF_ADMIN, BERGEN)}))
ADMIN_STAVANGER = Principal(
    "admin-stavanger", "Svein Admin", frozenset({Grant(Role.HF_ADMIN, STAVANGER)})
)
KARI = Principal("kari", "Kari Nordmann", email="kari@example.no")
OLA = Principal("ola", "Ola Nordmann", email="ola@example.no")


def oslo(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    """An Oslo wall-clock time as a UTC instant."""
    return datetime(year, month, day, hour, minute, second, tzinfo=OSLO).astimezone(UTC)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = load_catalog(ROOT / "data")
    assert result.catalog is not None, result.errors
    return result.catalog


@pytest.fixture
def dst_catalog(catalog: Catalog) -> Catalog:
    """The catalogue plus two periods whose søknadsfrist is a day the clocks change."""
    base = next(p for p in catalog.periods if p.id == PERIOD)
    autumn = base.model_copy(
        update={
            "id": "dst-host",
            "starts": date(2025, 3, 1),
            "publication": date(2024, 10, 14),
            "application_deadline": date(2024, 10, 27),  # clocks go back: a 25-hour day
        }
    )
    spring = base.model_copy(
        update={
            "id": "dst-var",
            "season": "var",
            "starts": date(2024, 9, 1),
            "publication": date(2024, 3, 18),
            "application_deadline": date(2024, 3, 31),  # clocks go forward: a 23-hour day
        }
    )
    return replace(catalog, periods=(*catalog.periods, spring, autumn))


@pytest.fixture
def store() -> Store:
    store = memory_store()
    joined = datetime(2024, 1, 1, tzinfo=UTC)
    store.users.save(User(KARI.subject, KARI.name, "kari@example.no", joined))
    store.users.save(User(OLA.subject, OLA.name, "ola@example.no", joined))
    return store


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(DURING)


class ListMailer:
    def __init__(self) -> None:
        self.sent: list[Mail] = []

    def send(self, mail: Mail) -> None:
        self.sent.append(mail)


class BrokenMailer:
    def send(self, mail: Mail) -> None:
        raise ConnectionError(f"kunne ikke sende til {mail.to}")


@pytest.fixture
def mailer() -> ListMailer:
    return ListMailer()


def ids() -> Callable[[], str]:
    numbers: Iterator[int] = iter(range(1, 1000))
    return lambda: f"ad{next(numbers)}"


_references: Iterator[int] = iter(range(10**6))


def reference() -> str:
    return new_reference(next(_references).to_bytes(8, "big"))


def period_content(**changes: object) -> AdContent:
    content = AdContent(
        organisation=BERGEN,
        place="Haukeland universitetssjukehus, Bergen",
        seats=3,
        kommune=KOMMUNE,
        starts=date(2025, 3, 1),
        description="Seks måneder kirurgi og seks måneder medisin.",
        period_id=PERIOD,
        application_deadline=None,
        ends=None,
    )
    return replace(content, **changes)  # type: ignore[arg-type]


def rest_content(**changes: object) -> AdContent:
    content = period_content(
        period_id=None,
        application_deadline=date(2024, 9, 20),
        starts=date(2024, 11, 1),
        ends=date(2025, 4, 30),
        seats=1,
    )
    return replace(content, **changes)  # type: ignore[arg-type]


def published(
    store: Store,
    catalog: Catalog,
    content: AdContent | None = None,
    *,
    at: datetime = DURING,
    who: Principal = ADMIN_BERGEN,
    new_id: Callable[[], str] | None = None,
) -> Ad:
    ad = ad_service.create_ad(
        store,
        catalog,
        who=who,
        content=content or period_content(),
        env=Env(at, new_id=new_id or ids()),
    )
    return ad_service.publish_ad(
        store, catalog, who=who, ad_id=ad.id, expected_version=ad.version, now=at
    )


def apply(
    store: Store,
    catalog: Catalog,
    mailer: object,
    who: Principal,
    ad_id: str,
    now: datetime,
    cover_text: str = "Jeg vil gjerne jobbe i Bergen.",
) -> str:
    receipt = applications.apply(
        store,
        catalog,
        mailer,  # type: ignore[arg-type]
        who=who,
        ad_id=ad_id,
        cover_text=cover_text,
        env=Env(now, new_reference=reference),
    )
    return receipt.reference


def withdraw(
    store: Store, catalog: Catalog, mailer: object, who: Principal, ad_id: str, now: datetime
) -> str:
    receipt = applications.withdraw(
        store,
        catalog,
        mailer,  # type: ignore[arg-type]
        who=who,
        ad_id=ad_id,
        env=Env(now, new_reference=reference),
    )
    return receipt.reference


# --- content rules ----------------------------------------------------------------------------


def test_add_months_clamps_to_the_last_day() -> None:
    assert add_months(date(2025, 1, 31), 2) == date(2025, 3, 31)
    assert add_months(date(2024, 12, 31), 2) == date(2025, 2, 28)
    assert add_months(date(2023, 12, 31), 2) == date(2024, 2, 29)
    assert add_months(date(2024, 11, 15), 2) == date(2025, 1, 15)


@pytest.mark.parametrize(
    ("starts", "ends", "ok"),
    [
        (date(2025, 1, 31), date(2025, 3, 31), True),  # exactly two calendar months
        (date(2025, 1, 31), date(2025, 3, 30), False),  # one day short
        (date(2024, 12, 31), date(2025, 2, 28), True),  # clamped: February has no 31st
        (date(2024, 12, 31), date(2025, 2, 27), False),
        (date(2025, 1, 1), date(2025, 3, 1), True),
        (date(2025, 1, 1), date(2025, 2, 28), False),
        (date(2025, 1, 1), date(2024, 12, 1), False),  # ends before it starts
    ],
)
def test_a_reststilling_lasts_at_least_two_months(
    catalog: Catalog, starts: date, ends: date, ok: bool
) -> None:
    content = rest_content(application_deadline=date(2024, 11, 30), starts=starts, ends=ends)
    if ok:
        check_content(content, catalog)
        return
    with pytest.raises(InvalidInput) as raised:
        check_content(content, catalog)
    assert set(raised.value.fields) == {"ends"}
    message = raised.value.fields["ends"]
    assert "minst 2 måneder" in message
    assert f"{add_months(starts, 2).day}. " in message


def test_a_period_ad_and_a_reststilling_that_meet_every_rule(catalog: Catalog) -> None:
    check_content(period_content(), catalog)
    check_content(rest_content(), catalog)
    check_content(period_content(organisation="haraldsplass"), catalog)  # ideelt sykehus


def test_every_broken_rule_is_named_by_its_field(catalog: Catalog) -> None:
    content = period_content(
        organisation="helse-vest",  # an RHF does not advertise
        kommune=BERGEN,  # not a kommune
        seats=0,
        place="   ",
        description="x" * 5001,
        application_deadline=date(2024, 9, 1),
        ends=date(2025, 9, 1),
        starts=date(2024, 9, 5),  # on the søknadsfrist
    )
    with pytest.raises(InvalidInput) as raised:
        check_content(content, catalog)
    error = raised.value
    assert error.code == "ugyldig_annonse"
    assert set(error.fields) == {
        "organisation",
        "kommune",
        "seats",
        "place",
        "description",
        "application_deadline",
        "ends",
        "starts",
    }
    assert error.fields["seats"] == "Antall stillinger må være mellom 1 og 100."
    assert "Helse Vest RHF kan ikke lyse ut" in error.fields["organisation"]
    assert "5000 tegn" in error.fields["description"]
    assert "etter søknadsfristen (5. september 2024)" in error.fields["starts"]


@pytest.mark.parametrize(
    ("period_id", "expected"),
    [
        ("2020-sommer", "ekstrarunde"),
        ("2099-host", "finnes ikke"),
    ],
)
def test_a_period_ad_needs_an_ordinary_period(
    catalog: Catalog, period_id: str, expected: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        check_content(period_content(period_id=period_id, seats=101), catalog)
    assert set(raised.value.fields) == {"period_id", "seats"}
    assert expected in raised.value.fields["period_id"]


def test_a_reststilling_needs_a_deadline_and_an_end(catalog: Catalog) -> None:
    with pytest.raises(InvalidInput) as raised:
        check_content(rest_content(application_deadline=None, ends=None), catalog)
    assert raised.value.fields == {
        "application_deadline": "En reststilling må ha en søknadsfrist.",
        "ends": "En reststilling må ha en sluttdato.",
    }
    with pytest.raises(InvalidInput) as raised:
        check_content(rest_content(starts=date(2024, 9, 20), ends=date(2025, 1, 1)), catalog)
    assert set(raised.value.fields) == {"starts"}


def test_unknown_organisations(catalog: Catalog) -> None:
    with pytest.raises(InvalidInput) as raised:
        check_content(period_content(organisation="nowhere", kommune="nokommune"), catalog)
    assert raised.value.fields == {
        "organisation": "Helseforetaket «nowhere» finnes ikke.",
        "kommune": "Kommunen «nokommune» finnes ikke.",
    }


# --- windows and publishing -------------------------------------------------------------------


def test_application_window_of_a_period_ad(catalog: Catalog) -> None:
    early = datetime(2024, 8, 1, tzinfo=UTC)
    assert application_window(period_content(), catalog, early) == (OPENS, CLOSES)
    assert application_window(period_content(), catalog, DURING) == (DURING, CLOSES)


def test_application_window_of_a_reststilling(catalog: Catalog) -> None:
    opens, closes = application_window(rest_content(), catalog, DURING)
    assert (opens, closes) == (DURING, datetime(2024, 9, 20, 22, 0, tzinfo=UTC))


def _draft(content: AdContent) -> Ad:
    return Ad("x", content, "utkast", 1, "someone", DURING, DURING, None)


def test_publish_from_the_day_of_the_utlysning_until_the_søknadsfrist(catalog: Catalog) -> None:
    ad = _draft(period_content())
    with pytest.raises(Conflict) as raised:
        can_publish(ad, catalog, oslo(2024, 8, 21, 23, 59, 59))
    assert raised.value.code == "for_tidlig"
    assert "torsdag 22. august 2024" in raised.value.message
    can_publish(ad, catalog, oslo(2024, 8, 22, 0, 0, 0))
    can_publish(ad, catalog, CLOSES - timedelta(seconds=1))
    with pytest.raises(DeadlinePassed) as passed:
        can_publish(ad, catalog, CLOSES)
    assert "torsdag 5. september 2024 kl. 23.59 (norsk tid)" in passed.value.message


def test_publish_refused_while_the_period_has_no_dates(catalog: Catalog) -> None:
    ad = _draft(period_content(period_id="2020-var", starts=date(2020, 9, 1)))
    with pytest.raises(Conflict) as raised:
        can_publish(ad, catalog, DURING)
    assert raised.value.code == "periode_ikke_publisert"
    assert "ikke publisert ennå" in raised.value.message


def test_a_reststilling_is_published_any_time_before_its_deadline(catalog: Catalog) -> None:
    ad = _draft(rest_content())
    can_publish(ad, catalog, datetime(2020, 1, 1, tzinfo=UTC))
    can_publish(ad, catalog, oslo(2024, 9, 20, 23, 59, 59))
    with pytest.raises(DeadlinePassed):
        can_publish(ad, catalog, oslo(2024, 9, 21, 0, 0, 0))


def test_publish_through_the_service(store: Store, catalog: Catalog, clock: MovableClock) -> None:
    clock.set(oslo(2024, 8, 20, 12, 0))
    ad = ad_service.create_ad(
        store,
        catalog,
        who=ADMIN_BERGEN,
        content=period_content(),
        env=Env(clock.now(), new_id=ids()),
    )
    assert (ad.status, ad.version, ad.published_at) == ("utkast", 1, None)
    with pytest.raises(Conflict):
        ad_service.publish_ad(
            store, catalog, who=ADMIN_BERGEN, ad_id=ad.id, expected_version=1, now=clock.now()
        )
    with pytest.raises(NotFound):  # another HF's draft does not exist for them
        ad_service.publish_ad(
            store, catalog, who=ADMIN_STAVANGER, ad_id=ad.id, expected_version=1, now=OPENS
        )
    clock.set(OPENS)
    done = ad_service.publish_ad(
        store, catalog, who=ADMIN_BERGEN, ad_id=ad.id, expected_version=1, now=clock.now()
    )
    assert (done.status, done.version, done.published_at) == ("publisert", 2, OPENS)
    with pytest.raises(Conflict) as again:
        ad_service.publish_ad(
            store, catalog, who=ADMIN_BERGEN, ad_id=ad.id, expected_version=2, now=clock.now()
        )
    assert again.value.code == "allerede_publisert"
    entries = store.audit.entries(f"annonse:{ad.id}")
    assert [(e.action, e.actor) for e in entries] == [("publisert", ADMIN_BERGEN.subject)]


def test_only_the_hfs_admins_create_its_ads(store: Store, catalog: Catalog) -> None:
    for who in (KARI, ADMIN_STAVANGER):
        with pytest.raises(Forbidden):
            ad_service.create_ad(
                store, catalog, who=who, content=period_content(), env=Env(DURING, new_id=ids())
            )
    with pytest.raises(InvalidInput):
        ad_service.create_ad(
            store,
            catalog,
            who=ADMIN_BERGEN,
            content=period_content(seats=0),
            env=Env(DURING, new_id=ids()),
        )
    ad = ad_service.create_ad(
        store,
        catalog,
        who=ADMIN_BERGEN,
        content=period_content(place="  Voss  "),
        env=Env(DURING, new_id=ids()),
    )
    assert ad.content.place == "Voss"


# --- applying across the DST changes ----------------------------------------------------------


@pytest.mark.parametrize(
    ("period_id", "closes", "deadline_text"),
    [
        ("dst-host", datetime(2024, 10, 27, 23, 0, tzinfo=UTC), "søndag 27. oktober 2024"),
        ("dst-var", datetime(2024, 3, 31, 22, 0, tzinfo=UTC), "søndag 31. mars 2024"),
    ],
)
def test_apply_until_midnight_oslo_in_a_dst_week(
    store: Store,
    dst_catalog: Catalog,
    mailer: ListMailer,
    clock: MovableClock,
    period_id: str,
    closes: datetime,
    deadline_text: str,
) -> None:
    period = next(p for p in dst_catalog.periods if p.id == period_id)
    assert period.publication is not None
    content = period_content(period_id=period_id, starts=period.starts)
    clock.set(oslo(period.publication.year, period.publication.month, period.publication.day))
    ad = published(store, dst_catalog, content, at=clock.now())
    assert application_window(content, dst_catalog, clock.now())[1] == closes

    last_second = closes - timedelta(seconds=1)
    assert f"{last_second.astimezone(OSLO):%Y-%m-%d %H:%M:%S}" == (
        f"{period.application_deadline} 23:59:59"
    )
    clock.set(last_second)
    apply(store, dst_catalog, mailer, KARI, ad.id, clock.now())
    stored = store.applications.get(ad.id, KARI.subject)
    assert stored is not None and stored.submitted_at == last_second

    clock.move(timedelta(seconds=1))  # 00:00:00 Oslo: too late
    with pytest.raises(DeadlinePassed):
        apply(store, dst_catalog, mailer, OLA, ad.id, clock.now())
    clock.move(timedelta(seconds=1))
    with pytest.raises(DeadlinePassed) as raised:
        apply(store, dst_catalog, mailer, OLA, ad.id, clock.now())
    assert raised.value.message == f"Søknadsfristen var {deadline_text} kl. 23.59 (norsk tid)."
    assert raised.value.code == "fristen_er_ute"
    assert store.applications.get(ad.id, OLA.subject) is None


def test_the_deadline_message_names_the_day_in_oslo(
    store: Store, catalog: Catalog, mailer: ListMailer
) -> None:
    ad = published(store, catalog, rest_content(application_deadline=date(2024, 9, 15)))
    with pytest.raises(DeadlinePassed) as raised:
        apply(store, catalog, mailer, KARI, ad.id, oslo(2024, 9, 16, 0, 0, 1))
    assert raised.value.message == (
        "Søknadsfristen var søndag 15. september 2024 kl. 23.59 (norsk tid)."
    )


# --- one application per ad -------------------------------------------------------------------


def test_one_application_per_ad_and_any_number_of_ads(
    store: Store, catalog: Catalog, mailer: ListMailer, clock: MovableClock
) -> None:
    new_id = ids()
    first = published(store, catalog, new_id=new_id)
    second = published(store, catalog, period_content(place="Voss sjukehus"), new_id=new_id)
    apply(store, catalog, mailer, KARI, first.id, clock.now())
    with pytest.raises(Conflict) as raised:
        apply(store, catalog, mailer, KARI, first.id, clock.now())
    assert raised.value.code == "har_allerede_søkt"
    assert "allerede søkt" in raised.value.message
    clock.move(timedelta(minutes=1))
    apply(store, catalog, mailer, KARI, second.id, clock.now())
    apply(store, catalog, mailer, OLA, first.id, clock.now())
    mine = applications.my_applications(store, who=KARI)
    assert [(a.ad_id, ad.id) for a, ad in mine] == [(second.id, second.id), (first.id, first.id)]


def test_cover_text_is_stripped_and_limited(
    store: Store, catalog: Catalog, mailer: ListMailer
) -> None:
    ad = published(store, catalog)
    with pytest.raises(InvalidInput) as raised:
        apply(store, catalog, mailer, KARI, ad.id, DURING, cover_text="x" * 2001)
    assert set(raised.value.fields) == {"cover_text"}
    assert "2000 tegn" in raised.value.fields["cover_text"]
    apply(store, catalog, mailer, KARI, ad.id, DURING, cover_text="  " + "x" * 2000 + "\n")
    stored = store.applications.get(ad.id, KARI.subject)
    assert stored is not None and stored.cover_text == "x" * 2000


def test_drafts_and_unknown_ads_cannot_be_applied_to(
    store: Store, catalog: Catalog, mailer: ListMailer
) -> None:
    draft = ad_service.create_ad(
        store, catalog, who=ADMIN_BERGEN, content=period_content(), env=Env(DURING, new_id=ids())
    )
    for ad_id in (draft.id, "finnes-ikke"):
        with pytest.raises(NotFound) as raised:
            apply(store, catalog, mailer, KARI, ad_id, DURING)
        assert raised.value.code == "ukjent_annonse"


def test_withdraw_then_apply_again(
    store: Store, catalog: Catalog, mailer: ListMailer, clock: MovableClock
) -> None:
    ad = published(store, catalog)
    first = apply(store, catalog, mailer, KARI, ad.id, clock.now())
    clock.move(timedelta(hours=1))
    withdrawn = withdraw(store, catalog, mailer, KARI, ad.id, clock.now())
    stored = store.applications.get(ad.id, KARI.subject)
    assert stored is not None
    assert (stored.status, stored.reference, stored.version, stored.cover_text) == (
        "trukket",
        withdrawn,
        2,
        "",
    )
    with pytest.raises(NotFound) as twice:
        withdraw(store, catalog, mailer, KARI, ad.id, clock.now())
    assert twice.value.code == "ingen_søknad"
    clock.move(timedelta(hours=1))
    again = apply(store, catalog, mailer, KARI, ad.id, clock.now(), cover_text="På nytt.")
    stored = store.applications.get(ad.id, KARI.subject)
    assert stored is not None
    assert (stored.status, stored.reference, stored.version) == ("sendt", again, 3)
    assert stored.submitted_at == clock.now()
    assert len({first, withdrawn, again}) == 3
    assert all(
        f"Referanse: {ref}" in mail.body
        for mail, ref in zip(mailer.sent, (first, withdrawn, again), strict=True)
    )
    assert "Søknaden er trukket." in mailer.sent[1].body


def test_withdraw_only_before_the_deadline_and_only_ones_own(
    store: Store, catalog: Catalog, mailer: ListMailer
) -> None:
    ad = published(store, catalog)
    apply(store, catalog, mailer, KARI, ad.id, DURING)
    with pytest.raises(NotFound):
        withdraw(store, catalog, mailer, OLA, ad.id, DURING)
    with pytest.raises(DeadlinePassed) as raised:
        withdraw(store, catalog, mailer, KARI, ad.id, CLOSES)
    assert "torsdag 5. september 2024 kl. 23.59 (norsk tid)" in raised.value.message
    stored = store.applications.get(ad.id, KARI.subject)
    assert stored is not None and stored.status == "sendt"
    withdraw(store, catalog, mailer, KARI, ad.id, CLOSES - timedelta(seconds=1))


# --- receipts and mail ------------------------------------------------------------------------


def test_receipt_and_mail(store: Store, catalog: Catalog, mailer: ListMailer) -> None:
    ad = published(store, catalog)
    ref = apply(store, catalog, mailer, KARI, ad.id, DURING)
    receipt = applications.receipt_for(store, who=KARI, reference=ref)
    assert receipt.summary == (
        "Søknaden din på Haukeland universitetssjukehus, Bergen (Helse Bergen HF) ble mottatt "
        "mandag 26. august 2024 kl. 10.30."
    )
    assert (receipt.action, receipt.ad_id, receipt.applicant, receipt.at) == (
        "søknad sendt",
        ad.id,
        KARI.subject,
        DURING,
    )
    (mail,) = mailer.sent
    assert mail.to == "kari@example.no"
    assert mail.subject == "Kvittering: søknad på LIS1-stilling"
    for text in (
        f"Referanse: {ref}",
        "Tidspunkt: mandag 26. august 2024 kl. 10.30 (norsk tid)",
        "Endring: Søknaden er sendt.",
        "Stilling: Haukeland universitetssjukehus, Bergen",
        "Helseforetak: Helse Bergen HF",
        "Kommunedel: Bergen kommune",
        "Søknadsperiode: Høsten 2024",
        "Søknadsfrist: torsdag 5. september 2024 kl. 23.59 (norsk tid)",
    ):
        assert text in mail.body
    assert "Jeg vil gjerne" not in mail.body  # the cover text stays out of e-mail


def test_receipt_by_reference_only_for_its_owner(
    store: Store, catalog: Catalog, mailer: ListMailer
) -> None:
    ad = published(store, catalog)
    ref = apply(store, catalog, mailer, KARI, ad.id, DURING)
    assert applications.receipt_for(store, who=KARI, reference=f" {ref.lower()} ").reference == ref
    for who, asked in ((OLA, ref), (KARI, "LIS1-2222-2222")):
        with pytest.raises(NotFound) as raised:
            applications.receipt_for(store, who=who, reference=asked)
        assert raised.value.code == "ukjent_kvittering"


def test_a_failed_mail_keeps_the_application(
    store: Store, catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    ad = published(store, catalog)
    with caplog.at_level(logging.WARNING, logger="lis1.services.receipts"):
        ref = apply(store, catalog, BrokenMailer(), KARI, ad.id, DURING)
    stored = store.applications.get(ad.id, KARI.subject)
    assert stored is not None and stored.reference == ref
    assert ref in caplog.text and "ConnectionError" in caplog.text
    assert "kari" not in caplog.text.lower()


def test_no_mail_without_an_address(store: Store, catalog: Catalog, mailer: ListMailer) -> None:
    store.users.save(User("uten", "Uten Adresse", None, DURING))
    ad = published(store, catalog)
    apply(store, catalog, mailer, Principal("uten", "Uten Adresse"), ad.id, DURING)
    assert mailer.sent == []


def test_new_reference() -> None:
    first = new_reference(bytes(8))
    assert first == "LIS1-2222-2222"
    pattern = re.compile(rf"LIS1-[{REFERENCE_ALPHABET}]{{4}}-[{REFERENCE_ALPHABET}]{{4}}")
    made = {new_reference(n.to_bytes(8, "big") * 2) for n in range(1, 2000, 7)}
    assert len(made) == len(range(1, 2000, 7))
    assert all(pattern.fullmatch(r) for r in made)
    assert not set("01OIL") & set(REFERENCE_ALPHABET)
    assert len(REFERENCE_ALPHABET) ** 8 > 2**39
    with pytest.raises(ValueError):
        new_reference(bytes(7))


# --- HF administrators: applicants, CSV, corrections ------------------------------------------


def test_hf_admins_see_applicants_to_their_own_hfs_ads_only(
    store: Store, catalog: Catalog, mailer: ListMailer
) -> None:
    ad = published(store, catalog)
    apply(store, catalog, mailer, KARI, ad.id, DURING)
    apply(store, catalog, mailer, OLA, ad.id, DURING + timedelta(minutes=5))
    rows = applications.applicants(store, who=ADMIN_BERGEN, ad_id=ad.id)[1]
    assert [(a.applicant, u.name if u else None) for a, u in rows] == [
        ("kari", "Kari Nordmann"),
        ("ola", "Ola Nordmann"),
    ]
    for who in (ADMIN_STAVANGER, KARI):
        with pytest.raises(Forbidden):
            applications.applicants(store, who=who, ad_id=ad.id)[1]
    with pytest.raises(NotFound):
        applications.applicants(store, who=ADMIN_BERGEN, ad_id="nei")[1]


def test_csv_for_excel_without_formulas(store: Store, catalog: Catalog, mailer: ListMailer) -> None:
    ad = published(store, catalog)
    tricky = {
        "a": ('=HYPERLINK("http://x")', "+47 99 99 99 99"),
        "b": ("@SUM(A1)", '-1; "sitat"\nny linje'),
        "c": ("Åse Øvrebø", "Vanlig tekst"),
    }
    for number, (subject, (name, text)) in enumerate(tricky.items()):
        store.users.save(User(subject, name, f"{subject}@example.no", DURING))
        who = Principal(subject, name)
        apply(store, catalog, mailer, who, ad.id, DURING + timedelta(minutes=number), text)
    rows = applications.applicants(store, who=ADMIN_BERGEN, ad_id=ad.id)[1]
    text = exports.applicants_csv(rows, ad)
    assert text.startswith("\ufeffreferanse;navn;e-post;status;sendt;søknadstekst\r\n")
    parsed = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert parsed[0] == ["referanse", "navn", "e-post", "status", "sendt", "søknadstekst"]
    assert [row[1:] for row in parsed[1:]] == [
        [
            '\'=HYPERLINK("http://x")',
            "a@example.no",
            "sendt",
            "2024-08-26 10:30",
            "'+47 99 99 99 99",
        ],
        ["'@SUM(A1)", "b@example.no", "sendt", "2024-08-26 10:31", '\'-1; "sitat"\nny linje'],
        ["Åse Øvrebø", "c@example.no", "sendt", "2024-08-26 10:32", "Vanlig tekst"],
    ]
    assert all(re.fullmatch(r"LIS1-\w{4}-\w{4}", row[0]) for row in parsed[1:])


@pytest.mark.parametrize(
    "value",
    [
        '\uff1dHYPERLINK("http://x")',  # fullwidth =
        "\uff0b1+1",  # fullwidth +
        "\uff0d1",  # fullwidth -
        "\uff20SUM(A1)",  # fullwidth @
        "\ufe6bSUM(A1)",  # small @
        "\ufe66cmd",  # small =
        " =1+1",
        "\u00a0=1+1",
        "\u3000＝1",
        "\n=1+1",
        "|cmd",
    ],
)
def test_csv_guards_look_alike_formula_characters(
    store: Store, catalog: Catalog, mailer: ListMailer, value: str
) -> None:
    ad = published(store, catalog)
    store.users.save(User("x", value, "x@example.no", DURING))
    apply(store, catalog, mailer, Principal("x", value), ad.id, DURING, value)
    rows = applications.applicants(store, who=ADMIN_BERGEN, ad_id=ad.id)[1]
    parsed = list(csv.reader(io.StringIO(exports.applicants_csv(rows, ad)[1:]), delimiter=";"))
    name, text = parsed[1][1], parsed[1][5]
    assert name == "'" + value
    assert text == "'" + value.strip()


def test_corrections_after_publication_are_recorded(store: Store, catalog: Catalog) -> None:
    ad = published(store, catalog)
    corrected = ad_service.edit_ad(
        store,
        catalog,
        who=ADMIN_BERGEN,
        ad_id=ad.id,
        content=replace(ad.content, seats=4, place="Haukeland, Bergen"),
        expected_version=ad.version,
        now=DURING + timedelta(hours=1),
    )
    assert (corrected.content.seats, corrected.version) == (4, 3)
    stored = store.ads.get(ad.id)
    assert stored is not None and stored.content.seats == 4
    last = store.audit.entries(f"annonse:{ad.id}")[-1]
    assert (last.action, last.actor, last.at) == (
        "korrigert",
        ADMIN_BERGEN.subject,
        DURING + timedelta(hours=1),
    )
    assert last.detail == {
        "seats": "3 → 4",
        "place": "Haukeland universitetssjukehus, Bergen → Haukeland, Bergen",
    }
    with pytest.raises(InvalidInput) as raised:
        ad_service.edit_ad(
            store,
            catalog,
            who=ADMIN_BERGEN,
            ad_id=ad.id,
            content=replace(corrected.content, starts=date(2025, 4, 1), seats=5),
            expected_version=corrected.version,
            now=DURING,
        )
    assert raised.value.code == "kan_ikke_endres"
    assert set(raised.value.fields) == {"starts"}
    with pytest.raises(Conflict):  # an old version
        ad_service.edit_ad(
            store,
            catalog,
            who=ADMIN_BERGEN,
            ad_id=ad.id,
            content=replace(ad.content, seats=9),
            expected_version=2,
            now=DURING,
        )
    with pytest.raises(Forbidden):
        ad_service.edit_ad(
            store,
            catalog,
            who=ADMIN_STAVANGER,
            ad_id=ad.id,
            content=replace(ad.content, seats=9),
            expected_version=3,
            now=DURING,
        )


def test_a_draft_changes_freely_but_never_its_hf(store: Store, catalog: Catalog) -> None:
    ad = ad_service.create_ad(
        store, catalog, who=ADMIN_BERGEN, content=period_content(), env=Env(DURING, new_id=ids())
    )
    edited = ad_service.edit_ad(
        store,
        catalog,
        who=ADMIN_BERGEN,
        ad_id=ad.id,
        content=rest_content(),
        expected_version=1,
        now=DURING,
    )
    assert edited.content == rest_content() and edited.version == 2
    assert store.audit.entries(f"annonse:{ad.id}") == []
    both = Principal("both", "Begge", ADMIN_BERGEN.grants | ADMIN_STAVANGER.grants)
    with pytest.raises(InvalidInput) as raised:
        ad_service.edit_ad(
            store,
            catalog,
            who=both,
            ad_id=ad.id,
            content=replace(edited.content, organisation=STAVANGER),
            expected_version=2,
            now=DURING,
        )
    assert set(raised.value.fields) == {"organisation"}
    assert "Helseforetaket kan ikke endres" in raised.value.fields["organisation"]


def test_corrections_are_pure() -> None:
    old = period_content()
    assert corrections(old, old, "publisert") == {}
    assert corrections(old, replace(old, description="Ny tekst."), "publisert") == {
        "description": (old.description, "Ny tekst.")
    }
    assert corrections(old, replace(old, period_id=None), "utkast") == {"period_id": (PERIOD, "")}
    with pytest.raises(InvalidInput) as raised:
        corrections(old, replace(old, kommune="oslo-kommune", seats=2), "publisert")
    assert set(raised.value.fields) == {"kommune"}
    assert (
        "Kommune kan ikke endres etter at annonsen er publisert" in raised.value.fields["kommune"]
    )


# --- finding ads ------------------------------------------------------------------------------


def test_find_ads(store: Store, catalog: Catalog) -> None:
    new_id = ids()
    bergen = published(store, catalog, new_id=new_id)
    rest = published(store, catalog, rest_content(), new_id=new_id)
    stavanger = published(
        store,
        catalog,
        period_content(organisation=STAVANGER, place="Stavanger universitetssjukehus"),
        who=ADMIN_STAVANGER,
        new_id=new_id,
    )
    draft = ad_service.create_ad(
        store, catalog, who=ADMIN_BERGEN, content=period_content(), env=Env(DURING, new_id=new_id)
    )

    def found(viewer: Principal | None = None, **filters: object) -> list[str]:
        ads = ad_service.find_ads(store, catalog, viewer=viewer, **filters)  # type: ignore[arg-type]
        return [ad.id for ad in ads]

    # Newest period first: the period ads start 1.3.2025, the reststilling 1.11.2024.
    assert found() == [bergen.id, stavanger.id, rest.id]
    assert found(period_id=PERIOD) == [bergen.id, stavanger.id]
    assert found(reststilling=True) == [rest.id]
    assert found(reststilling=False) == [bergen.id, stavanger.id]
    assert found(organisation=STAVANGER) == [stavanger.id]
    assert found(region="helse-vest") == [bergen.id, stavanger.id, rest.id]
    assert found(region="helse-nord") == []
    assert found(organisation=BERGEN) == [bergen.id, rest.id]
    assert found(ADMIN_BERGEN, organisation=BERGEN) == [bergen.id, draft.id, rest.id]
    assert found(ADMIN_STAVANGER, organisation=BERGEN) == [bergen.id, rest.id]
    assert found(ADMIN_BERGEN) == [bergen.id, stavanger.id, rest.id]
    assert ad_service.get_ad(store, ad_id=draft.id, viewer=ADMIN_BERGEN) == draft
    for viewer in (None, KARI, ADMIN_STAVANGER):
        assert ad_service.get_ad(store, ad_id=bergen.id, viewer=viewer) == bergen
        with pytest.raises(NotFound):
            ad_service.get_ad(store, ad_id=draft.id, viewer=viewer)
