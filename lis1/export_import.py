"""``lis1 import-export``: reading a signed portfolio export into another instance of the
service, after checking its signature against the keys the exporting service publishes.

The record is written as it was (:func:`lis1.services.portfolio_export.read_in`) into the local
stack's DynamoDB Local (the instance `make serve` runs, or another one with LIS1_LOCAL_DIR), or
with ``--table`` into a DynamoDB table in AWS with the default credentials. Nothing is written
unless the whole export verifies and fits.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .auth.export_verify import ExportInvalid, verify_export
from .build import Project
from .clock import SystemClock
from .errors import DomainError
from .export_cli import read_jwks
from .services import portfolio_export
from .services.ports.store import Store

ACTOR = "import"


def import_command(project: Project, file: Path, jwks_source: str, table: str | None) -> int:
    try:
        token = file.read_text("utf-8").strip()
        payload = json.loads(verify_export(token, read_jwks(jwks_source)))
    except OSError as error:
        return _fail(f"Kunne ikke lese eksporten {file}: {error.strerror or error}.")
    except ExportInvalid as error:
        return _fail(f"Eksporten er IKKE gyldig, og ingenting er lest inn: {error.message}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _fail("Eksporten er signert, men innholdet er ikke JSON. Ingenting er lest inn.")
    if table:
        from .store.bundle import dynamodb_store
        from .store.dynamo.client import make_client

        return _read_in(dynamodb_store(make_client(None), table, "dynamodb"), payload)
    from .devserver import local_store

    with local_store(project, "") as (store, _endpoint):
        return _read_in(store, payload)


def _read_in(store: Store, payload: object) -> int:
    try:
        portfolio = portfolio_export.read_in(store, payload, actor=ACTOR, now=SystemClock().now())
    except DomainError as error:
        return _fail(f"Eksporten ble ikke lest inn: {error.message}")
    print(
        f"Porteføljen til {portfolio.owner_name} er lest inn "
        f"({len(portfolio.employments)} ansettelser). Personene i rollene må inviteres på nytt."
    )
    return 0


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1
