"""Moving one date in data/ and running the build changes the page, the feed and the notice."""

from __future__ import annotations

import shutil
from pathlib import Path

from icalendar import Calendar

from lis1.build import Project, build

ROOT = Path(__file__).resolve().parents[2]
UID = "2019-var-runde-2-svarfrist@lis1.helsedirektoratet.no"


def test_moved_answer_deadline_is_announced(tmp_path: Path) -> None:
    for folder in ("data", "calendars", "schemas", "infra", "docs"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "lis1").symlink_to(ROOT / "lis1")  # mkdocs.yml names the hook by path
    project = Project(tmp_path)

    period = project.data / "periods" / "2019-var.yaml"
    text = period.read_text(encoding="utf-8")
    assert text.count("answer_by: 2019-05-13") == 1
    period.write_text(text.replace("answer_by: 2019-05-13", "answer_by: 2019-05-10"))
    result = build(project)
    assert result.catalog is not None, result.errors

    page = (project.site / "frister" / "2019-var" / "index.html").read_text(encoding="utf-8")
    assert "Endrede datoer" in page
    assert "er flyttet fra" in page
    assert '<time datetime="2019-05-13">mandag 13. mai 2019</time>' in page
    assert '<span data-deadline="2019-var-runde-2-svarfrist"><time datetime="2019-05-10">' in page

    events = {
        str(e["UID"]): e
        for e in Calendar.from_ical((project.calendars / "alle.ics").read_bytes()).walk("VEVENT")
    }
    assert events[UID]["SEQUENCE"] == 1
    published = (project.site / "kalender" / "alle.ics").read_bytes()
    assert published == (project.calendars / "alle.ics").read_bytes()
    other = (project.site / "frister" / "2018-host" / "index.html").read_text(encoding="utf-8")
    assert "Endrede datoer" not in other
