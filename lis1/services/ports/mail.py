"""Port of outgoing e-mail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


class Mailer(Protocol):
    """Sends e-mail: SES in production, a local outbox folder under `make serve`, a list in
    tests. A failed send never undoes the change it reports (the receipt is on screen too)."""

    def send(self, mail: Mail) -> None: ...
