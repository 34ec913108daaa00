"""What an answer to an offer will do, in words: "Takker du ja", "Takker du nei", "Svarer du
ikke", shown beside an open offer before the applicant confirms.

The facts come from :mod:`lis1.domain.answer_outcomes` (the rules, not the engine); this module
gathers the applicant's own state they need (their applications that stand, and the ads of
those and of their offers) and words them in short bokmål sentences. Nothing here may name or
hint at a place on a ranked list: the applicant has no right to see it.

From a route, for one offer (two reads), or for every open offer from the records Mine tilbud
has already read (none):

    view = answer_outcomes_view(ctx.deps.store, ctx.deps.catalog, offer, mine, now)
    views = for_applicant_view(ctx.deps.catalog, applicant_view, now)  # by offer id
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from ...catalog import Catalog
from ...domain.ads import Ad
from ...domain.answer_outcomes import AnswerOutcomes, ScopeRound, answer_outcomes, scope_rounds
from ...domain.applications import Application
from ...domain.offers import STATE_WORDS, Offer, state_at
from ...i18n import _, ngettext
from ...services.my_offers import ApplicantView
from ...services.ports.store import Store
from ...services.rounds import every_series
from ...wording import deadline_text, list_text

COUNT_WORDS = ("null", "ett", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti")
"""Small counts of offers (a neuter noun) as words, as Norwegian prose writes them."""


@dataclass(frozen=True)
class AnswerOutcomesView:
    """The values a page shows about one offer's answers; sentences, never markup."""

    offer_id: str
    answerable: bool
    blocked: str
    """Why the offer cannot be answered now; empty when it can."""
    if_yes: tuple[str, ...]
    if_no: tuple[str, ...]
    if_silent: tuple[str, ...]
    closing: tuple[str, ...]
    """«Place – HF» of each offer a yes declines."""
    facts: AnswerOutcomes


@dataclass(frozen=True)
class OwnState:
    """What the applicant's own records say about one scope (a period)."""

    standing: Mapping[str, str]
    """Ad id -> HF of each application that stands, to a published ad of the scope."""
    names: Mapping[str, str]
    """Ad id -> «Place – HF» of every ad read."""
    rounds: tuple[ScopeRound, ...]
    period_name: str


def answer_outcomes_view(
    store: Store, catalog: Catalog, offer: Offer, offers: Sequence[Offer], now: datetime
) -> AnswerOutcomesView:
    """What answering ``offer`` does, in words; ``offers`` are the applicant's own. Two reads:
    the applicant's applications and the ads of those and of the offers."""
    applications, ads = own_records(store, offer.candidate, offers)
    return outcomes_view(catalog, offer, offers, applications, ads, now)


def own_records(
    store: Store, applicant: str, offers: Sequence[Offer]
) -> tuple[list[Application], dict[str, Ad]]:
    """The applicant's applications, and the ads of those and of ``offers``."""
    applications = store.applications.by_applicant(applicant)
    ads = store.ads.many({a.ad_id for a in applications} | {o.ad_id for o in offers})
    return applications, ads


def outcomes_view(
    catalog: Catalog,
    offer: Offer,
    offers: Sequence[Offer],
    applications: Sequence[Application],
    ads: Mapping[str, Ad],
    now: datetime,
) -> AnswerOutcomesView:
    """What answering ``offer`` does, in words, from records already read: the applicant's
    offers and applications, and the ads of both (by id)."""
    own = own_state(catalog, offer.round.scope, applications, ads)
    return worded(answer_outcomes(offer, offers, own.standing, own.rounds, now), own)


def outcomes_views(
    catalog: Catalog,
    offers: Sequence[Offer],
    applications: Sequence[Application],
    ads: Mapping[str, Ad],
    now: datetime,
) -> dict[str, AnswerOutcomesView]:
    """:func:`outcomes_view` for every offer of ``offers`` open at ``now``, by offer id."""
    return {
        o.id: outcomes_view(catalog, o, offers, applications, ads, now)
        for o in offers
        if state_at(o, now) == "åpen"
    }


def for_applicant_view(
    catalog: Catalog, view: ApplicantView, now: datetime
) -> dict[str, AnswerOutcomesView]:
    """:func:`outcomes_views` from Mine tilbud's records (no more reads)."""
    ads = {line.ad.id: line.ad for line in view.offers}
    ads |= {line.ad.id: line.ad for line in view.applications}
    applications = [line.application for line in view.applications]
    return outcomes_views(catalog, view.every_offer, applications, ads, now)


