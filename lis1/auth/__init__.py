"""Sign-in: the API's OpenID Connect client (backend-for-frontend) and its token verifier.

One verification path in every stage: HelseID in production and the local development issuer
(:mod:`lis1.devissuer`) are spoken to through the same code, over the same small HTTP port, with
the same client authentication (``private_key_jwt``). Browsers never see a token.
"""

from __future__ import annotations

from .http import Http, UrllibHttp
from .oidc import (
    ClientConfig,
    TokenSet,
    authorization_url,
    client_assertion,
    exchange_code,
    new_login,
    pkce_challenge,
    safe_return_to,
)
from .tokens import ProviderMetadata, TokenVerifier, discover

__all__ = [
    "ClientConfig",
    "Http",
    "ProviderMetadata",
    "TokenSet",
    "TokenVerifier",
    "UrllibHttp",
    "authorization_url",
    "client_assertion",
    "discover",
    "exchange_code",
    "new_login",
    "pkce_challenge",
    "safe_return_to",
]
