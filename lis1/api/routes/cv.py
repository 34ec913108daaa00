"""The applicant's CV (``/profil/cv``: education, work, languages and references, lists that
grow and shrink without JavaScript: an empty row to fill in for a new entry, a box to tick to
remove one), and the CV as an HF administrator reads it beside an application that stands
(``/hf/soknader/{reference}/cv``, checked on every request: 404 for anyone else)."""

from __future__ import annotations

from typing import Any

from ...domain.profiles import CvFields, Education, Language, Reference, Work
from ...i18n import N_, _
from ...services import profiles as service
from ...wording import long_datetime
from ..inputs import notice_query, notice_text
from ..pages import page
from ..pipeline import Context
from ..presenters import eligibility as present
from ..registry import HTML, SIGNED_IN, Reply, Routes
from ..schemas.profiles import ApplicantCvOut, CvIn, CvOut

routes = Routes()

NOTICES = {"lagret": N_("CV-en er lagret.")}


@routes.route(
    "GET",
    "/profil/cv",
    summary=N_("CV-en din: utdanning, arbeidserfaring, språk og referanser"),
    access=SIGNED_IN,
    response=CvOut,
    errors=(401,),
    media=(HTML,),
    query=(notice_query(list(NOTICES)),),
)
def cv_page(ctx: Context) -> CvOut | Reply:
    cv = service.own_cv(ctx.deps.store, who=ctx.signed_in())
    if not ctx.html:
        return present.cv_out(cv)
    return cv_again(ctx, present.cv_rows(cv), {}, status=200)


def cv_again(
    ctx: Context, rows: dict[str, list[dict[str, str]]], errors: dict[str, str], status: int = 400
) -> Reply:
    return page(
        ctx,
        "cv.html",
        status=status,
        title=_("Din CV"),
        notice=notice_text(ctx.query, NOTICES) if status == 200 else None,
        errors=errors,
        csrf=ctx.csrf,
        **present.cv_form(rows),
    )


@routes.route(
    "POST",
    "/profil/cv",
    summary=N_(
        "Lagre CV-en din (hele CV-en; rader merket remove fjernes, tomme rader hoppes over)"
    ),
    access=SIGNED_IN,
    body=CvIn,
    response=CvOut,
    errors=(400, 401),
    media=(HTML,),
    forms=True,
    form_page=lambda ctx, values, errors: cv_again(ctx, present.form_rows(values), errors),
)
def save_cv(ctx: Context) -> CvOut | Reply:
    body: CvIn = ctx.body
    try:
        cv = service.save_cv(
            ctx.deps.store,
            who=ctx.signed_in(),
            education=[_kept(Education, r) for r in body.education],
            work=[_kept(Work, r) for r in body.work],
            languages=[_kept(Language, r) for r in body.languages],
            references=[_kept(Reference, r) for r in body.references],
            now=ctx.deps.clock.now(),
        )
    except CvFields as error:
        if ctx.form_post:
            return cv_again(ctx, _typed(body), error.fields)
        raise
    if ctx.form_post:
        return Reply(status=303, headers={"Location": "/api/profil/cv?melding=lagret"})
    return present.cv_out(cv)


def _kept(kind: Any, row: Any) -> Any:
    """The row as the domain's entry, or None when it is ticked for removal."""
    if row.remove:
        return None
    return kind(**row.model_dump(exclude={"remove"}))


def _typed(body: CvIn) -> dict[str, list[dict[str, str]]]:
    """The rows as sent, to show them again with the mistakes."""
    return {
        section: [
            {
                k: ("on" if v is True else "" if v is False else v)
                for k, v in row.model_dump().items()
            }
            for row in getattr(body, section)
        ]
        for section in present.SECTIONS
    }


@routes.route(
    "GET",
    "/hf/soknader/{reference}/cv",
    summary=N_(
        "CV-en, profilen og sjekken til en søker, for administratorene i helseforetaket søknaden "
        "gjelder, så lenge den står"
    ),
    access=SIGNED_IN,
    response=ApplicantCvOut,
    errors=(401, 404),
    media=(HTML,),
)
def applicant_cv(ctx: Context) -> ApplicantCvOut | Reply:
    found = service.applicant_cv(
        ctx.deps.store, ctx.deps.catalog, who=ctx.signed_in(), reference=ctx.params["reference"]
    )
    name = found.user.name if found.user else _("(ukjent)")
    result = ApplicantCvOut(
        reference=found.application.reference,
        ad_id=found.ad.id,
        name=name,
        profile=present.profile_out(found.profile, found.results),
        cv=present.cv_out(found.cv),
    )
    if not ctx.html:
        return result
    return page(
        ctx,
        "applicant_cv.html",
        title=_("CV-en til {name}").format(name=name),
        name=name,
        ad_id=found.ad.id,
        place=found.ad.content.place,
        reference=found.application.reference,
        submitted=long_datetime(found.application.submitted_at),
        declared=present.declared_words(found.profile),
        checks=present.checks(found.results),
        cv=result.cv,
        levels={k: present.level_words(k) for k in present.LEVEL_WORDS},
    )
