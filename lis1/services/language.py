"""The language a person's mails are written in: the one they chose on "Varsler", or else the
one they last read the pages in.

Pages answer in the language of their address (``/en/...``); a mail has no address, so the
language is recorded beside the person's notice preferences (:class:`LanguageRecord`): when a
signed-in person reads a page in another language than the recorded one (one read, and a write
only on a change), unless they chose a language for their mails, which page views then leave
alone. Nothing recorded: bokmål, the authoritative language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from ..i18n import DEFAULT_LOCALE, SUPPORTED, current_locale, locale
from .ports.notices import LanguageRecord
from .ports.store import Store


def mail_language(store: Store, subject: str) -> str:
    """``nb`` or ``en``: what ``subject``'s mails are composed in (``with locale(...)``)."""
    recorded = store.notices.language(subject)
    if recorded is None or recorded.language not in SUPPORTED:
        return DEFAULT_LOCALE
    return recorded.language


def remember_language(store: Store, subject: str, language: str, *, now: datetime) -> bool:
    """A page view in ``language``: recorded for the person's mails unless they chose one;
    True if it was written."""
    if language not in SUPPORTED:
        return False
    recorded = store.notices.language(subject)
    if recorded is not None and (recorded.chosen or recorded.language == language):
        return False
    if recorded is None and language == DEFAULT_LOCALE:
        return False
    store.notices.set_language(subject, LanguageRecord(language), at=now)
    return True


def choose_language(store: Store, subject: str, language: str, *, now: datetime) -> bool:
    """The person's own choice on "Varsler"; True if their mails' language changed."""
    recorded = store.notices.language(subject)
    before = DEFAULT_LOCALE if recorded is None else recorded.language
    if recorded != LanguageRecord(language, chosen=True):
        store.notices.set_language(subject, LanguageRecord(language, chosen=True), at=now)
    return before != language


@contextmanager
def in_language_of(store: Store, subject: str) -> Iterator[None]:
    """Texts made inside the block (a mail to ``subject``) are in that person's language."""
    with locale(mail_language(store, subject)):
        yield


def localized_path(path: str) -> str:
    """A page's address (``/api/tilbud``) in the current language, for a link in a mail:
    ``/en/api/tilbud`` in English."""
    return f"/en{path}" if current_locale() == "en" else path


BETWEEN_LANGUAGES = "\n\n――――――――――――――――――――\n\n"


def in_both_languages(compose: Callable[[], tuple[str, str]]) -> tuple[str, str]:
    """Subject and body of a mail to someone whose language we cannot know (an invitation to an
    e-mail address, before its owner has signed in): ``compose`` is called in bokmål, then in
    English, and the two are sent as one mail, bokmål first."""
    parts = []
    for language in SUPPORTED:
        with locale(language):
            parts.append(compose())
    return " / ".join(s for s, _b in parts), BETWEEN_LANGUAGES.join(b for _s, b in parts)
