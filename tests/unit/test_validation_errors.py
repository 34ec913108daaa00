"""Broken copies of the real data: every problem names the exact file, line and field.

Each test edits one or a few files of a fresh copy of ``data/`` (see ``tests/conftest.py``) and
checks what ``load_catalog`` (or the command line) reports. Expected lines are looked up in the
edited copy, so a test fails if the loader points at any other line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lis1.catalog import LoadResult
from lis1.catalog.models import Period, Round
from lis1.cli import main

REPO_ROOT = Path(__file__).resolve().parents[2]
KNOWN_WARNINGS = REPO_ROOT / "tests" / "fixtures" / "known-warnings.txt"

PERIOD = "periods/2018-host.yaml"
PERIOD_FILE = f"data/{PERIOD}"
EXTRA = "extra-rounds/2020-sommer.yaml"
EXTRA_FILE = f"data/{EXTRA}"
ORGS = "organisations/helseforetak.yaml"
ORGS_FILE = f"data/{ORGS}"

# What pydantic writes when its messages leak through untranslated.
PYDANTIC_ENGLISH = (
    "Input should",
    "Field required",
    "field required",
    "value is not",
    "Value error",
    "validation error",
    "Extra inputs",
    "Traceback",
)
# Words that mark a message (or part of it) as English rather than Norwegian.
ENGLISH_WORDS = re.compile(
    r"\b(the|is|of|or|but|with|found|expected|outside|range|value|unexpected|characters|input"
    r"|while|scanning|duplicate|cannot|token|end)\b",
    re.IGNORECASE,
)


def where(result: LoadResult) -> list[tuple[str, int | None, str]]:
    """(file, line, field) of every error, in the loader's (sorted) order."""
    return [(p.file, p.line, p.field) for p in result.errors]


