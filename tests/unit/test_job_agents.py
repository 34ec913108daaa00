"""Jobbagenter as pure rules (lis1/domain/job_agents.py): which published ads match a filter,
which of them an agent has still to tell of, when its one mail a day is due (by the Oslo day,
across the night the clocks go back), which filters are refused; and the mail's wording."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from lis1.catalog import Catalog, load_catalog
from lis1.domain.ads import Ad, AdContent
from lis1.domain.job_agents import (
    AgentFilter,
    JobAgent,
    RestChoice,
    check_filter,
    mail_due,
    matches,
    new_for,
    published,
    still_told,
)
from lis1.errors import InvalidInput
from lis1.i18n import locale
from lis1.services.job_agent_mails import agent_mail

ROOT = Path(__file__).resolve().parents[2]
PERIOD = "2024-host"  # utlysning 22.8.2024, søknadsfrist 5.9.2024
DURING = datetime(2024, 8, 26, 8, 30, tzinfo=UTC)
MADE = datetime(2024, 8, 23, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded = load_catalog(ROOT / "data")
    assert loaded.catalog is not None
    return loaded.catalog


def ad(
    ad_id: str,
    organisation: str = "helse-bergen",
    *,
    period_id: str | None = PERIOD,
    published_at: datetime | None = DURING,
    deadline: date | None = None,
) -> Ad:
    rest = period_id is None
    content = AdContent(
        organisation=organisation,
        place="Haukeland universitetssjukehus, Bergen",
        seats=2,
        kommune="bergen-kommune",
        starts=date(2025, 3, 1) if not rest else date(2024, 11, 1),
        description="Tekst.",
        period_id=period_id,
        application_deadline=(deadline or date(2024, 9, 20)) if rest else None,
        ends=date(2025, 5, 1) if rest else None,
    )
    status = "publisert" if published_at is not None else "utkast"
    return Ad(ad_id, content, status, 2, "admin", MADE, MADE, published_at)


def agent(
    period_id: str | None = None,
    organisation: str | None = None,
    region: str | None = None,
    rest: RestChoice = "med",
    **changes: object,
) -> JobAgent:
    made = JobAgent(
        id="a1",
        owner="kari",
        filter=AgentFilter(period_id, organisation, region, rest),
        language="nb",
        token="t" * 43,
        created_at=MADE,
        updated_at=MADE,
        version=1,
    )
    return replace(made, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("chosen", "ordinary", "rest"),
    [
        (AgentFilter(None, None, None, "med"), True, True),
        (AgentFilter(None, None, None, "uten"), True, False),
        (AgentFilter(None, None, None, "bare"), False, True),
        (AgentFilter(PERIOD, None, None, "med"), True, True),  # a period narrows ordinary ads only
        (AgentFilter("2024-var", None, None, "med"), False, True),
        (AgentFilter(None, "helse-bergen", None, "med"), True, True),
        (AgentFilter(None, "helse-stavanger", None, "med"), False, False),
        (AgentFilter(None, None, "helse-vest", "med"), True, True),
        (AgentFilter(None, None, "helse-nord", "med"), False, False),
    ],
)
def test_what_a_filter_matches(chosen: AgentFilter, ordinary: bool, rest: bool) -> None:
    assert matches(chosen, ad("o1"), "helse-vest") is ordinary
    assert matches(chosen, ad("r1", period_id=None), "helse-vest") is rest


def test_a_draft_never_matches() -> None:
    assert not matches(AgentFilter(None, None, None), ad("d1", published_at=None), "helse-vest")


def test_new_ads_are_those_published_since_open_matching_and_not_told(catalog: Catalog) -> None:
    ads = published(
        [
            ad("before", published_at=MADE - timedelta(seconds=1)),  # there when it was made
            ad("o1"),
            ad("r1", period_id=None, published_at=DURING + timedelta(hours=1)),
            ad("other", "unn", published_at=DURING),  # Helse Nord
            ad("told"),
            ad("draft", published_at=None),
            ad("closed", period_id=None, deadline=date(2024, 8, 25)),
        ],
        catalog,
    )
    assert [p.ad.id for p in ads] == ["before", "o1", "r1", "other", "told", "closed"]
    mine = agent(region="helse-vest", told=frozenset({"told"}))
    now = DURING + timedelta(hours=2)
    assert [a.id for a in new_for(mine, ads, now)] == ["o1", "r1"]
    everything = agent()
    assert [a.id for a in new_for(everything, ads, now)] == ["o1", "other", "told", "r1"]
    # After the period's søknadsfrist (5.9.2024, the whole day in Oslo) only the reststilling.
    late = datetime(2024, 9, 5, 22, 0, tzinfo=UTC)
    assert [a.id for a in new_for(everything, ads, late - timedelta(seconds=1))][-1] == "r1"
    assert [a.id for a in new_for(everything, ads, late)] == ["r1"]


def test_ads_told_are_remembered_until_thirty_days_after_they_closed(catalog: Catalog) -> None:
    ads = published([ad("o1"), ad("r1", period_id=None)], catalog)
    mine = agent(told=frozenset({"o1", "r1", "unread"}))
    closes = datetime(2024, 9, 5, 22, 0, tzinfo=UTC)
    assert still_told(mine, ads, closes + timedelta(days=30) - timedelta(seconds=1)) == mine.told
    assert still_told(mine, ads, closes + timedelta(days=30)) == {"r1", "unread"}


def test_one_mail_a_day_by_the_oslo_day_in_the_week_the_clocks_go_back() -> None:
    # Sunday 27 October 2024: 00:30 UTC is 02:30 summer time; Oslo's day ends 23:00 UTC.
    mailed = agent(last_mail_day=date(2024, 10, 27))
    assert not mail_due(mailed, datetime(2024, 10, 26, 22, 0, tzinfo=UTC))  # 00:00 in Oslo
    assert not mail_due(mailed, datetime(2024, 10, 27, 22, 59, tzinfo=UTC))
    assert mail_due(mailed, datetime(2024, 10, 27, 23, 0, tzinfo=UTC))  # Monday in Oslo
    assert mail_due(agent(), datetime(2024, 10, 26, 21, 59, tzinfo=UTC))


@pytest.mark.parametrize(
    ("chosen", "field"),
    [
        (AgentFilter("finnes-ikke", None, None), "period_id"),
        (AgentFilter("2024-var", None, None), "period_id"),  # its søknadsfrist has passed
        (AgentFilter(PERIOD, None, None, "bare"), "period_id"),
        (AgentFilter(None, "bergen-kommune", None), "organisation"),  # a kommune, not an HF
        (AgentFilter(None, "helse-vest", None), "organisation"),  # an RHF does not hire
        (AgentFilter(None, None, "helse-bergen"), "region"),
        (AgentFilter(None, "helse-bergen", "helse-nord"), "organisation"),
    ],
)
def test_filters_that_cannot_be_used_are_refused(
    catalog: Catalog, chosen: AgentFilter, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_filter(chosen, catalog, date(2024, 8, 26))
    assert set(refused.value.fields) == {field}


def test_filters_that_can_be_used(catalog: Catalog) -> None:
    for chosen in (
        AgentFilter(None, None, None),
        AgentFilter(PERIOD, "helse-bergen", "helse-vest", "uten"),
        AgentFilter(None, None, "helse-nord", "bare"),
    ):
        check_filter(chosen, catalog, date(2024, 9, 5))  # the søknadsfrist day still counts


def test_the_mail_names_each_ad_and_ends_with_the_signed_links(catalog: Catalog) -> None:
    ads = [ad("0123456789ab"), ad("ba9876543210", "helse-stavanger", period_id=None)]
    mine = agent(region=None)
    mail = agent_mail(catalog, mine, ads, name="Kari", to="kari@example.no", origin="https://x")
    assert mail.subject == "Jobbagenten: 2 nye LIS1-stillinger"
    body = mail.body
    assert "Det er publisert 2 nye stillinger som passer med jobbagenten din:" in body
    assert (
        "Høsten 2024: Haukeland universitetssjukehus, Bergen, Helse Bergen HF. Søknadsfrist: "
        "torsdag 5. september 2024 kl. 23.59 (norsk tid)." in body
    )
    assert "Reststilling: Haukeland universitetssjukehus, Bergen, Helse Stavanger HF." in body
    assert "https://x/api/ads/0123456789ab" in body and "https://x/api/ads/ba9876543210" in body
    link = f"https://x/api/jobbagent/lenke/a1?kode={'t' * 43}"
    assert body.rstrip().endswith(f"Stopp jobbagenten: {link}#stopp")
    assert f"Endre filteret: {link}#filter" in body
    one = agent_mail(catalog, mine, ads[:1], name="Kari", to="k@x", origin="https://x")
    assert one.subject == "Jobbagenten: 1 ny LIS1-stilling"


def test_an_english_agent_links_to_the_english_pages(catalog: Catalog) -> None:
    mine = agent(language="en")
    with locale("en"):
        mail = agent_mail(catalog, mine, [ad("0123456789ab")], name="K", to="k@x", origin="h:")
    assert "h:/en/api/ads/0123456789ab" in mail.body
    assert "h:/en/api/jobbagent/lenke/a1?kode=" in mail.body
