"""Shared fixtures: throw-away copies of the real project's data, to break on purpose."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lis1.catalog import LoadResult, load_catalog

REPO_ROOT = Path(__file__).resolve().parent.parent


class DataCopy:
    """A copy of the project under ``root`` (always ``data/``; for the CLI also the outputs)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"

    def path(self, rel: str) -> Path:
        """``rel`` is relative to ``data/``, e.g. ``periods/2018-host.yaml``."""
        return self.data / rel

    def text(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        """Replace ``old`` by ``new``; ``old`` must stand exactly once, so the edit is exact."""
        text = self.text(rel)
        count = text.count(old)
        assert count == 1, f"{old!r} står {count} ganger i {rel}, ikke én"
        self.path(rel).write_text(text.replace(old, new), encoding="utf-8")

    def lines_of(self, rel: str, needle: str) -> list[int]:
        """The 1-based numbers of every line holding ``needle``, in the file as it is now."""
        lines = self.text(rel).split("\n")
        return [number for number, line in enumerate(lines, 1) if needle in line]

    def line_of(self, rel: str, needle: str, *, after: str | None = None) -> int:
        """The 1-based line holding ``needle`` in the file as it is now.

        Without ``after`` the needle must stand on exactly one line; with it, the first line
        holding the needle below the (unique) line holding ``after`` is returned.
        """
        start = self.line_of(rel, after) if after is not None else 0
        hits = [number for number in self.lines_of(rel, needle) if number > start]
        assert hits, f"{needle!r} finnes ikke i {rel}"
        assert after is not None or len(hits) == 1, f"{needle!r} står på linjene {hits} i {rel}"
        return hits[0]

    def load(self) -> LoadResult:
        return load_catalog(self.data)


@pytest.fixture
def data_copy(tmp_path: Path) -> DataCopy:
    """A fresh copy of the real ``data/`` folder in pytest's tmp_path."""
    shutil.copytree(REPO_ROOT / "data", tmp_path / "data")
    return DataCopy(tmp_path)


@pytest.fixture
def project_copy(data_copy: DataCopy) -> DataCopy:
    """Like ``data_copy``, with the committed ``calendars/`` and ``schemas/`` copied too."""
    for folder in ("calendars", "schemas", "infra"):
        shutil.copytree(REPO_ROOT / folder, data_copy.root / folder)
    return data_copy


@pytest.fixture
def broken_data(data_copy: DataCopy) -> Callable[[str, str, str], LoadResult]:
    """Apply one text edit to one file of the copy and load the copy.

    Use together with ``data_copy`` (the same copy) to find lines in the edited file.
    """

    def apply(rel: str, old: str, new: str) -> LoadResult:
        data_copy.edit(rel, old, new)
        return data_copy.load()

    return apply


@pytest.fixture(scope="session")
def dynamodb_local_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One DynamoDB Local (AWS's own engine) for the run, started on first use; tests make
    tables of their own in it."""
    from lis1.devtools.dynamodb_local import DynamoDBLocal

    with DynamoDBLocal(tmp_path_factory.mktemp("ddb")) as running:
        yield running.endpoint_url


@contextlib.contextmanager
def made_once(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[tuple[Path, bool]]:
    """A folder the whole run shares, and whether it is still to be made: the first xdist worker
    to ask makes it while the others wait on a lock, then they read what it made (read only)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder, done = shared / name, shared / f"{name}.done"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        folder.mkdir(exist_ok=True)
        yield folder, not done.exists()
        done.touch()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site built from the real data into a temporary folder, once per test run
    (shared by the workers; never written to by a test).

    The build uses the committed feeds as history, exactly as ``make build`` does, and writes
    nothing into the checkout.
    """
    from lis1.build import Project, outputs
    from lis1.site.build import build_site

    with made_once(tmp_path_factory, "site-build") as (scratch, to_make):
        if to_make:
            project = Project(REPO_ROOT)
            result = load_catalog(project.data)
            assert result.catalog is not None, result.errors
            calendars = outputs(project, result.catalog)[project.calendars]
            shells = build_site(
                REPO_ROOT, result.catalog, calendars, scratch / "site", sources=scratch / "src"
            )
            for name, template in shells.items():  # beside the site: tests read them there
                (scratch / name).write_bytes(template)
    return scratch / "site"
