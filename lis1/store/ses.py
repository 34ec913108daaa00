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


def make_ses_client(region: str | None = None) -> Any:
    """In Lambda the region is the function's own (AWS_REGION); eu-north-1 elsewhere."""
    import os

    import boto3

    region = region or os.environ.get("AWS_REGION") or "eu-north-1"
    return boto3.client("sesv2", region_name=region)


class SesMailer:
    def __init__(
        self, client: Any, sender: str = SENDER, configuration_set: str | None = None
    ) -> None:
        self.client = client
        self.sender = sender
        self.configuration_set = configuration_set

    def send(self, mail: Mail) -> None:
        extra = {"ConfigurationSetName": self.configuration_set} if self.configuration_set else {}
        self.client.send_email(
            FromEmailAddress=self.sender,
            Destination={"ToAddresses": [mail.to]},
            Content={"Raw": {"Data": as_message(mail, self.sender).as_bytes()}},
            **extra,
        )
