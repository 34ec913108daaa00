"""The API's ports in AWS: configuration from the environment, DynamoDB, the system clock."""

from __future__ import annotations

from ..auth.http import UrllibHttp
from ..catalog import load_catalog
from ..clock import SystemClock
from ..config import Config, ConfigError
from .deps import Deps


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
    return Deps(
        config,
        store,
        loaded.catalog,
        SystemClock(),
        UrllibHttp(),
        SesMailer(make_ses_client(), config.mail_from, config.mail_configuration_set),
    )
