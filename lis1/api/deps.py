"""What the API's handlers work with, wired once per app: config, store, catalogue, clock,
sign-in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..catalog import Catalog
from ..clock import Clock
from ..config import Config, ConfigError
from ..identity import Principal
from ..services.ports.mail import Mailer
from ..services.ports.store import Store

if TYPE_CHECKING:
    from ..auth.export_keys import ExportKeys
    from ..auth.http import Http
    from ..auth.oidc import ClientConfig
    from ..auth.tokens import ProviderMetadata, TokenVerifier


@dataclass
class Deps:
    config: Config
    store: Store
    catalog: Catalog
    clock: Clock
    http: Http
    mailer: Mailer
    session_clock: Clock | None = None
    """Time for sessions and tokens when it must not follow a moved demo clock; else ``clock``."""
    export_key_source: Callable[[], ExportKeys] | None = field(default=None, repr=False)
    """Reads the keys exports are signed with (the secret store in AWS, files locally)."""
    _export_keys: ExportKeys | None = field(default=None, repr=False)
    _provider: ProviderMetadata | None = field(default=None, repr=False)
    _verifier: TokenVerifier | None = field(default=None, repr=False)
    _id_verifier: TokenVerifier | None = field(default=None, repr=False)

    def wall_clock(self) -> Clock:
        return self.session_clock or self.clock

    @property
    def export_keys(self) -> ExportKeys:
        """The export signing keys, read at first use (not at import: fast cold starts)."""
        if self._export_keys is None:
            if self.export_key_source is None:
                raise ConfigError("Ingen eksportnøkler er satt opp for denne tjenesten.")
            self._export_keys = self.export_key_source()
        return self._export_keys

    def provider(self) -> ProviderMetadata:
        """The issuer's endpoints, discovered on first use (not at import: fast cold starts)."""
        if self._provider is None:
            from ..auth.tokens import discover

            self._provider = discover(self.config.issuer, self.http)
        return self._provider

    def verifier(self) -> TokenVerifier:
        """Checks access tokens sent by machine clients (audience: this API)."""
        if self._verifier is None:
            from ..auth.tokens import TokenVerifier

            self._verifier = TokenVerifier(
                issuer=self.config.issuer,
                audience=self.config.api_audience,
                jwks_uri=self.provider().jwks_uri,
                http=self.http,
                clock=self.wall_clock(),
            )
        return self._verifier

    def id_token_verifier(self) -> TokenVerifier:
        """Checks the ID token from sign-in (audience: our client id)."""
        from ..auth.tokens import TokenVerifier

        return TokenVerifier(
            issuer=self.config.issuer,
            audience=self.config.client_id,
            jwks_uri=self.provider().jwks_uri,
            http=self.http,
            clock=self.wall_clock(),
        )

    def client(self) -> ClientConfig:
        from ..auth.oidc import ClientConfig

        return ClientConfig(
            client_id=self.config.client_id,
            redirect_uri=self.config.redirect_uri,
            scopes=("openid", "profile", "email"),
            private_key_pem=self.config.client_key_pem,
            key_id=self.config.client_key_id,
        )

    def principal(self, subject: str, name: str, email: str | None = None) -> Principal:
        """The caller; their grants are read when a rule first asks, and then as they are now
        (a revocation takes effect on the very next request)."""
        return Principal(subject, name, lambda: self.store.users.grants(subject), email)
