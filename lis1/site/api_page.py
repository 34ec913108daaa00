"""The API's description, rendered readably for the site ("For utviklere"), and as a JSON file.

Generated from the same route declarations as /api/openapi.json, so the page cannot drift.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ..i18n import _
from .page_common import Page, up

METHOD_ORDER = {"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}


def openapi_document(public_url: str) -> dict[str, Any]:
    from ..api.openapi import describe
    from ..api.routes import all_routes

    return describe(all_routes(), public_url.rstrip("/"))


def openapi_json(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()


def api_page(document: dict[str, Any], updated: date) -> Page:
    """The page, from the document :func:`openapi_document` made in the same language."""
    rows = []
    access = _("Tilgang: {access}").format(access="")
    for path, operations in document["paths"].items():
        for method, operation in sorted(
            operations.items(), key=lambda item: METHOD_ORDER.get(item[0].upper(), 9)
        ):
            who = operation["description"].removeprefix(access)
            rows.append(f"| `{method.upper()}` | `{path}` | {operation['summary']} | {who} |")
    openapi = f'<a href="{up(1)}data/openapi.json">openapi.json</a>'
    body = _("""# For utviklere: API-et

Tjenesten har et API for søknader, tilbud og kompetanseportefølje. Alle adresser begynner med
`/api/`. Beskrivelsen under lages fra den samme koden som API-et, så den er alltid oppdatert.
Den maskinlesbare beskrivelsen (OpenAPI 3.1) finnes som
%(openapi)s, og hentes også fra API-et selv på
`/api/openapi.json`.

## Innlogging

- **I nettleseren** logger du inn via `/api/auth/login` (HelseID; lokalt en testinnlogging med
  demobrukere). Nettleseren får en økt-informasjonskapsel som ikke kan leses av skript, og
  endringer krever i tillegg sikkerhetskoden `csrf_token` fra `/api/me`.
- **Maskinklienter** sender et tilgangstoken fra HelseID i `Authorization: Bearer …`.

## Feil

Alle feil har samme form, med en maskinlesbar kode og en forklaring på norsk:

```json
{"code": "ugyldig_forespørsel", "message": "Forespørselen har feil. …",
 "fields": {"offset_hours": "fant «mye», forventet et tall"}}
```

## Adressene

| Metode | Adresse | Hva | Hvem kan bruke den |
|---|---|---|---|
""") % {"openapi": openapi} + "\n".join(rows)
    return Page("utviklere.md", _("For utviklere: API-et"), updated, body)
