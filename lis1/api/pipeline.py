"""What happens around every call, in order: the raw body is size- and media-checked, path and
query values are checked, the caller is identified (session cookie or bearer token), a change's
Origin and CSRF token are checked, access is checked, and only then is the body validated with
pydantic. Whether the caller gets HTML or JSON is decided here, once, for every answer.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import parse_qsl

from pydantic import BaseModel, ValidationError

from ..errors import Forbidden, InvalidInput, NotFound, Unauthenticated
from ..i18n import N_, _
from ..identity import Principal
from ..secret import same_secret
from ..services.accounts import token_hash
from ..services.ports.accounts import Session
from ..validation import expected, found_text
from .deps import Deps
from .errors import PayloadTooLarge, UnsupportedMediaType
from .inputs import MAX_FORM_FIELDS, check_form_text, parse_json
from .registry import FORM, HTML, JSON, LOCAL, RouteSpec

log = logging.getLogger("lis1.api")

SESSION_COOKIE = "lis1_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
IDEMPOTENCY_FIELD = "idempotency_key"
IDEMPOTENCY_HEADER = "idempotency-key"
IDEMPOTENCY_KEY = r"[A-Za-z0-9_-]{8,100}"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


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
    html: bool
    """The caller reads pages (Accept prefers text/html): answer with HTML, errors too."""
    form_post: bool
    """A change from an HTML form: answer with a 303 to a page, or the form again."""
    idempotency_key: str | None = None
    routes: list[RouteSpec] = field(default_factory=list)
    """Every route of the app (for its description)."""

    def signed_in(self) -> Principal:
        if self.principal is None:
            raise Unauthenticated()
        return self.principal

    @property
    def csrf(self) -> str:
        return self.session.csrf_token if self.session else ""


def prefers_html(headers: dict[str, str]) -> bool:
    """True when Accept ranks text/html above application/json (by q, then by order): browsers
    get pages; scripts, and ``application/json, text/html``, get JSON."""
    ranked: dict[str, tuple[float, int]] = {}
    for order, part in enumerate(headers.get("accept", "").split(",")):
        media, *options = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for option in options:
            name, _sep, value = option.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranked.setdefault(media.lower(), (quality, -order))
    html, json = ranked.get(HTML), ranked.get(JSON)
    return html is not None and html[0] > 0 and (json is None or html > json)


def read_cookie(header: str | None, name: str) -> str | None:
    for part in (header or "").split(";"):
        key, _sep, value = part.strip().partition("=")
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
        raise PayloadTooLarge(
            _("Forespørselen er for stor: høyst {limit} kB.").format(limit=max_bytes // 1024)
        )
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
        raise InvalidInput(_("Skjemaet kunne ikke leses."), code="ugyldig_skjema") from None
    check_form_text(form)
    # Browsers send a text area's line breaks as CR LF; counted and stored as one character.
    return {name: value.replace("\r\n", "\n") for name, value in form.items()}


KEY_EXPECTED = N_("forventet 8–100 tegn: a–z, A–Z, 0–9, - og _")


def idempotency_key(spec: RouteSpec, headers: dict[str, str], body: RawBody) -> str | None:
    """The request's Idempotency-Key, checked; None when none was sent or the route takes none."""
    if not spec.idempotent:
        return None
    key = headers.get(IDEMPOTENCY_HEADER) or body.form.get(IDEMPOTENCY_FIELD) or None
    if key is None and body.media == JSON and body.raw.strip():
        data = parse_json(body.raw)
        if isinstance(data, dict) and IDEMPOTENCY_FIELD in data:
            key = data[IDEMPOTENCY_FIELD]
            if not isinstance(key, str):
                raise InvalidInput(fields={IDEMPOTENCY_FIELD: _(KEY_EXPECTED)})
            key = key or None
    if key is not None and not re.fullmatch(IDEMPOTENCY_KEY, key):
        raise InvalidInput(fields={"Idempotency-Key": _(KEY_EXPECTED)})
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
        raise InvalidInput(_("Forespørselen mangler innhold."), code="mangler_innhold")
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
                else _("fant {found}, {expected}").format(
                    found=found_text(problem.get("input")), expected=expected(problem)
                )
            )
        raise InvalidInput(fields=fields) from None


def identify(deps: Deps, headers: dict[str, str]) -> tuple[Principal | None, Session | None]:
    """The caller: a bearer token (machine clients) or the session cookie (browsers). A session
    is one read; the caller's roles are read only if a rule asks for them."""
    authorization = headers.get("authorization", "")
    if authorization:
        scheme, _sep, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated(_("Bruk «Authorization: Bearer <token>»."), code="ugyldig_token")
        claims = deps.verifier().verify(token.strip())
        email = claims.get("email")
        principal = deps.principal(
            str(claims["sub"]), str(claims.get("name", "")), str(email) if email else None
        )
        return principal, None
    cookie = read_cookie(headers.get("cookie"), SESSION_COOKIE)
    if cookie is None:
        return None, None
    session = deps.store.sessions.get(token_hash(cookie), now=deps.wall_clock().now())
    if session is None:
        return None, None
    return deps.principal(session.subject, session.name, session.email), session


def check_csrf(
    deps: Deps, method: str, headers: dict[str, str], form: dict[str, str], session: Session | None
) -> None:
    """Changes from a browser on another site are refused (its Origin); cookie-authenticated
    changes must also carry the session's CSRF token."""
    if method not in UNSAFE_METHODS:
        return
    origin = headers.get("origin")
    if origin is not None and origin.rstrip("/") != deps.config.public_origin:
        raise Forbidden(_("Forespørselen kom fra et annet nettsted."), code="feil_opphav")
    if session is None:
        return
    sent = headers.get(CSRF_HEADER) or form.get(CSRF_FIELD) or ""
    if not same_secret(sent, session.csrf_token):
        raise Forbidden(
            _("Skjemaet er utløpt eller mangler sikkerhetskode. Last siden på nytt og prøv igjen."),
            code="csrf_feil",
        )


def authorise(
    spec: RouteSpec, deps: Deps, principal: Principal | None, params: dict[str, str]
) -> None:
    if spec.access in LOCAL and deps.config.stage != "local":
        raise NotFound(_("Denne adressen finnes bare i lokalt utviklingsmiljø."))
    if spec.access.needs_sign_in and principal is None:
        raise Unauthenticated()
    if not spec.access.allows(principal, params, deps):
        raise Forbidden()