def own_state(
    catalog: Catalog, scope: str, applications: Sequence[Application], ads: Mapping[str, Ad]
) -> OwnState:
    standing = {}
    for application in applications:
        ad = ads.get(application.ad_id)
        if (
            ad is not None
            and application.status == "sendt"
            and ad.status == "publisert"
            and ad.content.period_id == scope
        ):
            standing[ad.id] = ad.content.organisation
    period = next((p for p in catalog.periods if p.id == scope), None)
    name = period.name if period is not None else scope
    return OwnState(
        standing=standing,
        names={ad_id: _name(catalog, ad) for ad_id, ad in ads.items()},
        rounds=scope_rounds(every_series(catalog), scope),
        period_name=name[:1].lower() + name[1:],
    )


def _name(catalog: Catalog, ad: Ad) -> str:
    organisation = next(
        (o.name for o in catalog.organisations if o.id == ad.content.organisation),
        ad.content.organisation,
    )
    return f"{ad.content.place} – {organisation}"


def count_word(count: int) -> str:
    return COUNT_WORDS[count] if 0 <= count < len(COUNT_WORDS) else str(count)


def worded(facts: AnswerOutcomes, own: OwnState) -> AnswerOutcomesView:
    """The facts as sentences under "Takker du ja", "Takker du nei" and "Svarer du ikke"."""
    names = own.names
    this = names.get(facts.offer.ad_id, facts.offer.ad_id)
    closing = tuple(names.get(o.ad_id, o.ad_id) for o in facts.closes_if_accepted)
    if facts.held is not None:
        blocked = _(
            "Du har allerede takket ja til {offer} i denne perioden, og kan ikke takke ja til "
            "flere tilbud."
        ).format(offer=names.get(facts.held.ad_id, facts.held.ad_id))
    elif facts.state != "åpen":
        blocked = _("Tilbudet kan ikke besvares lenger: {state}.").format(
            state=_(STATE_WORDS[facts.state])
        )
    else:
        blocked = ""
    if blocked:
        return AnswerOutcomesView(facts.offer.id, False, blocked, (), (), (), (), facts)
    return AnswerOutcomesView(
        offer_id=facts.offer.id,
        answerable=True,
        blocked="",
        if_yes=_if_yes(closing, own.period_name),
        if_no=_if_no(facts, this, closing, own),
        if_silent=(
            _("Svarer du ikke innen {deadline}, regnes det som et nei.").format(
                deadline=deadline_text(facts.svarfrist)
            ),
            _("Det får de samme følgene som om du takker nei."),
        ),
        closing=closing,
        facts=facts,
    )


def _if_yes(closing: tuple[str, ...], period: str) -> tuple[str, ...]:
    sentences = [
        _("Svaret er bindende: etter et ja er det bare helseforetaket som kan frigi deg."),
        _(
            "Du får ingen flere tilbud i søknadsperioden {period}, heller ikke i senere runder "
            "eller ekstrarunder."
        ).format(period=period),
    ]
    if closing:
        sentences.append(
            ngettext(
                "Ditt andre åpne tilbud avslås samtidig: {offers}.",
                "Dine {count} andre åpne tilbud avslås samtidig: {offers}.",
                len(closing),
            ).format(count=count_word(len(closing)), offers=list_text(list(closing)))
        )
    else:
        sentences.append(_("Du har ingen andre åpne tilbud i perioden som avslås."))
    return tuple(sentences)


def _if_no(
    facts: AnswerOutcomes, this: str, closing: tuple[str, ...], own: OwnState
) -> tuple[str, ...]:
    sentences = [_("Et nei er endelig: du får ikke tilbud på {offer} igjen.").format(offer=this)]
    if closing:
        sentences.append(
            ngettext(
                "Et nei endrer ikke ditt andre åpne tilbud: det kan du fortsatt svare på.",
                "Et nei endrer ikke dine {count} andre åpne tilbud: dem kan du fortsatt svare på.",
                len(closing),
            ).format(count=count_word(len(closing)))
        )
    if not facts.later_rounds:
        sentences.append(
            _("Det kommer ingen flere runder i søknadsperioden {period} etter denne.").format(
                period=own.period_name
            )
        )
    elif facts.still_candidate_on:
        still = [own.names.get(ad_id, ad_id) for ad_id in facts.still_candidate_on]
        sentences.append(
            ngettext(
                "Søknaden din til {ads} står fortsatt, og den er med i senere runder.",
                "Søknadene dine til {ads} står fortsatt, og de er med i senere runder.",
                len(still),
            ).format(ads=list_text(still))
        )
    else:
        sentences.append(_("Du har ingen andre søknader i perioden som er med i senere runder."))
    return tuple(sentences)


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    sentences: tuple[str, ...]


def sections(view: AnswerOutcomesView, first: str) -> list[Section]:
    """The three answers as headed lists, the one the applicant chose (``ja``/``nei``) first."""
    yes = Section("ja", _("Takker du ja"), view.if_yes)
    no = Section("nei", _("Takker du nei"), view.if_no)
    silent = Section("stille", _("Svarer du ikke"), view.if_silent)
    return [no, yes, silent] if first == "nei" else [yes, no, silent]
