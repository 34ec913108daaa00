"""How a route is declared: method, path, who may call it, what it takes and answers.

Each route module holds its own :class:`Routes` and declares its handlers on it; nothing is
registered anywhere by importing a module. :func:`lis1.api.routes.all_routes` names the modules,
the app factory turns each declaration into a Chalice view, the OpenAPI description is generated
from them, and a test walks them all to prove that callers without the right role are refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from ..i18n import N_
from ..identity import Principal, Role
from .inputs import PATH_PARAMS, Param

if TYPE_CHECKING:
    from .deps import Deps

JSON = "application/json"
HTML = "text/html"
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Access:
    """Who may call a route; ``allows`` sees the caller and the path parameters."""

    name: str
    description: str
    needs_sign_in: bool
    allows: Callable[[Principal | None, dict[str, str], Deps], bool]


PUBLIC = Access("public", N_("Åpen for alle."), False, lambda who, params, deps: True)
SIGNED_IN = Access("signed_in", N_("Innlogget bruker."), True, lambda who, params, deps: True)
EDITOR = Access(
    "editor",
    N_("Redaktør i Helsedirektoratet."),
    True,
    lambda who, params, deps: who is not None and who.has(Role.EDITOR),
)
HF_ADMIN = Access(
    "hf_admin",
    N_("Administrator for et helseforetak (bare egne annonser og søkere)."),
    True,
    lambda who, params, deps: who is not None and bool(who.organisations(Role.HF_ADMIN)),
)
KOMMUNE_ADMIN = Access(
    "kommune_admin",
    N_("Administrator for en kommune (bare antall, ikke søknadene)."),
    True,
    lambda who, params, deps: who is not None and bool(who.organisations(Role.KOMMUNE_ADMIN)),
)
EMPLOYER_ADMIN = Access(
    "employer_admin",
    N_("Administrator for et helseforetak eller en kommune (bare legene ansatt der)."),
    True,
    lambda who, params, deps: (
        who is not None
        and bool(who.organisations(Role.HF_ADMIN) | who.organisations(Role.KOMMUNE_ADMIN))
    ),
)
LOCAL_ONLY = Access(
    "local_only",
    N_("Bare i lokalt utviklingsmiljø (make serve)."),
    False,
    lambda who, params, deps: deps.config.stage == "local",
)
LOCAL_SIGNED_IN = Access(
    "local_signed_in",
    N_("Innlogget, og bare i lokalt utviklingsmiljø (make serve)."),
    True,
    lambda who, params, deps: deps.config.stage == "local",
)
LOCAL = (LOCAL_ONLY, LOCAL_SIGNED_IN)


@dataclass(frozen=True)
class Reply:
    """What a handler returns when a plain model is not enough (status, redirect, cookies)."""

    body: Any = None
    status: int = 200
    headers: Mapping[str, str | list[str]] = field(default_factory=dict)
    """A list value sends the header once per item (several Set-Cookie)."""
    content_type: str = JSON


@dataclass(frozen=True)
class RouteSpec:
    method: str
    path: str
    """Below /api, with Chalice's {param} syntax."""
    name: str
    summary: str
    access: Access
    handler: Callable[..., Any]
    body: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    public_cache_seconds: int = 0
    errors: tuple[int, ...] = ()
    query: tuple[Param, ...] = ()
    """The query parameters the handler reads; others are ignored."""
    idempotent: bool = False
    """Takes an Idempotency-Key (header, or the form field idempotency_key)."""
    media: tuple[str, ...] = ()
    """What a success may be besides JSON: text/html for browsers (Accept: text/html)."""
    forms: bool = False
    """Takes HTML forms: a form posted without JavaScript is answered with a 303 to a page."""
    form_page: Callable[[Any, dict[str, str], dict[str, str]], Reply] | None = None
    """For a form whose fields the body model refuses: ``(ctx, values, errors by field) ->``
    the form's page again, with what was typed and each error by its field."""

    def __post_init__(self) -> None:
        unknown = set(re.findall(r"{(\w+)}", self.path)) - PATH_PARAMS.keys()
        if unknown:
            raise ValueError(f"{self.path}: parameters {sorted(unknown)} not in PATH_PARAMS")


Handler = TypeVar("Handler", bound=Callable[..., Any])


class Routes:
    """The routes of one module. Every route must say who may call it."""

    def __init__(self) -> None:
        self.specs: list[RouteSpec] = []

    def route(
        self,
        method: str,
        path: str,
        *,
        summary: str,
        access: Access,
        **options: Any,
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.specs.append(
                RouteSpec(method, path, handler.__name__, summary, access, handler, **options)
            )
            return handler

        return register
