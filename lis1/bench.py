"""`lis1 bench`: our full build against a bare `mkdocs build` of the same pages, and the Lambda
handler's cold import against a bare Chalice app (:mod:`lis1.bench_start`), side by side.

Each build runs in a fresh process on a throw-away copy of the project, the two alternating, so
neither warms the other's caches and a busy machine slows both alike; each process reports its
own wall time, CPU time and peak memory (max RSS). The bare build uses the Markdown our build
assembled, with mkdocs.yml minus our hook and our generated nav. Both read compiled bytecode: a
first, untimed round compiles what each imports into a private folder (PYTHONPYCACHEPREFIX),
because this machine writes no bytecode and uv installs without it. Figures are printed, never
asserted.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .bench_start import ImportComparison, measure, print_comparison

BUILD_RUNS = 3
IMPORT_RUNS = 15

_MEASURE = """
import json, resource, sys, time
start, cpu = time.perf_counter(), time.process_time()
{body}
print(json.dumps({{"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
                  "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

_FULL = """
from pathlib import Path
from lis1.build import Project, build
result = build(Project(Path({root!r})))
assert result.catalog is not None
"""

_BARE = """
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config({config!r}, strict=False))
"""


@dataclass(frozen=True)
class Build:
    seconds: float
    cpu: float
    max_rss_mib: float


@dataclass(frozen=True)
class BuildComparison:
    pages: int
    runs: int
    full: Build
    bare: Build

    @property
    def ratio(self) -> float:
        return self.full.seconds / self.bare.seconds


def _run(body: str, cwd: Path, pycache: Path) -> dict[str, float]:
    script = _MEASURE.format(body=body)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _fresh_copy(root: Path, copy: Path) -> None:
    """The project's sources at ``copy``, always the same path, so the bytecode compiled for its
    lis1/ in the first round stays valid (copytree keeps the files' times)."""
    if copy.exists():
        shutil.rmtree(copy)
    copy.mkdir()
    for name in ("data", "docs", "calendars", "schemas", "infra"):
        shutil.copytree(root / name, copy / name)
    shutil.copy(root / "mkdocs.yml", copy / "mkdocs.yml")
    shutil.copytree(root / "lis1", copy / "lis1", ignore=shutil.ignore_patterns("__pycache__"))


def _bare_config(copy: Path, sources: Path) -> Path:
    """mkdocs.yml without our hook, reading the Markdown our build assembled."""
    kept, skipping = [], False
    for line in (copy / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("hooks:"):
            skipping = True
            continue
        if skipping and line.startswith("  "):
            continue
        skipping = False
        kept.append(line)
    kept = [f"docs_dir: {sources}" if ln.startswith("docs_dir:") else ln for ln in kept]
    kept = [f"site_dir: {copy / 'site-bare'}" if ln.startswith("site_dir:") else ln for ln in kept]
    config = copy / "mkdocs-bare.yml"
    config.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return config


def build_times(root: Path, runs: int = BUILD_RUNS) -> BuildComparison:
    """Median of ``runs`` rounds (after one untimed round) of our build, then the bare one."""
    full: list[dict[str, float]] = []
    bare: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="lis1-bench-") as tmp:
        copy, pycache = Path(tmp) / "project", Path(tmp) / "pycache"
        for round_ in range(runs + 1):
            _fresh_copy(root, copy)
            figures = _run(_FULL.format(root=str(copy)), copy, pycache)
            sources = copy / "build" / "site-src"
            config = _bare_config(copy, sources)
            bare_figures = _run(_BARE.format(config=str(config)), copy, pycache)
            if round_:
                full.append(figures)
                bare.append(bare_figures)
        pages = len(list(sources.rglob("*.md")))
    return BuildComparison(pages, runs, _median(full), _median(bare))


def _median(rounds: list[dict[str, float]]) -> Build:
    return Build(*(statistics.median(r[k] for r in rounds) for k in Build.__dataclass_fields__))


def print_build(found: BuildComparison) -> None:
    print(f"Sider: {found.pages}. Bygg, median av {found.runs} runder (etter én utelatt):")
    print(f"{'':32}{'sekunder':>10}{'CPU s':>8}{'maks minne (MiB)':>20}")
    for name, build in (
        ("lis1 build (alt)", found.full),
        ("mkdocs build (bare sidene)", found.bare),
    ):
        print(f"{name:32}{build.seconds:>10.2f}{build.cpu:>8.2f}{build.max_rss_mib:>20.0f}")
    print(f"Forhold tid:   {found.ratio:.2f}x (CPU {found.full.cpu / found.bare.cpu:.2f}x)")
    print(f"Forhold minne: {found.full.max_rss_mib / found.bare.max_rss_mib:.2f}x")


def print_side_by_side(build: BuildComparison, start: ImportComparison) -> None:
    """Both comparisons in one table: ours, the bare one and the ratio (the target is 1.5x)."""
    print("\nSide om side (begge med kompilert bytekode; mål: høyst 1.50x):")
    print(f"  {'':34}{'lis1':>10}{'bar':>10}{'forhold':>10}{'CPU-forhold':>13}")
    rows = (
        ("Bygg (s)", f"{build.full.seconds:.2f}", f"{build.bare.seconds:.2f}", build.ratio,
         build.full.cpu / build.bare.cpu),
        ("Import av håndtereren (ms)", f"{start.handler.wall * 1000:.0f}",
         f"{start.bare.wall * 1000:.0f}", start.ratio, start.cpu_ratio),
    )  # fmt: skip
    for name, ours, bare, ratio, cpu_ratio in rows:
        print(f"  {name:34}{ours:>10}{bare:>10}{ratio:>9.2f}x{cpu_ratio:>12.2f}x")
    print(f"  Importen er målt i {start.where}.")


def run(root: Path) -> int:
    build = build_times(root)
    print_build(build)
    start = measure(root, IMPORT_RUNS)
    print_comparison(start)
    print_side_by_side(build, start)
    package = root / "build" / "deploy" / "lambda.zip"
    if package.is_file():
        print(f"  Lambda-pakken, build/deploy/lambda.zip: {package.stat().st_size / 2**20:.1f} MiB")

    from .bench_api import run as run_api
    from .bench_burst import offer_day_burst
    from .bench_offers import accept_latency
    from .bench_season import national_season

    run_api(root)
    accept_latency(root)
    offer_day_burst(root)
    national_season(root)
    return 0
