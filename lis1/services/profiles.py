"""Use cases of the applicant's profile and CV: saving them, the eligibility check on the
profile as it is now, and the CV for an HF administrator.

The person reads and writes their own. An HF administrator reads an applicant's CV, profile and
check only through an application that stands (not withdrawn) to an ad of an HF they administer,
checked on every request; anyone else, the applicant included, gets the same 404, so the answer
says nothing about whether the application or the CV exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from ..catalog import Catalog
from ..catalog.models import Rule
from ..catalog.rule_checks import AuthorisationStatus, EarlierTraining, NorwegianProof
from ..domain.ads import Ad
from ..domain.applications import Application
from ..domain.eligibility import RuleResult, explain
from ..domain.profiles import (
    Cv,
    Education,
    Language,
    Profile,
    Reference,
    Work,
    checked_cv,
    new_profile,
)
from ..errors import NotFound
from ..i18n import _
from ..identity import Principal, User
from .ads import admin_of
from .ports.store import Store


def checked_rules(catalog: Catalog) -> list[Rule]:
    """The rules that read the profile, in the data's order."""
    return [rule for rules in catalog.rules for rule in rules.rules if rule.check]


def own_profile(
    store: Store, catalog: Catalog, *, who: Principal
) -> tuple[Profile | None, list[RuleResult]]:
    """The person's profile and what it means for each rule now."""
    profile = store.profiles.get(who.subject)
    return profile, explain(profile, checked_rules(catalog))


def save_profile(
    store: Store,
    *,
    who: Principal,
    authorisation: AuthorisationStatus | None,
    hpr: str,
    norwegian: NorwegianProof | None,
    earlier_training: EarlierTraining | None,
    now: datetime,
) -> Profile:
    profile = new_profile(
        who.subject,
        authorisation=authorisation,
        hpr=hpr,
        norwegian=norwegian,
        earlier_training=earlier_training,
        now=now,
    )
    store.profiles.save(profile)
    return profile


def own_cv(store: Store, *, who: Principal) -> Cv | None:
    return store.profiles.cv(who.subject)


def save_cv(
    store: Store,
    *,
    who: Principal,
    education: Sequence[Education | None],
    work: Sequence[Work | None],
    languages: Sequence[Language | None],
    references: Sequence[Reference | None],
    now: datetime,
) -> Cv:
    """Rows given as None (ticked for removal) and blank rows are left out."""
    cv = checked_cv(
        who.subject,
        education=education,
        work=work,
        languages=languages,
        references=references,
        now=now,
    )
    store.profiles.save_cv(cv)
    return cv


def explanations(
    store: Store, catalog: Catalog, subjects: Iterable[str]
) -> dict[str, tuple[Profile | None, list[RuleResult]]]:
    """For the HF's list of an ad's applicants (the caller has checked who may see it): each
    applicant's profile as it is now and the check on it, in reads of 100."""
    wanted = list(dict.fromkeys(subjects))
    profiles = store.profiles.many(wanted)
    rules = checked_rules(catalog)
    return {s: (profiles.get(s), explain(profiles.get(s), rules)) for s in wanted}


@dataclass(frozen=True)
class ApplicantCv:
    application: Application
    ad: Ad
    user: User | None
    profile: Profile | None
    results: list[RuleResult]
    cv: Cv | None


def cv_not_found() -> NotFound:
    return NotFound(
        _("Fant ikke CV-en. Søknaden kan være trukket, eller lenken kan være feil."),
        code="ukjent_cv",
    )


def applicant_cv(store: Store, catalog: Catalog, *, who: Principal, reference: str) -> ApplicantCv:
    """The CV, profile and check of the applicant whose standing application has receipt
    ``reference``, for an administrator of the ad's HF; 404 for everyone else, and after the
    application was withdrawn (its reference is then the withdrawal's)."""
    receipt = store.applications.receipt(reference)
    if receipt is None or receipt.action != "søknad sendt":
        raise cv_not_found()
    ad = store.ads.get(receipt.ad_id)
    if ad is None or not admin_of(who, ad):
        raise cv_not_found()
    application = store.applications.get(receipt.ad_id, receipt.applicant)
    if application is None or application.status != "sendt" or application.reference != reference:
        raise cv_not_found()
    profile = store.profiles.get(application.applicant)
    return ApplicantCv(
        application=application,
        ad=ad,
        user=store.users.get(application.applicant),
        profile=profile,
        results=explain(profile, checked_rules(catalog)),
        cv=store.profiles.cv(application.applicant),
    )
