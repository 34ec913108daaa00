"""The translated template: cfn-lint finds nothing, every reference holds, no wildcard outside
the reasoned list, no public bucket. Each check is also shown to fail on a broken copy."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cfnlint.api import ManualArgs, lint, lint_file

from lis1.deploy.package import Packaged
from lis1.deploy.template import merge_template

from .checks import (
    REGION,
    public_bucket_problems,
    reference_problems,
    wildcard_problems,
)
from .conftest import REPO_ROOT

# cfn-lint rules we do not follow, each with its reason. None today: a new warning fails.
IGNORED_RULES: dict[str, str] = {}


def _lint(template: dict[str, Any]) -> list[str]:
    matches = lint(json.dumps(template), regions=[REGION])
    return [f"{m.rule.id} {m.message} ({m.linenumber})" for m in matches]


def test_cfn_lint_finds_nothing_in_the_translated_template(packaged: Packaged) -> None:
    found = lint_file(
        Path(packaged.template), config=ManualArgs(regions=[REGION], include_checks=["I"])
    )
    problems = [f"{m.rule.id} {m.message}" for m in found if m.rule.id not in IGNORED_RULES]
    assert problems == []


def test_cfn_lint_catches_a_broken_property(template: dict[str, Any]) -> None:
    site = copy.deepcopy(template["Resources"]["SiteBucket"])
    site["Properties"]["OwnershipControls"]["Rules"][0]["ObjectOwnership"] = "BucketEnforced"
    broken = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"SiteBucket": site}}
    assert any(problem.startswith("E3030") for problem in _lint(broken))


def test_every_reference_names_something_that_has_it(template: dict[str, Any]) -> None:
    assert reference_problems(template) == []


def test_a_wrong_reference_is_found(template: dict[str, Any]) -> None:
    broken = copy.deepcopy(template)
    resources = broken["Resources"]
    resources["SiteBucketPolicy"]["Properties"]["Bucket"] = {"Ref": "SiteBuckett"}
    resources["AlarmTopic"]["Properties"]["KmsMasterKeyId"] = {"Fn::GetAtt": ["Table", "Url"]}
    role = resources["FunctionRole"]["Properties"]["Policies"][0]["PolicyDocument"]
    role["Statement"][0]["Resource"] = {"Fn::Sub": "${Table.Nope}/x ${Missing}"}
    broken["Outputs"]["Extra"] = {"Value": {"Ref": "Gone"}}
    found = "\n".join(reference_problems(broken))
    for name in ("SiteBuckett", "Table har ikke attributtet Url", "Nope", "Missing", "Gone"):
        assert name in found


def test_no_wildcard_outside_the_reasoned_list(template: dict[str, Any]) -> None:
    assert wildcard_problems(template) == []


def test_the_functions_reach_only_their_own_table_secret_and_mail(template: dict[str, Any]) -> None:
    role = template["Resources"]["FunctionRole"]["Properties"]["Policies"][0]["PolicyDocument"]
    by_sid = {s["Sid"]: s for s in role["Statement"]}
    assert set(by_sid) == {"Table", "ClientKey", "ExportKeys", "Mail", "FailedJobs", "Logs"}
    restored, own = by_sid["Table"]["Resource"]["Fn::If"][1:]
    assert own == [{"Fn::GetAtt": ["Table", "Arn"]}, {"Fn::Sub": "${Table.Arn}/index/gsi1"}]
    assert [r["Fn::Sub"].rsplit(":", 1)[1] for r in restored] == [
        "table/${RestoredTable}",
        "table/${RestoredTable}/index/gsi1",
    ]
    assert by_sid["ClientKey"]["Resource"] == {"Ref": "ClientKeySecret"}
    assert by_sid["ExportKeys"]["Resource"] == {"Ref": "ExportKeysSecret"}
    api = template["Resources"]["APIHandler"]["Properties"]["Environment"]["Variables"]
    assert api["LIS1_CLIENT_KEY_SECRET"] == {"Ref": "ClientKeySecret"}
    assert api["LIS1_EXPORT_KEYS_SECRET"] == {"Ref": "ExportKeysSecret"}
    functions = [
        k for k, v in template["Resources"].items() if v["Type"] == "AWS::Lambda::Function"
    ]
    assert len(by_sid["Logs"]["Resource"]) == len(functions)


def test_a_wildcard_or_a_public_principal_is_found(template: dict[str, Any]) -> None:
    broken = copy.deepcopy(template)
    resources = broken["Resources"]
    role = resources["FunctionRole"]["Properties"]["Policies"][0]["PolicyDocument"]
    role["Statement"].append({"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"})
    policy = resources["SiteBucketPolicy"]["Properties"]["PolicyDocument"]
    policy["Statement"][0]["Principal"] = "*"
    resources["FunctionRole"]["Properties"]["ManagedPolicyArns"] = [
        "arn:aws:iam::aws:policy/AdministratorAccess"
    ]
    found = "\n".join(wildcard_problems(broken))
    for part in ("dynamodb:*", "ressursen *", "alle og enhver", "AdministratorAccess"):
        assert part in found


def test_no_bucket_is_public(template: dict[str, Any]) -> None:
    assert public_bucket_problems(template) == []
    broken = copy.deepcopy(template)
    site = broken["Resources"]["SiteBucket"]["Properties"]
    site["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"] = False
    site["WebsiteConfiguration"] = {"IndexDocument": "index.html"}
    assert len(public_bucket_problems(broken)) == 2


def test_scheduled_functions_retry_then_dead_letter_and_alarm(template: dict[str, Any]) -> None:
    resources = template["Resources"]
    scheduled = {
        v["Properties"]["Targets"][0]["Arn"]["Fn::GetAtt"][0]
        for v in resources.values()
        if v["Type"] == "AWS::Events::Rule"
    }
    assert scheduled, "ingen planlagte funksjoner i malen"
    for name in scheduled:
        configs = [
            v["Properties"]
            for v in resources.values()
            if v["Type"] == "AWS::Lambda::EventInvokeConfig"
            and v["Properties"]["FunctionName"] == {"Ref": name}
        ]
        assert len(configs) == 1
        assert configs[0]["MaximumRetryAttempts"] == 2
        assert configs[0]["DestinationConfig"]["OnFailure"]["Destination"] == {
            "Fn::GetAtt": ["DeadLetters", "Arn"]
        }
        assert f"{name}FailedAlarm" in resources


def test_the_table_keeps_its_data(template: dict[str, Any]) -> None:
    table = template["Resources"]["Table"]
    assert table["DeletionPolicy"] == "Retain"
    properties = table["Properties"]
    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    assert properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert properties["DeletionProtectionEnabled"] is True
    assert properties["TimeToLiveSpecification"]["Enabled"] is True


def test_unknown_api_paths_get_our_error_body(template: dict[str, Any]) -> None:
    api = next(v for v in template["Resources"].values() if v["Type"] == "AWS::ApiGateway::RestApi")
    responses = api["Properties"]["Body"]["x-amazon-apigateway-gateway-responses"]
    missing = responses["MISSING_AUTHENTICATION_TOKEN"]
    assert missing["statusCode"] == "404"
    body = json.loads(missing["responseTemplates"]["application/json"])
    assert body["code"] == "finnes_ikke" and set(body) == {"code", "message", "fields"}
    assert responses["THROTTLED"]["statusCode"] == "429"


def test_a_pdf_link_opened_in_a_browser_reaches_it_as_binary(template: dict[str, Any]) -> None:
    """API Gateway treats an answer as binary by the first Accept type (a browser's is
    text/html), so the API lists every type; only the PDFs come base64-encoded from Lambda."""
    api = next(v for v in template["Resources"].values() if v["Type"] == "AWS::ApiGateway::RestApi")
    assert api["Properties"]["Body"]["x-amazon-apigateway-binary-media-types"] == ["*/*"]


def test_english_api_pages_reach_the_api_through_the_language_function(
    template: dict[str, Any],
) -> None:
    """/en/api/* is /api/* with the function that strips /en and says X-Lis1-Sprak: en; the
    same function on /api/* drops a header a client sent (lis1/deploy/api_function.py)."""
    config = template["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    by_pattern = {b["PathPattern"]: b for b in config["CacheBehaviors"]}
    api, english = by_pattern["/api/*"], by_pattern["/en/api/*"]
    assert {**english, "PathPattern": "/api/*"} == api
    arn = {"Fn::GetAtt": ["ApiLanguage", "FunctionMetadata.FunctionARN"]}
    assert api["FunctionAssociations"] == [{"EventType": "viewer-request", "FunctionARN": arn}]
    function = template["Resources"]["ApiLanguage"]
    assert function["Type"] == "AWS::CloudFront::Function"
    assert "'x-lis1-sprak'" in function["Properties"]["FunctionCode"]


def test_a_broken_piece_in_infra_names_its_file_and_line(tmp_path: Path, built_site: Path) -> None:
    shutil.copytree(REPO_ROOT / "infra", tmp_path / "infra")
    with (tmp_path / "infra" / "mail.yaml").open("a", encoding="utf-8") as piece:
        piece.write("  bad: [unclosed\n")
    with pytest.raises(ValueError, match=r"mail\.yaml(.|\n)*line 3\d"):
        merge_template(tmp_path / "infra", built_site, {"APIHandler": False})
