"""Loads ``data/`` into a validated Catalog, or reports every problem with file and line.

One folder per kind of file; the kind decides the model and the JSON Schema. Model errors from
pydantic are rewritten in Norwegian with what was found and what is expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..validation import allowed_keys, expected, found_text
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
    shown = found_text(found)
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
        allowed = allowed_keys(model, loc[:-1])
        return Problem(
            source.name,
            source.line_of(loc, key=True),
            field_path(loc),
            f"ukjent nøkkel «{loc[-1]}». Tillatte nøkler her: {', '.join(allowed)}.",
        )
    message = expected(error)
    return Problem(source.name, source.line_of(loc), field_path(loc), f"fant {shown}, {message}.")
