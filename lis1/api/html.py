"""Small HTML pages the API answers with when a browser posts a form without JavaScript.

Plain, accessible markup in Norwegian: a heading, the message, a way back. Every value is
escaped; the page loads only the site's own stylesheet.
"""

from __future__ import annotations

from html import escape


def page(title: str, body: str) -> str:
    """``body`` is trusted markup built by callers from escaped values."""
    return (
        '<!doctype html>\n<html lang="nb">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} – LIS1</title>\n"
        '<link rel="stylesheet" href="/assets/api.css">\n</head>\n<body>\n'
        '<header><a href="/">LIS1 – frister og informasjon</a></header>\n'
        f"<main>\n<h1>{escape(title)}</h1>\n{body}\n</main>\n</body>\n</html>\n"
    )


def error_page(title: str, message: str, fields: dict[str, str]) -> str:
    items = "".join(
        f"<li><strong>{escape(name)}</strong>: {escape(text)}</li>" for name, text in fields.items()
    )
    listing = f'<ul class="feil">{items}</ul>' if items else ""
    return page(
        title,
        f'<p role="alert">{escape(message)}</p>{listing}'
        "<p>Bruk tilbakeknappen i nettleseren for å rette opp, eller gå "
        '<a href="/">til forsiden</a>.</p>',
    )
