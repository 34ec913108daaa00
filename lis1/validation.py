"""Norwegian wording of pydantic's validation errors, shared by the data files and the API.

pydantic speaks English; editors and users read Norwegian. Each message says what was expected;
the caller says what was found and where.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from .i18n import N_, _

_MESSAGES: dict[str, str] = {
    "missing": N_("mangler"),
    "int_parsing": N_("forventet et heltall"),
    "int_type": N_("forventet et heltall"),
    "int_from_float": N_("forventet et heltall"),
    "bool_parsing": N_("forventet true eller false"),
    "bool_type": N_("forventet true eller false"),
    "string_type": N_("forventet tekst"),
    "string_too_short": N_("forventet tekst, ikke tomt"),
    "string_too_long": N_("teksten er for lang"),
    "list_type": N_("forventet en liste"),
    "too_short": N_("forventet minst ett element i listen"),
    "too_long": N_("listen er for lang"),
    "model_type": N_("forventet en blokk med nøkler"),
    "model_attributes_type": N_("forventet en blokk med nøkler"),
    "dict_type": N_("forventet en blokk med nøkler"),
    "url_parsing": N_("forventet en nettadresse som https://…"),
    "url_scheme": N_("forventet en nettadresse som begynner med https://"),
    "date_type": N_("forventet en dato som ÅÅÅÅ-MM-DD"),
    "datetime_type": N_("forventet norsk tid som ÅÅÅÅ-MM-DDTtt:mm"),
    "extra_forbidden": N_("ukjent felt"),
    "uuid_parsing": N_("forventet en gyldig id"),
    "uuid_type": N_("forventet en gyldig id"),
    "enum": N_("forventet en av de tillatte verdiene"),
}


def expected(error: ErrorDetails) -> str:
    """What the field should have held, in Norwegian."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind.startswith("datetime_"):
        return _("forventet et tidspunkt som finnes (dato som finnes, time 00–23, minutt 00–59)")
    if kind.startswith("date_"):
        return _("forventet en dato som finnes (måned 1–12, dag som finnes i måneden)")
    if kind in ("literal_error", "enum"):
        choices = str(ctx.get("expected")).replace(" or ", _(" eller "))
        return _("forventet en av {choices}").format(choices=choices)
    if kind == "string_pattern_mismatch":
        return _(
            "forventet bare små bokstaver a-z, tall og bindestrek (eller koden slik mønsteret "
            "krever: {pattern})"
        ).format(pattern=ctx.get("pattern"))
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        sign = {
            "greater_than_equal": _("minst"),
            "less_than_equal": _("høyst"),
            "greater_than": _("mer enn"),
            "less_than": _("mindre enn"),
        }[kind]
        limit = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
        return _("forventet {sign} {limit}").format(sign=sign, limit=limit)
    if kind == "string_too_long":
        return _("teksten kan være høyst {limit} tegn").format(limit=ctx.get("max_length"))
    return _(_MESSAGES.get(kind, N_("ugyldig verdi")))


def found_text(found: object) -> str:
    """The offending value as a person wrote it, in YAML's and JSON's words."""
    if isinstance(found, dict | list):
        return _("en blokk")
    if found is None:
        return _("null (tom verdi)")
    if isinstance(found, bool):
        return f"«{str(found).lower()}»"
    text = str(found)
    return f"«{text[:60]}…»" if len(text) > 60 else f"«{text}»"


def allowed_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys the model accepts at ``loc``, to suggest the right spelling."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[part].annotation
        current = next((arg for arg in _flatten(annotation) if _is_model(arg)), None)
        if current is None:
            return []
    return [field.alias or name for name, field in current.model_fields.items()]


def _flatten(annotation: Any) -> list[Any]:
    args = getattr(annotation, "__args__", None)
    if not args:
        return [annotation]
    return [leaf for arg in args for leaf in _flatten(arg)]


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)
