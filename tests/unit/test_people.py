"""Finding people: the folding of names (lis1/domain/people.py) and the editors' search
(lis1/services/accounts.py find_people) on the in-memory store."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lis1.domain.people import fold, name_order, search_terms, search_text
from lis1.errors import Forbidden, InvalidInput
from lis1.identity import Grant, Principal, Role, User
from lis1.services.accounts import PEOPLE_FOUND, find_people
from lis1.store.bundle import memory_store

EDITOR = Principal("editor-1", "Rita Redaktør", frozenset({Grant(Role.EDITOR)}))
ADMIN = Principal("admin-1", "Berit Admin", frozenset({Grant(Role.HF_ADMIN, "helse-bergen")}))
JOINED = datetime(2024, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Øyvind", "øyvind"),
        ("ÆRLIG", "ærlig"),
        ("Åse", "åse"),
        ("A\u030ase", "åse"),  # Å typed as A and a combining ring
        ("\u212bse", "åse"),  # the Ångström sign
        ("René Müller", "rene muller"),
        ("Kari-Anne  O'Neill", "kari anne o neill"),
        ("Straße", "strasse"),
        ("İlker", "ilker"),
        ("ﬁne", "fine"),
        ("Kari.N@Example.NO", "kari.n@example.no"),
        ("  \t ", ""),
        ("#", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_ae_oe_aa_stay_letters_of_their_own() -> None:
    assert fold("Åse") != fold("Ase")
    assert fold("Øyvind") != fold("Oyvind")
    assert fold("Kjær") != fold("Kjaer")
    assert fold("Öberg") == fold("Oberg")  # not a Norwegian letter: folded to its base


def test_search_terms_are_the_name_from_each_word_on_and_the_email() -> None:
    assert search_terms("Kari Anne Nordmann", "Kari@Example.no") == {
        "kari anne nordmann",
        "anne nordmann",
        "nordmann",
        "kari@example.no",
    }
    assert search_terms("A B", None) == {"a b"}  # a lone letter is no term
    assert search_terms("", None) == frozenset()
    many = search_terms(" ".join(f"navn{n}" for n in range(12)), None)
    assert len(many) == 8
    assert all(len(term) <= 100 for term in search_terms("x" * 300, "y" * 300 + "@z.no"))
    assert all("#" not in term for term in search_terms("Kari #1", "k#ari@x.no"))


def test_search_text_needs_two_characters_once_folded() -> None:
    assert search_text("Ø") is None
    assert search_text(" é ") is None
    assert search_text("øy") == "øy"
    assert search_text("x" * 300) == "x" * 100


def test_names_sort_in_norwegian_order() -> None:
    names = ["Åse", "Øyvind", "Ærlig", "Zorro", "anne", "Anne", "Aaron"]
    assert sorted(names, key=name_order) == [
        "Aaron",
        "anne",
        "Anne",
        "Zorro",
        "Ærlig",
        "Øyvind",
        "Åse",
    ]


def test_editors_find_people_by_name_or_email() -> None:
    store = memory_store()
    store.users.save(User("sub-1", "Øyvind Nordmann", "oyvind@example.no", JOINED))
    store.users.save(User("sub-2", "Åse Berg", None, JOINED))
    assert [u.subject for u in find_people(store, who=EDITOR, text="øyv")] == ["sub-1"]
    assert [u.subject for u in find_people(store, who=EDITOR, text="OYVIND@")] == ["sub-1"]
    assert [u.subject for u in find_people(store, who=EDITOR, text="berg")] == ["sub-2"]
    assert find_people(store, who=EDITOR, text="ase") == []


def test_a_search_shows_at_most_a_page_of_people() -> None:
    store = memory_store()
    for n in range(PEOPLE_FOUND + 5):
        store.users.save(User(f"sub-{n:02d}", f"Kari Nummer{n:02d}", None, JOINED))
    found = find_people(store, who=EDITOR, text="kari")
    assert [u.subject for u in found] == [f"sub-{n:02d}" for n in range(PEOPLE_FOUND)]


def test_only_editors_search_for_people() -> None:
    store = memory_store()
    store.users.save(User("sub-1", "Kari Nordmann", None, JOINED))
    for who in (ADMIN, Principal("sub-1", "Kari Nordmann")):
        with pytest.raises(Forbidden) as refused:
            find_people(store, who=who, text="kari")
        assert refused.value.code == "ikke_redaktør"


@pytest.mark.parametrize("text", ["", "k", " k ", "é", "-"])
def test_a_search_under_two_characters_is_refused_in_norwegian(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        find_people(memory_store(), who=EDITOR, text=text)
    assert refused.value.code == "for_kort_søk"
    assert refused.value.message == "Skriv minst 2 bokstaver av navnet eller e-postadressen."
    assert refused.value.fields == {"text": refused.value.message}
