"""The local development OpenID provider (see :mod:`lis1.devissuer.issuer`).

It exists so sign-in runs the same code locally as against HelseID in production; it refuses
any address but http://127.0.0.1 or http://localhost.
"""

from __future__ import annotations

from .issuer import DevIssuer, require_local
from .keys import ensure_client_key, key_id
from .pages import DemoUser, Response

__all__ = ["DemoUser", "DevIssuer", "Response", "ensure_client_key", "key_id", "require_local"]
