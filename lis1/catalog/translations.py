"""A data item's text in the language of the current request or build.

Bokmål is written in the item's own fields and English in its ``en:`` block under the same field
names (see ``english.py``), so pages, feeds and the API ask for a field by its bokmål name and
get it in :func:`lis1.i18n.current_locale`. The one fallback: an item with no ``en:`` (or no
English for that field) answers in bokmål, and ``tests/unit/test_data_translations.py`` fails
until the English is written. A name made from other fields (a period's "Våren 2024") is worded
by the item itself, through its ``<field>_in(language)`` method.
"""

from __future__ import annotations

from typing import Any

from ..i18n import DEFAULT_LOCALE, current_locale


def localized(item: Any, field: str) -> Any:
    """``item``'s ``field`` in the current language: the bokmål value, or its English."""
    return in_language(item, field, current_locale())


def in_language(item: Any, field: str, language: str) -> Any:
    """``item``'s ``field`` in ``language``, whatever the current locale is."""
    derived = getattr(item, f"{field}_in", None)
    if callable(derived):
        return derived(language)
    value = getattr(item, field)
    if language == DEFAULT_LOCALE:
        return value
    english = getattr(item, "en", None)
    translated = getattr(english, field, None) if english is not None else None
    return value if translated is None else translated


def has_english(item: Any, field: str) -> bool:
    """Whether ``field`` of ``item`` is written in English (a derived name always is)."""
    if callable(getattr(item, f"{field}_in", None)):
        return True
    english = getattr(item, "en", None)
    return english is not None and getattr(english, field, None) is not None
