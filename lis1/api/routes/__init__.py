"""The API's routes, one module per context; :func:`all_routes` is the one list of them."""

from __future__ import annotations

from ..registry import RouteSpec


def all_routes() -> list[RouteSpec]:
    """Every declared route, in a fixed order (system, sign-in, catalogue, ads, applications,
    administration, the local tools)."""
    from . import (
        activities,
        admin,
        ads,
        applications,
        auth,
        calendars,
        catalog,
        dev,
        editor,
        extra_rounds,
        hf,
        invitations,
        kommune,
        notices,
        offers,
        portfolio,
        portfolio_invites,
        rounds,
        signing,
        statistics,
        supervision,
        system,
    )

    modules = (
        system,
        auth,
        catalog,
        statistics,
        ads,
        hf,
        applications,
        offers,
        notices,
        calendars,
        rounds,
        extra_rounds,
        kommune,
        admin,
        editor,
        invitations,
        portfolio,
        portfolio_invites,
        supervision,
        activities,
        signing,
        dev,
    )
    return [spec for module in modules for spec in module.routes.specs]
