"""Sign-in for browsers (backend for frontend): the code flow with PKCE, then a session cookie.

Browsers never hold a token: the API exchanges the code, checks the ID token and sets an
HttpOnly, Secure, SameSite=Lax cookie. Machine clients send bearer tokens instead.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from html import escape
from urllib.parse import urlencode, urlsplit

from pydantic import BaseModel

from ...auth.oidc import LOGIN_LIFETIME, authorization_url, exchange_code, new_login
from ...errors import DomainError, InvalidInput, Unauthenticated
from ...identity import ROLE_NAMES, Role
from ...services.accounts import start_session
from ...services.ports import LoginState
from .. import html
from ..errors import error_body, status_of
from ..inputs import query_param
from ..routing import (
    CSRF_FIELD,
    HTML,
    PUBLIC,
    SESSION_COOKIE,
    SIGNED_IN,
    Context,
    Reply,
    read_cookie,
    route,
)

LOGIN_COOKIE = "lis1_login"
"""Binds a sign-in to the browser that started it: the callback must bring the same state."""
_TEXT = r"[^\x00-\x1f\x7f]{0,2000}"
_TEXT_EXPECTED = "forventet høyst 2000 tegn"


def session_cookie(token: str, max_age: int) -> str:
    return f"{SESSION_COOKIE}={token}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age={max_age}"


def login_cookie(state: str, max_age: int) -> str:
    return (
        f"{LOGIN_COOKIE}={state}; Path=/api/auth/; HttpOnly; Secure; SameSite=Lax; "
        f"Max-Age={max_age}"
    )


@route(
    "GET",
    "/auth/login",
    summary="Start innlogging (videresender til identitetstilbyderen)",
    access=PUBLIC,
    status=302,
    query=(query_param("return_to", _TEXT, _TEXT_EXPECTED, "Siden du kommer til etterpå."),),
)
def login(ctx: Context) -> Reply:
    state = new_login(
        ctx.query.get("return_to", "/"),
        ctx.deps.wall_clock().now(),
        came_from=_same_site_path(ctx.headers.get("referer"), ctx.deps.config.public_origin),
    )
    ctx.deps.store.logins.put(state)
    target = authorization_url(ctx.deps.provider(), ctx.deps.client(), state)
    lifetime = int(LOGIN_LIFETIME.total_seconds())
    return Reply(
        status=302,
        headers={"Location": target, "Set-Cookie": login_cookie(state.state, lifetime)},
    )


def _same_site_path(referer: str | None, origin: str) -> str | None:
    """The path of ``referer`` if it is a page of this site."""
    if not referer:
        return None
    parts = urlsplit(referer)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


_OIDC_CODE = r"[\x21-\x7e]{1,4096}"
_STATE = r"[A-Za-z0-9_-]{1,128}"


@route(
    "GET",
    "/auth/callback",
    summary="Tilbake fra identitetstilbyderen; setter økten",
    access=PUBLIC,
    status=303,
    errors=(400, 401),
    query=(
        query_param("code", _OIDC_CODE, "forventet en kode fra innloggingen"),
        query_param("state", _STATE, "forventet tilstanden innloggingen ble startet med"),
        query_param("error", r"[a-z_]{1,64}", "forventet en feilkode fra innloggingen"),
        query_param("error_description", _TEXT, _TEXT_EXPECTED),
    ),
    media=(HTML,),
)
def callback(ctx: Context) -> Reply:
    state = ctx.query.get("state", "")
    started_here = bool(state) and secrets.compare_digest(
        state, read_cookie(ctx.headers.get("cookie"), LOGIN_COOKIE) or ""
    )
    now = ctx.deps.wall_clock().now()
    if "error" in ctx.query:
        # Nobody is signed in by an error answer, so it is explained even when the sign-in was
        # not started in this browser; only then do we know where the person came from.
        pending = ctx.deps.store.logins.take(state, now=now) if started_here else None
        return _not_signed_in(ctx, SignInCancelled(ctx.query["error"]), pending)
    code = ctx.query.get("code", "")
    if not code or not state:
        return _not_signed_in(
            ctx,
            InvalidInput(
                "Svaret fra innloggingen mangler kode eller tilstand.", code="ugyldig_innlogging"
            ),
        )
    pending = ctx.deps.store.logins.take(state, now=now) if started_here else None
    if pending is None:
        # Unknown, used, expired, or started in another browser (login CSRF): never sign in.
        return _not_signed_in(
            ctx,
            Unauthenticated(
                "Innloggingen er utløpt, allerede brukt eller startet i en annen nettleser. "
                "Logg inn på nytt.",
                code="innlogging_utløpt",
            ),
        )
    tokens = exchange_code(
        ctx.deps.provider(), ctx.deps.client(), code, pending, ctx.deps.http, now
    )
    claims = ctx.deps.id_token_verifier().verify(tokens.id_token, nonce=pending.nonce)
    lifetime = timedelta(hours=ctx.deps.config.session_hours)
    new = start_session(
        ctx.deps.store.users,
        ctx.deps.store.sessions,
        subject=str(claims["sub"]),
        name=str(claims.get("name") or claims["sub"]),
        email=claims.get("email"),
        now=now,
        lifetime=lifetime,
    )
    return Reply(
        status=303,
        headers={
            "Location": pending.return_to,
            "Set-Cookie": [
                session_cookie(new.token, int(lifetime.total_seconds())),
                login_cookie("", 0),
            ],
        },
    )


class SignInCancelled(Unauthenticated):
    """The identity provider answered with an error instead of a code (RFC 6749 4.1.2.1)."""

    def __init__(self, error: str) -> None:
        if error == "access_denied":
            super().__init__("Innloggingen ble avbrutt.", code="innlogging_avbrutt")
        else:
            super().__init__(
                "Innloggingen ble ikke fullført hos identitetstilbyderen.",
                code="innlogging_avbrutt",
            )


def _not_signed_in(ctx: Context, error: DomainError, pending: LoginState | None = None) -> Reply:
    """The sign-in did not happen: say why, offer a fresh sign-in and a way back."""
    cleared = {"Set-Cookie": login_cookie("", 0)}
    if "text/html" not in ctx.headers.get("accept", ""):
        return Reply(error_body(error), status=status_of(error), headers=cleared)
    back = pending.came_from if pending else "/"
    again = "/api/auth/login?" + urlencode({"return_to": pending.return_to if pending else "/"})
    body = (
        f'<p role="alert">{escape(error.message)}</p>'
        f'<p><a class="md-button md-button--primary" href="{escape(again)}">Logg inn på nytt</a>'
        f' <a class="md-button" href="{escape(back)}">Gå tilbake</a></p>'
    )
    title = (
        "Innloggingen ble avbrutt"
        if isinstance(error, SignInCancelled)
        else "Innloggingen kunne ikke fullføres"
    )
    return Reply(
        html.page(title, body),
        status=status_of(error),
        content_type="text/html",
        headers=cleared,
    )


@route(
    "POST",
    "/auth/logout",
    summary="Logg ut (avslutter økten)",
    access=SIGNED_IN,
    status=204,
    errors=(401, 403),
    forms=True,
)
def logout(ctx: Context) -> Reply:
    if ctx.session is not None:
        ctx.deps.store.sessions.delete(ctx.session.token_hash)
    cleared = {"Set-Cookie": session_cookie("", 0)}
    if ctx.form_post:
        return Reply(status=303, headers={**cleared, "Location": "/"})
    return Reply(status=204, headers=cleared)


class RoleOut(BaseModel):
    role: str
    role_name: str
    organisation: str | None
    organisation_name: str | None


class Me(BaseModel):
    subject: str
    name: str
    roles: list[RoleOut]
    csrf_token: str | None
    """For scripts that post on the user's behalf (header X-CSRF-Token); null with bearer tokens."""


