"""JSON Schemas of the data files, exported from the models for editors' YAML plug-ins."""

from __future__ import annotations

import json
from typing import Any

from .kinds import KINDS, Kind


def json_schema(kind: Kind) -> dict[str, Any]:
    schema = kind.model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{kind.schema}.schema.json",
        **schema,
    }


def schema_files() -> dict[str, bytes]:
    """File name -> bytes of every schema, exactly as committed in ``schemas/``."""
    return {
        f"{kind.schema}.schema.json": (
            json.dumps(json_schema(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        ).encode("utf-8")
        for kind in KINDS
    }
