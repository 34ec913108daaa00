"""Checks of a CloudFormation template the tests run on the translated template (and, to show
they can fail, on broken copies of it): references, wildcards in policies, public buckets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

REGION = "eu-north-1"
PSEUDO = {
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
}
_SUB = re.compile(r"\$\{([^}!][^}]*)\}")

# Wildcards AWS leaves no narrower choice for, each with the reason.
REASONED_WILDCARDS = {
    (
        "ApiGatewayLogsRole",
        "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
    ): "API Gateway skriver tilgangslogger gjennom én rolle per konto og region, og AWS gir bare "
    "denne styrte policyen (logs:* på alle logggrupper). Rollen kan bare antas av API Gateway.",
}


@cache
def attributes(resource_type: str) -> frozenset[str]:
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

    schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema(REGION, resource_type)
    return frozenset(schema.get_atts)


def _walk(value: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(value, dict):
        yield where, value
        for key, item in value.items():
            yield from _walk(item, f"{where}.{key}")
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from _walk(item, f"{where}[{number}]")


def reference_problems(template: dict[str, Any]) -> list[str]:
    """Every Ref, GetAtt, Sub variable, DependsOn and output names a parameter or a resource,
    and every attribute asked for is one that resource type has."""
    resources: dict[str, Any] = template["Resources"]
    known = set(template.get("Parameters", {})) | PSEUDO | set(resources)
    problems = []

    def get_att(where: str, name: str, attribute: str) -> None:
        if name not in resources:
            problems.append(f"{where}: GetAtt {name}.{attribute}: ingen slik ressurs")
        elif attribute not in attributes(resources[name]["Type"]):
            kind = resources[name]["Type"]
            problems.append(f"{where}: {kind} {name} har ikke attributtet {attribute}")

    for where, node in _walk({k: template.get(k, {}) for k in ("Resources", "Outputs")}, ""):
        if "Ref" in node and len(node) == 1 and node["Ref"] not in known:
            problems.append(f"{where}: Ref {node['Ref']}: ingen slik parameter eller ressurs")
        if "Fn::GetAtt" in node and len(node) == 1:
            target = node["Fn::GetAtt"]
            name, attribute = target if isinstance(target, list) else target.split(".", 1)
            get_att(where, name, attribute)
        if "Fn::Sub" in node and len(node) == 1:
            text, variables = (
                (node["Fn::Sub"], {}) if isinstance(node["Fn::Sub"], str) else node["Fn::Sub"]
            )
            for variable in _SUB.findall(text):
                if variable in variables or variable in known:
                    continue
                if "." in variable and variable.split(".", 1)[0] in resources:
                    get_att(where, *variable.split(".", 1))
                else:
                    problems.append(f"{where}: Sub ${{{variable}}}: ingen slik parameter/ressurs")
    for name, resource in resources.items():
        depends = resource.get("DependsOn", [])
        for other in [depends] if isinstance(depends, str) else depends:
            if other not in resources:
                problems.append(f"{name}: DependsOn {other}: ingen slik ressurs")
    return problems


def _statements(document: Any) -> list[dict[str, Any]]:
    statements = document.get("Statement", []) if isinstance(document, dict) else []
    return [statements] if isinstance(statements, dict) else list(statements)


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _documents(name: str, resource: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    properties = resource.get("Properties", {})
    for policy in properties.get("Policies", []):
        yield f"{name}.{policy.get('PolicyName', '?')}", policy.get("PolicyDocument")
    if "PolicyDocument" in properties:
        yield name, properties["PolicyDocument"]


def wildcard_problems(template: dict[str, Any]) -> list[str]:
    """Allow statements with a "*" resource, a service-wide or "*" action, or anyone as the
    principal; and AWS managed policies. Only REASONED_WILDCARDS may stand."""
    problems = []
    for name, resource in template["Resources"].items():
        for arn in resource.get("Properties", {}).get("ManagedPolicyArns", []):
            text = arn.get("Fn::Sub", arn) if isinstance(arn, dict) else arn
            if (name, text) not in REASONED_WILDCARDS:
                problems.append(f"{name}: styrt policy {text} uten begrunnelse")
        for where, document in _documents(name, resource):
            for statement in _statements(document):
                if statement.get("Effect") != "Allow":
                    continue
                for action in _listed(statement.get("Action", [])):
                    if action == "*" or (isinstance(action, str) and action.endswith(":*")):
                        problems.append(f"{where}: handlingen {action} gjelder en hel tjeneste")
                for target in _listed(statement.get("Resource", [])):
                    if target == "*":
                        problems.append(f"{where}: ressursen * i {statement.get('Sid', '')}")
                principal = statement.get("Principal")
                if principal == "*" or (isinstance(principal, dict) and "*" in principal.values()):
                    problems.append(f"{where}: alle og enhver får {statement.get('Action')}")
    return problems


def public_bucket_problems(template: dict[str, Any]) -> list[str]:
    """Every bucket blocks public access four ways, has no website or public ACL."""
    problems = []
    for name, resource in template["Resources"].items():
        if resource["Type"] != "AWS::S3::Bucket":
            continue
        properties = resource.get("Properties", {})
        block = properties.get("PublicAccessBlockConfiguration", {})
        for flag in (
            "BlockPublicAcls",
            "BlockPublicPolicy",
            "IgnorePublicAcls",
            "RestrictPublicBuckets",
        ):
            if block.get(flag) is not True:
                problems.append(f"{name}: {flag} er ikke satt")
        if "WebsiteConfiguration" in properties:
            problems.append(f"{name}: bøtten er et offentlig nettsted")
        if str(properties.get("AccessControl", "Private")).startswith("Public"):
            problems.append(f"{name}: ACL {properties['AccessControl']}")
    return problems
