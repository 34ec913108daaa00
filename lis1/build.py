"""Regenerates every derived output from ``data/``, atomically, or checks they are current.

Outputs are whole folders (``calendars/``, ``schemas/``). A build writes each into a fresh
sibling folder and swaps it in, so a failed build leaves the previous outputs untouched; and
nothing is written at all unless the data validates.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog, LoadResult, load_catalog
from .catalog.schema import schema_files
from .feeds import ALL_FEED, CHANGE_LOG, build_feeds
from .infra import infra_files


@dataclass(frozen=True)
class Project:
    """Where things are: the data folder and the folders the build writes."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def calendars(self) -> Path:
        return self.root / "calendars"

    @property
    def schemas(self) -> Path:
        return self.root / "schemas"

    @property
    def infra(self) -> Path:
        return self.root / "infra"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def local(self) -> Path:
        """Gitignored state of the local stack (DynamoDB Local's data, development keys).
        LIS1_LOCAL_DIR moves it, so tests never touch a developer's own data."""
        return Path(os.environ.get("LIS1_LOCAL_DIR") or self.root / ".local")

    @property
    def scratch(self) -> Path:
        """Gitignored working folder for intermediate files (the site's Markdown source)."""
        return self.root / "build"


def outputs(project: Project, catalog: Catalog) -> dict[Path, dict[str, bytes]]:
    """Folder -> file name -> bytes. The committed feeds are the history SEQUENCE builds on."""
    return {
        project.calendars: build_feeds(
            catalog, _read(project.calendars / ALL_FEED), _read(project.calendars / CHANGE_LOG)
        ),
        project.schemas: schema_files(),
        project.infra: infra_files(),
    }


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def build(project: Project, *, site: bool = True) -> LoadResult:
    """Validate, then rewrite every output folder; on any error write nothing.

    Everything is first built into scratch folders; only when all succeeded are the feeds,
    schemas and site swapped in.
    """
    result = load_catalog(project.data)
    if result.catalog is None:
        return result
    files = outputs(project, result.catalog)
    project.scratch.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=project.scratch) as tmp:
        fresh_site = Path(tmp) / "site"
        if site:
            from .site.build import build_site

            build_site(
                project.root,
                result.catalog,
                files[project.calendars],
                fresh_site,
                sources=project.scratch / "site-src",
            )
        for folder, content in files.items():
            replace_folder(folder, content)
        if site:
            swap_in(project.site, fresh_site)
    return result


def stale(project: Project) -> tuple[LoadResult, list[str]]:
    """The output files that differ from what a build would write now (none when current)."""
    result = load_catalog(project.data)
    if result.catalog is None:
        return result, []
    differ: list[str] = []
    for folder, files in outputs(project, result.catalog).items():
        present = {p.name for p in folder.glob("*")} if folder.is_dir() else set()
        for name in sorted(present | set(files)):
            path = folder / name
            if files.get(name) != _read(path):
                differ.append(path.relative_to(project.root).as_posix())
    return result, differ


def replace_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Swap ``folder`` for one holding exactly ``files``, never leaving it half written."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{folder.name}-new-", dir=folder.parent))
    try:
        for name, content in files.items():
            (fresh / name).write_bytes(content)
        fresh.chmod(0o755)
        swap_in(folder, fresh)
    finally:
        if fresh.exists():
            shutil.rmtree(fresh)


def swap_in(folder: Path, fresh: Path) -> None:
    """Replace ``folder`` by ``fresh`` with two renames; the old one is removed afterwards."""
    old = folder.with_name(f".{folder.name}-old")
    if old.exists():
        shutil.rmtree(old)
    if folder.exists():
        folder.rename(old)
    shutil.move(str(fresh), str(folder))
    if old.exists():
        shutil.rmtree(old)
