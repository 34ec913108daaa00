"""Demo data for `make serve`: people of every role, and a clearly marked demo period.

The demo period is anchored at the day the local store was first seeded, so every step of an
application period can be tried now. It exists only in the local API's catalogue: never in
data/, the feeds or the site.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from .catalog import Catalog
from .catalog.english import ExtraRoundEn
from .catalog.models import ExtraRound, OrganisationShare, Period, Round, Source
from .identity import Grant, Role, User
from .oslo import oslo_today
from .services.ports.store import Store

DEMO_ID = "demo"
DEMO_EXTRA_ID = "demo-ekstra"


@dataclass(frozen=True)
class DemoPerson:
    subject: str
    name: str
    email: str
    description: str
    grants: tuple[Grant, ...] = ()
    registered: bool = True  # False: known only to the sign-in page, to try an invitation


DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("demo-kari", "Kari Nordmann", "kari.nordmann@example.org", "Søker"),
    DemoPerson("demo-ahmed", "Ahmed Hassan", "ahmed.hassan@example.org", "Søker"),
    DemoPerson(
        "demo-ola",
        "Ola Hansen",
        "ola.hansen@example.org",
        "Administrator for Helse Bergen HF",
        (Grant(Role.HF_ADMIN, "helse-bergen"),),
    ),
    DemoPerson(
        "demo-ingrid",
        "Ingrid Berg",
        "ingrid.berg@example.org",
        "Administrator for Oslo universitetssykehus HF",
        (Grant(Role.HF_ADMIN, "oslo-universitetssykehus"),),
    ),
    DemoPerson(
        "demo-siv",
        "Siv Lund",
        "siv.lund@example.org",
        "Administrator for Bergen kommune; bekrefter oppstarten til Siri Berg og tjenestetiden "
        "til Eirik Moen",
        (Grant(Role.KOMMUNE_ADMIN, "bergen-kommune"),),
    ),
    DemoPerson(
        "demo-eva",
        "Eva Strand",
        "eva.strand@example.org",
        "Redaktør i Helsedirektoratet",
        (Grant(Role.EDITOR),),
    ),
    DemoPerson(
        "demo-nora",
        "Nora Vik",
        "nora.vik@example.org",
        "Har ikke logget inn før; kan inviteres som administrator",
        registered=False,
    ),
    DemoPerson("demo-lise", "Lise Dahl", "lise.dahl@example.org", "LIS1 midt i sykehusåret"),
    DemoPerson(
        "demo-siri",
        "Siri Berg",
        "siri.berg@example.org",
        "LIS1 ferdig på sykehuset, starter snart i Bergen kommune",
    ),
    DemoPerson(
        "demo-eirik",
        "Eirik Moen",
        "eirik.moen@example.org",
        "LIS1 ferdig med både sykehus og kommune; venter på bekreftelse på tjenestetid",
    ),
    DemoPerson(
        "demo-per", "Per Aas", "per.aas@example.org", "Leder (overlege) for Lise Dahl og Siri Berg"
    ),
    DemoPerson(
        "demo-mona", "Mona Lie", "mona.lie@example.org", "Veileder for Lise Dahl og Siri Berg"
    ),
    DemoPerson("demo-jon", "Jon Ek", "jon.ek@example.org", "Supervisør for Lise Dahl og Siri Berg"),
    DemoPerson(
        "demo-hanne", "Hanne Moe", "hanne.moe@example.org", "Supervisør for Lise Dahl og Siri Berg"
    ),
    DemoPerson(
        "demo-knut",
        "Knut Fjell",
        "knut.fjell@example.org",
        "Leder (kommuneoverlege) for Siri Berg i Bergen kommune",
    ),
    DemoPerson(
        "demo-tor",
        "Tor Berge",
        "tor.berge@example.org",
        "Lege; har ikke logget inn før, kan inviteres til en portefølje",
        registered=False,
    ),
    DemoPerson(
        "demo-anne",
        "Anne Sæther",
        "anne.saether@example.org",
        "Lege; har ikke logget inn før, kan inviteres til en portefølje",
        registered=False,
    ),
)


class DemoPeriod(Period):
    """A period that says, wherever its name is shown and in either language, that it is not
    real (``name`` is ``name_in("nb")``)."""

    def name_in(self, language: str) -> str:
        season = super().name_in(language).lower()
        if language == "en":
            return f"Demo period ({season}, not real)"
        return f"Demoperiode ({season}, ikke ekte)"


def demo_period(anchor: date) -> DemoPeriod:
    """Utlysning on the anchor day, søknadsfrist two weeks later, then five weekly rounds."""
    season = "var" if anchor.month <= 6 else "host"
    starts = date(anchor.year, 9, 1) if season == "var" else date(anchor.year + 1, 3, 1)
    deadline = anchor + timedelta(days=14)
    rounds = []
    for number in range(1, 6):
        offer = deadline + timedelta(days=7 * number)
        rounds.append(
            Round(
                number=number,
                offer=offer,
                answer_by=offer + timedelta(days=2),
                marking=datetime.combine(offer + timedelta(days=3), time(12, 0)),
                note=None,
            )
        )
    return DemoPeriod(
        id=DEMO_ID,
        season=season,
        year=anchor.year,
        starts=starts,
        ads_ready=anchor,
        publication=anchor,
        application_deadline=deadline,
        rounds=rounds,
        sources=[Source(title="Demodata laget av make serve", url=None)],
        updated=anchor,
        note="Demoperiode for å prøve tjenesten lokalt. Den finnes ikke i virkeligheten.",
    )


def demo_extra_round(period: Period) -> ExtraRound:
    """An extra round a week after the demo period's last svarfrist, drawing from its lists:
    Helse Bergen and Oslo universitetssykehus each get two new seats to place on their ads."""
    offer = period.rounds[-1].answer_by or period.starts
    offer += timedelta(days=7)
    shares = [
        OrganisationShare(organisation=hf, positions=2, note=None)
        for hf in ("helse-bergen", "oslo-universitetssykehus")
    ]
    return ExtraRound(
        id=DEMO_EXTRA_ID,
        name="Ekstrarunde (demo, ikke ekte)",
        draws_from=period.id,
        starts=period.starts,
        positions=4,
        positions_by_organisation=shares,
        rounds=[
            Round(
                number=1,
                offer=offer,
                answer_by=offer + timedelta(days=2),
                marking=datetime.combine(offer + timedelta(days=3), time(12, 0)),
                note=None,
            )
        ],
        sources=[Source(title="Demodata laget av make serve", url=None)],
        updated=period.updated,
        note="Ekstrarunde for å prøve tjenesten lokalt. Den finnes ikke i virkeligheten.",
        en=ExtraRoundEn(
            name="Extra round (demo, not real)",
            note="An extra round to try the service locally. It does not exist in reality.",
        ),
    )


def with_demo_period(catalog: Catalog, anchor: date) -> Catalog:
    period = demo_period(anchor)
    return replace(
        catalog,
        periods=(*catalog.periods, period),
        extra_rounds=(*catalog.extra_rounds, demo_extra_round(period)),
    )


def seed(store: Store, now: datetime) -> date:
    """Create the demo people and their roles (once), and return the demo period's anchor day.

    Safe to run at every start: existing people and roles are left as they are.
    """
    for person in (p for p in DEMO_PEOPLE if p.registered):
        existing = store.users.get(person.subject)
        if existing is None:
            store.users.save(User(person.subject, person.name, person.email, now))
        for grant in person.grants:
            store.users.grant(person.subject, grant, actor="demo-seed", at=now)
    return store.settings.demo_anchor() or _first_anchor(store, now)


def _first_anchor(store: Store, now: datetime) -> date:
    # Oslo's day, not UTC's: just after midnight in Oslo the two differ, and the tests and
    # pages count the demo period from Oslo's day.
    anchor = oslo_today(now)
    store.settings.set_demo_anchor(anchor, actor="demo-seed", at=now)
    return anchor
