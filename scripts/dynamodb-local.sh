#!/usr/bin/env bash
# Installs DynamoDB Local (npm pack of the pinned amplify-dynamodb-simulator, hash-checked, only
# its emulator/ extracted into .local/dynamodb-local/) and Java 17+ if needed, or reuses a matching
# install. Prints the emulator folder. Needs .venv (scripts/bootstrap.sh); fails on anything missing.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m lis1.devtools.dynamodb_local install "$@"
