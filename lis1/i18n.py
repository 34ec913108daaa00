"""Every text a person reads goes through a gettext message catalogue.

The texts are written in bokmål, which is authoritative (legal wording must not drift), so a
message id is the bokmål text itself and ``lis1/locale/nb`` is complete by construction; an
English catalogue can be added beside it without touching the code. Catalogues are compiled
(``.mo``) by ``lis1 build`` from the ``.po`` files an editor or translator changes, and read here
with the standard library only, so the Lambda package needs no Babel.

``_`` translates at once, in the locale of the current request (bokmål unless one is chosen);
``N_`` only marks a text for extraction where it must be translated later (class attributes).
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

DOMAIN = "lis1"
LOCALES = Path(__file__).resolve().parent / "locale"
DEFAULT_LOCALE = "nb"
SUPPORTED = ("nb", "en")

_locale: ContextVar[str] = ContextVar("lis1_locale", default=DEFAULT_LOCALE)


@cache
def translations(locale: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``locale``; the texts as written if it is missing (a fresh
    checkout before ``lis1 build``, or a locale not translated yet)."""
    return gettext.translation(DOMAIN, LOCALES, languages=[locale], fallback=True)


def _(message: str) -> str:
    return translations(_locale.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_locale.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    return message


def current_locale() -> str:
    return _locale.get()


@contextmanager
def locale(name: str) -> Iterator[None]:
    """Texts made inside the block are in ``name``."""
    token = _locale.set(name if name in SUPPORTED else DEFAULT_LOCALE)
    try:
        yield
    finally:
        _locale.reset(token)
