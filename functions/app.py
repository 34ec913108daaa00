"""The Lambda entry point. Chalice finds ``app`` here; everything else is in the lis1 package,
vendored in at package time together with data/ (see `make package`), so the API enforces
exactly the catalogue that was published."""

from lis1.api.app import create_app
from lis1.api.production import production_deps

app = create_app(production_deps)
