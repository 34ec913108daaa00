"""The information site: pages generated from the catalogue, built with mkdocs-material."""
