"""`lis1 bench`: what our full build costs against a bare `mkdocs build` of the same pages.

Both run once, each in a fresh process on a throw-away copy of the project, so neither warms the
other's caches; each process reports its own wall time and peak memory (max RSS). The bare build
uses the Markdown our build assembled, with mkdocs.yml minus our hook and our generated nav.
Figures are printed, never asserted.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

_MEASURE = """
import json, resource, sys, time
start = time.perf_counter()
{body}
print(json.dumps({{"seconds": time.perf_counter() - start,
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


def _run(body: str, cwd: Path) -> dict[str, float]:
    script = _MEASURE.format(body=body)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, check=True
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def run(root: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="lis1-bench-") as tmp:
        copy = Path(tmp) / "project"
        copy.mkdir()
        for name in ("data", "docs", "calendars", "schemas", "infra"):
            shutil.copytree(root / name, copy / name)
        shutil.copy(root / "mkdocs.yml", copy / "mkdocs.yml")
        shutil.copytree(root / "lis1", copy / "lis1")
        full = _run(_FULL.format(root=str(copy)), copy)

        sources = copy / "build" / "site-src"
        bare_config = copy / "mkdocs-bare.yml"
        lines = (copy / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
        kept, skipping = [], False
        for line in lines:
            if line.startswith("hooks:"):
                skipping = True
                continue
            if skipping and line.startswith("  "):
                continue
            skipping = False
            kept.append(line)
        kept = [f"docs_dir: {sources}" if ln.startswith("docs_dir:") else ln for ln in kept]
        kept = [
            f"site_dir: {copy / 'site-bare'}" if ln.startswith("site_dir:") else ln for ln in kept
        ]
        bare_config.write_text("\n".join(kept) + "\n", encoding="utf-8")
        bare = _run(_BARE.format(config=str(bare_config)), copy)
        pages = len(list(sources.rglob("*.md")))

    print(f"Sider: {pages}")
    print(f"{'':32}{'sekunder':>10}{'maks minne (MiB)':>20}")
    print(f"{'lis1 build (alt)':32}{full['seconds']:>10.2f}{full['max_rss_mib']:>20.0f}")
    print(f"{'mkdocs build (bare sidene)':32}{bare['seconds']:>10.2f}{bare['max_rss_mib']:>20.0f}")
    print(f"Forhold tid:   {full['seconds'] / bare['seconds']:.2f}x")
    print(f"Forhold minne: {full['max_rss_mib'] / bare['max_rss_mib']:.2f}x")

    from .bench_api import run as run_api
    from .bench_offers import accept_latency

    run_api(root)
    accept_latency(root)
    return 0
