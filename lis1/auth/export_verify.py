"""Checks a signed portfolio export against the published key set (JWKS).

An export is a JWS in compact form (RFC 7515), signed with ES256; its header names the key by its
``kid``. This is what ``lis1 verify-export`` runs, and all it needs is the token and the JWKS: no
network, no key of ours, no store. Anyone can do the same with any JOSE library.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ALGORITHM = "ES256"
EXPORT_TYPE = "lis1-portefolje+jws"
"""The ``typ`` header of an export: a token signed with the same key for any other use is
refused (RFC 8725, 3.11)."""


class ExportInvalid(ValueError):
    """The export cannot be trusted; the message says why, in words for the person checking."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def export_key_id(token: str) -> str:
    """The ``kid`` in the export's header (not verified: use after :func:`verify_export`)."""
    kid = _header(token).get("kid")
    if not isinstance(kid, str) or not kid:
        raise ExportInvalid(
            "Eksporten mangler nøkkel-id (kid) i hodet, så den kan ikke kontrolleres."
        )
    return kid


def verify_export(token: str, jwks: Mapping[str, Any]) -> bytes:
    """The payload of ``token``, exactly as signed, if a key in ``jwks`` verifies it; raises
    :class:`ExportInvalid` otherwise."""
    import jwt

    token = token.strip()
    header = _header(token)
    if header.get("alg") != ALGORITHM:
        raise ExportInvalid(
            f"Eksporten er signert med «{header.get('alg')}», men bare {ALGORITHM} godtas."
        )
    if header.get("typ") != EXPORT_TYPE:
        raise ExportInvalid(
            f"Dette er ikke en porteføljeeksport fra LIS1 (typ er «{header.get('typ')}», "
            f"ikke «{EXPORT_TYPE}»)."
        )
    kid = export_key_id(token)
    key = _public_key(jwks, kid)
    try:
        return jwt.PyJWS().decode_complete(token, key, algorithms=[ALGORITHM])["payload"]  # type: ignore[no-any-return]
    except jwt.InvalidSignatureError:
        raise ExportInvalid(
            "Signaturen stemmer ikke: eksporten er endret etter at den ble signert. Be om en ny "
            "eksport fra LIS1."
        ) from None
    except jwt.PyJWTError as error:
        raise ExportInvalid(f"Eksporten kan ikke leses: {error}.") from None


def _header(token: str) -> dict[str, Any]:
    import jwt

    token = token.strip()
    if token.count(".") != 2:
        raise ExportInvalid(
            "Filen er ikke en signert eksport: forventet tre deler skilt med punktum "
            "(JWS i kompakt form). Bruk filen slik den ble lastet ned fra LIS1."
        )
    try:
        return jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise ExportInvalid(f"Hodet i eksporten kan ikke leses: {error}.") from None


def _public_key(jwks: Mapping[str, Any], kid: str) -> Any:
    import jwt

    keys = jwks.get("keys") if isinstance(jwks, Mapping) else None
    if not isinstance(keys, list):
        raise ExportInvalid(
            'Nøkkelsettet er ikke en JWKS: forventet {"keys": [...]}. Hent det fra '
            "/api/.well-known/jwks.json hos LIS1."
        )
    found = [k for k in keys if isinstance(k, dict) and k.get("kid") == kid]
    if not found:
        raise ExportInvalid(
            f"Eksporten er signert med en ukjent nøkkel ({kid}): den står ikke i nøkkelsettet. "
            "Hent nøkkelsettet på nytt fra LIS1; står den ikke der heller, er eksporten ikke "
            "signert av LIS1."
        )
    jwk = found[0]
    if jwk.get("kty") != "EC" or jwk.get("crv") != "P-256":
        raise ExportInvalid(f"Nøkkelen {kid} i nøkkelsettet er ikke en EC-nøkkel på P-256.")
    try:
        return jwt.PyJWK(jwk, algorithm=ALGORITHM).key
    except jwt.PyJWTError as error:
        raise ExportInvalid(f"Nøkkelen {kid} i nøkkelsettet kan ikke brukes: {error}.") from None
