"""The site links to the public statistics of the offer rounds: from Stillinger, and from each
period's page to its own (an extra round's page to the period it draws from)."""

from __future__ import annotations

from pathlib import Path

from lis1.catalog import load_catalog

ROOT = Path(__file__).resolve().parents[2]


def test_the_site_links_to_the_statistics_of_every_period(built_site: Path) -> None:
    stillinger = (built_site / "stillinger" / "index.html").read_text(encoding="utf-8")
    assert '<a href="/api/statistikk">statistikken for tilbudsrundene</a>' in stillinger
    catalog = load_catalog(ROOT / "data").catalog
    assert catalog is not None
    targets = {p.id: p.id for p in catalog.periods}
    targets |= {x.id: x.draws_from for x in catalog.extra_rounds}
    for page, period in targets.items():
        html = (built_site / "frister" / page / "index.html").read_text(encoding="utf-8")
        assert f'<a href="/api/statistikk/{period}">Statistikk for tilbudsrundene</a>' in html
