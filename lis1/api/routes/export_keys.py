"""The public key set portfolio exports are verified with: anyone holding an export checks it
against this address (``lis1 verify-export --jwks …``, or any JOSE library), without signing in."""

from __future__ import annotations

import logging

from ...auth.export_keys import ExportKeys
from ...config import ConfigError
from ...errors import Unavailable
from ...i18n import N_, _
from ..pipeline import Context
from ..registry import PUBLIC, Routes
from ..schemas.export_keys import JwksOut

log = logging.getLogger(__name__)

routes = Routes()


@routes.route(
    "GET",
    "/.well-known/jwks.json",
    summary=N_("Offentlige nøkler for å kontrollere signerte porteføljeeksporter (JWKS)"),
    access=PUBLIC,
    response=JwksOut,
    public_cache_seconds=3600,
    errors=(503,),
)
def jwks(ctx: Context) -> JwksOut:
    return JwksOut.model_validate(export_keys(ctx).jwks())


def export_keys(ctx: Context) -> ExportKeys:
    """The signing keys; 503 while they cannot be read (the cause goes to the log)."""
    try:
        return ctx.deps.export_keys
    except Exception as error:  # a ConfigError, or the secret store (AWS) answering an error
        cause = str(error) if isinstance(error, ConfigError) else type(error).__name__
        log.error("Eksportnøklene kan ikke leses: %s", cause)  # the operator's to fix
        raise Unavailable(
            _("Nøklene for eksporter er ikke tilgjengelige nå. Prøv igjen senere.")
        ) from None
