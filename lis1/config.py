"""The API's configuration, read once from the environment; secrets are never in the repository.

Stages: ``local`` (make serve: DynamoDB Local, the development issuer, a movable demo clock),
``test`` (the test suite, and a deployed test stage) and ``prod`` (Lambda, HelseID). A deployed
configuration (read from the environment) is test or prod and refuses anything that only makes
sense locally, so a development token can never be accepted there.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from .hosts import is_public

Stage = Literal["local", "test", "prod"]
DEPLOYED_STAGES = ("test", "prod")
ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):
    """The configuration is unsafe or incomplete; the message says which variable to fix."""


@dataclass(frozen=True)
class Config:
    stage: Stage
    public_origin: str
    """Scheme, host and port of the site and API, e.g. https://lis1.helsedirektoratet.no."""
    issuer: str
    client_id: str
    api_audience: str
    client_key_id: str
    client_key_pem: bytes = field(repr=False)
    """The API's private key for private_key_jwt at the issuer's token endpoint."""
    table_name: str = "lis1"
    dynamodb_endpoint: str | None = None
    store_kind: str = "dynamodb"
    data_dir: Path = ROOT / "data"
    session_hours: int = 8
    max_body_bytes: int = 64 * 1024
    mail_from: str = "LIS1 <ikke-svar@lis1.helsedirektoratet.no>"
    mail_configuration_set: str | None = None
    """The SES configuration set every mail is sent with (bounces and complaints are counted)."""
    export_keys_secret: str | None = None
    """In AWS, the secret holding the keys portfolio exports are signed with (read at first use,
    by lis1.auth.export_keys); locally the keys are files in .local/export-keys/."""

    @property
    def redirect_uri(self) -> str:
        return f"{self.public_origin}/api/auth/callback"

    @property
    def cookie_secure(self) -> bool:
        # Browsers treat 127.0.0.1 and localhost as secure origins, so Secure cookies work there
        # over plain http too; every stage sets the flag.
        return True

    def __post_init__(self) -> None:
        if self.stage not in ("local", "test", "prod"):
            raise ConfigError(f"LIS1_STAGE må være local, test eller prod, ikke «{self.stage}».")
        if self.stage == "prod":
            self.check_deployed()

    def check_deployed(self) -> None:
        """What a deployed stage (test or prod in AWS) needs: public https addresses for the
        issuer and the site, and AWS's own DynamoDB."""
        for name, url in (
            ("LIS1_ISSUER", self.issuer),
            ("LIS1_PUBLIC_ORIGIN", self.public_origin),
        ):
            try:
                parts = urlsplit(url)
                scheme, host, _port = parts.scheme, parts.hostname or "", parts.port
            except ValueError:  # e.g. an unclosed [ or a port that is no number
                scheme, host = "", ""
            if scheme != "https" or not is_public(host):
                raise ConfigError(
                    f"{name} må være en https-adresse til en offentlig vert når tjenesten er "
                    f"satt i drift, ikke {url} (ikke egen maskin, privat nett eller lokal navn)."
                )
        if self.dynamodb_endpoint is not None:
            raise ConfigError("LIS1_DYNAMODB_ENDPOINT skal ikke settes i drift.")

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] | None = None,
        read_secret: Callable[[str], bytes] | None = None,
    ) -> Config:
        """In Lambda the client's private key is read from the secret store
        (LIS1_CLIENT_KEY_SECRET, by ``read_secret``); elsewhere from a file
        (LIS1_CLIENT_KEY_FILE)."""
        env = os.environ if env is None else env

        def need(name: str) -> str:
            value = env.get(name, "").strip()
            if not value:
                raise ConfigError(f"Miljøvariabelen {name} mangler.")
            return value

        stage = need("LIS1_STAGE")
        if stage not in DEPLOYED_STAGES:
            raise ConfigError(
                f"LIS1_STAGE må være test eller prod i en tjeneste i drift, ikke «{stage}» "
                "(lokalt startes tjenesten med make serve)."
            )
        config = cls(
            stage=stage,  # type: ignore[arg-type]  # checked above
            public_origin=need("LIS1_PUBLIC_ORIGIN").rstrip("/"),
            issuer=need("LIS1_ISSUER").rstrip("/"),
            client_id=need("LIS1_CLIENT_ID"),
            api_audience=need("LIS1_API_AUDIENCE"),
            client_key_id=need("LIS1_CLIENT_KEY_ID"),
            client_key_pem=_client_key(env, need, read_secret),
            table_name=env.get("LIS1_TABLE", "lis1"),
            dynamodb_endpoint=env.get("LIS1_DYNAMODB_ENDPOINT") or None,
            store_kind=env.get("LIS1_STORE_KIND", "dynamodb"),
            data_dir=Path(env.get("LIS1_DATA_DIR", str(ROOT / "data"))),
            mail_from=env.get("LIS1_MAIL_FROM") or cls.mail_from,
            mail_configuration_set=env.get("LIS1_MAIL_CONFIGURATION_SET") or None,
            export_keys_secret=env.get("LIS1_EXPORT_KEYS_SECRET", "").strip() or None,
        )
        config.check_deployed()
        return config


def _client_key(
    env: Mapping[str, str],
    need: Callable[[str], str],
    read_secret: Callable[[str], bytes] | None,
) -> bytes:
    secret = env.get("LIS1_CLIENT_KEY_SECRET", "").strip()
    if secret:
        if read_secret is None:
            raise ConfigError(
                "LIS1_CLIENT_KEY_SECRET er satt, men ingen hemmelighetslager er gitt."
            )
        key = read_secret(secret)
        if not key.strip():
            raise ConfigError(
                f"Hemmeligheten {secret} er tom: legg inn klientens private nøkkel (se README, "
                "«Nøkler»)."
            )
        return key
    key_path = Path(need("LIS1_CLIENT_KEY_FILE"))
    if not key_path.is_file():
        raise ConfigError(f"Fant ikke klientnøkkelen {key_path} (LIS1_CLIENT_KEY_FILE).")
    return key_path.read_bytes()
