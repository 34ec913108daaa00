"""The packaged Lambda, unpacked into an empty folder and imported by a clean interpreter
(no site-packages, no dev dependencies), answers API Gateway events: the health route, a
sign-in redirect to HelseID (over https, certificate checked, through a proxy), an
application (DynamoDB Local as the table, moto's Secrets Manager and SES) and the export keys'
JWKS (read from the secret store)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from lis1.api.app import create_app
from lis1.api.gateway import ApiGateway
from lis1.auth.export_keys import keys_from_secret
from lis1.deploy.package import Packaged
from lis1.domain.ads import Ad, AdContent
from lis1.services.accounts import start_session
from lis1.store.bundle import dynamodb_store
from lis1.store.dynamo.client import make_client
from lis1.store.schema import ensure_table

from .tls_proxy import TlsProxy

ISSUER = "https://helseid.example.no"
ORIGIN = "https://lis1-test.example.no"
REGION = "eu-north-1"
TABLE = "lis1-lambda-package"
WORKER = Path(__file__).with_name("lambda_worker.py")


class RemoteLambda:
    """The packaged handler in its own process, called like the Chalice app it is: the local
    gateway (lis1.api.gateway) turns requests into the proxy events API Gateway sends."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.routes = create_app(lambda: None).routes  # type: ignore[arg-type, return-value]
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", WORKER.read_text("utf-8"), str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert self.process.stdout is not None
        self.started: dict[str, Any] = json.loads(self.process.stdout.readline())

    def __call__(self, event: dict[str, Any], context: object) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(event) + "\n")
        self.process.stdin.flush()
        answer: dict[str, Any] = json.loads(self.process.stdout.readline())
        return answer

    def close(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()


@dataclass
class Deployed:
    gateway: ApiGateway
    handler: RemoteLambda
    proxy: TlsProxy
    ad_id: str
    cookie: str
    csrf: str
    moto: str
    export_kid: str = ""


def _discovery() -> dict[str, Any]:
    return {
        "issuer": ISSUER,
        "authorization_endpoint": f"{ISSUER}/connect/authorize",
        "token_endpoint": f"{ISSUER}/connect/token",
        "jwks_uri": f"{ISSUER}/.well-known/openid-configuration/jwks",
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "code_challenge_methods_supported": ["S256"],
        "id_token_signing_alg_values_supported": ["RS256"],
    }


@pytest.fixture(scope="module")
def deployed(
    packaged: Packaged,
    dynamodb_local_endpoint: str,
    moto_server: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Deployed]:
    folder = tmp_path_factory.mktemp("var-task")
    assert not any(folder.iterdir())
    with zipfile.ZipFile(packaged.zip_file) as made:
        made.extractall(folder)
    aws = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    secrets = boto3.client("secretsmanager", region_name=REGION, endpoint_url=moto_server, **aws)
    secret = secrets.create_secret(Name="lis1-test-client-key", SecretString=pem)["ARN"]
    export_pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    export_secret_value = json.dumps({"keys": [export_pem.decode()]})
    export_secret = secrets.create_secret(
        Name="lis1-test-export-keys", SecretString=export_secret_value
    )["ARN"]
    ses = boto3.client("sesv2", region_name=REGION, endpoint_url=moto_server, **aws)
    ses.create_email_identity(EmailIdentity="lis1-test.example.no")

    client = make_client(dynamodb_local_endpoint)
    ensure_table(client, TABLE)
    store = dynamodb_store(client, TABLE, "dynamodb-local")
    now = datetime.now(UTC)
    today = now.date()
    content = AdContent(
        "helse-bergen", "Haukeland", 1, "bergen-kommune", today + timedelta(days=60),
        "Reststilling til pakketesten.", None, today + timedelta(days=10),
        date(today.year + 1, 12, 31),
    )  # fmt: skip
    store.ads.create(Ad("e00000000abc", content, "publisert", 1, "test", now, now, now))
    session = start_session(
        store, subject="pakke-soker", name="Kari Pakke", email="kari@example.org", now=now,
        lifetime=timedelta(hours=1),
    )  # fmt: skip

    proxy = TlsProxy(urlsplit(ISSUER).hostname or "", {}, folder.parent)
    proxy.documents["/.well-known/openid-configuration"] = _discovery()
    env = {
        "LIS1_STAGE": "test",
        "LIS1_PUBLIC_ORIGIN": ORIGIN,
        "LIS1_ISSUER": ISSUER,
        "LIS1_CLIENT_ID": "lis1-test",
        "LIS1_API_AUDIENCE": "lis1-test-api",
        "LIS1_CLIENT_KEY_ID": "test-key",
        "LIS1_CLIENT_KEY_SECRET": secret,
        "LIS1_EXPORT_KEYS_SECRET": export_secret,
        "LIS1_TABLE": TABLE,
        "LIS1_DATA_DIR": str(folder / "data"),
        "LIS1_MAIL_FROM": "LIS1 <ikke-svar@lis1-test.example.no>",
        "AWS_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_ENDPOINT_URL_DYNAMODB": dynamodb_local_endpoint,
        "AWS_ENDPOINT_URL_SECRETS_MANAGER": moto_server,
        "AWS_ENDPOINT_URL_SESV2": moto_server,
        "HTTPS_PROXY": proxy.url,
        "NO_PROXY": "127.0.0.1,localhost",
        "SSL_CERT_FILE": str(proxy.ca_file),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    handler = RemoteLambda(folder, env)
    try:
        yield Deployed(
            ApiGateway(handler),  # type: ignore[arg-type]
            handler,
            proxy,
            "e00000000abc",
            f"lis1_session={session.token}",
            session.session.csrf_token,
            moto_server,
            export_kid=keys_from_secret(export_secret_value).kid,
        )
    finally:
        handler.close()
        proxy.close()
        client.close()


def test_the_package_imports_without_any_development_tool(deployed: Deployed) -> None:
    started = deployed.handler.started
    assert started["dev_tools_found"] == []
    assert started["modules_outside"] == []  # every module from the package or the stdlib
    assert started["bytecode"] is True


def test_health(deployed: Deployed) -> None:
    answer = deployed.gateway.handle("GET", "/api/health", {"accept": "application/json"}, b"")
    assert answer.status == 200, answer.body


def test_the_export_keys_are_read_from_the_secret_store(deployed: Deployed) -> None:
    answer = deployed.gateway.handle(
        "GET", "/api/.well-known/jwks.json", {"accept": "application/json"}, b""
    )
    assert answer.status == 200, answer.body
    assert [key["kid"] for key in json.loads(answer.body)["keys"]] == [deployed.export_kid]


def test_sign_in_leads_to_helseid(deployed: Deployed) -> None:
    answer = deployed.gateway.handle(
        "GET", "/api/auth/login?return_to=/min-side/", {"accept": "text/html"}, b""
    )
    assert answer.status == 302, answer.body
    location = urlsplit(answer.header("Location") or "")
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{ISSUER}/connect/authorize"
    assert "client_id=lis1-test" in location.query and "code_challenge=" in location.query
    assert "GET /.well-known/openid-configuration" in deployed.proxy.requests


def test_an_application_is_stored_with_a_receipt_and_a_mail(deployed: Deployed) -> None:
    headers = {
        "accept": "application/json",
        "content-type": "application/json",
        "cookie": deployed.cookie,
        "origin": ORIGIN,
        "x-csrf-token": deployed.csrf,
    }
    body = json.dumps({"cover_text": "Jeg søker fra pakken."}).encode()
    answer = deployed.gateway.handle(
        "POST", f"/api/ads/{deployed.ad_id}/applications", headers, body
    )
    assert answer.status == 201, answer.body
    receipt = answer.json()
    assert isinstance(receipt, dict) and receipt.get("reference")
    mine = deployed.gateway.handle("GET", "/api/applications", headers, b"").json()
    listed = mine["applications"]  # type: ignore[index]
    assert [(a["ad"]["id"], a["reference"]) for a in listed] == [
        (deployed.ad_id, receipt["reference"])
    ]
    ses = boto3.client(
        "ses",
        region_name=REGION,
        endpoint_url=deployed.moto,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    assert ses.get_send_quota()["SentLast24Hours"] >= 1


DRAW_A_PDF = """
import sys
sys.path.insert(0, sys.argv[1])
sys.dont_write_bytecode = True
from lis1.documents.model import Document, Facts, Heading
from lis1.documents.pdf import render_pdf
blocks = (Heading("Łucja Dąbrowska-Nguyễn", 1), Facts((("Navn", "Øyvind Ærø"),)))
made = render_pdf(Document("Prøve", "nb", "LIS1", "Prøve", blocks))
sys.stdout.write(str(len(made)) if made.startswith(b"%PDF-") else "ingen PDF")
"""


def test_the_package_draws_a_pdf_with_its_own_libraries_and_fonts(
    packaged: Packaged, tmp_path: Path
) -> None:
    """fpdf2, Pillow (a wheel for Lambda's glibc) and the two Roboto faces copied into the
    package draw a PDF in a clean interpreter that sees nothing but the package."""
    with zipfile.ZipFile(packaged.zip_file) as made:
        made.extractall(tmp_path)
    fonts = sorted(p.name for p in (tmp_path / "font_roboto" / "files").iterdir())
    assert fonts == ["LICENSE", "Roboto-Bold.ttf", "Roboto-Regular.ttf"]
    drawn = subprocess.run(
        [sys.executable, "-I", "-S", "-c", DRAW_A_PDF, str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert drawn.returncode == 0, drawn.stderr
    assert int(drawn.stdout) > 1000
