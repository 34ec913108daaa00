"""Keys of idempotency items.

item         pk                    sk                      gsi1pk / gsi1sk
-----------  --------------------  ----------------------  -------------------------------------
idempotency  IDEMPOTENCY#<scope>   IDEMPOTENCY             -                          TTL 24 h
             one per request a client may repeat, scope <subject>#<key>: Put with
             ``attribute_not_exists(pk) OR expires <= :now`` in the SAME TransactWriteItems as
             the change it guards; a repeat is cancelled by that condition and reads the item
             (GetItem). Holds the request's fingerprint and result (JSON in ``receipt``);
             ``expires`` is the change's instant + 24 h
"""

from __future__ import annotations

from datetime import timedelta

IDEMPOTENCY_TTL = timedelta(hours=24)


def idempotency_key(scope: str) -> tuple[str, str]:
    return f"IDEMPOTENCY#{scope}", "IDEMPOTENCY"
