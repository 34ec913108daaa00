"""`make deploy STAGE=…`: the packaged stack to AWS, the site to its bucket, CloudFront told.

Steps, each printed: who we are (STS), the code bucket (created once per account and region),
the Lambda package and the template uploaded under their SHA-256, the stack created or updated
and waited for (a failure prints the resources that failed and why), the site uploaded with
its content types (a calendar as text/calendar) and files no longer built removed, and a cache
invalidation. boto3 honours AWS_ENDPOINT_URL, which is how the rehearsal aims it at moto.
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path
from typing import Any

from ..serve import CONTENT_TYPES
from .package import Packaged
from .settings import Settings

# Pages and feeds change with every editor's pull request; the theme's assets carry a hash.
SHORT_CACHE = "public, max-age=300"
LONG_CACHE = "public, max-age=86400"
SHORT_SUFFIXES = (".html", ".ics", ".json", ".xml", ".txt")


class DeployError(RuntimeError):
    """AWS refused a step; the message says which and AWS's reason."""


def deploy(root: Path, settings: Settings, made: Packaged) -> dict[str, str]:
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    session = boto3.Session(region_name=settings.region)
    try:
        account = session.client("sts").get_caller_identity()["Account"]
        print(f"Konto {account}, region {settings.region}, stack {settings.stack_name}")
        s3 = session.client("s3")
        bucket = _code_bucket(s3, account, settings.region)
        code_key = _upload(s3, bucket, "lambda", made.zip_file)
        template_key = _upload(s3, bucket, "templates", made.template)
        outputs = _stack(session.client("cloudformation"), settings, bucket, code_key, template_key)
        uploaded, removed = _upload_site(s3, outputs["SiteBucketName"], root / "site")
        print(f"Nettstedet: {uploaded} filer lastet opp, {removed} fjernet")
        cloudfront = session.client("cloudfront")
        distribution = _distribution(cloudfront, settings.parameters["DomainName"])
        outputs["DistributionDomain"] = distribution["DomainName"]
        invalidation = cloudfront.create_invalidation(
            DistributionId=distribution["Id"],
            InvalidationBatch={
                "Paths": {"Quantity": 1, "Items": ["/*"]},
                "CallerReference": code_key,
            },
        )["Invalidation"]["Id"]
        print(f"CloudFront: hurtigbufferen tømmes ({invalidation})")
    except (BotoCoreError, ClientError) as error:
        raise DeployError(f"AWS avviste et steg: {error}") from error
    _next_steps(settings, outputs)
    return outputs | {"CodeKey": code_key, "Invalidation": invalidation}


