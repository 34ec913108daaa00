"""Checking OpenID Connect tokens: the one verification path, the same in every stage.

Production trusts HelseID; local development trusts the development issuer; tests trust a key
they made. Only the configuration differs, never the code: a token is accepted only when it is
signed RS256 by a key from the configured issuer's JWKS (picked by ``kid``), names that issuer
and our audience, is inside its lifetime by the injected clock, carries a subject and, for an ID
token, the nonce of the sign-in it answers. An app configured for HelseID therefore refuses a
token from the development issuer.

PyJWT checks the signature only; every claim, times included, is checked here against the
:class:`~lis1.clock.Clock` port (PyJWT would read the system clock). Every refusal raises
:class:`~lis1.errors.Unauthenticated` with its own code and a Norwegian message; the log gets the
code, never the token or anything about the person.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..clock import Clock
from ..errors import Unauthenticated, Unavailable
from ..secret import same_secret
from .http import Http, is_allowed_url

if TYPE_CHECKING:  # PyJWT (and cryptography under it) is imported where a token is handled:
    # most requests carry none, and the import is a good part of the Lambda's cold start.
    import jwt
    from jwt.types import Options

log = logging.getLogger(__name__)

ALLOWED_ALGORITHMS = ("RS256",)

# PyJWT checks only the signature; every claim is checked against the injected clock and our
# rules by the caller (PyJWT would read the system clock).
SIGNATURE_ONLY: Options = {
    "verify_signature": True,
    "verify_exp": False,
    "verify_nbf": False,
    "verify_iat": False,
    "verify_aud": False,
    "verify_iss": False,
    "verify_sub": False,
    "verify_jti": False,
}
"""The only signature algorithm accepted. Never ``none``, never HS* (alg confusion)."""

JWKS_MIN_REFETCH = timedelta(seconds=60)
"""An unknown ``kid`` refetches the JWKS at most this often, so junk tokens cannot flood it."""

DEFAULT_LEEWAY = timedelta(seconds=30)
"""Allowed clock skew between the issuer and us."""


@dataclass(frozen=True)
class ProviderMetadata:
    """The parts of an issuer's discovery document the sign-in uses."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


def discover(issuer: str, http: Http) -> ProviderMetadata:
    """Fetch ``{issuer}/.well-known/openid-configuration`` and check it names ``issuer`` exactly.

    A misconfigured or impostor provider is the service's problem, not the person's, so every
    failure here raises :class:`~lis1.errors.Unavailable`.
    """
    document = http.get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if document.get("issuer") != issuer:
        log.error("Oppdagelsesdokumentet oppgir en annen utsteder enn den som er satt opp")
        raise _misconfigured()
    fields: dict[str, str] = {}
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        value = document.get(name)
        if not isinstance(value, str) or not is_allowed_url(value):
            log.error("Oppdagelsesdokumentet mangler eller har ugyldig %s", name)
            raise _misconfigured()
        fields[name] = value
    for name, needed in (
        ("token_endpoint_auth_methods_supported", "private_key_jwt"),
        ("code_challenge_methods_supported", "S256"),
        ("id_token_signing_alg_values_supported", "RS256"),
    ):
        offered = document.get(name)
        if isinstance(offered, list) and needed not in offered:
            log.error("Utstederen støtter ikke %s (%s)", needed, name)
            raise _misconfigured()
    return ProviderMetadata(issuer=issuer, **fields)


def _misconfigured() -> Unavailable:
    return Unavailable(
        "Innloggingen er ikke riktig satt opp. Prøv igjen senere.", code="innlogging_feil_oppsett"
    )


def _refuse(code: str, message: str) -> Unauthenticated:
    log.info("Token avvist: %s", code)
    return Unauthenticated(message, code=code)


