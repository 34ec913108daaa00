"""Mailers without a network: a local outbox folder for `make serve`, and a list for tests.

Production sends through SES (an adapter beside the other AWS code in lis1/store/). The outbox
writes each mail as a standard .eml file, readable in any mail program and listed at
/api/dev/outbox while the local stack runs.
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from .clock import Clock
from .services.ports.mail import Mail

SENDER = "LIS1 <ikke-svar@lis1.helsedirektoratet.no>"


def as_message(mail: Mail, sender: str = SENDER) -> EmailMessage:
    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    return message


class OutboxMailer:
    def __init__(self, folder: Path, clock: Clock) -> None:
        self.folder = folder
        self.clock = clock

    def send(self, mail: Mail) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = self.clock.now().strftime("%Y%m%dT%H%M%S%fZ")
        name = re.sub(r"[^a-z0-9]+", "-", mail.subject.lower()).strip("-")[:40]
        (self.folder / f"{stamp}-{name}.eml").write_bytes(as_message(mail).as_bytes())

    def mails(self) -> list[tuple[str, EmailMessage]]:
        """(file name, message) for every mail in the outbox, newest first."""
        from email import message_from_bytes
        from email.policy import default

        found = []
        for path in sorted(self.folder.glob("*.eml"), reverse=True):
            parsed = message_from_bytes(path.read_bytes(), policy=default)
            assert isinstance(parsed, EmailMessage)
            found.append((path.name, parsed))
        return found


class MemoryMailer:
    def __init__(self) -> None:
        self.sent: list[Mail] = []

    def send(self, mail: Mail) -> None:
        self.sent.append(mail)
