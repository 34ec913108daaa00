"""One declared route as a Chalice view: the pipeline around the handler, and its answer as
JSON or a page, errors included, in the form the caller reads, in the language of its address
(:func:`lis1.api.language.in_request_language` wraps every call)."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from chalice.app import Blueprint, Response
from pydantic import BaseModel

from ..auth.oidc import URL_SAFE
from ..errors import DomainError, InvalidInput, Unauthenticated
from ..i18n import _
from ..identity import Principal
from ..oslo import oslo_today
from ..services.ports.accounts import Session
from ..web.render import render
from .deps import Deps
from .errors import InternalError, error_body, status_of
from .inputs import PATH_PARAMS, checked_params, sendable
from .language import remember_page_language, request_address
from .pipeline import (
    Context,
    authorise,
    check_csrf,
    decode_body,
    idempotency_key,
    identify,
    prefers_html,
    read_body,
)
from .presenters.viewer import Viewer, viewer
from .registry import Reply, RouteSpec

log = logging.getLogger("lis1.api")


def view(
    blueprint: Blueprint,
    spec: RouteSpec,
    current: Callable[[], Deps],
    routes: list[RouteSpec],
) -> Callable[..., Response]:
    def handle(**params: str) -> Response:
        started = time.perf_counter()
        deps = current()
        request = blueprint.current_request
        headers = {k.lower(): v for k, v in (request.headers or {}).items()}
        html = prefers_html(headers)
        form_post = False
        principal: Principal | None = None
        session: Session | None = None
        here = request_address(request)
        try:
            raw = request.raw_body or b""
            raw = raw.encode() if isinstance(raw, str) else raw
            raw_body = read_body(raw, headers.get("content-type", ""), deps.config.max_body_bytes)
            form_post = raw_body.form_post
            params = checked_params(PATH_PARAMS, params)
            query = checked_params(
                {p.name: p for p in spec.query}, dict(request.query_params or {})
            )
            principal, session = identify(deps, headers)
            check_csrf(deps, spec.method, headers, raw_body.form, session)
            authorise(spec, deps, principal, params)
            key = idempotency_key(spec, headers, raw_body)
            ctx = Context(
                deps,
                spec.method,
                here,
                params,
                query,
                headers,
                None,
                principal,
                session,
                html,
                form_post or (html and spec.method != "GET"),
                key,
                routes,
            )
            try:
                ctx.body = decode_body(spec, raw_body, oslo_today(deps.clock.now()))
            except InvalidInput as invalid:
                if not (form_post and spec.form_page):
                    raise
                # A form with a field the model refuses: the same page, the errors by the fields.
                result = spec.form_page(ctx, raw_body.form, invalid.fields)
            else:
                result = spec.handler(ctx)
            response = _render(spec, result, anonymous=principal is None)
            if session is not None and html and spec.method == "GET":
                remember_page_language(deps, session, headers)
        except DomainError as error:
            shown = viewer(principal, session.csrf_token if session else "", here)
            response = _error(error, html or form_post, spec, here, shown)
        except Exception:
            # Never personal data in the log: the route, the exception and a reference.
            reference = uuid.uuid4().hex[:12]
            log.exception("Uventet feil i %s %s (ref %s)", spec.method, spec.path, reference)
            internal = InternalError(
                _("{message} (referanse {reference})").format(
                    message=InternalError().message, reference=reference
                )
            )
            response = _error(internal, html or form_post, spec, here, viewer(None, "", here))
        log.info(
            "%s %s -> %s %.0f ms",
            spec.method,
            spec.path,
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return response

    handle.__name__ = spec.name
    return handle


def _render(spec: RouteSpec, result: Any, *, anonymous: bool) -> Response:
    reply = result if isinstance(result, Reply) else Reply(result, spec.status)
    headers: dict[str, str | list[str]] = dict(reply.headers)
    if spec.public_cache_seconds and spec.method == "GET":
        # Shared caches may keep only what anyone would get: a signed-in caller may see drafts.
        if anonymous:
            headers.setdefault("Cache-Control", f"public, max-age={spec.public_cache_seconds}")
        headers.setdefault("Vary", "Accept, Cookie, Authorization")
    body = reply.body
    if body is None:
        return Response(
            body="", status_code=reply.status if reply.status != 200 else 204, headers=headers
        )
    if isinstance(body, str):
        headers.setdefault("Content-Type", f"{reply.content_type}; charset=utf-8")
        return Response(body=body, status_code=reply.status, headers=headers)
    if isinstance(body, bytes):  # a PDF: one of the app's binary types, sent base64-encoded
        headers.setdefault("Content-Type", reply.content_type)
        return Response(body=body, status_code=reply.status, headers=headers)
    if isinstance(body, BaseModel):
        body = body.model_dump(mode="json", by_alias=True)
    headers.setdefault("Content-Type", "application/json; charset=utf-8")
    return Response(
        body=json.dumps(body, ensure_ascii=False), status_code=reply.status, headers=headers
    )


def _error(
    error: DomainError, as_html: bool, spec: RouteSpec, path: str, shown: Viewer
) -> Response:
    status = status_of(error)
    if (
        as_html
        and isinstance(error, Unauthenticated)
        and spec.method == "GET"
        and not spec.path.startswith("/auth/")
    ):
        return Response(
            body="",
            status_code=303,
            headers={"Location": f"/api/auth/login?return_to={quote(path, safe='/')}"},
        )
    if as_html:
        return error_page(error, shown)
    return Response(
        body=json.dumps(error_body(error), ensure_ascii=False),
        status_code=status,
        headers={"Content-Type": "application/json; charset=utf-8"},
    )


def error_page(error: DomainError, shown: Viewer) -> Response:
    """A failure as a page in the site's shell: what went wrong and what to do now."""
    status = status_of(error)
    page = render(
        "error.html",
        title=_("Fant ikke siden") if status == 404 else _("Det gikk ikke"),
        message=error.message,
        fields=error.fields,
        status=status,
        viewer=shown,
        notice=None,
    )
    return Response(
        body=page, status_code=status, headers={"Content-Type": "text/html; charset=utf-8"}
    )


def sendable_response(response: Response) -> Response:
    """Every answer can be encoded: text without lone surrogates, headers in ASCII (a Location
    percent-encoded), so no server ever has to drop the connection instead of answering."""
    if isinstance(response.body, str):
        response.body = sendable(response.body)
    for name, value in list(response.headers.items()):
        if isinstance(value, str) and not value.isascii():
            safe = URL_SAFE if name.lower() == "location" else ' =;,-._~/"%'
            response.headers[name] = quote(sendable(value), safe=safe)
    return response
