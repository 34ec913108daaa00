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
from datetime import date
from pathlib import Path

from .catalog import Catalog, LoadResult, load_catalog
from .catalog.problems import Problem, field_path
from .catalog.schema import schema_files
from .catalog.source import read_yaml
from .catalogues import compiled, lagging
from .catalogues import write as write_catalogues
from .clock import SystemClock
from .feed_history import Move, find_moves, read_published, unstamped
from .feeds import ALL_FEED, CHANGE_LOG, build_feeds
from .infra import infra_files
from .oslo import oslo_today


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
        return self.root / "infra" / "generated"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def local(self) -> Path:
        """Gitignored state of the local stack (DynamoDB Local's data, development keys).
        LIS1_LOCAL_DIR moves it, so tests never touch a developer's own data."""
        return Path(os.environ.get("LIS1_LOCAL_DIR") or self.root / ".local")

    @property
    def package(self) -> Path:
        """The lis1 package, whose message catalogues are compiled with the rest."""
        return self.root / "lis1"

    @property
    def shell(self) -> Path:
        """The app shell the API's pages are rendered into (lis1/site/shell.py)."""
        return self.package / "web" / "shell"

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
        **(compiled(project.package) if project.package.is_dir() else {}),
    }


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def load(project: Project, today: date | None = None) -> LoadResult:
    """The catalogue, checked also against the feeds already published: an event may move only
    when its period's ``updated:`` is later than the event's DTSTAMP in the committed feed, or
    both are ``today`` (Oslo; the system's date unless given), so the feed's DTSTAMP and the
    site's notice name the day of the change."""
    result = load_catalog(project.data)
    if result.catalog is None:
        return result
    published = read_published(_read(project.calendars / ALL_FEED))
    today = today or oslo_today(SystemClock().now())
    stale_stamps = unstamped(find_moves(result.catalog, published), today)
    if not stale_stamps:
        return result
    problems = [_unstamped_problem(project, move) for move in stale_stamps]
    return LoadResult(None, sorted(result.problems + problems))


def _unstamped_problem(project: Project, move: Move) -> Problem:
    for folder in ("periods", "extra-rounds"):
        for path in sorted((project.data / folder).glob("*.yaml")):
            name = path.relative_to(project.root).as_posix()
            source = read_yaml(path, name)
            if isinstance(source.data, dict) and source.data.get("id") == move.period_id:
                updated_line = source.line_of(("updated",))
                return Problem(
                    name,
                    source.line_of(move.path),
                    field_path(move.path),
                    f"datoen er endret fra {_shown(move.before[0])} til {_shown(move.after[0])}, "
                    f"men updated: {move.updated.isoformat()} (linje {updated_line}) er ikke "
                    f"senere enn da den sist ble publisert ({move.stamped.isoformat()}). Sett "
                    "updated: til dagens dato, så får abonnentene endringen med riktig dato "
                    "(samme dag som publiseringen går også).",
                )
    raise LookupError(move.period_id)  # the catalogue was read from these files


def _shown(ical_value: str) -> str:
    return f"{ical_value[0:4]}-{ical_value[4:6]}-{ical_value[6:8]}"


def build(project: Project, *, site: bool = True, today: date | None = None) -> LoadResult:
    """Validate, then rewrite every output folder; on any error write nothing.

    Everything is first built into scratch folders; only when all succeeded are the feeds,
    schemas and site swapped in.
    """
    result = load(project, today)
    if result.catalog is None:
        return result
    if project.package.is_dir():
        write_catalogues(project.package)  # new texts in the code go into the catalogues
    files = outputs(project, result.catalog)
    project.scratch.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=project.scratch) as tmp:
        fresh_site = Path(tmp) / "site"
        if site:
            files |= _site_and_shell(project, result.catalog, files, fresh_site)
        for folder, content in files.items():
            replace_folder(folder, content)
        if site:
            swap_in(project.site, fresh_site)
    return result


def _site_and_shell(
    project: Project, catalog: Catalog, files: dict[Path, dict[str, bytes]], target: Path
) -> dict[Path, dict[str, bytes]]:
    """Build the site into ``target``; the app shells (bokmål and English) taken from it, as an
    output folder (not for a copy of the project that borrows the package by a link: it must not
    write there)."""
    from .site.build import build_site

    shells = build_site(
        project.root,
        catalog,
        files[project.calendars],
        target,
        sources=project.scratch / "site-src",
    )
    own_package = project.package.is_dir() and not project.package.is_symlink()
    return {project.shell: shells} if own_package else {}


def stale(project: Project, today: date | None = None) -> tuple[LoadResult, list[str]]:
    """The output files that differ from what a build would write now (none when current)."""
    result = load(project, today)
    if result.catalog is None:
        return result, []
    differ = lagging(project.package) if project.package.is_dir() else []
    expected = outputs(project, result.catalog)
    project.scratch.mkdir(exist_ok=True)
    if (project.root / "docs").is_dir():  # a copy of data/ alone has no site to build
        with tempfile.TemporaryDirectory(dir=project.scratch) as tmp:
            expected |= _site_and_shell(project, result.catalog, expected, Path(tmp) / "site")
    for folder, files in expected.items():
        present = (
            {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
            if folder.is_dir()
            else set()
        )
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
            (fresh / name).parent.mkdir(parents=True, exist_ok=True)  # en/ of the feeds
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
