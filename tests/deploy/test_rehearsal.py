"""`make deploy STAGE=rehearsal` against a moto server: the real command (`lis1 deploy`) on the
package the tests made, then the table, the site's files and the invalidation are checked.

moto cannot create every resource type from a template. Those it skips are listed below with
the reason, and moto's warning about any other type fails the test, so a new resource is either
created in the rehearsal or listed here on purpose.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import boto3
import pytest

from lis1.deploy.deploy import content_type
from lis1.deploy.package import Packaged

from .conftest import REPO_ROOT

STAGE = "rehearsal"
REGION = "eu-north-1"
DOMAIN = "lis1-rehearsal.example.no"  # infra/stages/rehearsal.env

# Resource types moto's CloudFormation does not implement (it warns and skips them). They are
# checked by cfn-lint and the template tests instead.
NOT_IN_MOTO = {
    "AWS::ApiGateway::Account": "kontoinnstilling for API Gateway-logger",
    "AWS::ApiGateway::Stage": "trinnet «api» (moto lager ikke trinn fra en mal)",
    "AWS::CloudFront::Distribution": "står i for seg selv: lages før utrullingen, se stand_in",
    "AWS::CloudFront::Function": "sidefunksjonen",
    "AWS::CloudFront::OriginAccessControl": "bøttetilgangen for CloudFront",
    "AWS::CloudFront::ResponseHeadersPolicy": "sikkerhetshodene",
    "AWS::CloudWatch::Alarm": "alarmene",
    "AWS::Lambda::EventInvokeConfig": "nye forsøk og død-bokstav-køen for jobbene",
    "AWS::Logs::MetricFilter": "tellingen av 429 i tilgangsloggen",
    "AWS::S3::BucketPolicy": "bøttepolicyen",
    "AWS::SES::ConfigurationSet": "e-postoppsettet",
    "AWS::SES::EmailIdentity": "e-postdomenet med DKIM",
    "AWS::SecretsManager::Secret": "hemmelighetene til HelseID-nøkkelen og eksportnøklene",
}
# Resource types moto creates wrongly from this template, taken out of the rehearsal's copy.
TAKEN_OUT = {
    # moto makes the RestApi without its Body (the routes), then refuses to deploy an API
    # without methods. The routes are exercised through the packaged Lambda instead.
    "AWS::ApiGateway::Deployment": "moto leser ikke rutene i RestApi.Body",
}


def _rehearsal_copy(packaged: Packaged, built_site: Path, root: Path) -> None:
    """A project folder holding what `lis1 deploy` reads: the package, the site, the stage."""
    out = root / "build" / "deploy"
    shutil.copytree(built_site, root / "site")
    (root / "infra" / "stages").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "infra" / "stages" / f"{STAGE}.env", root / "infra" / "stages")
    shutil.copytree(packaged.folder, out / "lambda")
    shutil.copy(packaged.zip_file, out / "lambda.zip")
    template: dict[str, Any] = json.loads(packaged.template.read_text("utf-8"))
    dropped = [k for k, v in template["Resources"].items() if v["Type"] in TAKEN_OUT]
    for name in dropped:
        del template["Resources"][name]
    for resource in template["Resources"].values():
        depends = resource.get("DependsOn")
        if depends is not None:
            kept = [
                d for d in ([depends] if isinstance(depends, str) else depends) if d not in dropped
            ]
            resource["DependsOn"] = kept
    (out / "template.json").write_text(json.dumps(template), "utf-8")


def _stand_in_distribution(cloudfront: Any) -> None:
    """moto cannot make the distribution from the template; the deploy finds it by its alias
    (as in AWS), so one with the stage's alias stands in for it."""
    cloudfront.create_distribution(
        DistributionConfig={
            "CallerReference": "rehearsal",
            "Aliases": {"Quantity": 1, "Items": [DOMAIN]},
            "Origins": {
                "Quantity": 1,
                "Items": [
                    {
                        "Id": "site",
                        "DomainName": "site.s3.eu-north-1.amazonaws.com",
                        "S3OriginConfig": {"OriginAccessIdentity": ""},
                    }
                ],
            },
            "DefaultCacheBehavior": {
                "TargetOriginId": "site",
                "ViewerProtocolPolicy": "redirect-to-https",
                "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
            },
            "Comment": "LIS1",
            "Enabled": True,
        }
    )


