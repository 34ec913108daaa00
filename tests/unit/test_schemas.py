"""The committed JSON Schemas match the models, and every data file validates against its schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from lis1.catalog.kinds import KINDS, Kind, schema_pointer
from lis1.catalog.schema import schema_files
from lis1.catalog.source import read_yaml

ROOT = Path(__file__).resolve().parents[2]
FILES = [(kind, path) for kind in KINDS for path in sorted((ROOT / "data" / kind.folder).glob("*"))]


def test_every_kind_has_data() -> None:
    assert {kind.folder for kind, _ in FILES} == {kind.folder for kind in KINDS}


def test_committed_schemas_match_the_models() -> None:
    for name, content in schema_files().items():
        assert (ROOT / "schemas" / name).read_bytes() == content, name


@pytest.mark.parametrize(("kind", "path"), FILES, ids=lambda v: getattr(v, "name", ""))
def test_data_file_validates_against_its_schema(kind: Kind, path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == schema_pointer(kind)
    schema = json.loads((ROOT / "schemas" / f"{kind.schema}.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    data = read_yaml(path, path.name).data
    errors = list(Draft202012Validator(schema).iter_errors(data))
    assert errors == []


def test_schema_rejects_what_the_models_reject() -> None:
    schema = json.loads((ROOT / "schemas" / "period.schema.json").read_text())
    data = read_yaml(ROOT / "data/periods/2018-host.yaml", "x").data
    data["rounds"][0]["answer_by"] = "31.10.2018"
    del data["rounds"][1]["marking"]
    data["extra"] = 1
    messages = [e.message for e in Draft202012Validator(schema).iter_errors(data)]
    assert len(messages) == 3
