"""Signed portfolio exports: what we sign verifies with our verifier and with a second,
independent JOSE library (jwcrypto) from the published JWKS; one changed byte fails in both;
rotation keeps old exports verifiable; the keys' secret format, the local key files and the
``verify-export`` command."""

from __future__ import annotations

import json
import stat
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwcrypto import jwk, jws

from lis1.auth.export_keys import (
    ExportKeys,
    keys_from_pems,
    keys_from_secret,
    keys_from_secret_store,
    local_export_keys,
    rotate_local_export_key,
)
from lis1.auth.export_verify import ExportInvalid, export_key_id, verify_export
from lis1.cli import main
from lis1.config import ConfigError

PAYLOAD = json.dumps({"lis": "Kari Nordmann", "mål": ["KLS-001"], "signert": True}).encode()


def private_pem(key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def public_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture(scope="module")
def keys() -> ExportKeys:
    return keys_from_pems([private_pem(new_key())])


def jwcrypto_payload(token: str, jwks: dict[str, Any]) -> bytes:
    """The second reader: jwcrypto, given only the published JWKS as JSON."""
    keyset = jwk.JWKSet.from_json(json.dumps(jwks))
    parsed = jws.JWS()
    parsed.deserialize(token)
    key = keyset.get_key(parsed.jose_header["kid"])
    assert key is not None
    parsed.verify(key)
    payload: bytes = parsed.payload
    return payload


def changed(token: str, part: int) -> str:
    """``token`` with one character in the middle of ``part`` (0 header, 1 payload, 2
    signature) replaced by another base64url character: one changed byte that still decodes."""
    parts = token.split(".")
    text = parts[part]
    at = len(text) // 2
    parts[part] = text[:at] + ("B" if text[at] == "A" else "A") + text[at + 1 :]
    return ".".join(parts)


def test_signed_export_verifies_with_ours_and_with_jwcrypto(keys: ExportKeys) -> None:
    token = keys.sign(PAYLOAD)
    published = json.loads(json.dumps(keys.jwks()))  # as the route sends it
    assert verify_export(token, published) == PAYLOAD
    assert jwcrypto_payload(token, published) == PAYLOAD
    assert export_key_id(token) == keys.kid
    header = jwt.get_unverified_header(token)
    assert header == {"alg": "ES256", "kid": keys.kid, "typ": "lis1-portefolje+jws"}


@pytest.mark.parametrize("part", [1, 2], ids=["innhold", "signatur"])
def test_one_changed_byte_fails_in_both_libraries(keys: ExportKeys, part: int) -> None:
    token = changed(keys.sign(PAYLOAD), part)
    with pytest.raises(ExportInvalid, match="Signaturen stemmer ikke"):
        verify_export(token, keys.jwks())
    with pytest.raises(jws.InvalidJWSSignature):
        jwcrypto_payload(token, keys.jwks())


def test_the_kid_is_the_rfc7638_thumbprint(keys: ExportKeys) -> None:
    (published,) = keys.jwks()["keys"]
    assert published["kid"] == keys.kid
    assert jwk.JWK.from_pem(public_pem(keys.current)).thumbprint() == keys.kid
    assert jwk.JWK(**published).thumbprint() == keys.kid
    assert (published["use"], published["alg"], published["crv"]) == ("sig", "ES256", "P-256")
    assert "d" not in published  # never the private part


def test_a_coordinate_with_leading_zeros_keeps_its_32_bytes() -> None:
    secret = 1
    while ec.derive_private_key(secret, ec.SECP256R1()).public_key().public_numbers().x >> 248:
        secret += 1
    keys = keys_from_pems([private_pem(ec.derive_private_key(secret, ec.SECP256R1()))])
    assert len(keys.jwks()["keys"][0]["x"]) == 43  # 32 bytes in base64url
    assert jwk.JWK.from_pem(public_pem(keys.current)).thumbprint() == keys.kid
    assert jwcrypto_payload(keys.sign(PAYLOAD), keys.jwks()) == PAYLOAD


def test_an_export_signed_before_a_rotation_still_verifies_after_it() -> None:
    old, new = private_pem(new_key()), private_pem(new_key())
    before = keys_from_pems([old])
    token = before.sign(PAYLOAD)
    after = keys_from_pems([new, old])
    assert after.kid != before.kid and export_key_id(after.sign(b"{}")) == after.kid
    assert [k["kid"] for k in after.jwks()["keys"]] == [after.kid, before.kid]
    assert verify_export(token, after.jwks()) == PAYLOAD
    assert jwcrypto_payload(token, after.jwks()) == PAYLOAD
    # The old key's private part may be dropped: its public half is enough to verify.
    public_only = keys_from_pems([new, public_pem(before.current)])
    assert public_only.jwks() == after.jwks()
    with pytest.raises(ExportInvalid, match="ukjent nøkkel"):
        verify_export(token, keys_from_pems([new]).jwks())


def test_only_an_es256_export_of_ours_is_accepted(keys: ExportKeys) -> None:
    published = keys.jwks()
    other_type = jwt.PyJWS().encode(
        PAYLOAD, keys.current, algorithm="ES256", headers={"kid": keys.kid}
    )
    with pytest.raises(ExportInvalid, match="ikke en porteføljeeksport"):
        verify_export(other_type, published)
    hmac_signed = jwt.PyJWS().encode(
        PAYLOAD,
        "x" * 32,
        algorithm="HS256",
        headers={"kid": keys.kid, "typ": "lis1-portefolje+jws"},
    )
    with pytest.raises(ExportInvalid, match="bare ES256"):
        verify_export(hmac_signed, published)
    with pytest.raises(ExportInvalid, match="tre deler"):
        verify_export("ikke en eksport", published)
    with pytest.raises(ExportInvalid, match="ikke en JWKS"):
        verify_export(keys.sign(PAYLOAD), {"nøkler": []})


def test_the_secret_holds_the_keys_newest_first() -> None:
    newest, older = new_key(), new_key()
    text = json.dumps({"keys": [private_pem(newest).decode(), private_pem(older).decode()]})
    keys = keys_from_secret(text)
    assert keys.kid == keys_from_pems([private_pem(newest)]).kid
    assert len(keys.jwks()["keys"]) == 2
    assert keys_from_secret_store("lis1-eksport", lambda name: text.encode()).kid == keys.kid


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ikke json", "ikke JSON"),
        ('{"nøkler": []}', "minst én nøkkel"),
        ('{"keys": []}', "minst én nøkkel"),
        ('{"keys": [1]}', "minst én nøkkel"),
        ('{"keys": ["-----BEGIN PRIVATE KEY-----\\nx\\n-----END PRIVATE KEY-----"]}', "PEM"),
        ("RSA", "P-256"),
        ("P384", "P-256"),
        ("PUBLIC", "ikke en privat nøkkel"),
        ("TWICE", "to ganger"),
    ],
)
def test_a_malformed_secret_is_named(value: str, message: str) -> None:
    key = new_key()
    special = {
        "RSA": [private_pem(rsa.generate_private_key(public_exponent=65537, key_size=2048))],
        "P384": [private_pem(ec.generate_private_key(ec.SECP384R1()))],
        "PUBLIC": [public_pem(key)],
        "TWICE": [private_pem(key), public_pem(key)],
    }
    if value in special:
        value = json.dumps({"keys": [pem.decode() for pem in special[value]]})
    with pytest.raises(ConfigError, match=message):
        keys_from_secret(value)


