"""What a request may carry before any of it reaches a rule or the store.

Every path parameter has a declared alphabet and length, every query parameter a route reads is
declared with its own, and a JSON body is bounded in depth and holds only text that can be
stored and sent back. A value outside these bounds is the caller's mistake (400, with the field
named), never the database's (a key over 2 KB) or the server's (a RecursionError, an answer that
cannot be encoded).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import InvalidInput
from ..i18n import N_, _

MAX_JSON_DEPTH = 16
"""Our bodies are flat; 16 leaves room and stays far below Python's recursion limit."""
MAX_FORM_FIELDS = 2100
"""The ranking form has a field per applicant (at most 2,000); the body limit bounds the rest."""
_FORBIDDEN_TEXT = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Lone surrogates (cannot be encoded) and control characters other than tab and line ends."""


@dataclass(frozen=True)
class Param:
    """A path or query parameter: its alphabet and length, and that rule in Norwegian."""

    name: str
    pattern: str
    expected: str
    description: str = ""

    def check(self, value: str) -> str | None:
        """The Norwegian complaint about ``value``, or None if it is fine."""
        if re.fullmatch(self.pattern, value) is None:
            return _(self.expected)
        return None


_ID = r"[a-z0-9][a-z0-9-]{0,79}"
_ID_TEXT = N_("forventet en id med små bokstaver a–z, tall og bindestrek (høyst 80 tegn)")

PATH_PARAMS: dict[str, Param] = {
    p.name: p
    for p in (
        Param("ad_id", r"[0-9a-f]{12}", N_("forventet en annonse-id: 12 tegn 0–9 og a–f")),
        Param("period_id", _ID, _ID_TEXT),
        Param("organisation_id", _ID, _ID_TEXT),
        Param(
            "subject",
            r"[A-Za-z0-9._~+/=:@|-]{1,200}",
            N_("forventet en person-id fra innloggingen (høyst 200 tegn uten mellomrom)"),
        ),
        Param(
            "invitation_id", r"[0-9a-f]{12}", N_("forventet en invitasjons-id: 12 tegn 0–9 og a–f")
        ),
        Param("relation_id", r"[0-9a-f]{12}", N_("forventet en rolle-id: 12 tegn 0–9 og a–f")),
        Param("activity_id", r"[0-9a-f]{12}", N_("forventet en aktivitets-id: 12 tegn 0–9 og a–f")),
        Param(
            "employment_id",
            r"[A-Za-z0-9-]{1,40}",
            N_("forventet en ansettelse fra porteføljen (høyst 40 tegn a–z, A–Z, 0–9 og -)"),
        ),
        Param(
            "code", r"[A-Z]{2,6}-[0-9]{1,4}", N_("forventet koden til et læringsmål, som KLS-001")
        ),
        Param(
            "conversation_id", r"[0-9a-f]{12}", N_("forventet en samtale-id: 12 tegn 0–9 og a–f")
        ),
        Param(
            "confirmation_id",
            r"[0-9a-f]{12}",
            N_("forventet en bekreftelses-id: 12 tegn 0–9 og a–f"),
        ),
        Param("token", r"[A-Za-z0-9_-]{43}", N_("forventet lenken fra invitasjonen, uendret")),
        Param(
            "calendar_token",
            r"[A-Za-z0-9_-]{43}(\.ics)?",
            N_("forventet kalenderadressen slik den ble vist, uendret"),
        ),
        Param("offer_id", r"[0-9a-f]{20}", N_("forventet en tilbuds-id: 20 tegn 0–9 og a–f")),
        Param("agent_id", r"[0-9a-f]{12}", N_("forventet en jobbagent-id: 12 tegn 0–9 og a–f")),
        Param("change", r"ansatt|frigi|trekk", N_("forventet ansatt, frigi eller trekk")),
        Param(
            "reference",
            r"[A-Za-z0-9 -]{4,30}",
            N_("forventet en kvitteringsreferanse som LIS1-ABCD-EFGH"),
        ),
    )
}
"""Every ``{name}`` in a route's path must be here (checked when the app is built)."""


