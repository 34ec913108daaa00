"""The one template set: the pieces in infra/ and those generated from the code, merged into the
template `chalice package --merge-template` takes.

Generated here, because the code knows them: the table (from the store's schema), the wiring of
every function Chalice makes (role, code, environment, log group; retries, dead letters and an
alarm for each scheduled one), the gateway responses (from the API's error table), the
site's security headers and page index (from the built site), and the English API's behaviour
``/en/api/*`` with its function (:mod:`lis1.deploy.api_function`).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from ..api.errors import gateway_responses
from ..infra import table_template
from ..site.headers import api_behaviour_headers, cloudfront_headers_config, static_headers
from .api_function import RESOURCE as API_LANGUAGE
from .api_function import api_language_function, with_english_api
from .site_function import site_pages_function

PIECES = ("api.yaml", "hosting.yaml", "mail.yaml", "monitoring.yaml")
API_FUNCTION = "APIHandler"
LOG_DAYS = 90
Template = dict[str, Any]


def merge(base: Any, extra: Any) -> Any:
    """Chalice's own rule (TemplateDeepMerger): maps merge key by key, anything else is replaced."""
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = merge(base.get(key), value)
        return merged
    return copy.deepcopy(extra)


def load_piece(path: Path) -> Template:
    from ruamel.yaml.error import YAMLError

    try:
        loaded = YAML(typ="safe", pure=True).load(path)  # errors name the file, line and column
    except YAMLError as error:
        raise ValueError(f"{path} kan ikke leses som YAML:\n{error}") from error
    if not isinstance(loaded, dict):
        raise ValueError(f"{path}: ikke en CloudFormation-mal (ingen tabell på øverste nivå)")
    return loaded


def merge_template(infra: Path, site: Path, functions: dict[str, bool]) -> Template:
    """``functions``: Chalice's resource name of each function, and whether it is scheduled."""
    template: Template = {}
    for piece in PIECES:
        template = merge(template, load_piece(infra / piece))
    table = table_template()
    template = merge(template, {k: table[k] for k in ("Parameters", "Resources")})
    template["Parameters"]["ServiceStage"] = {
        "Type": "String",
        "AllowedValues": ["test", "prod"],
        "Default": "prod",
        "Description": "prod for tjenesten i drift, test for en prøvestack",
    }
    resources = template["Resources"]
    for name, scheduled in sorted(functions.items()):
        _wire_function(resources, name, scheduled)
    body = resources["RestAPI"]["Properties"].setdefault("DefinitionBody", {})
    body["x-amazon-apigateway-gateway-responses"] = _gateway_responses()
    # API Gateway decides "binary" by the request's first Accept type, and a browser opening a
    # PDF link sends text/html first: with */* it decodes exactly what the function marks as
    # base64 (only the PDFs, see lis1.api.app.BINARY) and passes every other answer as text.
    body["x-amazon-apigateway-binary-media-types"] = ["*/*"]
    resources["SiteHeadersPolicy"] = _headers_policy("site", static_headers(site))
    # The API sets the same headers itself; here they also reach API Gateway's own answers.
    resources["ApiHeadersPolicy"] = _headers_policy("api", api_behaviour_headers())
    resources["SitePages"] = site_pages_function(site)
    resources[API_LANGUAGE] = api_language_function()
    distribution = resources["Distribution"]["Properties"]["DistributionConfig"]
    distribution["CacheBehaviors"] = with_english_api(distribution["CacheBehaviors"])
    return template


def _headers_policy(name: str, headers: dict[str, str]) -> dict[str, Any]:
    return {
        "Type": "AWS::CloudFront::ResponseHeadersPolicy",
        "Properties": {
            "ResponseHeadersPolicyConfig": {
                "Name": {"Fn::Sub": "${AWS::StackName}-" + name},
                **cloudfront_headers_config(headers),
            }
        },
    }


