"""Reading a secret from AWS Secrets Manager: the HelseID client's private key lives there in
AWS, never in the package or an environment variable. Called once, at the first request."""

from __future__ import annotations

import os


def read_secret(secret_id: str) -> bytes:
    import boto3

    region = os.environ.get("AWS_REGION") or "eu-north-1"
    client = boto3.client("secretsmanager", region_name=region)
    answer = client.get_secret_value(SecretId=secret_id)
    text = answer.get("SecretString")
    return text.encode() if isinstance(text, str) else bytes(answer.get("SecretBinary", b""))
