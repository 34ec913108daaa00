"""The public keys portfolio exports are verified with, as a JWKS (RFC 7517)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Schema


class JwkOut(Schema):
    kty: Literal["EC"] = Field(description="Nøkkeltypen: elliptisk kurve.")
    crv: Literal["P-256"] = Field(description="Kurven.")
    x: str = Field(description="Punktets x-koordinat (base64url, 32 byte).")
    y: str = Field(description="Punktets y-koordinat (base64url, 32 byte).")
    kid: str = Field(
        description="Nøkkel-id: nøkkelens tommelavtrykk (RFC 7638, SHA-256), som i eksportens hode."
    )
    use: Literal["sig"] = Field(description="Brukes til signaturer.")
    alg: Literal["ES256"] = Field(description="Algoritmen eksportene signeres med.")


class JwksOut(Schema):
    keys: list[JwkOut] = Field(
        description=(
            "Nøkkelen som signerer nå, og de tidligere: en eksport signert før et nøkkelbytte "
            "kan fortsatt kontrolleres."
        )
    )
