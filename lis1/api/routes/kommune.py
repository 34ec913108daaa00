"""The kommune administrator's page: the published ads whose kommune part is theirs, read-only,
with positions and the number of applications (counts only: the applications themselves are
the HF's to read, see "Who sees what")."""

from __future__ import annotations

from ...i18n import N_, _
from ...services.ad_overviews import kommune_overview
from ..pages import page
from ..pipeline import Context
from ..presenters import hf as present
from ..presenters.positions import ad_out
from ..registry import HTML, KOMMUNE_ADMIN, Reply, Routes
from ..schemas.positions import KommuneAd, KommuneAds

routes = Routes()


@routes.route(
    "GET",
    "/kommune",
    summary=N_("Annonsene der kommunedelen er hos kommunen du administrerer (bare antall)"),
    access=KOMMUNE_ADMIN,
    response=KommuneAds,
    errors=(401, 403),
    media=(HTML,),
)
def kommune_home(ctx: Context) -> KommuneAds | Reply:
    lines = kommune_overview(
        ctx.deps.store, ctx.deps.catalog, who=ctx.signed_in(), now=ctx.deps.clock.now()
    )
    if ctx.html:
        return page(
            ctx,
            "kommune.html",
            title=_("Stillinger i kommunen"),
            rows=present.overview(ctx.deps.catalog, lines),
        )
    return KommuneAds(
        ads=[
            KommuneAd(
                ad=ad_out(ctx.deps.catalog, line.ad),
                state=line.state,
                applications=line.applications,
            )
            for line in lines
        ]
    )
