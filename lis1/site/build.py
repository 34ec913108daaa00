"""Builds the information site: hand-written pages + pages generated from data -> mkdocs -> site/.

The Markdown source is assembled in ``build/site-src/`` (generated, never edited by hand): the
pages of ``docs/pages/`` and the generated pages beside them, plus the feeds (served under
``/kalender/``) and the JSON exports. MkDocs then builds it strictly; any broken link, missing
anchor or page left out of the navigation fails the build.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from ..catalog import Catalog
from ..feeds import CHANGE_LOG, FEED_PATH
from .api_page import api_page, openapi_document, openapi_json
from .nav import navigation
from .pages import deadlines_json, fill_markers, generated_pages, public_json
from .shell import SHELL_SOURCE, shell_markdown, take_shell


class SiteError(Exception):
    """The site could not be built; the message says why, in Norwegian."""


def assemble_sources(
    root: Path, catalog: Catalog, calendars: dict[str, bytes], target: Path
) -> list[str]:
    """Write the complete Markdown source into ``target``; returns the generated page paths."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(root / "docs" / "pages", target)
    try:
        fill_markers(target, catalog)
    except ValueError as error:
        raise SiteError(str(error)) from error
    changes: list[dict[str, Any]] = json.loads(calendars.get(CHANGE_LOG, b"[]"))
    generated = []
    updated = max(p.updated for p in catalog.all_periods())
    openapi = openapi_document(str(catalog.site.public_url))
    for page in [*generated_pages(catalog, changes), api_page(openapi, updated)]:
        path = target / page.path
        if path.exists():
            raise SiteError(
                f"docs/pages/{page.path} finnes, men siden lages fra data/. "
                "Slett den håndskrevne filen."
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown(), encoding="utf-8")
        generated.append(page.path)
    shell = target / SHELL_SOURCE
    shell.parent.mkdir(parents=True, exist_ok=True)
    shell.write_text(shell_markdown(updated), encoding="utf-8")
    feeds = target / FEED_PATH
    feeds.mkdir(parents=True, exist_ok=True)
    for name, content in calendars.items():
        (feeds / name).write_bytes(content)
    (target / "data").mkdir(exist_ok=True)
    (target / "data" / "frister.json").write_bytes(deadlines_json(catalog))
    (target / "data" / "lis1.json").write_bytes(public_json(catalog))
    (target / "data" / "openapi.json").write_bytes(openapi_json(openapi))
    return generated


def build_site(
    root: Path,
    catalog: Catalog,
    calendars: dict[str, bytes],
    site_dir: Path,
    *,
    sources: Path | None = None,
) -> bytes:
    """Build the site into ``site_dir`` (which should be a fresh folder); returns the app shell
    the API's pages are rendered into (see :mod:`lis1.site.shell`), taken out of the site."""
    sources = sources or root / "build" / "site-src"
    assemble_sources(root, catalog, calendars, sources)
    try:
        config = load_config(
            str(root / "mkdocs.yml"),
            docs_dir=str(sources),
            site_dir=str(site_dir),
            site_url=str(catalog.site.public_url),
            nav=navigation(catalog, sources),
            strict=True,
        )
        mkdocs_build(config)
    except Exception as error:  # mkdocs raises Abort, PluginError, ConfigurationError …
        raise SiteError(f"Nettstedet kunne ikke bygges: {error}") from error
    return take_shell(site_dir)
