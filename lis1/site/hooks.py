"""MkDocs hook, thin glue only: every page must say when it was last updated.

Hand-written pages carry ``updated: ÅÅÅÅ-MM-DD`` in their front matter; generated pages get it
from the data they show. A page without it fails the build, so "Sist oppdatert" is never blank.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from mkdocs.exceptions import PluginError

from lis1.norwegian import long_date


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    updated = page.meta.get("updated")
    if isinstance(updated, str):
        try:
            updated = date.fromisoformat(updated)
        except ValueError:
            updated = None
    if not isinstance(updated, date):
        raise PluginError(
            f"{page.file.src_uri}: mangler «updated: ÅÅÅÅ-MM-DD» øverst på siden (front matter)."
        )
    page.meta["updated"] = updated.isoformat()
    page.meta["sist_oppdatert"] = long_date(updated, with_weekday=False)
    return markdown
