"""The package and template, made once per run into a temporary folder from the site the tests
built (nothing is written into the checkout)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lis1.deploy.package import Packaged, package
from tests.conftest import made_once

REPO_ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="session")
def packaged(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Packaged:
    """Made by the first worker that needs it (about 30 s), read by the others."""
    with made_once(tmp_path_factory, "deploy") as (out, to_make):
        record = out / "packaged.json"
        if to_make:
            made = package(REPO_ROOT, site=built_site, out=out)
            record.write_text(json.dumps(dataclasses.asdict(made), default=str), "utf-8")
        values = json.loads(record.read_text("utf-8"))
    paths = {f.name for f in dataclasses.fields(Packaged) if "Path" in str(f.type)}
    return Packaged(**{k: Path(v) if k in paths else v for k, v in values.items()})


@pytest.fixture(scope="session")
def template(packaged: Packaged) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(packaged.template.read_text("utf-8"))
    return loaded


@pytest.fixture(scope="session")
def moto_server() -> Iterator[str]:
    """A moto server (AWS's APIs, faked) in this process, for what DynamoDB Local is not."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()
