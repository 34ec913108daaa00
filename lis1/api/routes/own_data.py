"""The person's own data: see everything kept about them, download it as JSON, and delete the
account. Each route reads and changes only the signed-in person's own records."""

from __future__ import annotations

import json
from typing import Any

from ...domain.retention import RETENTION_MONTHS
from ...i18n import N_, _
from ...oslo import oslo_today
from ...services import account_deletion as deletion
from ...services import own_data as service
from ...services.env import Env
from ..pages import page
from ..pipeline import Context
from ..presenters.positions import status_words
from ..registry import HTML, JSON, PUBLIC, SIGNED_IN, Reply, Routes
from ..schemas.own_data import (
    AccountDeletedOut,
    DeletedOut,
    DeletionPlanOut,
    LeftOut,
    OwnDataOut,
)
from .auth import session_cookie

routes = Routes()

DOWNLOAD = "/api/mine-data/nedlasting"

HEADINGS = {
    "roller": N_("Roller"),
    "soknader": N_("Søknader"),
    "tilbud": N_("Tilbud og svar"),
    "kvitteringer": N_("Kvitteringer"),
    "varsler": N_("Varsler på e-post"),
    "kalenderadresse": N_("Privat kalenderadresse"),
    "invitasjoner_sendt": N_("Invitasjoner du har sendt"),
    "roller_hos_andre": N_("Roller i andre legers porteføljer"),
    "profil": N_("Profil"),
    "cv": N_("CV"),
    "jobbagenter": N_("Jobbagenter"),
    "logg": N_("Endringslogg om deg"),
}
SEE = {
    "profil": ("/api/profil", N_("Se og endre profilen")),
    "cv": ("/api/profil/cv", N_("Se og endre CV-en")),
    "jobbagenter": ("/api/jobbagent", N_("Se og endre jobbagentene")),
}
"""Kinds kept as many fields, best read on their own page: a summary line and a link there."""
SHOWN = 5
"""Lines shown per kind on the page; the download has them all."""


def _line(kind: str, item: dict[str, Any]) -> str:
    """One short line about one kept item, from the fields the download has."""
    where = item.get("sted") or item.get("annonse", "")
    if kind == "soknader":
        return _("%(place)s: %(status)s (%(reference)s)") % {
            "place": where,
            "status": status_words(item["status"]),
            "reference": item["referanse"],
        }
    if kind == "tilbud":
        return _("%(place)s, runde %(round)s: %(state)s") % {
            "place": where,
            "round": item["runde"],
            "state": item["tilstand"],
        }
    if kind == "kvitteringer":
        return f"{item['referanse']}: {item['tekst']}"
    if kind == "varsler":
        on = item["paminnelser_om_svarfrister"]
        return (
            _("Påminnelser om svarfrister er slått på.")
            if on
            else _("Påminnelser om svarfrister er slått av.")
        )
    if kind == "kalenderadresse":
        return _("Laget %(at)s. Selve adressen er hemmelig og vises ikke her.") % {
            "at": item["laget"][:10]
        }
    if kind == "logg":
        return f"{item['tid'][:10]}: {item['handling']} ({item['av']})"
    if kind == "profil":
        return _("Svarene dine om autorisasjon, norskkunnskaper og tidligere turnus eller LIS1.")
    if kind == "cv":
        return _("Utdanning, arbeidserfaring, språk og referanser.")
    if kind == "jobbagenter":
        return _("Jobbagent laget %(at)s.") % {"at": item["laget"][:10]}
    texts = [str(v) for k, v in item.items() if isinstance(v, str | int) and k != "id"]
    return ", ".join(texts[:4])


def _counts(data: service.OwnData) -> dict[str, int]:
    return {kind: len(items) for kind, items in data.sections.items()}


