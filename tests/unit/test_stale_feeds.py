"""`lis1 build --check` fails, naming the command to run, whenever committed outputs are stale."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lis1.build import Project, build, stale

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    for folder in ("data", "calendars", "schemas", "infra"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return Project(tmp_path)


def check(project: Project) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lis1", "--root", str(project.root), "build", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_committed_outputs_are_current() -> None:
    result, differ = stale(Project(ROOT))
    assert result.catalog is not None
    assert differ == [], "Kjør `make build` og commit calendars/ og schemas/"


def test_check_passes_on_a_current_copy(project: Project) -> None:
    run = check(project)
    assert run.returncode == 0, run.stderr


def test_hand_edited_feed_is_stale(project: Project) -> None:
    feed = project.calendars / "svarfrist.ics"
    feed.write_bytes(feed.read_bytes().replace(b"20181031", b"20181030", 1))
    run = check(project)
    assert run.returncode == 1
    assert "calendars/svarfrist.ics" in run.stderr
    assert "make build" in run.stderr


def test_data_changed_without_rebuild_is_stale(project: Project) -> None:
    period = project.data / "periods" / "2019-var.yaml"
    text = period.read_text().replace("answer_by: 2019-05-06", "answer_by: 2019-05-03")
    period.write_text(text.replace("updated: 2026-11-25", "updated: 2026-11-30"))
    run = check(project)
    assert run.returncode == 1
    assert "calendars/alle.ics" in run.stderr and "calendars/periode-2019-var.ics" in run.stderr
    build(project, site=False)
    assert check(project).returncode == 0


def test_a_moved_date_without_a_newer_updated_fails_the_check_and_validate(
    project: Project,
) -> None:
    period = project.data / "periods" / "2019-var.yaml"
    period.write_text(period.read_text().replace("answer_by: 2019-05-06", "answer_by: 2019-05-03"))
    for command in (["build", "--check"], ["validate"]):
        run = subprocess.run(
            [sys.executable, "-m", "lis1", "--root", str(project.root), *command],
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 1, command
        assert "FEIL data/periods/2019-var.yaml:16: rounds[0].answer_by:" in run.stderr, command
        assert "Sett updated: til dagens dato" in run.stderr


def test_missing_and_extra_files_are_stale(project: Project) -> None:
    (project.calendars / "tilbud.ics").unlink()
    (project.calendars / "gammel.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    _, differ = stale(project)
    assert differ == ["calendars/gammel.ics", "calendars/tilbud.ics"]


def test_schema_out_of_date_is_stale(project: Project) -> None:
    (project.schemas / "period.schema.json").write_text("{}\n")
    _, differ = stale(project)
    assert differ == ["schemas/period.schema.json"]
