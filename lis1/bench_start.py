"""`lis1 bench`: the Lambda handler's cold import against a bare Chalice app, side by side.

Each import runs in a fresh ``python -I -S`` process whose ``sys.path`` is the code folder and
the standard library only, as in Lambda; the two alternate, so a busy machine slows both alike.
The bare app imports chalice and boto3 and makes its boto3 client at the first request, like
ours (``lis1.api.production``). Both read compiled bytecode:

- with ``make package`` done, ``build/deploy/lambda/`` is measured: the packaged handler with
  the package's own bytecode, and the bare app with the chalice and boto3 of the same folder;
- otherwise the working tree: ``functions/app.py`` with ``lis1`` and the venv's packages. This
  machine writes no bytecode and uv installs without it, so a first run of each compiles what
  it imports into a private folder (``-X pycache_prefix``), which the timed runs then read.

Figures are printed, never asserted.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

PACKAGE = Path("build") / "deploy" / "lambda"
"""Where `make package` leaves the unzipped Lambda package, below the project root."""

BARE_APP = '''"""Bare Chalice: chalice, boto3 and a DynamoDB client made at the first request."""

import boto3
from chalice import Chalice

app = Chalice(app_name="bare")
_clients = []


def dynamodb():
    if not _clients:
        _clients.append(boto3.client("dynamodb"))
    return _clients[0]


@app.route("/")
def index():
    return {"tables": dynamodb().list_tables()["TableNames"]}
'''

_IMPORT = "import app"
_FIRST_CALL = """
import app
from lis1.catalog import load_catalog
from lis1.config import ROOT
"""
"""Set-up for timing the first request's own work: the production deps, made at the first
request (lis1.api.production), read the catalogue, here from the data folder they default to."""
_LOAD_CATALOG = "assert load_catalog(ROOT / 'data').catalog is not None"

_PROBE = """
import sys, time
sys.path[:0] = {path!r}
{before}
wall, cpu = time.perf_counter(), time.process_time()
{timed}
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
import os
specs = [getattr(module, "__spec__", None) for module in list(sys.modules.values())]
uncompiled = [s for s in specs if s and s.cached and not os.path.exists(s.cached)]
print(wall, cpu, len(uncompiled))
"""


@dataclass(frozen=True)
class Timing:
    wall: float
    """Median wall time of the import, seconds."""
    cpu: float
    """Median CPU time of the import (user and system), seconds."""
    uncompiled: int
    """Modules imported without bytecode (most in one run); 0 in a fair measurement."""


@dataclass(frozen=True)
class ImportComparison:
    where: str
    """What was measured, in words."""
    bytecode: str
    """Where the bytecode both read comes from, in words."""
    runs: int
    handler: Timing
    bare: Timing
    first_call: Timing
    """What the handler's first request adds by reading the catalogue (not in the ratio)."""

    @property
    def ratio(self) -> float:
        return self.handler.wall / self.bare.wall

    @property
    def cpu_ratio(self) -> float:
        return self.handler.cpu / self.bare.cpu


def handler_import(
    code_dir: Path,
    runs: int = 15,
    *,
    extra_path: Sequence[Path] = (),
    pycache_prefix: Path | None = None,
) -> ImportComparison:
    """``import app`` from ``code_dir`` against the bare app, ``runs`` fresh processes each.

    ``sys.path`` is ``code_dir``, then ``extra_path``, then the standard library; the bare app
    is found first and takes chalice and boto3 from the same places. Without
    ``pycache_prefix`` the bytecode beside the sources is read and none is written (a Lambda
    package); with it, a first untimed run of each compiles into that folder.
    """
    path = [code_dir.resolve(), *(p.resolve() for p in extra_path)]
    with tempfile.TemporaryDirectory(prefix="lis1-bare-app-") as tmp:
        bare_dir = Path(tmp)
        (bare_dir / "app.py").write_text(BARE_APP, encoding="utf-8")
        flags = ["-X", f"pycache_prefix={pycache_prefix}"] if pycache_prefix else ["-B"]
        if pycache_prefix is None:
            _compile(bare_dir / "app.py")
        probes = {
            "handler": (path, "", _IMPORT),
            "bare": ([bare_dir, *path], "", _IMPORT),
            "first_call": (path, _FIRST_CALL, _LOAD_CATALOG),
        }
        for probe in probes.values():  # untimed: compiles into the prefix, warms the disk
            _probe(*probe, flags)
        samples: dict[str, list[tuple[float, float, int]]] = {name: [] for name in probes}
        for run in range(runs):
            order = ["handler", "bare"] if run % 2 == 0 else ["bare", "handler"]
            for name in order + (["first_call"] if run % 3 == 0 else []):
                samples[name].append(_probe(*probes[name], flags))
    where = f"{code_dir}" + (f" (med {', '.join(map(str, extra_path))})" if extra_path else "")
    bytecode = (
        f"kompilert i første kjøring til {pycache_prefix}"
        if pycache_prefix
        else "bytekoden som ligger i mappen (ingen skrives)"
    )
    timings = {name: _timing(found) for name, found in samples.items()}
    return ImportComparison(where, bytecode, runs, **timings)


