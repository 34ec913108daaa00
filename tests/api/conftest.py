"""The API under test: the real app, routes and sign-in, with in-process ports.

Requests go through the same gateway emulation as `make serve` (lis1.api.gateway), the store is
the in-memory fake (the contract suite proves it behaves as DynamoDB does), and the development
issuer answers in-process.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from lis1.api.deps import Deps
from lis1.api.gateway import ApiGateway, GatewayResponse
from lis1.catalog import Catalog, load_catalog
from lis1.clock import MovableClock
from lis1.config import Stage
from lis1.devissuer.issuer import DevIssuer
from lis1.devissuer.keys import ensure_client_key
from lis1.devtools.wiring import in_process_api
from lis1.store.bundle import memory_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    loaded = load_catalog(ROOT / "data")
    assert loaded.catalog is not None
    return loaded.catalog


@pytest.fixture(scope="session")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dev-issuer")
    ensure_client_key(path)
    return path


@dataclass
class Client:
    """A browser-like client: keeps the session cookie, sends the CSRF token it was given."""

    gateway: ApiGateway
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str | None = None

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        form: dict[str, str] | None = None,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> GatewayResponse:
        sent = {"accept": "application/json", **(headers or {})}
        if self.cookies:
            sent["cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = body or b""
        if json_body is not None:
            data = json.dumps(json_body).encode()
            sent.setdefault("content-type", "application/json")
        if form is not None:
            data = urlencode(form).encode()
            sent.setdefault("content-type", "application/x-www-form-urlencoded")
        if self.csrf and method.upper() not in ("GET", "HEAD"):
            sent.setdefault("x-csrf-token", self.csrf)
        response = self.gateway.handle(method, path, sent, data)
        for name, value in response.headers:
            if name.lower() == "set-cookie":
                cookie, _, _ = value.partition(";")
                key, _, val = cookie.partition("=")
                if val:
                    self.cookies[key] = val
                else:
                    self.cookies.pop(key, None)
        return response

    def get(self, path: str, **kw: Any) -> GatewayResponse:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> GatewayResponse:
        return self.request("POST", path, **kw)

    def put(self, path: str, **kw: Any) -> GatewayResponse:
        return self.request("PUT", path, **kw)

    def delete(self, path: str, **kw: Any) -> GatewayResponse:
        return self.request("DELETE", path, **kw)


@dataclass
class Api:
    gateway: ApiGateway
    issuer: DevIssuer
    deps: Deps
    clock: MovableClock

    def client(self) -> Client:
        return Client(self.gateway)

    def sign_in(self, subject: str) -> Client:
        """The whole browser flow: login -> issuer page -> pick user -> callback -> cookie."""
        client = self.client()
        start = client.get("/api/auth/login?return_to=/min-side/")
        assert start.status == 302, start.body
        target = urlsplit(start.header("Location") or "")
        params = dict(parse_qsl(target.query))
        chosen = self.issuer.handle("POST", "/authorize", {}, {**params, "user": subject})
        assert chosen.status == 303, chosen.body
        back = urlsplit(chosen.headers["Location"])
        done = client.get(f"{back.path}?{back.query}")
        assert done.status == 303, done.body
        assert done.header("Location") == "/min-side/"
        me = client.get("/api/me")
        assert me.status == 200, me.body
        client.csrf = me.json()["csrf_token"]  # type: ignore[index]
        return client


def build_api(catalog: Catalog, keys: Path, stage: Stage = "test") -> Api:
    clock = MovableClock(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    wired = in_process_api(catalog, memory_store(), clock, keys, stage)
    return Api(wired.gateway, wired.issuer, wired.deps, clock)


@pytest.fixture
def api(catalog: Catalog, keys: Path) -> Iterator[Api]:
    yield build_api(catalog, keys)


class Counting:
    """A port whose every method call is counted under ``port.method``."""

    def __init__(self, name: str, port: object, calls: Counter[str]) -> None:
        self._name, self._port, self._calls = name, port, calls

    def __getattr__(self, attr: str) -> Any:
        value = getattr(self._port, attr)
        if not callable(value):
            return value

        def counted(*args: Any, **kwargs: Any) -> Any:
            self._calls[f"{self._name}.{attr}"] += 1
            return value(*args, **kwargs)

        return counted


@pytest.fixture
def counted(catalog: Catalog, keys: Path) -> tuple[Api, Counter[str]]:
    calls: Counter[str] = Counter()
    store = memory_store()
    ports: dict[str, Any] = {
        f.name: Counting(f.name, getattr(store, f.name), calls)
        for f in fields(store)
        if f.name != "kind"
    }
    wrapped = replace(store, **ports)
    clock = MovableClock(datetime(2026, 11, 25, 10, tzinfo=UTC))
    wired = in_process_api(catalog, wrapped, clock, keys)
    return Api(wired.gateway, wired.issuer, wired.deps, clock), calls
