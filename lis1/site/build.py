"""Builds the information site: hand-written pages + pages generated from data -> mkdocs -> site/.

The Markdown source is assembled in ``build/site-src/`` (generated, never edited by hand): the
pages of ``docs/pages/`` and the generated pages beside them, each in bokmål (``x.md``) and in
English (``x.en.md``, built to ``/en/`` by mkdocs-static-i18n), plus the feeds (served under
``/kalender/``) and the JSON exports. MkDocs then builds it strictly; any broken link, missing
anchor, page left out of the navigation or page without its other-language counterpart fails
the build.
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
from ..i18n import locale
from .api_page import api_page, openapi_document, openapi_json
from .languages import DEFAULT, ENGLISH, LANGUAGES, missing_counterparts
from .nav import navigation
from .pages import deadlines_json, fill_markers, generated_pages, public_json
from .shell import shell_markdown, shell_sources, take_shells


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
    pages = []
    openapi: dict[str, dict[str, Any]] = {}
    for language in LANGUAGES:
        with locale(language):
            openapi[language] = openapi_document(str(catalog.site.public_url))
            pages += [*generated_pages(catalog, changes), api_page(openapi[language], updated)]
    for page in pages:
        path = target / page.source
        if path.exists():
            raise SiteError(
                f"docs/pages/{page.source} finnes, men siden lages fra data/. "
                "Slett den håndskrevne filen."
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown(), encoding="utf-8")
        generated.append(page.source)
    for source in shell_sources().values():
        shell = target / source
        shell.parent.mkdir(parents=True, exist_ok=True)
        shell.write_text(shell_markdown(updated), encoding="utf-8")
    missing = missing_counterparts(target)
    if missing:
        raise SiteError(
            "Hver side skal finnes på bokmål (side.md) og engelsk (side.en.md). Disse mangler: "
            + ", ".join(missing)
        )
    feeds = target / FEED_PATH
    feeds.mkdir(parents=True, exist_ok=True)
    for name, content in calendars.items():
        (feeds / name).parent.mkdir(parents=True, exist_ok=True)  # kalender/en/
        (feeds / name).write_bytes(content)
    (target / "data").mkdir(exist_ok=True)
    (target / "data" / "frister.json").write_bytes(deadlines_json(catalog))
    (target / "data" / "lis1.json").write_bytes(public_json(catalog))
    (target / "data" / "openapi.json").write_bytes(openapi_json(openapi[DEFAULT]))
    return generated


def build_site(
    root: Path,
    catalog: Catalog,
    calendars: dict[str, bytes],
    site_dir: Path,
    *,
    sources: Path | None = None,
) -> dict[str, bytes]:
    """Build the site into ``site_dir`` (which should be a fresh folder; any folder works, so
    tests build into a temporary one); returns the app shells the API's pages are rendered into
    (file name -> bytes, see :mod:`lis1.site.shell`), taken out of the site."""
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
        with locale(ENGLISH):
            english_nav = navigation(catalog, sources, language=ENGLISH)
        _language_config(config, ENGLISH)["nav"] = english_nav
        mkdocs_build(config)
    except Exception as error:  # mkdocs raises Abort, PluginError, ConfigurationError …
        raise SiteError(f"Nettstedet kunne ikke bygges: {error}") from error
    return take_shells(site_dir)


def _language_config(config: Any, language: str) -> Any:
    """mkdocs-static-i18n's settings for ``language`` (mkdocs.yml), where its nav goes: the
    menu is made from data (period and template names), so it cannot be written there."""
    plugin = config.plugins["i18n"]
    found = [lang for lang in plugin.config.languages if lang.locale == language]
    if not found or language == DEFAULT:
        raise SiteError(f"mkdocs.yml: i18n-utvidelsen mangler språket {language}.")
    return found[0]
