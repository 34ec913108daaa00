"""The base of the API's request and response models."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Schema(BaseModel):
    """A request or response model. pydantic builds its validator and serializer when it is
    first used, not when the routes are imported: the Lambda handler imports every route, and
    its cold start should pay only for the models the first request needs."""

    model_config = ConfigDict(defer_build=True)
