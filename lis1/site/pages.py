"""Catalogue -> Markdown pages, in plain Python (no templating inside Markdown).

This module puts the site's generated pages together and writes the JSON exports. The pages
themselves are built in ``page_common`` (shared pieces and the calendars page), ``period_pages``
and ``reference_pages``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..catalog import Catalog
from ..feeds import ALL_FEED, CHANGE_LOG
from ..i18n import locale
from ..oslo import end_of_day_utc, oslo_wall_clock_to_utc
from .coming import next_region
from .languages import ENGLISH, language_of
from .page_common import Page, calendars_page, deadline_label, deadline_words, period_name
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


# --- parts of hand-written pages -------------------------------------------------------------

MARKERS: dict[str, Callable[[Catalog, str], str]] = {
    "neste-frist": lambda catalog, base: next_region(catalog, base, with_gaps=True),
}
"""What a hand-written page may ask for with ``<!-- lis1:NAME -->`` on a line of its own: a part
computed from data (``base`` leads from the page to the docs root), in the page's language."""

_MARKER = re.compile(r"^<!-- lis1:([a-z-]+) -->$", re.MULTILINE)


def fill_markers(docs: Path, catalog: Catalog) -> list[str]:
    """Replace every marker in the Markdown pages under ``docs``; returns the pages changed.
    An unknown marker is a ``ValueError`` naming the page, so a typo never reaches the site."""
    changed = []
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if "<!-- lis1:" not in text:
            continue
        rel = page.relative_to(docs)
        base = "../" * (len(rel.parts) - 1)

        def part(match: re.Match[str], rel: Path = rel, base: str = base) -> str:
            if match[1] not in MARKERS:
                known = ", ".join(MARKERS)
                raise ValueError(f"docs/pages/{rel}: ukjent merke «{match[1]}» (kjente: {known})")
            return MARKERS[match[1]](catalog, base)

        with locale(language_of(rel.as_posix())):
            page.write_text(_MARKER.sub(part, text), encoding="utf-8")
        changed.append(rel.as_posix())
    return changed


# --- JSON for scripts ---------------------------------------------------------------------------


def deadlines_json(catalog: Catalog) -> bytes:
    """Every published deadline with the UTC instant it ends, for the overview's small script;
    ``en`` holds the texts of an English page, as in data."""
    periods = {p.id: p for p in catalog.all_periods()}
    rows = []
    for d in catalog.deadlines():
        if d.day is None:
            continue
        ends = oslo_wall_clock_to_utc(d.at) if d.at is not None else end_of_day_utc(d.day)
        with locale(ENGLISH):
            english = {
                "period_name": period_name(periods[d.period_id]),
                "label": deadline_label(d),
                "text": deadline_words(d),
                "page": f"{ENGLISH}/frister/{d.period_id}/",
            }
        rows.append(
            {
                "key": d.key,
                "period": d.period_id,
                "period_name": d.period_name,
                "kind": d.kind,
                "round": d.round,
                "label": d.label,
                "date": d.day.isoformat(),
                "text": deadline_words(d),
                "ends_at": ends.isoformat().replace("+00:00", "Z"),
                "page": f"frister/{d.period_id}/",
                "en": english,
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


__all__ = [
    "ALL_FEED",
    "CHANGE_LOG",
    "Page",
    "deadlines_json",
    "fill_markers",
    "generated_pages",
    "public_json",
]
