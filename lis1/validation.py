"""Norwegian wording of pydantic's validation errors, shared by the data files and the API.

pydantic speaks English; editors and users read Norwegian. Each message says what was expected;
the caller says what was found and where.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

_MESSAGES: dict[str, str] = {
    "missing": "mangler",
    "int_parsing": "forventet et heltall",
    "int_type": "forventet et heltall",
    "int_from_float": "forventet et heltall",
    "bool_parsing": "forventet true eller false",
    "bool_type": "forventet true eller false",
    "string_type": "forventet tekst",
    "string_too_short": "forventet tekst, ikke tomt",
    "string_too_long": "teksten er for lang",
    "list_type": "forventet en liste",
    "too_short": "forventet minst ett element i listen",
    "too_long": "listen er for lang",
    "model_type": "forventet en blokk med nøkler",
    "model_attributes_type": "forventet en blokk med nøkler",
    "dict_type": "forventet en blokk med nøkler",
    "url_parsing": "forventet en nettadresse som https://…",
    "url_scheme": "forventet en nettadresse som begynner med https://",
    "date_type": "forventet en dato som ÅÅÅÅ-MM-DD",
    "datetime_type": "forventet norsk tid som ÅÅÅÅ-MM-DDTtt:mm",
    "extra_forbidden": "ukjent felt",
    "uuid_parsing": "forventet en gyldig id",
    "uuid_type": "forventet en gyldig id",
    "enum": "forventet en av de tillatte verdiene",
}


def expected(error: ErrorDetails) -> str:
    """What the field should have held, in Norwegian."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind.startswith("datetime_"):
        return "forventet et tidspunkt som finnes (dato som finnes, time 00–23, minutt 00–59)"
    if kind.startswith("date_"):
        return "forventet en dato som finnes (måned 1–12, dag som finnes i måneden)"
    if kind in ("literal_error", "enum"):
        return f"forventet en av {str(ctx.get('expected')).replace(' or ', ' eller ')}"
    if kind == "string_pattern_mismatch":
        return (
            "forventet bare små bokstaver a-z, tall og bindestrek (eller koden slik mønsteret "
            f"krever: {ctx.get('pattern')})"
        )
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        sign = {
            "greater_than_equal": "minst",
            "less_than_equal": "høyst",
            "greater_than": "mer enn",
            "less_than": "mindre enn",
        }[kind]
        limit = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
        return f"forventet {sign} {limit}"
    if kind == "string_too_long":
        return f"teksten kan være høyst {ctx.get('max_length')} tegn"
    return _MESSAGES.get(kind, "ugyldig verdi")


def found_text(found: object) -> str:
    """The offending value as a person wrote it, in YAML's and JSON's words."""
    if isinstance(found, dict | list):
        return "en blokk"
    if found is None:
        return "null (tom verdi)"
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
