"""An HTML answer: a template of lis1/web rendered into a Reply, with who is looking."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..web.render import render
from .presenters.viewer import viewer
from .registry import HTML, Reply

if TYPE_CHECKING:
    from .pipeline import Context


def page(
    ctx: Context,
    template: str,
    *,
    status: int = 200,
    headers: Mapping[str, str | list[str]] | None = None,
    notice: str | None = None,
    **values: Any,
) -> Reply:
    """``notice`` is the message after a change ("Annonsen er lagret")."""
    shown = viewer(ctx.principal, ctx.csrf, ctx.path)
    body = render(template, viewer=shown, notice=notice, **values)
    return Reply(body, status=status, content_type=HTML, headers=headers or {})
