"""The English catalogue is whole: every bokmål text has English, with the same placeholders, and
no English text is just the bokmål left in place (a short allow-list of names and words that are
the same in both languages). The checks read ``lis1/locale/en.po``, the file a translator edits;
each is also run once on a broken copy, so a check that cannot fail is caught here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message

from lis1.catalogues import Catalogues, read
from lis1.devtools.translate_merge import merge
from lis1.i18n import _, locale, ngettext

PACKAGE = Path(__file__).resolve().parents[2] / "lis1"

SAME_IN_ENGLISH = {
    "lis1": "the name of the training; the service writes it the same in English",
    "cv": "the same abbreviation in English (the page and the document are called CV)",
    "json": "a file format's name (a download link)",
    "pdf": "a file format's name (a download link)",
    "outlook": "a product's name (how to subscribe to the calendar in Outlook)",
    "status": "the same word in English (a column heading and a label)",
    "type": "the same word in English (a field label: the kind of activity or position)",
}
"""Words an English text may share with its bokmål id, each with the reason. A text that is
only placeholders, numbers and punctuation (``{kind}, {day}``) needs no entry."""

_PLACEHOLDER = re.compile(
    r"%\((?P<named>\w+)\)[#0 +-]*\d*(?:\.\d+)?[a-zA-Z]"  # %(name)s, %(num)d
    r"|%(?P<bare>[#0 +-]*\d*(?:\.\d+)?[a-zA-Z%])"  # %s, %d, %% (an escaped percent sign)
    r"|\{\{|\}\}"  # escaped braces
    r"|\{(?P<brace>[^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}"  # {name}, {name:%d}
)


def placeholders(text: str) -> list[str]:
    found = []
    for match in _PLACEHOLDER.finditer(text):
        if match["named"] is not None:
            found.append(f"%({match['named']})")
        elif match["bare"] is not None:
            found.append(f"%{match['bare'][-1]}")
        elif match["brace"] is not None:
            found.append(f"{{{match['brace']}}}")
    return sorted(found)


def catalogue(locale_name: str = "en") -> Catalog:
    return read(Catalogues(PACKAGE).po(locale_name), locale_name)


def _pairs(message: Message) -> Iterator[tuple[str, str]]:
    """(bokmål, English) for each form: English plural forms against the bokmål plural."""
    if isinstance(message.id, str):
        yield message.id, message.string if isinstance(message.string, str) else ""
        return
    strings = tuple(message.string) if isinstance(message.string, (tuple, list)) else ()
    for index, english in enumerate(strings or ("",) * 2):
        yield message.id[min(index, 1)], english


def _messages(cat: Catalog) -> list[Message]:
    return [message for message in cat if message.id]


def untranslated(cat: Catalog) -> list[str]:
    """Texts with an empty English form (or with fewer plural forms than English has)."""
    missing = []
    for message in _messages(cat):
        forms = list(_pairs(message))
        if any(not english.strip() for _, english in forms) or (
            not isinstance(message.id, str) and len(forms) != cat.num_plurals
        ):
            missing.append(str(message.id))
    return missing


def placeholders_differ(cat: Catalog) -> list[str]:
    return [
        f"{bokmaal!r} -> {english!r}"
        for message in _messages(cat)
        for bokmaal, english in _pairs(message)
        if english and placeholders(english) != placeholders(bokmaal)
    ]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]+", _PLACEHOLDER.sub(" ", text).casefold()))


def same_as_bokmaal(cat: Catalog) -> list[str]:
    return [
        bokmaal
        for message in _messages(cat)
        for bokmaal, english in _pairs(message)
        if english.strip() == bokmaal.strip() and not _words(bokmaal) <= SAME_IN_ENGLISH.keys()
    ]


def test_every_bokmaal_text_has_english() -> None:
    english = catalogue("en")
    assert {m.id for m in _messages(catalogue("nb"))} <= {m.id for m in _messages(english)}
    assert len(_messages(english)) > 1000
    assert untranslated(english) == []


def test_the_english_keeps_every_placeholder() -> None:
    assert placeholders_differ(catalogue()) == []


def test_no_english_text_is_the_bokmaal_left_in_place() -> None:
    assert same_as_bokmaal(catalogue()) == []


def _find(cat: Catalog, message_id: str) -> Message:
    message = cat.get(message_id)
    assert message is not None, message_id
    return message


@pytest.mark.parametrize(
    ("message_id", "broken"),
    [
        ("Min side", ""),
        ("%(num)d søknad", ("%(num)d application", "")),
        ("%(num)d søknad", ("%(num)d application",)),
    ],
)
def test_a_missing_translation_is_found(message_id: str, broken: str | tuple[str, ...]) -> None:
    cat = catalogue()
    _find(cat, message_id).string = broken
    assert untranslated(cat) == [str(_find(cat, message_id).id)]


@pytest.mark.parametrize(
    ("message_id", "broken"),
    [
        ("Porteføljen til %(name)s", "Portfolio of %(navn)s"),
        ("Søknadsfristen var {deadline}.", "The application deadline has passed."),
        ("Svarfrist: %(deadline)s", "Answer deadline: %(deadline)s %(extra)s"),
        ("Runde {number}", "Round {numbr}"),
        ("%(num)d søknad", ("%(num)d application", "%d applications")),
        ("%(num)d søknad", ("%(num)d application", "applications")),
    ],
)
def test_a_changed_placeholder_is_found(message_id: str, broken: str | tuple[str, ...]) -> None:
    cat = catalogue()
    _find(cat, message_id).string = broken
    assert len(placeholders_differ(cat)) == 1


@pytest.mark.parametrize(("message_id", "form"), [("Min side", None), ("%(num)d stilling", 1)])
def test_bokmaal_left_in_place_is_found(message_id: str, form: int | None) -> None:
    cat = catalogue()
    message = _find(cat, message_id)
    if form is None:
        message.string = message.id
    else:
        assert isinstance(message.string, tuple)
        strings = list(message.string)
        strings[form] = message.id[form]
        message.string = tuple(strings)
    assert same_as_bokmaal(cat) == [message.id if form is None else message.id[form]]


def test_only_allowed_words_may_stay_as_they_are() -> None:
    cat = Catalog(locale="en")
    cat.add("Status: %(status)s", "Status: %(status)s")  # allowed word and a placeholder
    cat.add("{kind}, {day}", "{kind}, {day}")  # nothing to translate
    cat.add("PDF", "PDF")
    cat.add("Status for søknaden", "Status for søknaden")  # allowed word, then bokmål
    assert same_as_bokmaal(cat) == ["Status for søknaden"]


def test_the_merge_fills_only_empty_texts_with_matching_placeholders() -> None:
    cat = Catalog(locale="en")
    cat.add("Min side", "")
    cat.add("Søknadsfristen var {deadline}.", "")
    cat.add(("%(num)d søknad", "%(num)d søknader"), ("", ""))
    cat.add("Logg inn", "Sign in")
    outcome = merge(
        cat,
        {
            "Min side": "My page",
            "Søknadsfristen var {deadline}.": "The deadline has passed.",
            "%(num)d søknad": ["%(num)d application", "%(num)d applications"],
            "Logg inn": "Log in",
        },
    )
    assert _find(cat, "Min side").string == "My page"
    assert _find(cat, "Logg inn").string == "Sign in"  # a translation is never replaced
    assert _find(cat, "%(num)d søknad").string == ("%(num)d application", "%(num)d applications")
    assert outcome.mismatched == outcome.left == ["Søknadsfristen var {deadline}."]


def test_the_compiled_english_catalogue_is_used() -> None:
    """Needs ``lis1 build`` after en.po changes: it compiles ``lis1/locale/en/…/lis1.mo``."""
    with locale("en"):
        assert _("Min side") == "My page"
        assert ngettext("%(num)d søknad", "%(num)d søknader", 2) == "%(num)d applications"
    assert _("Min side") == "Min side"