class TokenVerifier:
    """Verifies tokens from one issuer for one audience (an ID token's or the API's)."""

    def __init__(
        self,
        issuer: str,
        audience: str,
        jwks_uri: str,
        http: Http,
        clock: Clock,
        *,
        leeway: timedelta = DEFAULT_LEEWAY,
        jwks_max_age: timedelta = timedelta(hours=24),
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self.jwks_uri = jwks_uri
        self._http = http
        self._clock = clock
        self._leeway = leeway
        self._max_age = jwks_max_age
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at: datetime | None = None
        self._attempted_at: datetime | None = None
        self._lock = threading.Lock()

    def verify(self, token: str, *, nonce: str | None = None) -> dict[str, Any]:
        """The token's claims if it is valid now; raises Unauthenticated otherwise.

        Unavailable (not Unauthenticated) when the issuer's JWKS cannot be fetched at all.
        """
        import jwt

        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise _refuse("token_ugyldig", "Innloggingen kunne ikke leses.") from error
        if header.get("alg") not in ALLOWED_ALGORITHMS:
            raise _refuse(
                "token_feil_algoritme", "Innloggingen er signert på en måte vi ikke godtar."
            )
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise _refuse("token_ugyldig", "Innloggingen mangler nøkkel-id.")
        key = self._key(kid)
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=list(ALLOWED_ALGORITHMS),
                options=SIGNATURE_ONLY,
            )
        except jwt.PyJWTError as error:
            raise _refuse("token_ugyldig", "Innloggingen har ugyldig signatur.") from error
        self._check_claims(claims, nonce)
        return claims

    def _check_claims(self, claims: dict[str, Any], nonce: str | None) -> None:
        if claims.get("iss") != self.issuer:
            raise _refuse(
                "token_feil_utsteder", "Innloggingen kommer fra en utsteder vi ikke stoler på."
            )
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.audience not in audiences:
            raise _refuse("token_feil_mottaker", "Innloggingen er ikke ment for denne tjenesten.")
        now = self._clock.now().timestamp()
        leeway = self._leeway.total_seconds()
        exp, iat = _number(claims.get("exp")), _number(claims.get("iat"))
        nbf = _number(claims.get("nbf", iat))
        if exp is None or iat is None or nbf is None:
            raise _refuse("token_ugyldig", "Innloggingen mangler gyldige tidspunkter.")
        if now >= exp + leeway:
            raise _refuse("token_utløpt", "Innloggingen er utløpt. Logg inn på nytt.")
        if max(iat, nbf) > now + leeway:
            raise _refuse(
                "token_ikke_gyldig_ennå",
                "Innloggingen er ikke gyldig ennå. Sjekk at klokken på maskinen går riktig.",
            )
        if nonce is not None:
            got = claims.get("nonce")
            if not isinstance(got, str) or not same_secret(got, nonce):
                raise _refuse("token_feil_nonce", "Innloggingen hører ikke til denne økten.")
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject:
            raise _refuse("token_mangler_subjekt", "Innloggingen sier ikke hvem du er.")

    def _key(self, kid: str) -> jwt.PyJWK:
        """The key for ``kid``, from the cached JWKS.

        The set is fetched on first use, when older than ``jwks_max_age`` (so a withdrawn key
        goes away) and when ``kid`` is unknown (so a rotated key is found), but once the set has
        been fetched, never more often than every 60 s.
        """
        with self._lock:
            now = self._clock.now()
            due = (
                self._fetched_at is None
                or now - self._fetched_at >= self._max_age
                or kid not in self._keys
            )
            rested = self._attempted_at is None or now - self._attempted_at >= JWKS_MIN_REFETCH
            if due and (rested or self._fetched_at is None):
                self._refresh(now)
            key = self._keys.get(kid)
        if key is None:
            raise _refuse("token_ukjent_nøkkel", "Innloggingen er signert med en ukjent nøkkel.")
        return key

    def _refresh(self, now: datetime) -> None:
        self._attempted_at = now
        try:
            document = self._http.get_json(self.jwks_uri)
        except Unavailable:
            if self._fetched_at is not None:
                log.warning("Kunne ikke hente nøkler på nytt; bruker de vi har")
                return
            raise
        self._keys = _parse_jwks(document)
        self._fetched_at = now
        if not self._keys:
            log.error("Utstederens nøkkelsett har ingen RS256-nøkler vi kan bruke")


def _parse_jwks(document: dict[str, Any]) -> dict[str, jwt.PyJWK]:
    """The RSA signing keys with a kid; anything else in the set is skipped."""
    import jwt

    keys: dict[str, jwt.PyJWK] = {}
    entries = document.get("keys")
    if not isinstance(entries, list):
        return keys
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("kty") != "RSA":
            continue
        kid = entry.get("kid")
        if not isinstance(kid, str) or entry.get("use", "sig") != "sig":
            continue
        if entry.get("alg", "RS256") not in ALLOWED_ALGORITHMS:
            continue
        try:
            keys[kid] = jwt.PyJWK(entry, algorithm="RS256")
        except jwt.PyJWTError:
            log.warning("Hoppet over en nøkkel som ikke kunne leses")
    return keys


def _number(value: object) -> float | None:
    """A JSON number claim as float; None for anything else (bool included)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None
