"""SAM to plain CloudFormation, here rather than in AWS: the template cfn-lint and the tests
read, the rehearsal deploys to moto and `make deploy` sends is one and the same file."""

from __future__ import annotations

import copy
import os
from typing import Any


class _NoManagedPolicies:
    """The template names no managed policy by name, so nothing is looked up in IAM."""

    def load(self) -> dict[str, str]:
        return {}


def translate(sam: dict[str, Any], region: str) -> dict[str, Any]:
    from samtranslator.translator.transform import transform  # type: ignore[import-untyped]

    os.environ.setdefault("AWS_DEFAULT_REGION", region)
    translated: dict[str, Any] = transform(
        copy.deepcopy(sam),
        {"AWS::Region": region, "AWS::Partition": "aws"},
        _NoManagedPolicies(),
    )
    return translated
