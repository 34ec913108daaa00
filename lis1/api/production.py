"""The API's ports in AWS: configuration from the environment, DynamoDB, the system clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..auth.http import UrllibHttp
from ..catalog import load_catalog
from ..clock import SystemClock
from ..config import Config, ConfigError
from ..services.retained import retained
from .deps import Deps

if TYPE_CHECKING:
    from ..auth.export_keys import ExportKeys


def production_deps() -> Deps:
    """Built at the first request, not at import (see create_app)."""
    from ..store.bundle import dynamodb_store
    from ..store.dynamo.client import make_client
    from ..store.secrets import read_secret
    from ..store.ses import SesMailer, make_ses_client

    config = Config.from_env(read_secret=read_secret)
    loaded = load_catalog(config.data_dir)
    if loaded.catalog is None:
        raise ConfigError(f"Katalogen i {config.data_dir} har feil: {loaded.errors[:3]}")
    client = make_client(config.dynamodb_endpoint)
    store = dynamodb_store(client, config.table_name, config.store_kind)
    clock = SystemClock()
    return Deps(
        config,
        retained(store, clock.now),
        loaded.catalog,
        clock,
        UrllibHttp(),
        SesMailer(make_ses_client(), config.mail_from, config.mail_configuration_set),
        export_key_source=lambda: _export_keys(config, read_secret),
    )


def _export_keys(config: Config, read_secret: Callable[[str], bytes]) -> ExportKeys:
    """Read when an export is first signed or the JWKS first asked for, not at every start."""
    from ..auth.export_keys import keys_from_secret_store

    return keys_from_secret_store(config.export_keys_secret, read_secret)
