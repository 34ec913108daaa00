"""MkDocs hook, thin glue only: every page says when it was last updated, in its own language,
and the theme gets the language link and its few texts.

Hand-written pages carry ``updated: ÅÅÅÅ-MM-DD`` in their front matter; generated pages get it
from the data they show. A page without it fails the build, so "Sist oppdatert" is never blank.
mkdocs-static-i18n builds the site once per language into one folder; the English build would
overwrite the bokmål ``404.html``, so its own goes to ``en/404.html`` instead.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from lis1.i18n import _, locale
from lis1.site.languages import DEFAULT, language_links
from lis1.wording import long_date

PERMALINK_TITLE = "Lenke til denne delen"
"""mkdocs.yml's toc permalink title (markdown options cannot differ per language)."""


def theme_texts() -> dict[str, str]:
    """The words the theme's overrides show, in the current locale."""
    return {
        "updated": _("Sist oppdatert"),
        "my_page": _("Min side"),
        "open_data": _("Åpne data om LIS1."),
        "about": _("Om tjenesten"),
        "accessibility": _("Tilgjengelighetserklæring"),
        "privacy": _("Personvern"),
        "calendars": _("Kalendere"),
        "my_page_sign_in": _("Min side (logg inn)"),
        "not_found": _("Fant ikke siden"),
        "not_found_text": _(
            "Adressen finnes ikke på dette nettstedet. Kanskje er siden flyttet, eller det er en "
            "skrivefeil i adressen."
        ),
        "front_page": _("Gå til forsiden"),
        "all_deadlines": _("Se alle frister"),
        "use_search": _("Eller bruk søket øverst på siden."),
    }


def _language(config: Any) -> str:
    return str(config.theme["language"])


def on_env(env: Any, config: Any, files: Any) -> Any:
    with locale(_language(config)):
        env.globals["lis1_text"] = theme_texts()
    env.globals["lis1_prefix"] = "" if _language(config) == DEFAULT else f"{_language(config)}/"
    return env


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
    with locale(_language(config)):
        page.meta["sist_oppdatert"] = long_date(updated, with_weekday=False)
    return markdown


def on_page_content(content: str, page: Any, config: Any, files: Any) -> str:
    if _language(config) == DEFAULT:
        return content
    with locale(_language(config)):
        title = html.escape(_("Lenke til denne delen"), quote=True)
    return content.replace(f'title="{PERMALINK_TITLE}"', f'title="{title}"')


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    context["lis1_lang"] = language_links(page, config)
    return context


def on_template_context(context: Any, template_name: str, config: Any) -> Any:
    context["lis1_lang"] = language_links(None, config)
    return context


def on_post_template(output: str, template_name: str, config: Any) -> str:
    if template_name != "404.html" or _language(config) == DEFAULT:
        return output
    target = Path(config.site_dir) / _language(config) / template_name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return ""  # mkdocs writes nothing for an empty template, so /404.html stays bokmål
