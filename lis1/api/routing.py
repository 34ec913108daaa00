"""How a route is declared and what happens around every call.

A route module declares its handlers with :func:`route`: method, path, who may call it, the
body model and the response model. The declaration is data: the app factory turns it into a
Chalice view, the OpenAPI description is generated from it, and a test walks every declared
route to prove that anonymous callers and callers without the right role are refused.

Around every handler: the body is size-checked and parsed from the raw bytes (JSON or a form)
with pydantic, the caller is identified (session cookie or bearer token), the CSRF token is
checked for cookie-authenticated changes, access is checked, and any error becomes our error
body. Handlers hold no HTTP details and no business rules: they call one service.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from pydantic import BaseModel, ValidationError

from ..errors import Forbidden, InvalidInput, NotFound, Unauthenticated
from ..identity import Principal, Role
from ..services.accounts import token_hash
from ..services.ports import Session
from ..validation import expected, found_text
from .deps import Deps
from .errors import PayloadTooLarge, UnsupportedMediaType
from .inputs import MAX_FORM_FIELDS, PATH_PARAMS, Param, check_form_text, parse_json

log = logging.getLogger("lis1.api")

SESSION_COOKIE = "lis1_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
IDEMPOTENCY_FIELD = "idempotency_key"
IDEMPOTENCY_HEADER = "idempotency-key"
IDEMPOTENCY_KEY = r"[A-Za-z0-9_-]{8,100}"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON = "application/json"
HTML = "text/html"
FORM = "application/x-www-form-urlencoded"


# --- who may call a route ---------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    """Who may call a route; ``allows`` sees the caller and the path parameters."""

    name: str
    description: str
    needs_sign_in: bool
    allows: Callable[[Principal | None, dict[str, str], Deps], bool]


PUBLIC = Access("public", "Åpen for alle.", False, lambda who, params, deps: True)
SIGNED_IN = Access("signed_in", "Innlogget bruker.", True, lambda who, params, deps: True)
EDITOR = Access(
    "editor",
    "Redaktør i Helsedirektoratet.",
    True,
    lambda who, params, deps: who is not None and who.has(Role.EDITOR),
)
HF_ADMIN = Access(
    "hf_admin",
    "Administrator for et helseforetak (bare egne annonser og søkere).",
    True,
    lambda who, params, deps: who is not None and bool(who.organisations(Role.HF_ADMIN)),
)
LOCAL_ONLY = Access(
    "local_only",
    "Bare i lokalt utviklingsmiljø (make serve).",
    False,
    lambda who, params, deps: deps.config.stage == "local",
)
LOCAL_SIGNED_IN = Access(
    "local_signed_in",
    "Innlogget, og bare i lokalt utviklingsmiljø (make serve).",
    True,
    lambda who, params, deps: deps.config.stage == "local",
)
LOCAL = (LOCAL_ONLY, LOCAL_SIGNED_IN)


# --- declarations -----------------------------------------------------------------------------


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
    handler: Callable[[Context], Any]
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

    def __post_init__(self) -> None:
        unknown = set(re.findall(r"{(\w+)}", self.path)) - PATH_PARAMS.keys()
        if unknown:
            raise ValueError(f"{self.path}: parameters {sorted(unknown)} not in PATH_PARAMS")


ROUTES: list[RouteSpec] = []


Handler = TypeVar("Handler", bound=Callable[..., Any])


def route(
    method: str,
    path: str,
    *,
    summary: str,
    access: Access,
    body: type[BaseModel] | None = None,
    response: type[BaseModel] | None = None,
    status: int = 200,
    public_cache_seconds: int = 0,
    errors: tuple[int, ...] = (),
    query: tuple[Param, ...] = (),
    idempotent: bool = False,
    media: tuple[str, ...] = (),
    forms: bool = False,
) -> Callable[[Handler], Handler]:
    """Declare a handler. Every route must say who may call it."""

    def register(handler: Handler) -> Handler:
        ROUTES.append(
            RouteSpec(
                method,
                path,
                handler.__name__,
                summary,
                access,
                handler,
                body,
                response,
                status,
                public_cache_seconds,
                errors,
                query,
                idempotent,
                media,
                forms,
            )
        )
        return handler

    return register


# --- one call ---------------------------------------------------------------------------------


@dataclass
class Context:
    """Everything a handler may look at for one call."""

    deps: Deps
    method: str
    path: str
    params: dict[str, str]
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    principal: Principal | None
    session: Session | None
    form_post: bool
    """A classic HTML form post: answer with a 303 to a page, not with JSON."""
    idempotency_key: str | None = None

    def signed_in(self) -> Principal:
        if self.principal is None:
            raise Unauthenticated()
        return self.principal


def read_cookie(header: str | None, name: str) -> str | None:
    for part in (header or "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name and value:
            return value
    return None


@dataclass(frozen=True)
class RawBody:
    raw: bytes
    media: str
    form: dict[str, str]
    """Fields of a form post (for the CSRF token); empty for JSON."""

    @property
    def form_post(self) -> bool:
        return self.media == FORM


def read_body(raw: bytes, content_type: str, max_bytes: int) -> RawBody:
    """Checks that need no caller: size and media type. Nothing is validated yet."""
    if len(raw) > max_bytes:
        raise PayloadTooLarge(f"Forespørselen er for stor: høyst {max_bytes // 1024} kB.")
    media = content_type.split(";", 1)[0].strip().lower()
    if raw.strip() and media not in ("", JSON, FORM):
        raise UnsupportedMediaType()
    form = _form(raw) if media == FORM else {}
    return RawBody(raw, media, form)


def _form(raw: bytes) -> dict[str, str]:
    try:
        form = dict(
            parse_qsl(raw.decode("utf-8"), strict_parsing=bool(raw), max_num_fields=MAX_FORM_FIELDS)
        )
    except (UnicodeDecodeError, ValueError):
        raise InvalidInput("Skjemaet kunne ikke leses.", code="ugyldig_skjema") from None
    check_form_text(form)
    return form


def idempotency_key(spec: RouteSpec, headers: dict[str, str], body: RawBody) -> str | None:
    """The request's Idempotency-Key, checked; None when none was sent or the route takes none."""
    if not spec.idempotent:
        return None
    key = headers.get(IDEMPOTENCY_HEADER) or body.form.get(IDEMPOTENCY_FIELD) or None
    if key is None and body.media == JSON and body.raw.strip():
        data = parse_json(body.raw)
        if isinstance(data, dict) and isinstance(data.get(IDEMPOTENCY_FIELD), str):
            key = data[IDEMPOTENCY_FIELD] or None
    if key is not None and not re.fullmatch(IDEMPOTENCY_KEY, key):
        raise InvalidInput(
            fields={"Idempotency-Key": "forventet 8–100 tegn: a–z, A–Z, 0–9, - og _"}
        )
    return key


