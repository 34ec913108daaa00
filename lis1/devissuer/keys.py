"""RSA key files and key ids for the development issuer and its local API client.

Kept apart from the issuer because key handling is needed on its own: the local wiring makes the
API client's key with :func:`ensure_client_key` and names keys with :func:`key_id` without
running an issuer. Keys live in a gitignored folder (mode 0600) and are made on first use.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import logging
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

log = logging.getLogger(__name__)

ISSUER_KEY_FILE = "issuer-key.pem"
CLIENT_KEY_FILE = "client-key.pem"


def load_or_create_key(path: Path) -> rsa.RSAPrivateKey:
    """The RSA key in ``path``; made (2048 bits, mode 0600) if the file does not exist."""
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # made by someone else meanwhile: read theirs below
        else:
            with os.fdopen(fd, "wb") as file:
                file.write(pem)
            log.info("Laget ny utviklingsnøkkel %s", path.name)
            return key
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    loaded = _parse_private_key(path.read_bytes())
    if loaded is None:
        raise ValueError(f"{path} er ikke en RSA-nøkkel på minst 2048 bit")
    return loaded


@functools.lru_cache(maxsize=8)
def _parse_private_key(pem: bytes) -> rsa.RSAPrivateKey | None:
    """Parsing checks the RSA key and costs tens of milliseconds: once per key is enough."""
    loaded = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(loaded, rsa.RSAPrivateKey) or loaded.key_size < 2048:
        return None
    return loaded


def public_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def ensure_client_key(key_dir: Path) -> tuple[bytes, bytes]:
    """(private PEM, public PEM) of the local API client's key ``key_dir/client-key.pem``."""
    key = load_or_create_key(key_dir / CLIENT_KEY_FILE)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return private, public_pem(key)


def key_id(public_pem: bytes) -> str:
    """The key's RFC 7638 JWK thumbprint: a stable ``kid`` derived from the key itself."""
    public = serialization.load_pem_public_key(public_pem)
    if not isinstance(public, rsa.RSAPublicKey):
        raise ValueError("Nøkkelen er ikke en offentlig RSA-nøkkel")
    numbers = public.public_numbers()
    canonical = json.dumps(
        {"e": _b64uint(numbers.e), "kty": "RSA", "n": _b64uint(numbers.n)},
        separators=(",", ":"),
        sort_keys=True,
    )
    return b64(hashlib.sha256(canonical.encode("ascii")).digest())


def b64(data: bytes) -> str:
    """``data`` as unpadded base64url, as JOSE and PKCE write it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64uint(value: int) -> str:
    return b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))
