"""Builds the Chalice app: one blueprint per route module, every view wrapped the same way.

``functions/app.py`` (Lambda), the local server and the tests all call :func:`create_app`, so
the same app runs everywhere; only the ports passed in differ.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

from chalice.app import Blueprint, Chalice, Response
from pydantic import BaseModel

from ..auth.oidc import URL_SAFE
from ..errors import DomainError, Unauthenticated
from ..oslo import oslo_today
from . import html
from .deps import Deps
from .errors import InternalError, error_body, rewrite_foreign_error, status_of
from .inputs import PATH_PARAMS, checked_params, sendable
from .routing import (
    ROUTES,
    Context,
    Reply,
    RouteSpec,
    authorise,
    check_csrf,
    decode_body,
    idempotency_key,
    identify,
    read_body,
    wants_html,
)

log = logging.getLogger("lis1.api")

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
}


def all_routes() -> list[RouteSpec]:
    """Every declared route. Importing a route module declares its routes."""
    from .routes import admin, auth, catalog, dev, positions, system  # noqa: F401

    return ROUTES


def create_app(deps: Deps | Callable[[], Deps]) -> Chalice:
    """The app. ``deps`` may be a factory, called at the first request: in Lambda that keeps
    the import (the cold start) free of network clients and file reads."""
    routes = all_routes()
    resolved: list[Deps] = [deps] if isinstance(deps, Deps) else []

    def current() -> Deps:
        if not resolved:
            assert callable(deps)
            resolved.append(deps())
        return resolved[0]

    app = Chalice(app_name="lis1")
    app.api.binary_types = []  # every response is text
    blueprints: dict[str, Blueprint] = {}
    for spec in routes:
        module = spec.handler.__module__.rsplit(".", 1)[-1]
        blueprint = blueprints.setdefault(module, Blueprint(f"lis1.api.routes.{module}"))
        blueprint.route(spec.path, methods=_methods(spec), content_types=["*/*"], name=spec.name)(
            _view(blueprint, spec, current)
        )
    for blueprint in blueprints.values():
        app.register_blueprint(blueprint, url_prefix="/api")
    allowed: dict[str, set[str]] = {}
    for spec in routes:
        allowed.setdefault(spec.path, {"OPTIONS"}).update(_methods(spec))
    for number, (path, methods) in enumerate(sorted(allowed.items())):
        app.route(f"/api{path}", methods=["OPTIONS"], name=f"options_{number}")(
            _options(", ".join(sorted(methods)))
        )

    @app.middleware("http")
    def our_errors_and_headers(event: Any, get_response: Callable[[Any], Response]) -> Response:
        response = get_response(event)
        foreign = rewrite_foreign_error(
            response.status_code,
            response.body if isinstance(response.body, str | bytes) else json.dumps(response.body),
        )
        if foreign is not None:
            response = Response(
                body=error_body(foreign),
                status_code=status_of(foreign),
                headers={"Content-Type": "application/json; charset=utf-8"},
            )
        if response.status_code == 405:  # RFC 9110: a 405 names the methods that are allowed
            methods = allowed.get(event.context.get("resourcePath", "").removeprefix("/api"))
            if methods:
                response.headers["Allow"] = ", ".join(sorted(methods))
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Cache-Control", "no-store")
        return sendable_response(response)

    return app


def _methods(spec: RouteSpec) -> list[str]:
    """A GET route answers HEAD too (the same headers, no body)."""
    return [spec.method, "HEAD"] if spec.method == "GET" else [spec.method]


def _options(allow: str) -> Callable[..., Response]:
    """OPTIONS names the methods of a path (no CORS: the site and API share one origin)."""

    def view(**params: str) -> Response:
        return Response(body="", status_code=204, headers={"Allow": allow})

    return view


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


def _view(
    blueprint: Blueprint, spec: RouteSpec, current: Callable[[], Deps]
) -> Callable[..., Response]:
    def view(**params: str) -> Response:
        started = time.perf_counter()
        deps = current()
        request = blueprint.current_request
        headers = {k.lower(): v for k, v in (request.headers or {}).items()}
        html_wanted = wants_html(headers)
        form_post = False
        here = _address(request)
        try:
            raw = request.raw_body or b""
            raw = raw.encode() if isinstance(raw, str) else raw
            content_type = headers.get("content-type", "")
            raw_body = read_body(raw, content_type, deps.config.max_body_bytes)
            form_post = raw_body.form_post
            params = checked_params(PATH_PARAMS, params)
            query = checked_params(
                {p.name: p for p in spec.query}, dict(request.query_params or {})
            )
            principal, session = identify(deps, headers)
            check_csrf(deps, spec.method, headers, raw_body.form, session)
            authorise(spec, deps, principal, params)
            key = idempotency_key(spec, headers, raw_body)
            body = decode_body(spec, raw_body, oslo_today(deps.clock.now()))
            ctx = Context(
                deps,
                spec.method,
                here,
                params,
                query,
                headers,
                body,
                principal,
                session,
                form_post or (html_wanted and spec.method != "GET"),
                key,
            )
            response = _render(spec, spec.handler(ctx), anonymous=principal is None)
        except DomainError as error:
            response = _error(error, html_wanted or form_post, spec, here)
        except Exception:
            # Never personal data in the log: the route, the exception and a reference.
            reference = uuid.uuid4().hex[:12]
            log.exception("Uventet feil i %s %s (ref %s)", spec.method, spec.path, reference)
            internal = InternalError(f"{InternalError.message} (referanse {reference})")
            response = _error(internal, html_wanted or form_post, spec, here)
        log.info(
            "%s %s -> %s %.0f ms",
            spec.method,
            spec.path,
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return response

    view.__name__ = spec.name
    return view


def _address(request: Any) -> str:
    """The address the caller asked for (path and query), to come back to after signing in."""
    event = request.to_original_event()
    path = event.get("path") or request.context.get("path") or "/"
    query = event.get("multiValueQueryStringParameters") or {}
    pairs = [(name, value) for name, values in query.items() for value in values]
    return path + (f"?{urlencode(pairs)}" if pairs else "")


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
    if isinstance(body, BaseModel):
        body = body.model_dump(mode="json", by_alias=True)
    headers.setdefault("Content-Type", "application/json; charset=utf-8")
    return Response(
        body=json.dumps(body, ensure_ascii=False), status_code=reply.status, headers=headers
    )


def _error(error: DomainError, as_html: bool, spec: RouteSpec, path: str) -> Response:
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
        page = html.error_page("Det gikk ikke", error.message, error.fields)
        return Response(
            body=page, status_code=status, headers={"Content-Type": "text/html; charset=utf-8"}
        )
    return Response(
        body=json.dumps(error_body(error), ensure_ascii=False),
        status_code=status,
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
