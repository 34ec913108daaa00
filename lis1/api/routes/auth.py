"""Sign-in for browsers (backend for frontend): the code flow with PKCE, then a session cookie.

Browsers never hold a token: the API exchanges the code, checks the ID token and sets an
HttpOnly, Secure, SameSite=Lax cookie. Machine clients send bearer tokens instead.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode, urlsplit

from ...auth.oidc import LOGIN_LIFETIME, authorization_url, exchange_code, new_login
from ...errors import DomainError, InvalidInput, Unauthenticated
from ...i18n import N_, _, current_locale, locale
from ...identity import ROLE_NAMES, Role
from ...secret import same_secret
from ...services.accounts import start_session
from ...services.ports.accounts import LoginState
from ..errors import error_body, status_of
from ..inputs import query_param
from ..localized_links import is_english_address
from ..pages import page
from ..pipeline import SESSION_COOKIE, Context, read_cookie
from ..registry import HTML, PUBLIC, SIGNED_IN, Reply, Routes
from ..schemas.accounts import Me, RoleOut, SignedIn

routes = Routes()

LOGIN_COOKIE = "lis1_login"
"""Binds a sign-in to the browser that started it: the callback must bring the same state."""
_TEXT = r"[^\x00-\x1f\x7f]{0,2000}"
_TEXT_EXPECTED = N_("forventet høyst 2000 tegn")
_OIDC_CODE = r"[\x21-\x7e]{1,4096}"
_STATE = r"[A-Za-z0-9_-]{1,128}"


def session_cookie(token: str, max_age: int) -> str:
    return f"{SESSION_COOKIE}={token}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age={max_age}"


def login_cookie(state: str, max_age: int) -> str:
    return (
        f"{LOGIN_COOKIE}={state}; Path=/api/auth/; HttpOnly; Secure; SameSite=Lax; "
        f"Max-Age={max_age}"
    )


@routes.route(
    "GET",
    "/auth/login",
    summary=N_("Start innlogging (videresender til identitetstilbyderen)"),
    access=PUBLIC,
    status=302,
    query=(query_param("return_to", _TEXT, _TEXT_EXPECTED, N_("Siden du kommer til etterpå.")),),
)
def login(ctx: Context) -> Reply:
    state = new_login(
        ctx.query.get("return_to", "/"),
        ctx.deps.wall_clock().now(),
        came_from=_same_site_path(ctx.headers.get("referer"), ctx.deps.config.public_origin),
    )
    ctx.deps.store.logins.put(state)
    target = authorization_url(
        ctx.deps.provider(), ctx.deps.client(), state, language=current_locale()
    )
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


@routes.route(
    "GET",
    "/auth/callback",
    summary=N_("Tilbake fra identitetstilbyderen; setter økten"),
    access=PUBLIC,
    status=303,
    errors=(400, 401),
    media=(HTML,),
    query=(
        query_param("code", _OIDC_CODE, N_("forventet en kode fra innloggingen")),
        query_param("state", _STATE, N_("forventet tilstanden innloggingen ble startet med")),
        query_param("error", r"[a-z_]{1,64}", N_("forventet en feilkode fra innloggingen")),
        query_param("error_description", _TEXT, _TEXT_EXPECTED),
    ),
)
def callback(ctx: Context) -> Reply:
    state = ctx.query.get("state", "")
    started_here = bool(state) and same_secret(
        state, read_cookie(ctx.headers.get("cookie"), LOGIN_COOKIE) or ""
    )
    now = ctx.deps.wall_clock().now()
    if "error" in ctx.query:
        # Nobody is signed in by an error answer, so it is explained even when the sign-in was
        # not started in this browser; only then do we know where the person came from.
        pending = ctx.deps.store.logins.take(state, now=now) if started_here else None
        # The callback's address is bokmål (the one registered with HelseID): the language is
        # the one the person started signing in from.
        started_in = "en" if pending and is_english_address(pending.return_to) else None
        with locale(started_in or current_locale()):
            return _not_signed_in(ctx, SignInCancelled(ctx.query["error"]), pending)
    code = ctx.query.get("code", "")
    if not code or not state:
        message = _("Svaret fra innloggingen mangler kode eller tilstand.")
        return _not_signed_in(ctx, InvalidInput(message, code="ugyldig_innlogging"))
    pending = ctx.deps.store.logins.take(state, now=now) if started_here else None
    if pending is None:
        # Unknown, used, expired, or started in another browser (login CSRF): never sign in.
        message = _(
            "Innloggingen er utløpt, allerede brukt eller startet i en annen nettleser. "
            "Logg inn på nytt."
        )
        return _not_signed_in(ctx, Unauthenticated(message, code="innlogging_utløpt"))
    tokens = exchange_code(
        ctx.deps.provider(), ctx.deps.client(), code, pending, ctx.deps.http, now
    )
    claims = ctx.deps.id_token_verifier().verify(tokens.id_token, nonce=pending.nonce)
    lifetime = timedelta(hours=ctx.deps.config.session_hours)
    new = start_session(
        ctx.deps.store,
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
            super().__init__(_("Innloggingen ble avbrutt."), code="innlogging_avbrutt")
        else:
            super().__init__(
                _("Innloggingen ble ikke fullført hos identitetstilbyderen."),
                code="innlogging_avbrutt",
            )


def _not_signed_in(ctx: Context, error: DomainError, pending: LoginState | None = None) -> Reply:
    """The sign-in did not happen: say why, offer a fresh sign-in and a way back."""
    cleared: dict[str, str | list[str]] = {
        "Set-Cookie": login_cookie("", 0),
        "Content-Language": current_locale(),
    }
    if not ctx.html:
        return Reply(error_body(error), status=status_of(error), headers=cleared)
    again = "/api/auth/login?" + urlencode({"return_to": pending.return_to if pending else "/"})
    title = (
        _("Innloggingen ble avbrutt")
        if isinstance(error, SignInCancelled)
        else _("Innloggingen kunne ikke fullføres")
    )
    return page(
        ctx,
        "not_signed_in.html",
        status=status_of(error),
        headers=cleared,
        title=title,
        message=error.message,
        again=again,
        back=pending.came_from if pending else "/",
    )


@routes.route(
    "POST",
    "/auth/logout",
    summary=N_("Logg ut (avslutter økten)"),
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


@routes.route(
    "GET",
    "/auth/status",
    summary=N_("Er noen logget inn i denne nettleseren? (for nettstedets sider)"),
    access=PUBLIC,
    response=SignedIn,
)
def status(ctx: Context) -> Reply:
    session = ctx.session
    found = (
        SignedIn(signed_in=True, name=session.name, csrf_token=session.csrf_token)
        if session is not None
        else SignedIn(signed_in=False)
    )
    return Reply(found, headers={"Cache-Control": "no-store"})


@routes.route(
    "GET",
    "/me",
    summary=N_("Hvem er innlogget, med roller"),
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
            role_name=_(ROLE_NAMES[Role.APPLICANT]),
            organisation=None,
            organisation_name=None,
        )
    ]
    for grant in sorted(who.grants):
        org = grant.organisation
        roles.append(
            RoleOut(
                role=grant.role.value,
                role_name=_(ROLE_NAMES[grant.role]),
                organisation=org,
                organisation_name=ctx.deps.catalog.organisation(org).name if org else None,
            )
        )
    found = Me(
        subject=who.subject,
        name=who.name,
        roles=roles,
        csrf_token=ctx.session.csrf_token if ctx.session else None,
    )
    if ctx.html and ctx.session is not None:
        return page(ctx, "me.html", title=_("Min side"), me=found, csrf=ctx.csrf)
    return found
