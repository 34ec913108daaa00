"""``lis1 verify-export`` and ``lis1 rotate-export-key``: checking a signed portfolio export
against the published keys, as anyone who receives one can, and changing the local stack's
signing key the way a rotation in AWS does (the old key stays in the JWKS)."""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .auth.export_verify import ExportInvalid, export_key_id, verify_export

TIMEOUT_SECONDS = 10
MAX_JWKS_BYTES = 1024 * 1024
EXAMPLE_URL = "https://lis1.helsedirektoratet.no/api/.well-known/jwks.json"


def verify_command(file: Path, jwks_source: str, output: Path | None = None) -> int:
    """Exit 0 and say which key signed it when the export is intact; 1 and why otherwise."""
    try:
        token = file.read_text("utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        return _fail(f"Kunne ikke lese eksporten {file}: {_reason(error)}.")
    try:
        jwks = read_jwks(jwks_source)
        payload = verify_export(token, jwks)
        kid = export_key_id(token)
    except ExportInvalid as error:
        return _fail(f"Eksporten er IKKE gyldig: {error.message}")
    print(f"Eksporten er gyldig, signert med nøkkel {kid} (ES256).")
    print(_describe(payload))
    if output is not None:
        output.write_bytes(payload)
        print(f"Innholdet er skrevet til {output}.")
    return 0


def read_jwks(source: str) -> dict[str, Any]:
    """The key set from an http(s) address or a file; ExportInvalid says what went wrong."""
    scheme = urlsplit(source).scheme.lower()
    if scheme in ("http", "https"):
        if scheme == "http" and urlsplit(source).hostname not in ("127.0.0.1", "localhost", "::1"):
            print(
                "Advarsel: nøklene hentes uten kryptering (http); bruk https-adressen.",
                file=sys.stderr,
            )
        request = urllib.request.Request(source, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:
                raw = answer.read(MAX_JWKS_BYTES + 1)
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise ExportInvalid(
                f"Fikk ikke hentet nøklene fra {source}: {_reason(error)}. Sjekk adressen "
                f"(f.eks. {EXAMPLE_URL}) og nettforbindelsen."
            ) from None
    else:
        try:
            raw = Path(source).read_bytes()
        except OSError as error:
            raise ExportInvalid(
                f"Fant ikke nøklene i {source}: {_reason(error)}. Gi en fil eller en adresse "
                f"som {EXAMPLE_URL}."
            ) from None
    if len(raw) > MAX_JWKS_BYTES:
        raise ExportInvalid(f"Nøkkelsettet fra {source} er større enn 1 MB: det er ikke en JWKS.")
    try:
        jwks = json.loads(raw)
    except ValueError:
        raise ExportInvalid(f"Nøkkelsettet fra {source} er ikke JSON.") from None
    if not isinstance(jwks, dict):
        raise ExportInvalid(f'Nøkkelsettet fra {source} er ikke en JWKS ({{"keys": [...]}}).')
    return jwks


def rotate_command(local: Path) -> int:
    """A new signing key for the local stack (whose state is in ``local``, i.e. ``.local/``);
    the old one is kept as an earlier key."""
    from .auth.export_keys import LOCAL_FOLDER, local_export_keys, rotate_local_export_key
    from .config import ConfigError

    directory = local / LOCAL_FOLDER
    try:
        old_kid, moved = rotate_local_export_key(directory, datetime.now(UTC))
        keys = local_export_keys(directory)
    except (ConfigError, OSError) as error:
        return _fail(f"Kunne ikke bytte eksportnøkkel i {directory}: {error}")
    print(f"Ny eksportnøkkel {keys.kid} signerer fra nå av ({directory / 'current.pem'}).")
    if old_kid is not None:
        print(
            f"Den forrige, {old_kid}, er flyttet til {moved} og står fortsatt i "
            "/api/.well-known/jwks.json, så eldre eksporter kan kontrolleres."
        )
    print("Start make serve på nytt for å ta den nye nøkkelen i bruk.")
    return 0


def _describe(payload: bytes) -> str:
    try:
        content = json.loads(payload)
    except ValueError:
        return f"Innholdet er {len(payload)} byte, ikke JSON."
    if isinstance(content, dict):
        return "Innholdet har feltene: " + (", ".join(content) or "(ingen)") + "."
    return "Innholdet er JSON, men ikke et objekt med felter."


def _reason(error: BaseException) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"svaret var HTTP {error.code}"
    reason = getattr(error, "reason", None) or getattr(error, "strerror", None) or error
    return str(reason)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1