def _code_bucket(s3: Any, account: str, region: str) -> str:
    """The code bucket: private, encrypted, one per account and region."""
    from botocore.exceptions import ClientError

    name = f"lis1-kode-{account}-{region}"
    try:
        s3.head_bucket(Bucket=name)
        return name
    except ClientError:
        pass
    print(f"Lager kodebøtten {name}")
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
    s3.put_public_access_block(
        Bucket=name,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_encryption(
        Bucket=name,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    return name


def _upload(s3: Any, bucket: str, prefix: str, file: Path) -> str:
    body = file.read_bytes()
    key = f"{prefix}/{hashlib.sha256(body).hexdigest()}{file.suffix}"
    s3.put_object(Bucket=bucket, Key=key, Body=body)
    print(f"Lastet opp {file.name} ({len(body) / 1024 / 1024:.1f} MiB) til s3://{bucket}/{key}")
    return key


def _stack(
    cloudformation: Any, settings: Settings, bucket: str, code_key: str, template_key: str
) -> dict[str, str]:
    from botocore.exceptions import ClientError, WaiterError

    name = settings.stack_name
    values = settings.parameters | {
        "CodeBucket": bucket,
        "CodeKey": code_key,
        "ServiceStage": settings.service_stage,
        "TableName": name,
    }
    url = f"https://{bucket}.s3.{settings.region}.amazonaws.com/{template_key}"
    arguments: dict[str, Any] = {
        "StackName": name,
        "TemplateURL": url,
        "Parameters": [{"ParameterKey": k, "ParameterValue": v} for k, v in values.items()],
        "Capabilities": ["CAPABILITY_IAM"],
    }
    try:
        cloudformation.describe_stacks(StackName=name)
        exists = True
    except ClientError:
        exists = False
    try:
        if exists:
            print(f"Oppdaterer stacken {name} …")
            cloudformation.update_stack(**arguments)
            waiter = "stack_update_complete"
        else:
            print(f"Lager stacken {name} …")
            cloudformation.create_stack(**arguments, EnableTerminationProtection=True)
            waiter = "stack_create_complete"
        cloudformation.get_waiter(waiter).wait(
            StackName=name, WaiterConfig={"Delay": 15, "MaxAttempts": 240}
        )
    except ClientError as error:
        if "No updates are to be performed" not in str(error):
            raise
        print("Stacken er uendret.")
    except WaiterError as error:
        raise DeployError(
            f"Stacken {name} ble ikke ferdig:\n{_failures(cloudformation, name)}"
        ) from error
    stack = cloudformation.describe_stacks(StackName=name)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def _failures(cloudformation: Any, name: str) -> str:
    events = cloudformation.describe_stack_events(StackName=name)["StackEvents"]
    failed = [e for e in events if str(e.get("ResourceStatus", "")).endswith("_FAILED")]
    return "\n".join(
        f"  {e['LogicalResourceId']}: {e.get('ResourceStatusReason', '')}" for e in failed[:10]
    )


def _distribution(cloudfront: Any, domain: str) -> dict[str, Any]:
    """The stack's distribution, found by its alias: an alias belongs to one distribution in
    all of CloudFront, so this is exact (and needs no output naming a type moto cannot make)."""
    for page in cloudfront.get_paginator("list_distributions").paginate():
        for item in page.get("DistributionList", {}).get("Items", []):
            if domain in item.get("Aliases", {}).get("Items", []):
                return dict(item)
    raise DeployError(f"Fant ingen CloudFront-distribusjon med adressen {domain}.")


def content_type(file: Path) -> str:
    """As `make serve` sends it (lis1.serve), so a feed is text/calendar in both places."""
    return CONTENT_TYPES.get(file.suffix) or (
        mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    )


def _upload_site(s3: Any, bucket: str, site: Path) -> tuple[int, int]:
    """Upload every file of the built site; remove what the build no longer has."""
    keys = set()
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        key = file.relative_to(site).as_posix()
        keys.add(key)
        s3.put_object(
            Bucket=bucket,
            Key=key,
            Body=file.read_bytes(),
            ContentType=content_type(file),
            CacheControl=SHORT_CACHE if file.suffix in SHORT_SUFFIXES else LONG_CACHE,
        )
    stale = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        stale += [o["Key"] for o in page.get("Contents", []) if o["Key"] not in keys]
    for start in range(0, len(stale), 1000):
        chunk = stale[start : start + 1000]
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in chunk]})
    return len(keys), len(stale)


def _next_steps(settings: Settings, outputs: dict[str, str]) -> None:
    domain = settings.parameters["DomainName"]
    print(f"\nFerdig: https://{domain}/")
    print("Før første bruk (se README, «Sette i drift»):")
    print(f"  - DNS: {domain} som CNAME/ALIAS til {outputs.get('DistributionDomain', '?')}")
    print("  - SES: legg inn de tre DKIM-postene, og be AWS om å ta kontoen ut av sandkassen")
    print("  - HelseID-nøkkelen: aws secretsmanager put-secret-value (ClientKeySecret)")
    print("  - Eksportnøkkelen: aws secretsmanager put-secret-value (ExportKeysSecret)")
    print("  - Bekreft abonnementet på alarmene i e-posten til LIS1_ALARM_EMAIL")