def measure(root: Path, runs: int = 15) -> ImportComparison:
    """The packaged handler when build/deploy/lambda/ exists, else the working tree."""
    package = root / PACKAGE
    if (package / "app.py").is_file():
        found = handler_import(package, runs)
        return replace(found, where=f"Lambda-pakken {PACKAGE}/ (make package)")
    site_packages = sorted({Path(sysconfig.get_path(k)) for k in ("purelib", "platlib")})
    with tempfile.TemporaryDirectory(prefix="lis1-pyc-") as prefix:
        found = handler_import(
            root / "functions",
            runs,
            extra_path=[root, *site_packages],
            pycache_prefix=Path(prefix),
        )
    return replace(
        found,
        where="arbeidskopien: functions/app.py med lis1/ og venv-ens pakker (ingen make package)",
        bytecode="kompilert i en første, utelatt kjøring til en midlertidig mappe "
        "(-X pycache_prefix)",
    )


def _compile(source: Path) -> None:
    import py_compile

    target = source.parent / "__pycache__" / f"{source.stem}.{sys.implementation.cache_tag}.pyc"
    py_compile.compile(str(source), cfile=str(target), doraise=True)


def _probe(
    sys_path: Sequence[Path], before: str, timed: str, flags: list[str]
) -> tuple[float, float, int]:
    script = _PROBE.format(path=[str(p) for p in sys_path], before=before, timed=timed)
    done = subprocess.run(
        [sys.executable, "-I", "-S", *flags, "-c", script],
        capture_output=True,
        text=True,
        check=True,
    )
    wall, cpu, uncompiled = done.stdout.split()[-3:]
    return float(wall), float(cpu), int(uncompiled)


def _timing(samples: list[tuple[float, float, int]]) -> Timing:
    return Timing(
        statistics.median(s[0] for s in samples),
        statistics.median(s[1] for s in samples),
        max(s[2] for s in samples),
    )


def print_comparison(found: ImportComparison) -> None:
    print(f"\nImport av Lambda-håndtereren (median av {found.runs} nye prosesser, python -I -S):")
    print(f"  Målt: {found.where}")
    print(f"  Bytekode: {found.bytecode}")
    print(f"  {'':36}{'ms':>8}{'CPU ms':>9}")
    for name, timing in (("app.py (lis1)", found.handler), ("bar Chalice + boto3", found.bare)):
        print(f"  {name:36}{timing.wall * 1000:>8.0f}{timing.cpu * 1000:>9.0f}")
    print(f"  Forhold: {found.ratio:.2f}x (CPU {found.cpu_ratio:.2f}x)")
    first = found.first_call
    print(
        f"  Første kall leser i tillegg katalogen (lis1.api.production): {first.wall * 1000:.0f} ms"
        f" (CPU {first.cpu * 1000:.0f} ms), ikke med i forholdet"
    )
    checked = (("app.py", found.handler), ("den bare appen", found.bare), ("katalogen", first))
    for name, timing in checked:
        if timing.uncompiled:
            print(f"  ADVARSEL: {name} importerte {timing.uncompiled} moduler uten bytekode.")