@routes.route(
    "GET",
    "/mine-data",
    summary=N_("Alt tjenesten har lagret om deg: hvor mye av hvert slag, og lenke til nedlasting"),
    access=SIGNED_IN,
    response=OwnDataOut,
    errors=(401,),
    media=(HTML,),
)
def own_data_page(ctx: Context) -> OwnDataOut | Reply:
    who, now = ctx.signed_in(), ctx.deps.clock.now()
    data = service.own_data(ctx.deps.store, ctx.deps.catalog, who=who, now=now)
    left_out = [LeftOut(what=x["hva"], why=x["hvorfor"]) for x in data.left_out]
    result = OwnDataOut(
        counts=_counts(data),
        has_portfolio=data.portfolio is not None,
        download=DOWNLOAD,
        left_out=left_out,
    )
    if not ctx.html:
        return result
    sections = [
        {
            "id": kind,
            "heading": _(HEADINGS[kind]),
            "count": len(items),
            "lines": [_line(kind, item) for item in items[:SHOWN]],
            "see": (SEE[kind][0], _(SEE[kind][1])) if kind in SEE else None,
        }
        for kind, items in data.sections.items()
        if kind in HEADINGS
    ]
    return page(
        ctx,
        "own_data.html",
        title=_("Mine data"),
        account=data.account,
        sections=sections,
        portfolio=data.portfolio is not None,
        left_out=left_out,
        download=DOWNLOAD,
        shown=SHOWN,
    )


@routes.route(
    "GET",
    "/mine-data/nedlasting",
    summary=N_("Last ned alt tjenesten har lagret om deg, som én JSON-fil"),
    access=SIGNED_IN,
    errors=(401,),
)
def download(ctx: Context) -> Reply:
    who, now = ctx.signed_in(), ctx.deps.clock.now()
    data = service.own_data(ctx.deps.store, ctx.deps.catalog, who=who, now=now)
    body = json.dumps(data.download(), ensure_ascii=False, indent=2, sort_keys=True)
    day = oslo_today(now).isoformat()
    return Reply(
        body,
        content_type=JSON,
        headers={
            "Content-Disposition": f'attachment; filename="mine-data-{day}.json"',
            "Cache-Control": "no-store",
        },
    )


@routes.route(
    "GET",
    "/mine-data/slett",
    summary=N_("Hva som skjer om du sletter kontoen: hva som slettes, hva som beholdes og hvorfor"),
    access=SIGNED_IN,
    response=DeletionPlanOut,
    errors=(401,),
    media=(HTML,),
)
def deletion_page(ctx: Context) -> DeletionPlanOut | Reply:
    who, now = ctx.signed_in(), ctx.deps.clock.now()
    found = deletion.plan(ctx.deps.store, ctx.deps.catalog, who=who, now=now)
    result = DeletionPlanOut(
        allowed=not found.blocking,
        blocking=found.blocking,
        withdrawn=[a.reference for a, _ad in found.standing],
        has_portfolio=found.has_portfolio,
    )
    if not ctx.html:
        return result
    return page(
        ctx,
        "delete_account.html",
        title=_("Slett kontoen"),
        plan=result,
        standing=[
            {"place": ad.content.place, "reference": a.reference} for a, ad in found.standing
        ],
        retention_months=RETENTION_MONTHS,
        csrf=ctx.csrf,
    )


@routes.route(
    "POST",
    "/mine-data/slett",
    summary=N_(
        "Slett kontoen din (ikke mens en tilbudsrunde pågår der du har en søknad eller et "
        "tilbud): søknader som står trekkes, og du logges ut"
    ),
    access=SIGNED_IN,
    response=DeletedOut,
    errors=(401, 409),
    forms=True,
)
def delete(ctx: Context) -> DeletedOut | Reply:
    done = deletion.delete_account(
        ctx.deps.store,
        ctx.deps.catalog,
        ctx.deps.mailer,
        who=ctx.signed_in(),
        env=Env(ctx.deps.clock.now()),
    )
    cleared = {"Set-Cookie": session_cookie("", 0)}
    if ctx.form_post:
        return Reply(status=303, headers={**cleared, "Location": "/api/mine-data/slettet"})
    return Reply(DeletedOut(deleted_at=done.at, withdrawn=done.withdrawn), headers=cleared)


@routes.route(
    "GET",
    "/mine-data/slettet",
    summary=N_("Kvittering for en slettet konto (uten personopplysninger)"),
    access=PUBLIC,
    response=AccountDeletedOut,
    errors=(),
    media=(HTML,),
)
def deleted_page(ctx: Context) -> AccountDeletedOut | Reply:
    if not ctx.html:
        return AccountDeletedOut(message=_("Kontoen er slettet, og du er logget ut."))
    return page(ctx, "account_deleted.html", title=_("Kontoen er slettet"))
