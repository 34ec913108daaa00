"""The keys portfolio exports are signed with (ES256), and the key set anyone verifies them with.

An export leaves the service as a JWS whose header names its key by ``kid``, the key's RFC 7638
thumbprint; the public keys are published as a JWKS (GET /api/.well-known/jwks.json). Rotation
puts a new key first and keeps the earlier ones: only the first signs, and every key stays in the
JWKS, so exports signed before a rotation still verify. In AWS the keys are one secret (JSON,
newest first, read at first use); locally they are files in ``.local/export-keys/``, the first
one made on first use.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from ..config import ConfigError
from .export_verify import ALGORITHM, EXPORT_TYPE

log = logging.getLogger(__name__)

SECRET_VARIABLE = "LIS1_EXPORT_KEYS_SECRET"
LOCAL_FOLDER = "export-keys"
"""Beside the development issuer's keys in ``.local/`` (the local stack) or a test's folder."""
CURRENT_FILE = "current.pem"
SECRET_FORMAT = '{"keys": ["-----BEGIN PRIVATE KEY-----\\n…", …]} (den nyeste nøkkelen først)'


@dataclass(frozen=True)
class ExportKeys:
    """The signing key and the public halves of the keys before it (newest first)."""

    current: ec.EllipticCurvePrivateKey = field(repr=False)
    earlier: tuple[ec.EllipticCurvePublicKey, ...] = ()

    def __post_init__(self) -> None:
        kids = [key_id(k) for k in self.public_keys()]
        if len(set(kids)) != len(kids):
            raise ConfigError("Den samme eksportnøkkelen står to ganger: fjern den ene.")

    @property
    def kid(self) -> str:
        """The key id of the signing key."""
        return key_id(self.current.public_key())

    def public_keys(self) -> list[ec.EllipticCurvePublicKey]:
        return [self.current.public_key(), *self.earlier]

    def sign(self, payload: bytes) -> str:
        """``payload``, exactly these bytes, as a compact JWS signed with the current key."""
        import jwt

        return jwt.PyJWS().encode(
            payload,
            self.current,
            algorithm=ALGORITHM,
            headers={"kid": self.kid, "typ": EXPORT_TYPE},
        )

    def jwks(self) -> dict[str, Any]:
        """The public key set: the current key and every earlier one."""
        return {"keys": [public_jwk(key) for key in self.public_keys()]}


def public_jwk(key: ec.EllipticCurvePublicKey) -> dict[str, str]:
    numbers = key.public_numbers()
    members = {
        "crv": "P-256",
        "kty": "EC",
        "x": _coordinate(numbers.x),
        "y": _coordinate(numbers.y),
    }
    return {**members, "kid": _thumbprint(members), "use": "sig", "alg": ALGORITHM}


def key_id(key: ec.EllipticCurvePublicKey) -> str:
    """The RFC 7638 thumbprint (SHA-256, base64url) of ``key``: its ``kid``."""
    return public_jwk(key)["kid"]


def _thumbprint(members: dict[str, str]) -> str:
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True)
    return _b64(hashlib.sha256(canonical.encode("ascii")).digest())


def _coordinate(value: int) -> str:
    # RFC 7518, 6.2.1.2: the full 32 bytes of P-256, leading zeros kept.
    return _b64(value.to_bytes(32, "big"))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def keys_from_pems(pems: Sequence[bytes]) -> ExportKeys:
    """Newest first: the first is a private key and signs, the others may be private or public."""
    return _keys([(f"Nøkkel nr. {n}", pem) for n, pem in enumerate(pems, start=1)])


def keys_from_secret(text: str) -> ExportKeys:
    """The keys from the secret's value, JSON: ``{"keys": [PEM, …]}``, newest first."""
    try:
        value = json.loads(text)
    except ValueError:
        raise ConfigError(
            f"Hemmeligheten med eksportnøklene er ikke JSON. Skriv den som {SECRET_FORMAT}."
        ) from None
    keys = value.get("keys") if isinstance(value, dict) else None
    if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
        raise ConfigError(
            "Hemmeligheten med eksportnøklene må ha en liste «keys» med minst én nøkkel i "
            f"PEM-format: {SECRET_FORMAT}."
        )
    return _keys([(f"Nøkkel nr. {n} i hemmeligheten", k.encode()) for n, k in enumerate(keys, 1)])


