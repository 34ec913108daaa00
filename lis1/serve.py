"""A small local server for the published outputs (until the site exists: the feeds and an index).

Feeds are served as text/calendar so calendar programs subscribe to them as they would in
production. The server binds to 127.0.0.1 only.
"""

from __future__ import annotations

import html
import os
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .build import Project


class _Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        self.project = project
        # Set before the base class handles the request, which it does inside __init__.
        self.extensions_map = {
            **SimpleHTTPRequestHandler.extensions_map,
            ".ics": "text/calendar; charset=utf-8",
            ".json": "application/json",
        }
        super().__init__(*args, directory=str(project.calendars), **kwargs)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path in ("/", "/index.html"):
            self._index()
        elif path.startswith("/kalender/"):
            self.path = "/" + path.removeprefix("/kalender/")
            super().do_GET()
        else:
            self.send_error(404, "Fant ikke siden")

    def _index(self) -> None:
        feeds = sorted(p.name for p in self.project.calendars.glob("*.ics"))
        items = "\n".join(
            f'<li><a href="/kalender/{html.escape(name)}">{html.escape(name)}</a></li>'
            for name in feeds
        )
        body = (
            '<!doctype html><html lang="nb"><head><meta charset="utf-8">'
            "<title>LIS1 – kalendere</title></head><body><main><h1>LIS1 – kalendere</h1>"
            "<p>Abonner på en kalender ved å kopiere adressen inn i kalenderprogrammet ditt.</p>"
            f"<ul>{items}</ul></main></body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def make_server(project: Project, port: int) -> ThreadingHTTPServer:
    return ThreadingHTTPServer(("127.0.0.1", port), partial(_Handler, project=project))


def serve_forever(project: Project, port: int | None) -> int:
    port = port if port is not None else int(os.environ.get("PORT", "8000"))
    server = make_server(project, port)
    print(f"Serverer på http://127.0.0.1:{server.server_port}/  (Ctrl-C for å stoppe)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nStoppet.")
    finally:
        server.server_close()
    return 0
