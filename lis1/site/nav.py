"""The site's page tree, by audience. Period pages come from data, newest first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..catalog import Catalog
from .page_common import period_path

NavItem = str | dict[str, Any]


def navigation(catalog: Catalog, sources: Path) -> list[NavItem]:
    """Every page of ``sources`` in the menu; hand-written pages are listed by file name."""
    periods = [{f"LIS1 {p.name}": period_path(p.id)} for p in reversed(catalog.all_periods())]
    templates = [{t.title: f"maler/{t.id}.md"} for t in catalog.templates]
    tree: list[NavItem] = [
        {"Forside": "index.md"},
        {
            "Søke LIS1": [
                "soke/index.md",
                {"Regler for søkere": "soke/regler.md"},
                {"Reststillinger": "soke/reststillinger.md"},
                {"Overgangsregler og videre spesialisering": "soke/overgangsregler.md"},
            ]
        },
        {"Stillinger": "stillinger.md"},
        {"Frister": ["frister/index.md", *periods]},
        {"Kalendere": "kalender/index.md"},
        {"LIS1 i kommunen": "kommune/index.md"},
        {"Læringsmål": "laringsmal/index.md"},
        {"Tjeneste fra utlandet": "utlandet.md"},
        {"For kommuner": "for-kommuner.md"},
        {"For Statsforvalteren": "for-statsforvalteren.md"},
        {"For helseforetak": "for-helseforetak.md"},
        {"Maler": ["maler/index.md", *templates]},
        {"Om tjenesten": "om.md"},
        {"For utviklere: API-et": "utviklere.md"},
        {"Tilgjengelighetserklæring": "tilgjengelighet.md"},
    ]
    missing = [path for path in _paths(tree) if not (sources / path).is_file()]
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
