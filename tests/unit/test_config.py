"""A production configuration refuses anything that only makes sense locally."""

from __future__ import annotations

from pathlib import Path

import pytest

from lis1.config import Config, ConfigError


def env(tmp_path: Path, **changes: str) -> dict[str, str]:
    key = tmp_path / "client-key.pem"
    key.write_bytes(b"not used here")
    values = {
        "LIS1_STAGE": "prod",
        "LIS1_PUBLIC_ORIGIN": "https://lis1.helsedirektoratet.no",
        "LIS1_ISSUER": "https://helseid-sts.nhn.no",
        "LIS1_CLIENT_ID": "lis1",
        "LIS1_API_AUDIENCE": "lis1-api",
        "LIS1_CLIENT_KEY_ID": "k1",
        "LIS1_CLIENT_KEY_FILE": str(key),
    }
    return {**values, **changes}


def test_production_configuration(tmp_path: Path) -> None:
    config = Config.from_env(env(tmp_path))
    assert config.stage == "prod" and config.redirect_uri.startswith("https://")
    assert "not used" not in repr(config)


@pytest.mark.parametrize(
    ("name", "value", "complaint"),
    [
        ("LIS1_ISSUER", "http://127.0.0.1:8000/dev-issuer", "LIS1_ISSUER"),
        ("LIS1_ISSUER", "https://localhost/dev-issuer", "LIS1_ISSUER"),
        ("LIS1_PUBLIC_ORIGIN", "http://lis1.example", "LIS1_PUBLIC_ORIGIN"),
        ("LIS1_DYNAMODB_ENDPOINT", "http://127.0.0.1:8001", "LIS1_DYNAMODB_ENDPOINT"),
        ("LIS1_STAGE", "staging", "LIS1_STAGE"),
        ("LIS1_CLIENT_ID", "", "LIS1_CLIENT_ID mangler"),
    ],
)
def test_unsafe_or_missing_settings_are_refused(
    tmp_path: Path, name: str, value: str, complaint: str
) -> None:
    with pytest.raises(ConfigError, match=complaint):
        Config.from_env(env(tmp_path, **{name: value}))


def test_missing_key_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="Fant ikke klientnøkkelen"):
        Config.from_env(env(tmp_path, LIS1_CLIENT_KEY_FILE=str(tmp_path / "nope.pem")))
