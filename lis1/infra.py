"""Deployment templates generated from the one table definition (lis1/store/schema.py).

The CloudFormation template for the DynamoDB table is written to infra/ by `lis1 build` and
checked by `make test` like the feeds, so the table in AWS, DynamoDB Local, moto and the tests
all share one key schema. Nothing here talks to AWS.
"""

from __future__ import annotations

import json
from typing import Any

from .store.schema import TTL_ATTRIBUTE, create_table_kwargs

TABLE_TEMPLATE = "dynamodb-table.json"


def table_template() -> dict[str, Any]:
    table = dict(create_table_kwargs("PLACEHOLDER"))
    del table["TableName"]
    properties: dict[str, Any] = {
        "TableName": {"Ref": "TableName"},
        **table,
        "TimeToLiveSpecification": {"AttributeName": TTL_ATTRIBUTE, "Enabled": True},
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "SSESpecification": {"SSEEnabled": True},
        "DeletionProtectionEnabled": True,
    }
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "LIS1: DynamoDB-tabellen. Generert fra lis1/store/schema.py av "
        "`make build`; ikke rediger for hånd.",
        "Parameters": {"TableName": {"Type": "String", "Default": "lis1"}},
        "Resources": {
            "Table": {
                "Type": "AWS::DynamoDB::Table",
                "DeletionPolicy": "Retain",
                "UpdateReplacePolicy": "Retain",
                "Properties": properties,
            }
        },
        "Outputs": {
            "TableName": {"Value": {"Ref": "Table"}},
            "TableArn": {"Value": {"Fn::GetAtt": ["Table", "Arn"]}},
        },
    }


def infra_files() -> dict[str, bytes]:
    text = json.dumps(table_template(), ensure_ascii=False, indent=2) + "\n"
    return {TABLE_TEMPLATE: text.encode("utf-8")}