def decode_body(spec: RouteSpec, body: RawBody, today: date) -> Any:
    """The validated body model, after the caller has been let in; None for bodiless routes."""
    if spec.body is None:
        return None
    if body.form_post:
        fields = {k: v for k, v in body.form.items() if k not in (CSRF_FIELD, IDEMPOTENCY_FIELD)}
        return _validate(spec.body, fields, today)
    data = parse_json(body.raw) if body.raw.strip() else None
    if data is None:
        raise InvalidInput("Forespørselen mangler innhold.", code="mangler_innhold")
    if spec.idempotent and isinstance(data, dict):
        data = {k: v for k, v in data.items() if k != IDEMPOTENCY_FIELD}
    return _validate(spec.body, data, today)


def _validate(model: type[BaseModel], data: Any, today: date) -> BaseModel:
    try:
        return model.model_validate(data, context={"today": today})
    except ValidationError as error:
        fields = {}
        for problem in error.errors():
            where = ".".join(str(part) for part in problem["loc"]) or "innhold"
            fields[where] = (
                expected(problem)
                if problem["type"] in ("missing", "extra_forbidden")
                else f"fant {found_text(problem.get('input'))}, {expected(problem)}"
            )
        raise InvalidInput(fields=fields) from None


def identify(deps: Deps, headers: dict[str, str]) -> tuple[Principal | None, Session | None]:
    """The caller: a bearer token (machine clients) or the session cookie (browsers)."""
    authorization = headers.get("authorization", "")
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("Bruk «Authorization: Bearer <token>».", code="ugyldig_token")
        claims = deps.verifier().verify(token.strip())
        return deps.principal(str(claims["sub"]), str(claims.get("name", ""))), None
    cookie = read_cookie(headers.get("cookie"), SESSION_COOKIE)
    if cookie is None:
        return None, None
    session = deps.store.sessions.get(token_hash(cookie), now=deps.wall_clock().now())
    if session is None:
        return None, None
    user = deps.store.users.get(session.subject)
    return deps.principal(session.subject, user.name if user else ""), session


def check_csrf(
    deps: Deps, method: str, headers: dict[str, str], form: dict[str, str], session: Session | None
) -> None:
    """Changes from a browser on another site are refused (its Origin); cookie-authenticated
    changes must also carry the session's CSRF token."""
    if method not in UNSAFE_METHODS:
        return
    origin = headers.get("origin")
    if origin is not None and origin.rstrip("/") != deps.config.public_origin:
        raise Forbidden("Forespørselen kom fra et annet nettsted.", code="feil_opphav")
    if session is None:
        return
    sent = headers.get(CSRF_HEADER) or form.get(CSRF_FIELD) or ""
    if not secrets.compare_digest(sent, session.csrf_token):
        raise Forbidden(
            "Skjemaet er utløpt eller mangler sikkerhetskode. Last siden på nytt og prøv igjen.",
            code="csrf_feil",
        )


def authorise(
    spec: RouteSpec, deps: Deps, principal: Principal | None, params: dict[str, str]
) -> None:
    if spec.access in LOCAL and deps.config.stage != "local":
        raise NotFound("Denne adressen finnes bare i lokalt utviklingsmiljø.")
    if spec.access.needs_sign_in and principal is None:
        raise Unauthenticated()
    if not spec.access.allows(principal, params, deps):
        raise Forbidden()


def wants_html(headers: dict[str, str]) -> bool:
    accept = headers.get("accept", "")
    return "text/html" in accept and JSON not in accept
