"""The production mailer: Amazon SES. AWS code stays in lis1/store, like the DynamoDB adapter.

The client is injected (created at the first request, never at import). Nothing personal is
logged: a failure is logged with SES's error code only.
"""

from __future__ import annotations

import logging
from typing import Any

from ..mail import SENDER, as_message
from ..services.ports.mail import Mail

log = logging.getLogger("lis1.mail")


def make_ses_client(region: str = "eu-north-1") -> Any:
    import boto3

    return boto3.client("sesv2", region_name=region)


class SesMailer:
    def __init__(self, client: Any, sender: str = SENDER) -> None:
        self.client = client
        self.sender = sender

    def send(self, mail: Mail) -> None:
        self.client.send_email(
            FromEmailAddress=self.sender,
            Destination={"ToAddresses": [mail.to]},
            Content={"Raw": {"Data": as_message(mail).as_bytes()}},
        )
