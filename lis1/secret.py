"""Comparing a secret someone sent with ours, in constant time, whatever characters they sent:
``hmac.compare_digest`` refuses text beyond ASCII with a TypeError, which would be a 500."""

from __future__ import annotations

import hmac


def same_secret(sent: str, ours: str) -> bool:
    return hmac.compare_digest(
        sent.encode("utf-8", "surrogatepass"), ours.encode("utf-8", "surrogatepass")
    )
