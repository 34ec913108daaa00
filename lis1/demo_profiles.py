"""Ahmed Hassan's profile and CV, for `make serve`: a doctor educated abroad who has applied for
authorisation and documented his Norwegian with a test. He applies in the demo season, so Ola
Hansen (Helse Bergen) sees the eligibility explanation and the CV beside his application.

Made through the use cases, once: nothing is written if he has a profile already.
"""

from __future__ import annotations

from datetime import datetime

from .domain.profiles import Education, Language, Reference, Work
from .identity import Principal
from .services import profiles
from .services.ports.store import Store

AHMED = Principal("demo-ahmed", "Ahmed Hassan")


def seed_profiles(store: Store, now: datetime) -> bool:
    """Ahmed's profile and CV; False if he has a profile already."""
    if store.profiles.get(AHMED.subject) is not None:
        return False
    profiles.save_profile(
        store,
        who=AHMED,
        authorisation="sokt",
        hpr="",
        norwegian="sprakprove",
        earlier_training="ingen",
        now=now,
    )
    profiles.save_cv(
        store,
        who=AHMED,
        education=[
            Education("Medisin (MBBCh)", "Cairo University", "Egypt", "2013-09", "2019-07"),
            Education(
                "Norskkurs, nivå B2", "Folkeuniversitetet, Bergen", "Norge", "2022-01", "2023-06"
            ),
        ],
        work=[
            Work(
                "Lege (internship)",
                "Kasr Al Ainy-sykehuset, Kairo",
                "2019-09",
                "2020-08",
                "Rotasjon i indremedisin, kirurgi, pediatri og akuttmottak.",
            ),
            Work("Lege", "Akuttmottaket, Kasr Al Ainy-sykehuset", "2020-09", "2021-12", ""),
        ],
        languages=[
            Language("Arabisk", "morsmal"),
            Language("Engelsk", "c1"),
            Language("Norsk", "b2"),
        ],
        references=[
            Reference("Samir Youssef", "Overlege, akuttmottaket", "samir.youssef@example.org"),
        ],
        now=now,
    )
    return True