def keys_from_secret_store(
    secret_id: str | None, read_secret: Callable[[str], bytes]
) -> ExportKeys:
    """In AWS: the secret named by LIS1_EXPORT_KEYS_SECRET, read when an export is first signed
    or the JWKS first asked for."""
    if not secret_id:
        raise ConfigError(
            f"Miljøvariabelen {SECRET_VARIABLE} mangler: den skal navngi hemmeligheten med "
            "eksportnøklene (se README, «Deploying», punkt 5)."
        )
    raw = read_secret(secret_id)
    if not raw.strip():
        raise ConfigError(
            f"Hemmeligheten {secret_id} er tom: legg inn eksportnøklene som {SECRET_FORMAT} "
            "(se README, «Deploying», punkt 5)."
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"Hemmeligheten {secret_id} er ikke tekst (UTF-8).") from None
    return keys_from_secret(text)


def local_export_keys(directory: Path) -> ExportKeys:
    """The local stack's keys: ``current.pem`` (made on first use, mode 0600) signs; every
    other ``*.pem`` in ``directory`` is an earlier key, newest (by name) first."""
    current = directory / CURRENT_FILE
    _ensure_key(current)
    earlier = sorted((p for p in directory.glob("*.pem") if p.name != CURRENT_FILE), reverse=True)
    return _keys([(str(path), path.read_bytes()) for path in (current, *earlier)])


def rotate_local_export_key(directory: Path, now: datetime) -> tuple[str | None, Path | None]:
    """Moves ``current.pem`` to ``earlier-<time>.pem`` (it stays in the JWKS) and makes a new
    one; (the old key's id, where it went), or (None, None) if there was none."""
    current = directory / CURRENT_FILE
    if not current.exists():
        _ensure_key(current)
        return None, None
    old_kid = local_export_keys(directory).kid  # a broken key is named before anything moves
    stamp = now.strftime("%Y-%m-%dT%H%M%S")
    target = directory / f"earlier-{stamp}.pem"
    number = 2
    while target.exists():
        target = directory / f"earlier-{stamp}-{number}.pem"
        number += 1
    current.rename(target)
    _ensure_key(current)
    return old_kid, target


def _ensure_key(path: Path) -> None:
    if path.exists():
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # made by another process meanwhile: theirs is used
    with os.fdopen(fd, "wb") as file:
        file.write(pem)
    log.info("Laget ny eksportnøkkel %s", path)


def _keys(labelled: Sequence[tuple[str, bytes]]) -> ExportKeys:
    if not labelled:
        raise ConfigError(f"Ingen eksportnøkler er gitt: {SECRET_FORMAT}.")
    (label, pem), *rest = labelled
    current = _load(label, pem, private=True)
    assert isinstance(current, ec.EllipticCurvePrivateKey)
    earlier = []
    for label, pem in rest:
        key = _load(label, pem, private=b"PRIVATE KEY" in pem)
        earlier.append(key.public_key() if isinstance(key, ec.EllipticCurvePrivateKey) else key)
    return ExportKeys(current, tuple(earlier))


def _load(
    label: str, pem: bytes, *, private: bool
) -> ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey:
    what = "privat" if private else "offentlig"
    try:
        key: Any = (
            serialization.load_pem_private_key(pem, password=None)
            if private
            else serialization.load_pem_public_key(pem)
        )
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise ConfigError(
            f"{label} er ikke en {what} nøkkel i PEM-format uten passord. Lag en med "
            "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256."
        ) from None
    if isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey) and isinstance(
        key.curve, ec.SECP256R1
    ):
        return key
    raise ConfigError(f"{label} må være en EC-nøkkel på kurven P-256 (ES256).")
