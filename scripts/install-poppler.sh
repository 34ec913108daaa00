#!/usr/bin/env bash
# Makes sure poppler's pdftoppm is installed for the PDF tests (they draw every page with it).
# Installs Debian's poppler-utils with apt-get when run as root; otherwise prints the exact command
# and fails. Prints the path of pdftoppm on success. Needs .venv (scripts/bootstrap.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m lis1.devtools.poppler_install
