"""The local server: the built site on 127.0.0.1, feeds as text/calendar, /api/ reserved, and
every request answered, however it is framed: bad lengths, NUL in the path, unknown methods,
half-sent requests, a foreign Host."""

from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from lis1.serve import LocalServer, make_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    site = tmp_path_factory.mktemp("site")
    (site / "kalender").mkdir()
    (site / "kalender" / "alle.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    (site / "index.html").write_text("<!doctype html><title>Forside</title>")
    (site / "404.html").write_text("<!doctype html><title>Fant ikke siden</title>")
    (site / "en").mkdir()
    (site / "en" / "404.html").write_text("<!doctype html><title>Page not found</title>")
    (site.parent / "hemmelig.txt").write_text("ikke for nettet")
    running = make_server(site, 0)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def base_url(server: LocalServer) -> str:
    return server.origin


def fetch(url: str, method: str = "GET") -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers["Content-Type"], error.read()


def raw(server: LocalServer, request: bytes) -> bytes:
    """Send ``request`` as bytes; the answer, read to its Content-Length or to the close."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
            head, separator, body = answer.partition(b"\r\n\r\n")
            lengths = [
                int(line.split(b":", 1)[1])
                for line in head.lower().split(b"\r\n")
                if line.startswith(b"content-length:")
            ]
            if separator and lengths and len(body) >= lengths[0]:
                break
        return answer


def status_and_body(answer: bytes) -> tuple[int, bytes]:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 "), answer[:200]
    return int(head.split(b" ")[1]), body


def host(server: LocalServer) -> bytes:
    return f"Host: 127.0.0.1:{server.port}\r\n".encode()


def test_feed_is_served_as_calendar(base_url: str) -> None:
    status, kind, body = fetch(f"{base_url}/kalender/alle.ics")
    assert (status, kind) == (200, "text/calendar; charset=utf-8")
    assert body.startswith(b"BEGIN:VCALENDAR")


def test_front_page(base_url: str) -> None:
    status, kind, _ = fetch(f"{base_url}/")
    assert (status, kind) == (200, "text/html; charset=utf-8")


def test_unknown_and_outside_paths_get_the_sites_404_page(base_url: str) -> None:
    for path in (
        "/finnes-ikke/",
        "/../hemmelig.txt",
        "/kalender/../../hemmelig.txt",
        "/index.html%00.json",
        "/kalender/%2e%2e/%2e%2e/hemmelig.txt",
        "/%ff%fe",
        "/kalender%5c..%5chemmelig.txt",
    ):
        status, _, body = fetch(f"{base_url}{path}")
        assert status == 404, path
        assert b"Fant ikke siden" in body


def test_an_unknown_english_page_gets_the_english_404_page(base_url: str) -> None:
    for path in ("/en/finnes-ikke/", "/en/frister/1999-host/", "/en/../en/x"):
        status, _, body = fetch(f"{base_url}{path}")
        assert (status, b"Page not found" in body) == (404, True), path
    assert b"Fant ikke siden" in fetch(f"{base_url}/enx/")[2]


def test_api_is_reserved_with_a_norwegian_error(base_url: str) -> None:
    status, kind, body = fetch(f"{base_url}/api/health")
    assert status == 501 and kind.startswith("application/json")
    assert json.loads(body)["code"] == "api_ikke_tilgjengelig"


def test_head_options_and_unknown_methods(base_url: str) -> None:
    status, kind, body = fetch(f"{base_url}/", "HEAD")
    assert (status, kind, body) == (200, "text/html; charset=utf-8", b"")
    with urllib.request.urlopen(urllib.request.Request(f"{base_url}/", method="OPTIONS")) as reply:
        assert reply.status == 204 and reply.headers["Allow"] == "GET, HEAD, OPTIONS"
    for method in ("TRACE", "DELETE", "PROPFIND"):
        status, kind, body = fetch(f"{base_url}/", method)
        assert status == 405 and kind.startswith("application/json"), method
        assert json.loads(body)["code"] == "metode_ikke_tillatt"


@pytest.mark.parametrize("length", [b"abc", b"-1", b"1e3", b"+5", b"99999999999999999999", b"5, 6"])
def test_a_bad_content_length_is_answered_in_norwegian(server: LocalServer, length: bytes) -> None:
    answer = raw(
        server,
        b"POST /api/x HTTP/1.1\r\n" + host(server) + b"Content-Length: " + length + b"\r\n\r\nhei",
    )
    status, body = status_and_body(answer)
    assert status in (400, 413), answer
    document = json.loads(body)
    assert document["code"] in ("ugyldig_forespørsel", "for_stor_forespørsel")
    assert "HTTP" in document["message"] or "stor" in document["message"]


def test_a_body_over_the_limit_is_413(server: LocalServer) -> None:
    head = b"POST /api/x HTTP/1.1\r\n" + host(server) + b"Content-Length: 2000000\r\n\r\n"
    status, body = status_and_body(raw(server, head + b"x" * 2_000_000))
    assert status == 413 and json.loads(body)["code"] == "for_stor_forespørsel"


def test_only_the_configured_host_names_are_served(server: LocalServer) -> None:
    for name in (b"evil.example", b"127.0.0.1", b"lis1.attacker.test:" + str(server.port).encode()):
        answer = raw(server, b"GET /index.html HTTP/1.1\r\nHost: " + name + b"\r\n\r\n")
        status, body = status_and_body(answer)
        assert status == 421, name
        assert json.loads(body)["code"] == "ukjent_vert"
    own = f"127.0.0.1:{server.port}".encode()
    answer = raw(
        server, b"GET /index.html HTTP/1.1\r\nHost: " + own + b"\r\nConnection: close\r\n\r\n"
    )
    assert status_and_body(answer)[0] == 200


def test_localhost_leads_to_the_one_address_sign_in_works_on(server: LocalServer) -> None:
    local = f"localhost:{server.port}".encode()
    for method in (b"GET", b"HEAD"):
        answer = raw(server, method + b" /api/me?x=1 HTTP/1.1\r\nHost: " + local + b"\r\n\r\n")
        assert status_and_body(answer)[0] == 308
        assert f"Location: {server.origin}/api/me?x=1\r\n".encode() in answer
    form = b"POST /api/ads HTTP/1.1\r\nHost: " + local + b"\r\nContent-Length: 0\r\n\r\n"
    status, body = status_and_body(raw(server, form))
    assert status == 421 and server.origin in json.loads(body)["message"]


def test_half_sent_requests_hold_no_thread(server: LocalServer, base_url: str) -> None:
    stalled = []
    threads = threading.active_count()
    try:
        for _ in range(60):  # far more than the server's threads
            connection = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            connection.sendall(
                b"POST /api/x HTTP/1.1\r\n" + host(server) + b"Content-Length: 100\r\n"
            )
            stalled.append(connection)
        # Were a thread held per stalled request, this would wait out the 30 s idle timeout.
        with urllib.request.urlopen(f"{base_url}/", timeout=20) as reply:
            assert reply.status == 200
        assert threading.active_count() - threads < 10  # the requests wait in buffers
    finally:
        for connection in stalled:
            connection.close()
