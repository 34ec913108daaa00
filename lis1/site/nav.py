"""The site's page tree, by audience, in the language being built (bokmål unless the caller is
inside ``with locale("en")``). Period pages come from data, newest first. Both languages list the
same Markdown paths; mkdocs-static-i18n reads ``x.en.md`` for ``x.md`` in the English build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..catalog import Catalog
from ..i18n import _
from .languages import DEFAULT, source_name
from .page_common import period_name, period_path, text_of

NavItem = str | dict[str, Any]


def navigation(catalog: Catalog, sources: Path, *, language: str = DEFAULT) -> list[NavItem]:
    """Every page of ``sources`` in the menu; hand-written pages are listed by file name."""
    periods = [
        {f"LIS1 {period_name(p)}": period_path(p.id)} for p in reversed(catalog.all_periods())
    ]
    templates = [{text_of(t, "title"): f"maler/{t.id}.md"} for t in catalog.templates]
    tree: list[NavItem] = [
        {_("Forside"): "index.md"},
        {
            _("Søke LIS1"): [
                "soke/index.md",
                {_("Regler for søkere"): "soke/regler.md"},
                {_("Reststillinger"): "soke/reststillinger.md"},
                {_("Overgangsregler og videre spesialisering"): "soke/overgangsregler.md"},
            ]
        },
        {_("Stillinger"): "stillinger.md"},
        {_("Frister"): ["frister/index.md", *periods]},
        {_("Kalendere"): "kalender/index.md"},
        {_("LIS1 i kommunen"): "kommune/index.md"},
        {_("Læringsmål"): "laringsmal/index.md"},
        {_("Tjeneste fra utlandet"): "utlandet.md"},
        {_("Logge inn uten norsk fødselsnummer"): "innlogging.md"},
        {_("For kommuner"): "for-kommuner.md"},
        {_("For Statsforvalteren"): "for-statsforvalteren.md"},
        {_("For helseforetak"): "for-helseforetak.md"},
        {_("Maler"): ["maler/index.md", *templates]},
        {_("Om tjenesten"): "om.md"},
        {_("For utviklere: API-et"): "utviklere.md"},
        {_("Tilgjengelighetserklæring"): "tilgjengelighet.md"},
        {_("Personvern"): "personvern.md"},
    ]
    missing = [
        source_name(path, language)
        for path in _paths(tree)
        if not (sources / source_name(path, language)).is_file()
    ]
    if missing:
        raise FileNotFoundError(f"Menyen viser til sider som ikke finnes: {', '.join(missing)}")
    return tree


def _paths(items: list[NavItem]) -> list[str]:
    found: list[str] = []
    for item in items:
        if isinstance(item, str):
            found.append(item)
        else:
            for value in item.values():
                found += [value] if isinstance(value, str) else _paths(value)
    return found
