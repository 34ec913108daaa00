"""A finished LIS's record read in from an export, on every adapter (memory, moto, DynamoDB
Local): the record, its HPR number and its bekreftelser på tjenestetid are stored and read back
as they were; and `lis1 import-export` reads a verified export into a DynamoDB table (moto),
refusing a changed file with nothing written."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from moto import mock_aws

from lis1.auth.export_keys import local_export_keys
from lis1.build import Project
from lis1.catalog import Catalog, load_catalog
from lis1.demo_finished import EIRIK, seed_finished
from lis1.demo_goals import KOMMUNE_ADMIN
from lis1.export_import import import_command
from lis1.services import portfolio_export, portfolios, service_confirmations
from lis1.services.env import Env
from lis1.services.ports.store import Store
from lis1.store.bundle import dynamodb_store, memory_store
from lis1.store.dynamo.client import make_client
from lis1.store.schema import ensure_table

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded = load_catalog(ROOT / "data").catalog
    assert loaded is not None
    return loaded


def confirmed(store: Store, catalog: Catalog) -> None:
    """Eirik's record with his HPR number and the kommune's confirmation of his service."""
    assert seed_finished(store, catalog, NOW.date(), NOW)
    portfolios.set_hpr(store, who=EIRIK, hpr="1234567", now=NOW)
    employed = service_confirmations.employed(store, who=KOMMUNE_ADMIN)
    seen = next(e for e in employed if e.portfolio.owner == EIRIK.subject)
    given = service_confirmations.prefilled(catalog, seen, NOW)
    form = service_confirmations.template(catalog)
    for s, section in enumerate(form.sections):
        for f, blank in enumerate(section.fields):
            typed = {"prosent": "100", "antall": "0"}.get(blank.kind, "x")
            given.setdefault(f"felt-{s}-{f}", typed)
    employment_id = seen.employment.id
    service_confirmations.confirm(
        store, catalog, who=KOMMUNE_ADMIN, employment_id=employment_id, given=given, env=Env(NOW)
    )


def test_a_read_in_record_with_its_confirmation_is_stored_as_it_was(
    store: Store, catalog: Catalog
) -> None:
    confirmed(store, catalog)
    reference = memory_store()
    confirmed(reference, catalog)
    stored, expected = store.portfolios.get(EIRIK.subject), reference.portfolios.get(EIRIK.subject)
    assert stored is not None and expected is not None
    assert stored.hpr == "1234567" and len(stored.confirmations) == 1
    fields = stored.confirmations[0].fields
    assert fields == expected.confirmations[0].fields
    assert {f.label: f.value for f in fields}["Virksomhet"] == "Bergen kommune"
    goals = {g.code: g.status for g in store.goals.of_owner(EIRIK.subject)}
    assert set(goals.values()) == {"godkjent"} and len(goals) == len(
        reference.goals.of_owner(EIRIK.subject)
    )
    copy = next(p for p in store.portfolios.employing("bergen-kommune") if p.owner == EIRIK.subject)
    assert copy.confirmations == stored.confirmations  # the employer's copy reads the same


def test_the_import_command_reads_a_verified_export_into_a_table(
    tmp_path: Path, catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    source = memory_store()
    confirmed(source, catalog)
    keys = local_export_keys(tmp_path / "keys")
    payload = portfolio_export.own(source, catalog, who=EIRIK, now=NOW)
    token = keys.sign(json.dumps(payload).encode())
    (tmp_path / "jwks.json").write_text(json.dumps(keys.jwks()))
    header, body, signature = token.split(".")
    (tmp_path / "changed.jws").write_text(f"{header}.{body[:-3]}AAA.{signature}")
    (tmp_path / "eksport.jws").write_text(token)
    jwks = str(tmp_path / "jwks.json")
    with mock_aws():
        client = make_client(None)
        ensure_table(client, "lis1-import")
        project = Project(tmp_path)
        assert import_command(project, tmp_path / "changed.jws", jwks, "lis1-import") == 1
        assert "IKKE gyldig, og ingenting er lest inn" in capsys.readouterr().err
        there = dynamodb_store(client, "lis1-import", "dynamodb")
        assert there.portfolios.get(EIRIK.subject) is None
        assert import_command(project, tmp_path / "eksport.jws", jwks, "lis1-import") == 0
        assert "Porteføljen til Eirik Moen er lest inn" in capsys.readouterr().out
        stored = there.portfolios.get(EIRIK.subject)
        assert stored is not None and stored.confirmations and stored.hpr == "1234567"
        assert import_command(project, tmp_path / "eksport.jws", jwks, "lis1-import") == 1
        assert "Legen har allerede en portefølje her" in capsys.readouterr().err
