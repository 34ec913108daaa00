"""Finding or installing poppler's ``pdftoppm``, which the PDF tests render pages with.

The tests read each PDF back and draw its pages to images, so a PDF that only looks right to a
parser still has to draw. As root with apt-get, Debian's ``poppler-utils`` is installed; otherwise
the exact command is printed and the install fails. Every failure raises :class:`PopplerError`:
nothing is skipped, locally or under ``CI=true``. ``python -m lis1.devtools.poppler_install``
(``scripts/install-poppler.sh``, ``make poppler``) prints the path of ``pdftoppm``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PACKAGE = "poppler-utils"
INSTALL = f"apt-get update && apt-get install -y --no-install-recommends {PACKAGE}"


class PopplerError(RuntimeError):
    """pdftoppm could not be found or installed; the message says what to do."""


def _fail(message: str) -> PopplerError:
    if os.environ.get("CI", "").lower() == "true":
        message += "\n(CI=true: pdftoppm er påkrevd i CI; PDF-testene hoppes aldri over.)"
    return PopplerError(message)


def find_pdftoppm() -> Path | None:
    found = shutil.which("pdftoppm")
    return Path(found) if found else None


def ensure_pdftoppm() -> Path:
    """Return the path of ``pdftoppm``; as root install Debian's poppler-utils if it is missing."""
    found = find_pdftoppm()
    if found is not None:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise _fail(
            f"pdftoppm (fra {PACKAGE}) mangler; PDF-testene tegner sidene med den. "
            f"Installer med:\n  sudo sh -c '{INSTALL}'"
        )
    print(f"pdftoppm mangler; installerer {PACKAGE} fra Debian ...", file=sys.stderr, flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", PACKAGE]
    for step in (["apt-get", "update", "-qq"], install):
        result = subprocess.run(
            step, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            output = "\n".join((result.stdout + result.stderr).rstrip().splitlines()[-40:])
            raise _fail(f"`{' '.join(step)}` feilet (kode {result.returncode}):\n{output}")
    found = find_pdftoppm()
    if found is None:
        raise _fail(f"{PACKAGE} ble installert, men pdftoppm finnes fortsatt ikke på PATH.")
    return found


def main() -> int:
    try:
        print(ensure_pdftoppm())
    except PopplerError as error:
        print(f"FEIL {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
