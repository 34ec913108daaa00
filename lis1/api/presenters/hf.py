"""The HF administrator's pages as values: the overview of the HF's ads, the form for a new or
changed ad, the confirmation before publishing, the applicants of one ad, and the kommune's
read-only overview. Rule results (what may be changed, where an ad stands) come from the
domain; the templates only show them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...catalog import Catalog
from ...domain.ad_rules import MAX_DESCRIPTION, MAX_PLACE, MAX_SEATS, MIN_SEATS
from ...domain.ad_states import AdState, periods_open_for_ads
from ...domain.ads import CORRECTABLE_AFTER_PUBLICATION, Ad
from ...i18n import N_, _, ngettext
from ...identity import Principal, Role
from ...services.ad_overviews import AdLine
from ...services.ports.accounts import AuditEntry
from ..inputs import notice_text
from .positions import ad_out, deadline_words

FIELDS = (
    "organisation",
    "place",
    "seats",
    "kommune",
    "starts",
    "period_id",
    "application_deadline",
    "ends",
    "description",
)

NOTICES = {
    "lagret": N_("Annonsen er lagret."),
    "publisert": N_("Annonsen er publisert. Søkerne ser den nå."),
    "korrigert": N_("Rettelsen er lagret og ført i endringsloggen."),
    "slettet": N_("Utkastet er slettet."),
    "kjort": N_("Dagens tilbudsrunde er kjørt for annonsene deres."),
}

STATE_WORDS: dict[AdState, str] = {
    "utkast": N_("Utkast – ikke publisert"),
    "ikke_åpen": N_("Publisert – søknadsperioden har ikke åpnet"),
    "åpen": N_("Publisert – tar imot søknader"),
    "frist_ute": N_("Publisert – søknadsfristen er ute"),
}


def notice(query: dict[str, str]) -> str | None:
    return notice_text(query, NOTICES)


def overview(catalog: Catalog, lines: list[AdLine]) -> list[dict[str, Any]]:
    """One row per ad: where it stands, its positions and the applications that stand."""
    rows = []
    for line in lines:
        out = ad_out(catalog, line.ad)
        rows.append(
            {
                "id": out.id,
                "place": out.place,
                "organisation_name": out.organisation_name,
                "kommune_name": out.kommune_name,
                "period": out.period_name or _("Reststilling"),
                "state": _(STATE_WORDS[line.state]),
                "draft": line.state == "utkast",
                "rounds": line.state != "utkast" and out.period_id is not None,
                "seats": ngettext("%(num)d stilling", "%(num)d stillinger", out.seats)
                % {"num": out.seats},
                "applications": line.applications,
                "applications_words": ngettext(
                    "%(num)d søknad", "%(num)d søknader", line.applications
                )
                % {"num": line.applications},
                "deadline": deadline_words(out),
                "starts": out.starts,
            }
        )
    return rows


def rest_values(ad: Ad, seats: int) -> dict[str, Any]:
    """A new reststilling for the seats an ad has left after its last round, prefilled from it:
    the same HF, place, kommune and text, its own søknadsfrist still to choose."""
    content = ad.content
    return {
        "organisation": content.organisation,
        "place": content.place,
        "seats": max(seats, 1),
        "kommune": content.kommune,
        "starts": content.starts.isoformat(),
        "description": content.description,
        "period_id": "",
    }


def ad_form(
    catalog: Catalog,
    who: Principal,
    now: datetime,
    values: dict[str, Any],
    errors: dict[str, str],
    ad: Ad | None = None,
) -> dict[str, Any]:
    """The form for a new ad (``ad`` None) or a change of ``ad``: the choices it offers, what was
    typed, the errors by field, and for a published ad which fields may still be corrected."""
    periods = periods_open_for_ads(catalog, now)
    chosen_period = str(values.get("period_id") or "")
    options = {
        "hfs": [
            (o, catalog.organisation(o).name) for o in sorted(who.organisations(Role.HF_ADMIN))
        ],
        "kommuner": [(o.id, o.name) for o in catalog.organisations if o.kind == "kommune"],
        "periods": [("", _("Reststilling (egen søknadsfrist)"))]
        + [(p.id, p.name) for p in periods]
        # A draft keeps its period in the list even when it has closed meanwhile.
        + [(p.id, p.name) for p in catalog.periods if p.id == chosen_period and p not in periods],
    }
    published = ad is not None and ad.status == "publisert"
    locked = {name for name in FIELDS if published and name not in CORRECTABLE_AFTER_PUBLICATION}
    return {
        "options": options,
        "values": {name: str(values.get(name) or "") for name in FIELDS},
        "errors": errors,
        "locked": sorted(locked),
        "shown": {
            "organisation": dict(options["hfs"]).get(str(values.get("organisation") or ""), ""),
            "kommune": dict(options["kommuner"]).get(str(values.get("kommune") or ""), ""),
            "period_id": dict(options["periods"]).get(chosen_period, _("Reststilling")),
        },
        "limits": {
            "place": MAX_PLACE,
            "description": MAX_DESCRIPTION,
            "seats_min": MIN_SEATS,
            "seats_max": MAX_SEATS,
        },
        "ad": ad,
        "version": ad.version if ad is not None else None,
    }


def ad_values(ad: Ad) -> dict[str, Any]:
    """What the form shows for a stored ad."""
    content = ad.content
    return {name: getattr(content, name) for name in FIELDS}


def corrections(entries: list[AuditEntry]) -> list[dict[str, Any]]:
    """The ad's audit entries after publication, newest first, each change on its own line."""
    names = {
        "seats": _("antall stillinger"),
        "place": _("sted"),
        "description": _("beskrivelse"),
        "versjon": _("versjon"),
    }
    actions = {"publisert": _("Publisert"), "korrigert": _("Rettet")}
    return [
        {
            "at": entry.at,
            "action": actions.get(entry.action, entry.action),
            "changes": [
                (names.get(name, name), text)
                for name, text in sorted(entry.detail.items())
                if name != "versjon"
            ],
        }
        for entry in reversed(entries)
    ]
