"""Builds the Chalice app: one blueprint per route module, every view wrapped the same way.

``functions/app.py`` (Lambda), the local server and the tests all call :func:`create_app`, so
the same app runs everywhere; only the ports passed in differ.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from typing import Any

from chalice.app import Blueprint, Chalice, Rate, Response

from ..http_headers import api_headers
from ..services.activity_reminders import run_activity_reminders
from ..services.job_agent_mails import run_job_agents
from ..services.reminders import run_reminders
from ..services.rounds import run_rounds
from ..web.render import shell_script_hashes
from .deps import Deps
from .errors import error_body, rewrite_foreign_error, status_of
from .language import in_request_language
from .pipeline import prefers_html
from .presenters.viewer import viewer
from .registry import RouteSpec
from .routes import all_routes
from .views import error_page, sendable_response, view

log = logging.getLogger(__name__)

# The headers every response shares come from lis1.http_headers (so do the static site's, see
# lis1.site.headers); the API's pages extend the site's shell, whose theme scripts are allowed by
# hash and nothing else inline.
SECURITY_HEADERS = api_headers(shell_script_hashes())
BINARY = "application/pdf"
"""The one binary answer (the portfolio's PDFs); API Gateway must list it as binary too."""


def create_app(deps: Deps | Callable[[], Deps], routes: list[RouteSpec] | None = None) -> Chalice:
    """The app. ``deps`` may be a factory, called at the first request: in Lambda that keeps
    the import (the cold start) free of network clients and file reads."""
    routes = all_routes() if routes is None else routes
    resolved: list[Deps] = [deps] if isinstance(deps, Deps) else []

    def current() -> Deps:
        if not resolved:
            assert callable(deps)
            resolved.append(deps())
        return resolved[0]

    # Chalice appends " aws-chalice/<version>" to AWS_EXECUTION_ENV in the mapping it is given.
    # Given os.environ, every app built in one process (the tests build hundreds) lengthens it,
    # and botocore sends it in each request's User-Agent until DynamoDB Local refuses the header.
    app = Chalice(app_name="lis1", env=dict(os.environ))
    # Chalice sets its logger (and so every lis1.* one) to ERROR: a mail not sent and the
    # scheduled jobs' counts must reach the logs.
    app.log.setLevel(logging.INFO)
    app.api.binary_types = [BINARY]  # every other response is text
    app.register_middleware(in_request_language(current), "http")  # outermost: first
    blueprints: dict[str, Blueprint] = {}
    allowed: dict[str, set[str]] = {}
    for spec in routes:
        module = spec.handler.__module__.rsplit(".", 1)[-1]
        blueprint = blueprints.setdefault(module, Blueprint(f"lis1.api.routes.{module}"))
        blueprint.route(spec.path, methods=_methods(spec), content_types=["*/*"], name=spec.name)(
            view(blueprint, spec, current, routes)
        )
        allowed.setdefault(spec.path, {"OPTIONS"}).update(_methods(spec))
    for blueprint in blueprints.values():
        app.register_blueprint(blueprint, url_prefix="/api")
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
        headers = {k.lower(): v for k, v in (event.headers or {}).items()}
        if foreign is not None and prefers_html(headers):
            response = error_page(foreign, viewer(None, "", event.path or "/"))
        elif foreign is not None:
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

    @app.schedule(Rate(1, unit=Rate.HOURS), name="offer_rounds")
    def offer_rounds(event: Any) -> dict[str, int]:
        """Hourly: the rounds decide by Oslo time themselves, so UTC schedules need no care."""
        return run_scheduled_rounds(current())

    @app.schedule(Rate(1, unit=Rate.HOURS), name="offer_reminders")
    def offer_reminders(event: Any) -> dict[str, int]:
        """Hourly: reminders of svarfrister, decided by Oslo time (lis1.domain.reminders)."""
        return run_scheduled_reminders(current())

    @app.schedule(Rate(1, unit=Rate.HOURS), name="activity_reminders")
    def activity_reminders(event: Any) -> dict[str, int]:
        """Hourly: weekly reminders of learning activities waiting for a signature."""
        return run_scheduled_activity_reminders(current())

    @app.schedule(Rate(1, unit=Rate.HOURS), name="job_agents")
    def job_agents(event: Any) -> dict[str, int]:
        """Hourly: jobbagent mails, at most one per agent per Oslo day."""
        return run_scheduled_job_agents(current())

    return app


def run_scheduled_rounds(deps: Deps) -> dict[str, int]:
    """One run of the offer rounds with the app's store, clock and mailer; counts only, so
    nothing personal is logged."""
    report = run_rounds(
        deps.store,
        deps.catalog,
        deps.mailer,
        now=deps.clock.now(),
        origin=deps.config.public_origin,
    )
    counts = {"runder": len(report.rounds), "tilbud": len(report.issued)}
    counts |= {"utløpt": report.expired, "avvist": report.refused}
    log.info("Tilbudsrunder: %s", counts)
    return counts


def run_scheduled_reminders(deps: Deps) -> dict[str, int]:
    """One run of the reminders with the app's store, clock and mailer; counts only."""
    report = run_reminders(
        deps.store,
        deps.catalog,
        deps.mailer,
        now=deps.clock.now(),
        origin=deps.config.public_origin,
    )
    counts = report.counts()
    log.info("Påminnelser: %s", counts)
    return counts


def run_scheduled_activity_reminders(deps: Deps) -> dict[str, int]:
    """One run of the learning activities' weekly reminders; counts only."""
    report = run_activity_reminders(
        deps.store, deps.mailer, now=deps.clock.now(), origin=deps.config.public_origin
    )
    counts = report.counts()
    log.info("Påminnelser om læringsaktiviteter: %s", counts)
    return counts


def run_scheduled_job_agents(deps: Deps) -> dict[str, int]:
    """One run of the jobbagent mails (lis1.services.job_agent_mails); counts only."""
    report = run_job_agents(
        deps.store,
        deps.catalog,
        deps.mailer,
        now=deps.clock.now(),
        origin=deps.config.public_origin,
    )
    counts = report.counts()
    log.info("Jobbagenter: %s", counts)
    return counts


def _methods(spec: RouteSpec) -> list[str]:
    """A GET route answers HEAD too (the same headers, no body)."""
    return [spec.method, "HEAD"] if spec.method == "GET" else [spec.method]


def _options(allow: str) -> Callable[..., Response]:
    """OPTIONS names the methods of a path (no CORS: the site and API share one origin)."""

    def answer(**params: str) -> Response:
        return Response(body="", status_code=204, headers={"Allow": allow})

    return answer