@route(
    "GET",
    "/me",
    summary="Hvem er innlogget, med roller",
    access=SIGNED_IN,
    response=Me,
    errors=(401,),
    media=(HTML,),
)
def me(ctx: Context) -> Me | Reply:
    who = ctx.signed_in()
    roles = [
        RoleOut(
            role="applicant",
            role_name=ROLE_NAMES[Role.APPLICANT],
            organisation=None,
            organisation_name=None,
        )
    ]
    for grant in sorted(who.grants):
        org_name = (
            ctx.deps.catalog.organisation(grant.organisation).name if grant.organisation else None
        )
        roles.append(
            RoleOut(
                role=grant.role.value,
                role_name=ROLE_NAMES[grant.role],
                organisation=grant.organisation,
                organisation_name=org_name,
            )
        )
    me = Me(
        subject=who.subject,
        name=who.name,
        roles=roles,
        csrf_token=ctx.session.csrf_token if ctx.session else None,
    )
    if "text/html" in ctx.headers.get("accept", "") and ctx.session is not None:
        return Reply(_me_page(me, ctx.session.csrf_token), content_type="text/html")
    return me


def _me_page(me: Me, csrf_token: str) -> str:
    roles = "".join(
        f"<li>{escape(r.role_name)}"
        + (f" – {escape(r.organisation_name)}" if r.organisation_name else "")
        + "</li>"
        for r in me.roles
    )
    body = (
        f"<p>Du er logget inn som <strong>{escape(me.name)}</strong>.</p>"
        f"<h2>Roller</h2><ul>{roles}</ul>"
        '<form method="post" action="/api/auth/logout">'
        f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(csrf_token)}">'
        '<button type="submit">Logg ut</button></form>'
    )
    return html.page("Min side", body)
