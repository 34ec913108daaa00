"""Sign-in for browsers (backend for frontend): the code flow with PKCE, then a session cookie.

Browsers never hold a token: the API exchanges the code, checks the ID token and sets an
HttpOnly, Secure, SameSite=Lax cookie. Machine clients send bearer tokens instead.
"""

from __future__ import annotations

from datetime import timedelta
from html import escape

from pydantic import BaseModel

from ...auth.oidc import authorization_url, exchange_code, new_login
from ...errors import InvalidInput, Unauthenticated
from ...identity import ROLE_NAMES, Role
from ...services.accounts import start_session
from .. import html
from ..routing import CSRF_FIELD, PUBLIC, SESSION_COOKIE, SIGNED_IN, Context, Reply, route


def session_cookie(token: str, max_age: int) -> str:
    return f"{SESSION_COOKIE}={token}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age={max_age}"


@route(
    "GET",
    "/auth/login",
    summary="Start innlogging (videresender til identitetstilbyderen)",
    access=PUBLIC,
    status=302,
)
def login(ctx: Context) -> Reply:
    state = new_login(ctx.query.get("return_to", "/"), ctx.deps.wall_clock().now())
    ctx.deps.store.logins.put(state)
    target = authorization_url(ctx.deps.provider(), ctx.deps.client(), state)
    return Reply(status=302, headers={"Location": target})


@route(
    "GET",
    "/auth/callback",
    summary="Tilbake fra identitetstilbyderen; setter økten",
    access=PUBLIC,
    status=303,
    errors=(400, 401),
)
def callback(ctx: Context) -> Reply:
    if "error" in ctx.query:
        raise Unauthenticated("Innloggingen ble avbrutt. Prøv igjen.", code="innlogging_avbrutt")
    code, state = ctx.query.get("code", ""), ctx.query.get("state", "")
    if not code or not state:
        raise InvalidInput(
            "Svaret fra innloggingen mangler kode eller tilstand.", code="ugyldig_innlogging"
        )
    now = ctx.deps.wall_clock().now()
    pending = ctx.deps.store.logins.take(state, now=now)
    if pending is None:
        raise Unauthenticated(
            "Innloggingen er utløpt eller allerede brukt. Logg inn på nytt.",
            code="innlogging_utløpt",
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
            "Set-Cookie": session_cookie(new.token, int(lifetime.total_seconds())),
        },
    )


@route(
    "POST",
    "/auth/logout",
    summary="Logg ut (avslutter økten)",
    access=SIGNED_IN,
    status=204,
    errors=(401, 403),
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