def only_message(result: LoadResult) -> str:
    assert result.catalog is None, "a catalogue was built from broken data"
    assert len(result.errors) == 1, [str(p) for p in result.errors]
    return result.errors[0].message


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m lis1 ARGS`` from the repository root, whatever the current directory."""
    return subprocess.run(
        [sys.executable, "-m", "lis1", *args],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def run_cli_here(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """``lis1 --root ROOT validate`` in-process (fast); an exception would fail the test."""
    code = main(["--root", str(root), "validate"])
    out, err = capsys.readouterr()
    return code, out + err


# 1. A date written the wrong way.


def test_date_not_in_iso_format(data_copy, broken_data) -> None:
    result = broken_data(PERIOD, "answer_by: 2018-10-31", "answer_by: 31.10.2018")
    line = data_copy.line_of(PERIOD, "answer_by: 31.10.2018")
    assert line == 16  # the edit is deterministic; the computed line must agree
    assert where(result) == [(PERIOD_FILE, line, "rounds[0].answer_by")]
    message = only_message(result)
    assert "«31.10.2018»" in message
    assert "ÅÅÅÅ-MM-DD" in message


# 2. Dates that do not exist.


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("answer_by: 2018-10-31", "answer_by: 2018-02-30", "rounds[0].answer_by"),
        ("answer_by: 2018-10-31", "answer_by: 2018-13-01", "rounds[0].answer_by"),
        ("marking: 2018-11-08T12:00", "marking: 2018-02-30T12:00", "rounds[1].marking"),
    ],
    ids=["february-30", "month-13", "marking-february-30"],
)
def test_impossible_date(data_copy, broken_data, old: str, new: str, field: str) -> None:
    result = broken_data(PERIOD, old, new)
    line = data_copy.line_of(PERIOD, new)
    assert where(result) == [(PERIOD_FILE, line, field)]
    message = only_message(result)
    value = new.split(": ", 1)[1]
    assert f"«{value}»" in message
    assert "forventet en dato som finnes" in message or "tidspunkt som finnes" in message


# 3. A misspelt key.


def test_unknown_key_is_reported_on_its_line_with_the_allowed_keys(data_copy, broken_data) -> None:
    result = broken_data(PERIOD, "answer_by: 2018-10-31", "answerby: 2018-10-31")
    key_line = data_copy.line_of(PERIOD, "answerby:")
    round_line = data_copy.line_of(PERIOD, "  - number: 1")
    assert result.catalog is None
    # The misspelt key is unknown, and so the real key is missing from the round.
    assert where(result) == [
        (PERIOD_FILE, round_line, "rounds[0].answer_by"),
        (PERIOD_FILE, key_line, "rounds[0].answerby"),
    ]
    unknown = next(p for p in result.errors if p.field == "rounds[0].answerby")
    assert "ukjent nøkkel «answerby»" in unknown.message
    assert "answer_by" in Round.model_fields
    assert f"Tillatte nøkler her: {', '.join(Round.model_fields)}." in unknown.message
    missing = next(p for p in result.errors if p.field == "rounds[0].answer_by")
    assert "mangler" in missing.message


def test_unknown_top_level_key_lists_the_period_keys(data_copy, broken_data) -> None:
    result = broken_data(PERIOD, "\nupdated: 2026-11-25", "\nupdatd: 2026-11-25")
    key_line = data_copy.line_of(PERIOD, "updatd:")
    first_key_line = data_copy.line_of(PERIOD, "id: 2018-host")
    # A missing top-level key is reported on the file's first key.
    assert where(result) == [
        (PERIOD_FILE, first_key_line, "updated"),
        (PERIOD_FILE, key_line, "updatd"),
    ]
    unknown = result.errors[1].message
    assert f"Tillatte nøkler her: {', '.join(Period.model_fields)}." in unknown


# 4. A deleted key.


def test_deleted_key_is_reported_on_its_round(data_copy, broken_data) -> None:
    result = broken_data(PERIOD, "    marking: 2018-11-08T12:00\n", "")
    round_line = data_copy.line_of(PERIOD, "  - number: 2")
    assert round_line == 19
    assert where(result) == [(PERIOD_FILE, round_line, "rounds[1].marking")]
    message = only_message(result)
    assert message.startswith("mangler.")
    assert "null" in message


# 5. Dates out of order: reported on the later value, naming the earlier one.


@pytest.mark.parametrize(
    ("old", "new", "field", "earlier"),
    [
        # svarfrist before tilbud in round 2
        (
            "answer_by: 2018-11-07",
            "answer_by: 2018-11-01",
            "rounds[1].answer_by",
            "rounds[1].offer",
        ),
        # tilbud in round 3 before merking in round 2
        ("offer: 2018-11-09", "offer: 2018-11-07", "rounds[2].offer", "rounds[1].marking"),
        # søknadsfrist before utlysning
        (
            "application_deadline: 2018-09-16",
            "application_deadline: 2018-08-30",
            "application_deadline",
            "publication",
        ),
        # søknadsfrist must be strictly after utlysning: the same day is an error too
        (
            "application_deadline: 2018-09-16",
            "application_deadline: 2018-08-31",
            "application_deadline",
            "publication",
        ),
    ],
    ids=["within-round", "across-rounds", "across-period", "same-day-strict"],
)
def test_dates_out_of_order(data_copy, broken_data, old, new, field, earlier) -> None:
    result = broken_data(PERIOD, old, new)
    line = data_copy.line_of(PERIOD, new)
    assert where(result) == [(PERIOD_FILE, line, field)]
    message = only_message(result)
    assert "må komme" in message
    assert f"({earlier})" in message
    assert new.split(": ", 1)[1] in message


def test_start_before_last_date_is_reported_on_starts(data_copy, broken_data) -> None:
    result = broken_data(PERIOD, "marking: 2018-11-21T12:00", "marking: 2019-03-02T12:00")
    assert where(result) == [(PERIOD_FILE, data_copy.line_of(PERIOD, "starts:"), "starts")]
    assert "2019-03-02" in only_message(result)


# 6. Malformed YAML: file and line, no traceback.


@pytest.mark.parametrize(
    ("old", "new", "needle", "expected"),
    [
        (
            "    answer_by: 2018-11-07",
            "   answer_by: 2018-11-07",
            "   answer_by: 2018-11-07",
            "ugyldig YAML",
        ),
        ("    answer_by: 2018-11-07", "\tanswer_by: 2018-11-07", "\tanswer_by", "ugyldig YAML"),
        ("  - number: 1\n", "  - number: 1\n    number: 1\n", "    number: 1", "to ganger"),
    ],
    ids=["bad-indentation", "tab", "duplicate-key"],
)
def test_malformed_yaml(data_copy, broken_data, capsys, old, new, needle, expected) -> None:
    result = broken_data(PERIOD, old, new)
    line = data_copy.line_of(PERIOD, needle)
    assert where(result) == [(PERIOD_FILE, line, "")]
    assert expected in only_message(result)
    code, output = run_cli_here(data_copy.root, capsys)
    assert code == 1
    assert f"FEIL {PERIOD_FILE}:{line}: " in output
    assert "Traceback" not in output


UNCLOSED_QUOTE = (
    'title: "Helsedirektoratet: LIS1 (siden prosjektet startet fra)"',
    'title: "Helsedirektoratet: LIS1 (siden prosjektet startet fra)',
)


def test_unclosed_quote_is_reported_without_traceback(data_copy, broken_data, capsys) -> None:
    result = broken_data(PERIOD, *UNCLOSED_QUOTE)
    message = only_message(result)
    assert "ugyldig YAML" in message
    assert result.errors[0].file == PERIOD_FILE
    assert result.errors[0].line is not None
    code, output = run_cli_here(data_copy.root, capsys)
    assert code == 1
    assert f"FEIL {PERIOD_FILE}:" in output
    assert "Traceback" not in output


# 7. Duplicate ids.


def test_duplicate_organisation_id(data_copy, broken_data) -> None:
    copy = "  - id: helse-vest\n    name: Helse Vest RHF\n    kind: rhf\n    region: null\n"
    result = broken_data(ORGS, "  - id: helse-sor-ost\n", copy + "  - id: helse-sor-ost\n")
    first, second = data_copy.lines_of(ORGS, "  - id: helse-vest")
    assert where(result) == [(ORGS_FILE, second, "organisations[1].id")]
    message = only_message(result)
    assert "«helse-vest» er allerede brukt" in message
    assert f"({ORGS_FILE}:{first})" in message


def test_period_copied_under_a_new_name_keeps_the_old_id(data_copy) -> None:
    copy = "periods/2018-host-kopi.yaml"
    shutil.copyfile(data_copy.path(PERIOD), data_copy.path(copy))
    result = data_copy.load()
    assert where(result) == [(f"data/{copy}", data_copy.line_of(copy, "id: 2018-host"), "id")]
    message = only_message(result)
    assert "«2018-host»" in message
    assert "«2018-host-kopi»" in message


def test_extra_round_with_the_id_of_a_period(data_copy) -> None:
    copy = "extra-rounds/2018-host.yaml"
    text = data_copy.text(EXTRA).replace("id: 2020-sommer", "id: 2018-host")
    data_copy.path(copy).write_text(text, encoding="utf-8")
    result = data_copy.load()
    assert where(result) == [(f"data/{copy}", data_copy.line_of(copy, "id: 2018-host"), "id")]
    message = only_message(result)
    assert "«2018-host» er allerede brukt" in message
    assert f"({PERIOD_FILE}:{data_copy.line_of(PERIOD, 'id: 2018-host')})" in message


# 8. References that do not resolve.


def test_extra_round_draws_from_a_missing_period(data_copy, broken_data) -> None:
    result = broken_data(EXTRA, "draws_from: 2020-var", "draws_from: 2021-var")
    line = data_copy.line_of(EXTRA, "draws_from:")
    assert where(result) == [(EXTRA_FILE, line, "draws_from")]
    message = only_message(result)
    assert "«2021-var» finnes ikke" in message
    assert "2020-var" in message  # the known periods are listed


def test_share_names_a_missing_organisation(data_copy, broken_data) -> None:
    result = broken_data(EXTRA, "{organisation: helse-fonna,", "{organisation: helse-fona,")
    line = data_copy.line_of(EXTRA, "{organisation: helse-fona,")
    index = data_copy.lines_of(EXTRA, "  - {organisation: ").index(line)
    assert index == 2
    assert where(result) == [(EXTRA_FILE, line, f"positions_by_organisation[{index}].organisation")]
    assert "«helse-fona» finnes ikke" in only_message(result)


def test_region_names_a_missing_organisation(data_copy, broken_data) -> None:
    old = "  - id: helse-bergen\n    name: Helse Bergen HF\n    kind: hf\n    region: helse-vest\n"
    result = broken_data(ORGS, old, old.replace("region: helse-vest", "region: helse-vst"))
    line = data_copy.line_of(ORGS, "region: helse-vst")
    index = data_copy.lines_of(ORGS, "  - id: ").index(data_copy.line_of(ORGS, "id: helse-bergen"))
    assert where(result) == [(ORGS_FILE, line, f"organisations[{index}].region")]
    assert "«helse-vst»" in only_message(result)


# 9. A null date needs a note.


def test_null_date_without_note(data_copy, broken_data) -> None:
    result = broken_data(PERIOD, "    answer_by: 2018-11-07\n", "    answer_by: null\n")
    line = data_copy.line_of(PERIOD, "    note: null", after="  - number: 2")
    assert line == 23
    assert where(result) == [(PERIOD_FILE, line, "rounds[1].note")]
    assert "null" in only_message(result)


def test_null_date_with_note_is_accepted(broken_data) -> None:
    result = broken_data(
        PERIOD,
        "    answer_by: 2018-11-07\n    marking: 2018-11-08T12:00\n    note: null\n",
        "    answer_by: null\n    marking: 2018-11-08T12:00\n    note: Ikke publisert ennå.\n",
    )
    assert result.errors == []
    assert result.catalog is not None


# 10. The command line.


def test_cli_validate_broken_data(project_copy) -> None:
    project_copy.edit(PERIOD, "answer_by: 2018-10-31", "answer_by: 31.10.2018")
    line = project_copy.line_of(PERIOD, "answer_by: 31.10.2018")
    done = run_cli("--root", str(project_copy.root), "validate")
    assert done.returncode == 1, done.stderr
    assert f"{PERIOD_FILE}:{line}: rounds[0].answer_by:" in done.stderr
    assert "Traceback" not in done.stderr


def _outputs(root: Path) -> tuple[list[str], dict[str, tuple[bytes, int]]]:
    """What a build could touch: the root's entries and every output file's bytes and mtime."""
    files = {
        path.relative_to(root).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for folder in ("calendars", "schemas", "infra")
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
    }
    return sorted(entry.name for entry in root.iterdir()), files


def test_cli_build_on_broken_data_writes_nothing(project_copy) -> None:
    project_copy.edit(PERIOD, "answer_by: 2018-10-31", "answer_by: 31.10.2018")
    before = _outputs(project_copy.root)
    assert before[1], "calendars/ and schemas/ were not copied"
    done = run_cli("--root", str(project_copy.root), "build")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{PERIOD_FILE}:16: rounds[0].answer_by:" in done.stderr
    assert "Ingenting ble skrevet." in done.stderr
    assert "Traceback" not in done.stderr
    assert _outputs(project_copy.root) == before


def test_cli_validate_real_data_prints_the_known_warnings() -> None:
    done = run_cli("--root", str(REPO_ROOT), "validate")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    printed = [line.strip() for line in done.stdout.splitlines() if line.startswith("  advarsel ")]
    known = [
        line
        for line in KNOWN_WARNINGS.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(printed) == len(set(printed))
    assert set(printed) == set(known)
    assert f"{len(known)} kjente advarsler" in done.stdout
    assert "Data er gyldige." in done.stdout


# 11. Every message is Norwegian.

# Errors in the shape of single files: every file is still validated when another one fails.
MODEL_EDITS = [
    (PERIOD, "answer_by: 2018-10-31", "answer_by: 31.10.2018"),
    (PERIOD, "answer_by: 2018-11-07", "answer_by: 2018-02-30"),
    (PERIOD, "    marking: 2018-11-13T12:00\n", ""),
    (PERIOD, "offer: 2018-11-14", "offerr: 2018-11-14"),
    (PERIOD, "year: 2018", "year: tjue"),
    (PERIOD, "  - number: 5", "  - number: 0"),
    (PERIOD, "starts: 2019-03-01", "starts: [2019]"),
    (PERIOD, "\nupdated: 2026-11-25", "\nupdated: 2026-11-31"),
    (PERIOD, "url: https://www.helsedirektoratet.no/tema/", "url: ftp://www.helsedirektoratet.no/"),
    (ORGS, "  - id: helse-vest\n", "  - id: Helse_Vest\n"),
    ("site/site.yaml", "refresh_hours: 6", "refresh_hours: 200"),
    ("site/site.yaml", "public_url: https://", "public_url: "),
    ("common-goals/2025-09-01.yaml", "complete: true", "complete: kanskje"),
    ("common-goals/for-2025-09-01.yaml", "goals: []", "goals: [1]"),
    ("common-goals/2025-09-01.yaml", "count: 15", "count: 2.5"),
    ("learning-goals/2020-03-01.yaml", "{code: KLS-001,", "{code: KLS-1,"),
    (EXTRA, "positions: 100", "positions: hundre"),
    (EXTRA, "{organisation: helse-fonna, positions: 5,", "{organisation: helse-fonna,"),
    ("rules/applicants.yaml", "audience: Søkere til LIS1", "audience: []"),
]

# Errors found by the cross-checks, which run only when every file has the right shape.
CHECK_EDITS = [
    (PERIOD, "answer_by: 2018-11-07", "answer_by: 2018-11-01"),
    (PERIOD, "  - number: 4", "  - number: 7"),
    (PERIOD, "    answer_by: 2018-11-20\n", "    answer_by: null\n"),
    (PERIOD, "starts: 2019-03-01", "starts: 2019-09-01"),
    (
        "periods/2019-host.yaml",
        "application_deadline: 2019-09-15",
        "application_deadline: 2019-01-01",
    ),
    (EXTRA, "draws_from: 2020-var", "draws_from: 2021-var"),
    (EXTRA, "{organisation: helse-fonna,", "{organisation: helse-fona,"),
    (
        ORGS,
        "    region: helse-vest\n  - id: helse-fonna",
        "    region: helse-bergen\n  - id: helse-fonna",
    ),
    (
        "learning-goals/2020-03-01.yaml",
        "{code: KLS-002, arena: sykehus",
        "{code: KLS-002, arena: kommune",
    ),
    ("learning-goals/2020-03-01.yaml", "in_force_until: null", "in_force_until: 2019-01-01"),
    ("common-goals/for-2025-09-01.yaml", "complete: false", "complete: true"),
]


@pytest.mark.parametrize("edits", [MODEL_EDITS, CHECK_EDITS], ids=["model", "cross-checks"])
def test_every_message_is_norwegian(data_copy, edits) -> None:
    for rel, old, new in edits:
        data_copy.edit(rel, old, new)
    result = data_copy.load()
    assert result.catalog is None
    assert len(result.errors) >= len(edits)
    assert {p.file for p in result.errors} == {f"data/{rel}" for rel, _, _ in edits}
    for problem in result.problems:
        assert problem.line is not None, str(problem)
        for words in PYDANTIC_ENGLISH:
            assert words not in problem.message, str(problem)


# Bugs found in lis1 by these tests, now fixed: each test keeps them fixed.


def test_empty_value_is_reported_on_its_own_line(data_copy, broken_data) -> None:
    result = broken_data(PERIOD, "starts: 2019-03-01", "starts:")
    assert where(result) == [(PERIOD_FILE, data_copy.line_of(PERIOD, "starts:"), "starts")]


def test_empty_value_is_shown_as_null(broken_data) -> None:
    result = broken_data(PERIOD, "starts: 2019-03-01", "starts: null")
    assert "None" not in only_message(result)


def test_unclosed_quote_is_reported_where_it_opens(data_copy, broken_data) -> None:
    result = broken_data(PERIOD, *UNCLOSED_QUOTE)
    line = data_copy.line_of(PERIOD, UNCLOSED_QUOTE[1])
    assert where(result) == [(PERIOD_FILE, line, "")]


def test_duplicate_ids_on_one_line(data_copy) -> None:
    rel = "common-goals/for-2025-09-01.yaml"
    text = data_copy.text(rel)
    block = text[text.index("topics:\n") : text.index("\ngoals:")]
    data_copy.edit(rel, block, "topics: [{id: etikk, name: Etikk}, {id: etikk, name: Etikk}]")
    result = data_copy.load()
    line = data_copy.line_of(rel, "topics: [")
    assert where(result) == [(f"data/{rel}", line, "topics[1].id")]


def test_boolean_round_number_is_an_error(data_copy, broken_data) -> None:
    result = broken_data(PERIOD, "  - number: 1\n", "  - number: true\n")
    line = data_copy.line_of(PERIOD, "  - number: true")
    assert where(result) == [(PERIOD_FILE, line, "rounds[0].number")]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("answer_by: 2018-10-31", "answer_by: 2018-02-30"),
        ("answer_by: 2018-10-31", "answer_by: 2018-13-01"),
        ("marking: 2018-11-01T12:00", "marking: 2018-11-01T25:00"),
        ("season: host", "season: høst"),
        ("    answer_by: 2018-11-07", "   answer_by: 2018-11-07"),
        ("    answer_by: 2018-11-07", "\tanswer_by: 2018-11-07"),
        ("  - number: 1\n", "  - number: 1\n    number: 1\n"),
    ],
    ids=[
        "february-30",
        "month-13",
        "hour-25",
        "season-choice",
        "yaml-indentation",
        "yaml-tab",
        "yaml-duplicate-key",
    ],
)
def test_no_english_words_in_messages(broken_data, old, new) -> None:
    message = only_message(broken_data(PERIOD, old, new))
    assert not ENGLISH_WORDS.search(message), message