def _environment() -> dict[str, Any]:
    return {
        "LIS1_STAGE": {"Ref": "ServiceStage"},
        "LIS1_DATA_DIR": "/var/task/data",
        "LIS1_TABLE": {"Fn::If": ["UseRestoredTable", {"Ref": "RestoredTable"}, {"Ref": "Table"}]},
        "LIS1_PUBLIC_ORIGIN": {"Fn::Sub": "https://${DomainName}"},
        "LIS1_ISSUER": {"Ref": "Issuer"},
        "LIS1_CLIENT_ID": {"Ref": "ClientId"},
        "LIS1_API_AUDIENCE": {"Ref": "ApiAudience"},
        "LIS1_CLIENT_KEY_ID": {"Ref": "ClientKeyId"},
        "LIS1_CLIENT_KEY_SECRET": {"Ref": "ClientKeySecret"},
        "LIS1_EXPORT_KEYS_SECRET": {"Ref": "ExportKeysSecret"},
        "LIS1_MAIL_FROM": {"Fn::Sub": "LIS1 <ikke-svar@${MailDomain}>"},
        "LIS1_MAIL_CONFIGURATION_SET": {"Ref": "MailConfigurationSet"},
    }


def _wire_function(resources: dict[str, Any], name: str, scheduled: bool) -> None:
    logs = f"{name}Logs"
    properties: dict[str, Any] = {
        "Role": {"Fn::GetAtt": ["FunctionRole", "Arn"]},
        "CodeUri": {"Bucket": {"Ref": "CodeBucket"}, "Key": {"Ref": "CodeKey"}},
        "Environment": {"Variables": _environment()},
        "LoggingConfig": {"LogGroup": {"Ref": logs}},
    }
    resources[logs] = {
        "Type": "AWS::Logs::LogGroup",
        "DeletionPolicy": "Delete",
        "UpdateReplacePolicy": "Delete",
        "Properties": {"RetentionInDays": LOG_DAYS},
    }
    statements = resources["FunctionRole"]["Properties"]["Policies"][0]["PolicyDocument"]
    log_statement = next((s for s in statements["Statement"] if s.get("Sid") == "Logs"), None)
    if log_statement is None:
        log_statement = {
            "Sid": "Logs",
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": [],
        }
        statements["Statement"].append(log_statement)
    log_statement["Resource"].append({"Fn::GetAtt": [logs, "Arn"]})
    if scheduled:
        # Two more tries, then the event goes to the dead-letter queue (and its alarm);
        # one run at a time, though a run is safe to repeat.
        properties["ReservedConcurrentExecutions"] = 1
        properties["EventInvokeConfig"] = {
            "MaximumRetryAttempts": 2,
            "MaximumEventAgeInSeconds": 3600,
            "DestinationConfig": {
                "OnFailure": {"Type": "SQS", "Destination": {"Fn::GetAtt": ["DeadLetters", "Arn"]}}
            },
        }
        resources[f"{name}FailedAlarm"] = _failed_job_alarm(name)
    resources[name] = merge(resources.get(name, {}), {"Properties": properties})


def _failed_job_alarm(name: str) -> dict[str, Any]:
    return {
        "Type": "AWS::CloudWatch::Alarm",
        "Properties": {
            "AlarmDescription": f"Den planlagte jobben {name} feilet.",
            "Namespace": "AWS/Lambda",
            "MetricName": "Errors",
            "Dimensions": [{"Name": "FunctionName", "Value": {"Ref": name}}],
            "Statistic": "Sum",
            "Period": 300,
            "EvaluationPeriods": 1,
            "Threshold": 0,
            "ComparisonOperator": "GreaterThanThreshold",
            "TreatMissingData": "notBreaching",
            "AlarmActions": [{"Ref": "AlarmTopic"}],
        },
    }


def _gateway_responses() -> dict[str, Any]:
    """API Gateway's own answers (unknown path, throttling, a timeout …) with our error body."""
    return {
        kind: {
            **({"statusCode": str(status)} if status else {}),
            "responseParameters": {
                "gatewayresponse.header.Content-Type": "'application/json; charset=utf-8'",
                "gatewayresponse.header.Cache-Control": "'no-store'",
                "gatewayresponse.header.X-Content-Type-Options": "'nosniff'",
            },
            "responseTemplates": {"application/json": body},
        }
        for kind, (status, body) in gateway_responses().items()
    }
