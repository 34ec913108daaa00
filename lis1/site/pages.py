"""Catalogue -> Markdown pages, in plain Python (no templating inside Markdown).

This module puts the site's generated pages together and writes the JSON exports. The pages
themselves are built in ``page_common`` (shared pieces and the calendars page), ``period_pages``
and ``reference_pages``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..catalog import Catalog
from ..feeds import ALL_FEED, CHANGE_LOG
from ..norwegian import long_date
from ..oslo import end_of_day_utc, oslo_wall_clock_to_utc
from .page_common import Page, calendars_page
from .period_pages import period_overview, period_page
from .reference_pages import learning_goals_page, rules_page, template_page, templates_index


def generated_pages(catalog: Catalog, changes: list[dict[str, Any]]) -> list[Page]:
    periods = list(reversed(catalog.all_periods()))
    pages = [period_overview(catalog, changes)]
    pages += [period_page(catalog, period, changes) for period in periods]
    pages.append(calendars_page(catalog))
    pages.append(rules_page(catalog))
    pages.append(learning_goals_page(catalog))
    pages.append(templates_index(catalog))
    pages += [template_page(template) for template in catalog.templates]
    return pages


# --- JSON for scripts ---------------------------------------------------------------------------


def deadlines_json(catalog: Catalog) -> bytes:
    """Every published deadline with the UTC instant it ends, for the overview's small script."""
    rows = []
    for d in catalog.deadlines():
        if d.day is None:
            continue
        ends = oslo_wall_clock_to_utc(d.at) if d.at is not None else end_of_day_utc(d.day)
        rows.append(
            {
                "key": d.key,
                "period": d.period_id,
                "period_name": d.period_name,
                "kind": d.kind,
                "round": d.round,
                "label": d.label,
                "date": d.day.isoformat(),
                "text": long_date(d.day) + (f" innen kl. {d.at:%H.%M}" if d.at else ""),
                "ends_at": ends.isoformat().replace("+00:00", "Z"),
                "page": f"frister/{d.period_id}/",
            }
        )
    return (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def public_json(catalog: Catalog) -> bytes:
    """The whole published catalogue as one JSON document (the site's open-data export)."""

    def dump(items: Iterable[Any]) -> list[Any]:
        return [item.model_dump(mode="json") for item in items]

    document = {
        "periods": dump(catalog.periods),
        "extra_rounds": dump(catalog.extra_rounds),
        "organisations": dump(catalog.organisations),
        "rules": dump(catalog.rules),
        "learning_goals": dump(catalog.learning_goals),
        "common_goals": dump(catalog.common_goals),
        "templates": dump(catalog.templates),
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


__all__ = ["ALL_FEED", "CHANGE_LOG", "Page", "deadlines_json", "generated_pages", "public_json"]
