"""Loads ``data/`` into a validated Catalog, or reports every problem with file and line.

One folder per kind of file; the kind decides the model and the JSON Schema. Model errors from
pydantic are rewritten in Norwegian with what was found and what is expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .catalog import Catalog
from .checks import check
from .kinds import KINDS, Kind, Loaded, schema_pointer
from .problems import Problem, field_path
from .source import SourceFile, YamlError, read_yaml


@dataclass(frozen=True)
class LoadResult:
    catalog: Catalog | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "feil"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "advarsel"]


def load_catalog(data_dir: Path) -> LoadResult:
    problems: list[Problem] = []
    loaded: list[Loaded] = []
    root = data_dir.parent
    known = {kind.folder for kind in KINDS}
    for entry in sorted(data_dir.iterdir()):
        if entry.name.startswith(".") or entry.name == "README.md":
            continue
        if entry.name not in known:
            problems.append(
                Problem(
                    _name(entry, root),
                    None,
                    "",
                    f"ukjent mappe eller fil i data/; kjente mapper er {', '.join(sorted(known))}.",
                )
            )
    for kind in KINDS:
        folder = data_dir / kind.folder
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            name = _name(path, root)
            if path.suffix != ".yaml":
                problems.append(Problem(name, None, "", "bare .yaml-filer hører hjemme her."))
                continue
            item = _load_file(kind, path, name, problems)
            if item is not None:
                loaded.append(item)
    if not any(item.kind.folder == "site" for item in loaded) and not problems:
        problems.append(Problem("data/site", None, "", "mangler data/site/site.yaml."))
    problems += check(loaded, all_files_read=not any(p.severity == "feil" for p in problems))
    if any(p.severity == "feil" for p in problems):
        return LoadResult(None, sorted(problems))
    return LoadResult(
        Catalog.from_models([(item.kind.folder, item.model) for item in loaded]), sorted(problems)
    )


def _name(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _load_file(kind: Kind, path: Path, name: str, problems: list[Problem]) -> Loaded | None:
    try:
        source = read_yaml(path, name)
    except YamlError as error:
        problems.append(error.problem)
        return None
    first = path.read_text(encoding="utf-8").splitlines()[:1]
    if first != [schema_pointer(kind)]:
        problems.append(Problem(name, 1, "", f"første linje skal være «{schema_pointer(kind)}»."))
    if not isinstance(source.data, dict):
        problems.append(
            Problem(
                name,
                source.first_line,
                "",
                "filen skal være en tabell av "
                "nøkler og verdier (nøkkel: verdi), ikke en liste eller tom.",
            )
        )
        return None
    try:
        model = kind.model.model_validate(source.data)
    except ValidationError as error:
        problems.extend(_explain(error_, source, kind.model) for error_ in error.errors())
        return None
    model_id = getattr(model, "id", path.stem)
    if model_id != path.stem:
        problems.append(
            Problem(
                name,
                source.line_of(("id",)),
                "id",
                f"id «{model_id}» skal være lik filnavnet «{path.stem}».",
            )
        )
    return Loaded(kind, source, model)


def _explain(error: ErrorDetails, source: SourceFile, model: type[BaseModel]) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    found = error.get("input")
    ctx = error.get("ctx") or {}
    shown = _shown(found)
    if kind == "missing":
        parent = loc[:-1]
        return Problem(
            source.name,
            source.line_of(parent) if parent else source.first_line,
            field_path(loc),
            "mangler. Alle nøkler skal stå i filen; skriv null (og "
            "en forklaring i note) hvis verdien ikke er kjent.",
        )
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        return Problem(
            source.name,
            source.line_of(loc, key=True),
            field_path(loc),
            f"ukjent nøkkel «{loc[-1]}». Tillatte nøkler her: {', '.join(allowed)}.",
        )
    message = _MESSAGES.get(kind)
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
    elif kind.startswith("datetime_"):
        message = "forventet et tidspunkt som finnes (dato som finnes, time 00–23, minutt 00–59)"
    elif kind.startswith("date_"):
        message = "forventet en dato som finnes (måned 1–12, dag som finnes i måneden)"
    elif kind == "literal_error":
        message = f"forventet en av {str(ctx.get('expected')).replace(' or ', ' eller ')}"
    elif kind == "string_pattern_mismatch":
        message = "forventet bare små bokstaver a-z, tall og bindestrek (eller koden slik "
        message += f"mønsteret krever: {ctx.get('pattern')})"
    elif kind in ("greater_than_equal", "less_than_equal"):
        sign = "minst" if kind == "greater_than_equal" else "høyst"
        message = f"forventet {sign} {ctx.get('ge', ctx.get('le'))}"
    if message is None:
        message = f"ugyldig verdi ({error['msg']})"
    return Problem(source.name, source.line_of(loc), field_path(loc), f"fant {shown}, {message}.")


def _shown(found: object) -> str:
    """The offending value as the editor wrote it, in YAML's words."""
    if isinstance(found, dict | list):
        return "en blokk"
    if found is None:
        return "null (tom verdi)"
    if isinstance(found, bool):
        return f"«{str(found).lower()}»"
    return f"«{found}»"


_MESSAGES: dict[str, str] = {
    "int_parsing": "forventet et heltall",
    "int_type": "forventet et heltall",
    "int_from_float": "forventet et heltall",
    "bool_parsing": "forventet true eller false",
    "bool_type": "forventet true eller false",
    "string_type": "forventet tekst",
    "string_too_short": "forventet tekst, ikke tomt",
    "list_type": "forventet en liste (linjer som starter med «- »)",
    "too_short": "forventet minst ett element i listen",
    "model_type": "forventet en blokk med nøkler",
    "dict_type": "forventet en blokk med nøkler",
    "url_parsing": "forventet en nettadresse som https://…",
    "url_scheme": "forventet en nettadresse som begynner med https://",
    "date_type": "forventet en dato som ÅÅÅÅ-MM-DD",
    "datetime_type": "forventet norsk tid som ÅÅÅÅ-MM-DDTtt:mm",
}


def _allowed_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys the model accepts at ``loc``, to suggest the right spelling."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[part].annotation
        current = next((arg for arg in _flatten(annotation) if _is_model(arg)), None)
        if current is None:
            return []
    return list(current.model_fields)


def _flatten(annotation: Any) -> list[Any]:
    args = getattr(annotation, "__args__", None)
    if not args:
        return [annotation]
    return [leaf for arg in args for leaf in _flatten(arg)]


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)
