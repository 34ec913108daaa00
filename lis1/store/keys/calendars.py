"""Keys of private calendar addresses, and what both adapters record of them.

    item           pk                      sk         attributes
    -------------  ----------------------  ---------  ------------------------------------------
    address        CALENDAR#<token_hash>   CALENDAR   ``subject``, ``made_at``: the feed's one
                   GetItem finds whose calendar it is. Never the token itself
    current        USER#<subject>          CALENDAR   ``token_hash``, ``made_at``, ``version``
                   (counts changes): which address item to delete when the person makes a new
                   one or turns it off

A replace is one TransactWriteItems: the current item Put on condition of the ``version`` read
(attribute_not_exists for the first), the new address item Put with attribute_not_exists, the
old address item Deleted, and the audit entry; so only the last address made answers, even when
two are made at once (the loser reads again and replaces the winner's). Turning off deletes both
items on the same condition. No TTL: an address lasts until it is replaced or turned off.
"""

from __future__ import annotations

CALENDAR_SK = "CALENDAR"
CREATE = "create_calendar_link"
REVOKE = "revoke_calendar_link"


def address_key(token_hash: str) -> tuple[str, str]:
    return f"CALENDAR#{token_hash}", CALENDAR_SK


def current_key(subject: str) -> tuple[str, str]:
    """Beside the person's profile (``USER#<subject>``); every Query there names its prefix."""
    return f"USER#{subject}", CALENDAR_SK


def audit_detail(action: str, replaced: bool) -> dict[str, str]:
    if action == REVOKE:
        return {"kalenderadresse": "slått av"}
    return {"kalenderadresse": "erstattet" if replaced else "laget"}
