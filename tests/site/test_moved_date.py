"""Moving one date in data/ and running the build changes the page, the feed and the notice."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from icalendar import Calendar

from lis1.build import Project, build, load

ROOT = Path(__file__).resolve().parents[2]
UID = "2019-var-runde-2-svarfrist@lis1.helsedirektoratet.no"
TODAY = date(2026, 11, 30)


def copy_of_project(tmp_path: Path) -> Project:
    for folder in ("data", "calendars", "schemas", "infra", "docs"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "lis1").symlink_to(ROOT / "lis1")  # mkdocs.yml names the hook by path
    return Project(tmp_path)


def edit(project: Project, old: str, new: str, updated: str | None) -> None:
    """Replace ``old`` by ``new`` in 2019-var.yaml, and set its ``updated:`` when given."""
    period = project.data / "periods" / "2019-var.yaml"
    text = period.read_text(encoding="utf-8")
    assert text.count(old) == 1
    text = text.replace(old, new)
    if updated is not None:
        text = re.sub(r"(?m)^updated: .*$", f"updated: {updated}", text)
    period.write_text(text, encoding="utf-8")


def events(project: Project) -> dict[str, Any]:
    feed = (project.calendars / "alle.ics").read_bytes()
    return {str(e["UID"]): e for e in Calendar.from_ical(feed).walk("VEVENT")}


def test_moved_answer_deadline_is_announced(tmp_path: Path) -> None:
    project = copy_of_project(tmp_path)
    edit(project, "answer_by: 2019-05-13", "answer_by: 2019-05-10", "2026-11-30")
    result = build(project)
    assert result.catalog is not None, result.errors

    page = (project.site / "frister" / "2019-var" / "index.html").read_text(encoding="utf-8")
    assert "Endrede datoer" in page
    assert "er flyttet fra" in page
    assert '<time datetime="2019-05-13">mandag 13. mai 2019</time>' in page
    assert '<span data-deadline="2019-var-runde-2-svarfrist"><time datetime="2019-05-10">' in page

    assert events(project)[UID]["SEQUENCE"] == 1
    assert events(project)[UID].decoded("DTSTAMP").date() == date(2026, 11, 30)
    published = (project.site / "kalender" / "alle.ics").read_bytes()
    assert published == (project.calendars / "alle.ics").read_bytes()
    other = (project.site / "frister" / "2018-host" / "index.html").read_text(encoding="utf-8")
    assert "Endrede datoer" not in other


def test_a_move_without_a_newer_updated_is_refused_with_file_and_line(tmp_path: Path) -> None:
    project = copy_of_project(tmp_path)
    before = (project.calendars / "alle.ics").read_bytes()
    for updated in (None, "2026-11-25", "2026-01-01"):  # unchanged, equal, earlier
        edit(project, "answer_by: 2019-05-13", "answer_by: 2019-05-10", updated)
        period = (project.data / "periods" / "2019-var.yaml").read_text(encoding="utf-8")
        moved_line = period.splitlines().index("    answer_by: 2019-05-10") + 1
        updated_line = next(
            n for n, line in enumerate(period.splitlines(), 1) if line.startswith("updated:")
        )
        for result in (load(project, TODAY), build(project, site=False, today=TODAY)):
            assert result.catalog is None
            (problem,) = result.errors
            assert problem.file == "data/periods/2019-var.yaml"
            assert problem.line == moved_line
            assert problem.field == "rounds[1].answer_by"
            assert "2019-05-13 til 2019-05-10" in problem.message
            assert f"(linje {updated_line})" in problem.message
            assert "Sett updated: til dagens dato" in problem.message
        assert (project.calendars / "alle.ics").read_bytes() == before  # nothing written
        edit(project, "answer_by: 2019-05-10", "answer_by: 2019-05-13", None)


def test_undoing_a_mistaken_move_needs_a_newer_updated_and_leaves_one_notice(
    tmp_path: Path,
) -> None:
    project = copy_of_project(tmp_path)
    edit(project, "answer_by: 2019-05-13", "answer_by: 2019-05-10", "2026-11-30")
    assert build(project, site=False).catalog is not None
    edit(project, "answer_by: 2019-05-10", "answer_by: 2019-05-13", None)
    next_day = date(2026, 12, 1)
    assert load(project, next_day).catalog is None  # the undo is a change like any other
    edit(project, "answer_by: 2019-05-13", "answer_by: 2019-05-13", "2026-12-01")
    assert build(project, today=next_day).catalog is not None

    event = events(project)[UID]
    assert event["SEQUENCE"] == 2
    assert event.decoded("DTSTAMP").date() == date(2026, 12, 1)
    assert event.decoded("DTSTART") == date(2019, 5, 13)
    page = (project.site / "frister" / "2019-var" / "index.html").read_text(encoding="utf-8")
    assert page.count("ved en feil") == 1
    assert "er flyttet fra" not in page


def test_a_mistake_can_be_undone_the_same_day_it_went_out(tmp_path: Path) -> None:
    project = copy_of_project(tmp_path)
    edit(project, "answer_by: 2019-05-13", "answer_by: 2019-05-10", "2026-11-30")
    assert build(project, site=False, today=TODAY).catalog is not None
    first = events(project)[UID].decoded("DTSTAMP")
    edit(project, "answer_by: 2019-05-10", "answer_by: 2019-05-13", None)  # still 2026-11-30
    assert build(project, today=TODAY).catalog is not None

    event = events(project)[UID]
    assert (event["SEQUENCE"], event.decoded("DTSTART")) == (2, date(2019, 5, 13))
    assert event.decoded("DTSTAMP") > first  # calendar programs see a newer version
    assert event.decoded("DTSTAMP").date() == TODAY
    page = (project.site / "frister" / "2019-var" / "index.html").read_text(encoding="utf-8")
    assert page.count("ved en feil") == 1
