"""Names and e-mail addresses as people type them, made comparable.

One folding serves two rules: finding a person by the start of their name or e-mail (an editor
granting a role), and checking that whoever accepts an invitation is the person it names
(:mod:`lis1.domain.invitations`). Both must treat "René" and "rene" alike, or an editor finds no
one and an invitee waits for a confirmation for nothing.

Folding (:func:`fold`): Unicode NFC, then per letter NFKD with the combining marks dropped,
casefolded; everything but letters, digits, ``@`` and ``.`` becomes a space, and runs of spaces
one. So "MÜLLER" folds to "muller", "Kari-Anne" to "kari anne" and "ﬁ" to "fi".

Æ, Ø and Å are letters of their own in Norwegian, not A and O with marks: they sort after Z, and
Åse and Ase are two names. So they are kept: "øyv" finds Øyvind and "åse" finds Åse, but "oyv"
does not find Øyvind and "ase" not Åse. Æ and Ø have no Unicode decomposition anyway; Å has
(A and a ring), so it is held back from NFKD here, also when it was typed as A plus a combining
ring. Letters foreign to Norwegian fold to their base letter (ö to o, ä to a, é to e).
"""

from __future__ import annotations

import unicodedata

MIN_SEARCH = 2
"""Folded characters a search needs: one letter would match a large share of everyone."""
MAX_TERM = 100
"""Characters of a search term kept; longer names and searches are compared on this start."""
MAX_WORDS = 8
"""Words of a name that each start a search term (more would only be middle names)."""

_OWN_LETTERS = frozenset("åÅ")
_KEPT_PUNCTUATION = frozenset("@.")
_NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})
"""After z in code point order ('{', '|', '}' follow 'z'), and æ before ø before å."""


def fold(text: str) -> str:
    """``text`` folded for comparing names and e-mail addresses (see the module's doc)."""
    letters = []
    for char in unicodedata.normalize("NFC", text):
        if char in _OWN_LETTERS:
            letters.append("å")
            continue
        # Decomposed, casefolded and decomposed again: casefolding may bring marks ("İ").
        decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", char).casefold())
        for part in decomposed:
            if unicodedata.combining(part):
                continue
            letters.append(part if part.isalnum() or part in _KEPT_PUNCTUATION else " ")
    return " ".join("".join(letters).split())


def search_text(text: str) -> str | None:
    """What a search for ``text`` compares with: folded, cut to :data:`MAX_TERM`; None when
    shorter than :data:`MIN_SEARCH` characters."""
    folded = fold(text)[:MAX_TERM]
    return folded if len(folded) >= MIN_SEARCH else None


def search_terms(name: str, email: str | None) -> frozenset[str]:
    """What a person is found by: a search matches when one of these starts with its text.

    The folded name from each of its first :data:`MAX_WORDS` words on ("kari anne nordmann",
    "anne nordmann", "nordmann"): so the whole name, any word of it, and any run of words, are
    found from their start. And the folded e-mail address. Each cut to :data:`MAX_TERM`; terms
    shorter than :data:`MIN_SEARCH` are left out, as no search can match them."""
    folded = fold(name)
    starts = [0] + [n + 1 for n, char in enumerate(folded) if char == " "]
    terms = {folded[start:][:MAX_TERM] for start in starts[:MAX_WORDS]}
    if email:
        terms.add(fold(email)[:MAX_TERM])
    return frozenset(term for term in terms if len(term) >= MIN_SEARCH)


def name_order(name: str) -> str:
    """A key that sorts names as a Norwegian list does: folded, with æ, ø, å after z."""
    return fold(name).translate(_NORWEGIAN_ORDER)
