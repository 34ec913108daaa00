"""An HTML answer: a template of lis1/web rendered into a Reply."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..web.render import render
from .registry import HTML, Reply


def page(
    template: str,
    *,
    status: int = 200,
    headers: Mapping[str, str | list[str]] | None = None,
    **values: Any,
) -> Reply:
    return Reply(
        render(template, **values), status=status, content_type=HTML, headers=headers or {}
    )