def test_a_missing_or_empty_secret_says_what_to_do() -> None:
    with pytest.raises(ConfigError, match="LIS1_EXPORT_KEYS_SECRET mangler"):
        keys_from_secret_store(None, lambda name: b"")
    with pytest.raises(ConfigError, match="lis1-eksport er tom"):
        keys_from_secret_store("lis1-eksport", lambda name: b"  \n")


def test_the_local_key_is_made_once_private_and_reused(tmp_path: Path) -> None:
    folder = tmp_path / "export-keys"
    first = local_export_keys(folder)
    current = folder / "current.pem"
    assert stat.S_IMODE(current.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert local_export_keys(folder).kid == first.kid
    current.chmod(0o644)
    assert local_export_keys(folder).kid == first.kid
    assert stat.S_IMODE(current.stat().st_mode) == 0o600


def test_a_local_rotation_keeps_the_old_key_in_the_jwks(tmp_path: Path) -> None:
    folder = tmp_path / "export-keys"
    before = local_export_keys(folder)
    token = before.sign(PAYLOAD)
    old_kid, moved = rotate_local_export_key(folder, datetime(2026, 3, 1, 12, tzinfo=UTC))
    assert old_kid == before.kid and moved == folder / "earlier-2026-03-01T120000.pem"
    after = local_export_keys(folder)
    assert after.kid != before.kid
    assert [k["kid"] for k in after.jwks()["keys"]] == [after.kid, before.kid]
    assert verify_export(token, after.jwks()) == PAYLOAD


def cli_files(tmp_path: Path, keys: ExportKeys, token: str) -> tuple[Path, Path]:
    export, jwks_file = tmp_path / "eksport.jws", tmp_path / "jwks.json"
    export.write_text(token + "\n", encoding="utf-8")
    jwks_file.write_text(json.dumps(keys.jwks()), encoding="utf-8")
    return export, jwks_file


def test_verify_export_command(
    keys: ExportKeys, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export, jwks_file = cli_files(tmp_path, keys, keys.sign(PAYLOAD))
    out_file = tmp_path / "innhold.json"
    argv = ["verify-export", str(export), "--jwks", str(jwks_file), "--output", str(out_file)]
    assert main(argv) == 0
    said = capsys.readouterr()
    assert f"Eksporten er gyldig, signert med nøkkel {keys.kid}" in said.out
    assert "Innholdet har feltene: lis, mål, signert." in said.out
    assert out_file.read_bytes() == PAYLOAD

    export.write_text(changed(keys.sign(PAYLOAD), 1), encoding="utf-8")
    assert main(["verify-export", str(export), "--jwks", str(jwks_file)]) == 1
    said = capsys.readouterr()
    assert said.out == ""
    assert "Eksporten er IKKE gyldig: Signaturen stemmer ikke" in said.err


@pytest.fixture
def served_jwks(keys: ExportKeys) -> Iterator[str]:
    body = json.dumps(keys.jwks()).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            found = self.path == "/api/.well-known/jwks.json"
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body if found else b"{}")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_verify_export_fetches_the_jwks_by_address(
    keys: ExportKeys, served_jwks: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export, _ = cli_files(tmp_path, keys, keys.sign(PAYLOAD))
    url = f"{served_jwks}/api/.well-known/jwks.json"
    assert main(["verify-export", str(export), "--jwks", url]) == 0
    assert "Eksporten er gyldig" in capsys.readouterr().out
    assert main(["verify-export", str(export), "--jwks", f"{served_jwks}/feil"]) == 1
    assert "Fikk ikke hentet nøklene" in capsys.readouterr().err
    assert main(["verify-export", str(export), "--jwks", str(tmp_path / "finnes-ikke")]) == 1
    assert "Fant ikke nøklene" in capsys.readouterr().err


def test_rotate_export_key_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIS1_LOCAL_DIR", str(tmp_path / "lokal"))
    assert main(["rotate-export-key"]) == 0
    first = capsys.readouterr().out
    assert "Ny eksportnøkkel" in first and "forrige" not in first
    assert main(["rotate-export-key"]) == 0
    second = capsys.readouterr().out
    assert "Den forrige" in second and "står fortsatt i" in second
    assert len(local_export_keys(tmp_path / "lokal" / "export-keys").jwks()["keys"]) == 2
