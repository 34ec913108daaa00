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
        ("LIS1_STAGE", "local", "LIS1_STAGE"),
        ("LIS1_CLIENT_ID", "", "LIS1_CLIENT_ID mangler"),
    ],
)
def test_unsafe_or_missing_settings_are_refused(
    tmp_path: Path, name: str, value: str, complaint: str
) -> None:
    with pytest.raises(ConfigError, match=complaint):
        Config.from_env(env(tmp_path, **{name: value}))


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "127.0.0.2",
        "127.1",
        "0x7f.1",
        "2130706433",
        "017700000001",
        "localhost",
        "localhost.",
        "LocalHost",
        "api.localhost",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "[0:0:0:0:0:0:0:1]",
        "0.0.0.0",
        "0",
        "10.0.0.5",
        "172.16.3.4",
        "192.168.1.1",
        "169.254.169.254",
        "[fe80::1]",
        "[fd00::1]",
        "100.64.0.1",
        "224.0.0.1",
        "intranet",
        "helseid.local",
        "helseid.internal",
    ],
)
@pytest.mark.parametrize("name", ["LIS1_ISSUER", "LIS1_PUBLIC_ORIGIN"])
@pytest.mark.parametrize("stage", ["prod", "test"])
def test_deployed_stages_refuse_local_and_private_hosts(
    tmp_path: Path, host: str, name: str, stage: str
) -> None:
    with pytest.raises(ConfigError, match=name):
        Config.from_env(env(tmp_path, LIS1_STAGE=stage, **{name: f"https://{host}/x"}))


@pytest.mark.parametrize(
    "issuer", ["https://helseid-sts.nhn.no", "https://helseid-sts.test.nhn.no.", "https://8.8.8.8"]
)
def test_public_hosts_are_accepted(tmp_path: Path, issuer: str) -> None:
    assert Config.from_env(env(tmp_path, LIS1_ISSUER=issuer)).issuer == issuer.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "https://[::1",
        "https://[",
        "https://]x[",
        "https://helseid-sts.nhn.no:abc",
        "https://helseid-sts.nhn.no:99999",
        "https://",
        "helseid-sts.nhn.no",
        "https:///sti",
    ],
)
@pytest.mark.parametrize("name", ["LIS1_ISSUER", "LIS1_PUBLIC_ORIGIN"])
def test_addresses_that_cannot_be_read_are_named(tmp_path: Path, url: str, name: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Config.from_env(env(tmp_path, **{name: url}))


def test_plain_http_only_to_this_machine() -> None:
    from lis1.auth.http import is_allowed_url

    assert is_allowed_url("http://127.0.0.1:8000/x") and is_allowed_url("http://127.0.0.2/x")
    assert is_allowed_url("http://localhost./x")
    assert not is_allowed_url("http://10.0.0.1/x")
    assert not is_allowed_url("http://helseid-sts.nhn.no/x")


def test_missing_key_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="Fant ikke klientnøkkelen"):
        Config.from_env(env(tmp_path, LIS1_CLIENT_KEY_FILE=str(tmp_path / "nope.pem")))