def _deploy(root: Path, stage: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`make deploy STAGE=…` after `make package`: the command it runs, on ``root``."""
    return subprocess.run(
        [sys.executable, "-m", "lis1", "--root", str(root), "deploy", "--stage", stage],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        check=False,
    )


def _aws(moto_server: str) -> dict[str, str]:
    return {
        "AWS_ENDPOINT_URL": moto_server,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }


def test_make_deploy_rehearsal_on_moto(
    packaged: Packaged, built_site: Path, moto_server: str, tmp_path: Path
) -> None:
    _rehearsal_copy(packaged, built_site, tmp_path)
    aws = _aws(moto_server)
    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
    )
    _stand_in_distribution(session.client("cloudfront", endpoint_url=moto_server))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LIS1_"))} | aws
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        done = _deploy(tmp_path, STAGE, env)
    assert done.returncode == 0, done.stderr + done.stdout
    skipped = {
        str(w.message).split()[3]
        for w in caught
        if "not supported by moto's CloudFormation" in str(w.message)
    }
    assert skipped - set(NOT_IN_MOTO) == set(), "moto hoppet over typer som ikke er listet"
    assert set(NOT_IN_MOTO) - skipped == set(), "listet som umulig i moto, men ble laget"

    dynamodb = session.client("dynamodb", endpoint_url=moto_server)
    table = dynamodb.describe_table(TableName=f"lis1-{STAGE}")["Table"]
    assert {k["AttributeName"] for k in table["KeySchema"]} == {"pk", "sk"}
    assert [i["IndexName"] for i in table["GlobalSecondaryIndexes"]] == ["gsi1"]

    stack = session.client("cloudformation", endpoint_url=moto_server).describe_stacks(
        StackName=f"lis1-{STAGE}"
    )["Stacks"][0]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    s3 = session.client("s3", endpoint_url=moto_server)
    listed = s3.list_objects_v2(Bucket=outputs["SiteBucketName"], MaxKeys=1000)
    keys = {o["Key"] for o in listed["Contents"]}
    files = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file()}
    assert keys == files
    feed = next(k for k in sorted(keys) if k.endswith(".ics"))
    head = s3.head_object(Bucket=outputs["SiteBucketName"], Key=feed)
    assert head["ContentType"] == "text/calendar; charset=utf-8"
    assert content_type(built_site / feed) == head["ContentType"]

    cloudfront = session.client("cloudfront", endpoint_url=moto_server)
    distribution = cloudfront.list_distributions()["DistributionList"]["Items"][0]["Id"]
    invalidations = cloudfront.list_invalidations(DistributionId=distribution)
    assert invalidations["InvalidationList"]["Quantity"] == 1
    assert "Nettstedet: " in done.stdout and "hurtigbufferen tømmes" in done.stdout


@pytest.mark.parametrize("stage", ["prod", "ny-stage"])
def test_make_deploy_says_what_is_missing(stage: str, tmp_path: Path) -> None:
    """Without settings or credentials nothing is sent: each missing item is named."""
    (tmp_path / "build" / "deploy").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LIS1_"))}
    env |= {
        "AWS_CONFIG_FILE": str(tmp_path / "none"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    done = _deploy(tmp_path, stage, env)
    assert done.returncode == 1
    for setting in ("LIS1_DOMAIN", "LIS1_CERTIFICATE_ARN", "LIS1_CLIENT_ID", "LIS1_ALARM_EMAIL"):
        assert setting in done.stderr
    assert f"infra/stages/{stage}.env" in done.stderr
    assert "Fant ingen AWS-legitimasjon" in done.stderr
    assert "Traceback" not in done.stderr
