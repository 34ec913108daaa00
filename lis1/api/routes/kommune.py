"""The kommune administrator's page: the published ads whose kommune part is theirs, read-only,
with positions and the number of applications (counts only: the applications themselves are
the HF's to read), and, after each round's merking, who is hired and when they start, as "Who
sees what" says. Before merking only how many wait for it."""

from __future__ import annotations

from ...i18n import N_, _
from ...services.ad_overviews import kommune_overview
from ...services.kommune_hires import kommune_hires
from ..pages import page
from ..pipeline import Context
from ..presenters import hf as present
from ..presenters.positions import ad_out
from ..presenters.seats import hired_out
from ..registry import HTML, KOMMUNE_ADMIN, Reply, Routes
from ..schemas.positions import KommuneAd, KommuneAds

routes = Routes()


@routes.route(
    "GET",
    "/kommune",
    summary=N_(
        "Annonsene der kommunedelen er hos kommunen du administrerer: antall, og etter "
        "merkingen hvem som er ansatt"
    ),
    access=KOMMUNE_ADMIN,
    response=KommuneAds,
    errors=(401, 403),
    media=(HTML,),
)
def kommune_home(ctx: Context) -> KommuneAds | Reply:
    store, catalog, now = ctx.deps.store, ctx.deps.catalog, ctx.deps.clock.now()
    lines = kommune_overview(store, catalog, who=ctx.signed_in(), now=now)
    hires = kommune_hires(store, catalog, [line.ad for line in lines], now)
    result = KommuneAds(
        ads=[
            KommuneAd(
                ad=ad_out(catalog, line.ad),
                state=line.state,
                applications=line.applications,
                hired=hired_out(hires.get(line.ad.id), line.ad.content.starts),
                awaiting_marking=hires[line.ad.id].awaiting_marking if line.ad.id in hires else 0,
            )
            for line in lines
        ]
    )
    if not ctx.html:
        return result
    return page(
        ctx,
        "kommune.html",
        title=_("Stillinger i kommunen"),
        rows=[
            {**row, "hired": ad.hired, "awaiting_marking": ad.awaiting_marking}
            for row, ad in zip(present.overview(catalog, lines), result.ads, strict=True)
        ],
    )
