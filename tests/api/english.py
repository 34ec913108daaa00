"""A stand-in English catalogue for the tests of English answers, so they need not wait for
lis1/locale/en.po: a handful of ids with a recognisable English text; anything else as written."""

from __future__ import annotations

import gettext
from collections.abc import Iterator

import pytest

from lis1 import i18n

EN = {"x-lis1-sprak": "en"}
"""What the gateway adds for an /en/api/ address."""
TEXTS = {
    "Du må logge inn for å gjøre dette.": "EN: You must sign in to do this.",
    "Varsler på e-post": "EN: E-mail notices",
    "Kvittering: søknad på LIS1-stilling": "EN: Receipt: application for a LIS1 position",
    "Du har fått tilbud om LIS1-stilling": "EN: You have been offered a LIS1 position",
    "Se tilbudet og svar her: {link}": "EN: See the offer and answer here: {link}",
    "Søknadsfrist: {deadline}": "EN: Application deadline: {deadline}",
    "Mine LIS1-frister": "EN: My LIS1 deadlines",
    "Svarfrist: tilbud fra {hf}": "EN: Answer by: offer from {hf}",
    "Endring i tilbud om LIS1-stilling": "EN: A change to your offer of a LIS1 position",
    "Helseforetaket har trukket tilbake tilbudet om {place} ({hf}).": (
        "EN: The health trust has withdrawn the offer of {place} ({hf})."
    ),
}


class _Catalogue(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return TEXTS.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return TEXTS.get(msgid1 if n == 1 else msgid2, msgid1 if n == 1 else msgid2)


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real = i18n.translations

    def translations(locale: str) -> gettext.NullTranslations:
        return _Catalogue() if locale == "en" else real(locale)

    monkeypatch.setattr(i18n, "translations", translations)
    yield
