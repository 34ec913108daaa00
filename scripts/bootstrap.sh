#!/usr/bin/env bash
# Creates .venv from uv.lock on a fresh machine. Needs only Python 3.11+ and network access to PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.9
PYTHON=${PYTHON:-python3}

if ! command -v "$PYTHON" >/dev/null 2>&1 \
   || ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Fant ikke Python 3.11 eller nyere ($PYTHON)." >&2
  echo "Installer med: apt-get install -y python3 python3-venv   (eller sett PYTHON=/sti/til/python3.11)" >&2
  exit 1
fi

if ! .tools/bin/uv --version 2>/dev/null | grep -qF "uv $UV_VERSION"; then
  echo "Installerer uv $UV_VERSION i .tools/ ..."
  rm -rf .tools
  "$PYTHON" -m venv .tools
  .tools/bin/pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi

# Bytecode at install: the machines set PYTHONDONTWRITEBYTECODE, so without it every process
# (the CLI, `lis1 serve` in the browser tests) compiles its imports from source again.
UV_PYTHON_DOWNLOADS=never .tools/bin/uv sync --frozen --python "$PYTHON" --quiet --compile-bytecode
touch .venv/.installed