def query_param(name: str, pattern: str, expected: str, description: str = "") -> Param:
    return Param(name, pattern, expected, description)


def notice_text(query: Mapping[str, str], notices: Mapping[str, str]) -> str | None:
    """The message ``melding`` names, translated; None for none or an unknown code."""
    code = query.get("melding", "")
    return _(notices[code]) if code in notices else None


def notice_query(codes: list[str]) -> Param:
    """``melding``: which message a page shows after a change; only these codes, never text."""
    return Param(
        "melding",
        "|" + "|".join(codes),
        N_("forventet en kjent melding"),
        N_("Melding etter en endring."),
    )


def id_query(name: str, description: str) -> Param:
    return Param(name, f"|{_ID}", _ID_TEXT, description)


def checked_params(declared: Mapping[str, Param], given: Mapping[str, str]) -> dict[str, str]:
    """``given`` limited to the declared names, each checked; InvalidInput names every bad one.
    Undeclared query parameters are ignored, as a gateway would pass them on unread."""
    fields: dict[str, str] = {}
    found: dict[str, str] = {}
    for name, value in given.items():
        param = declared.get(name)
        if param is None:
            continue
        problem = (
            _("inneholder tegn som ikke kan brukes") if _FORBIDDEN_TEXT.search(value) else None
        )
        problem = problem or param.check(value)
        if problem is not None:
            fields[name] = problem
        else:
            found[name] = value
    if fields:
        raise InvalidInput(_("Adressen har verdier som ikke kan brukes."), fields=fields)
    return found


def parse_json(raw: bytes) -> Any:
    """The JSON document in ``raw``, refused (InvalidInput) if it is not JSON, nests deeper than
    :data:`MAX_JSON_DEPTH`, or holds text that cannot be stored."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(_("Innholdet er ikke gyldig UTF-8."), code="ugyldig_json") from None
    if _depth(text) > MAX_JSON_DEPTH:
        raise InvalidInput(
            _("Innholdet er nøstet for dypt (høyst {levels} nivåer).").format(
                levels=MAX_JSON_DEPTH
            ),
            code="ugyldig_json",
        )
    try:
        data = json.loads(text)
    except ValueError:
        raise InvalidInput(_("Innholdet er ikke gyldig JSON."), code="ugyldig_json") from None
    bad = _bad_text(data)
    if bad is not None:
        raise InvalidInput(
            _(
                "Innholdet har tegn som ikke kan brukes (kontrolltegn eller ufullstendige "
                "Unicode-tegn)."
            ),
            code="ugyldige_tegn",
            fields={bad: _("inneholder tegn som ikke kan brukes")} if bad else {},
        )
    return data


def check_form_text(form: Mapping[str, str]) -> None:
    bad = [name for name, value in form.items() if _FORBIDDEN_TEXT.search(value + name)]
    if bad:
        raise InvalidInput(
            _("Skjemaet har tegn som ikke kan brukes."),
            code="ugyldige_tegn",
            fields={_printable(name): _("inneholder tegn som ikke kan brukes") for name in bad},
        )


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON ``text``, strings skipped."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _bad_text(data: Any, where: str = "") -> str | None:
    """The path of the first key or string that cannot be stored or sent back, else None."""
    if isinstance(data, str):
        return where if _FORBIDDEN_TEXT.search(data) else None
    if isinstance(data, list):
        for index, item in enumerate(data):
            found = _bad_text(item, f"{where}.{index}" if where else str(index))
            if found is not None:
                return found
    if isinstance(data, dict):
        for key, value in data.items():
            if _FORBIDDEN_TEXT.search(key):
                return where
            found = _bad_text(value, f"{where}.{key}" if where else key)
            if found is not None:
                return found
    return None


def _printable(text: str) -> str:
    return _FORBIDDEN_TEXT.sub("\ufffd", text)


def sendable(text: str) -> str:
    """``text`` with anything that cannot be encoded as UTF-8 replaced, for answers."""
    return re.sub(r"[\ud800-\udfff]", "\ufffd", text)
