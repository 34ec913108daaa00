"""One Jinja2 environment for every page the API serves.

Autoescape is on for every template and an undefined name is an error, not an empty string. The
texts go through gettext (``{% trans %}`` and ``_()``) in the locale of the request; dates are
worded by :mod:`lis1.norwegian`, the one place that words them.
"""

from __future__ import annotations

import secrets
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..i18n import _, ngettext
from ..norwegian import long_date, long_datetime


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("lis1.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_callables(gettext=_, ngettext=ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["long_date"] = long_date
    env.filters["long_datetime"] = long_datetime
    env.globals["new_key"] = lambda: secrets.token_urlsafe(16)
    return env


def render(template: str, **values: Any) -> str:
    return environment().get_template(template).render(**values)
