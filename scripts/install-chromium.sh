#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests (Playwright drives it; it never
# downloads a browser of its own). Installs it with apt-get when run as root; otherwise prints the
# exact command and fails. Prints the path of the browser on success.
set -euo pipefail

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  echo "$CHROMIUM"
  exit 0
fi

INSTALL="apt-get update && apt-get install -y --no-install-recommends chromium fonts-dejavu-core"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installerer Chromium fra Debian for nettlesertestene ..." >&2
  if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends chromium fonts-dejavu-core) >&2; then
    echo "$CHROMIUM"
    exit 0
  fi
fi
echo "Chromium mangler ($CHROMIUM). Installer den med:" >&2
echo "  sudo sh -c '$INSTALL'" >&2
exit 1
