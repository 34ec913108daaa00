"""The one wording of deadlines and counts, and that the site and feeds use no other."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from lis1.norwegian import (
    clock_text,
    count_text,
    deadline_text,
    deadline_time_text,
    list_text,
    time_left_text,
)

ROOT = Path(__file__).resolve().parents[2]


def test_a_whole_day_deadline_ends_at_23_59_oslo_time() -> None:
    assert deadline_text(date(2019, 5, 13)) == "mandag 13. mai 2019 kl. 23.59 (norsk tid)"


def test_a_timed_deadline_is_told_in_oslo_time() -> None:
    expected = "tirsdag 14. mai 2019 kl. 12.00 (norsk tid)"
    assert deadline_time_text(datetime.fromisoformat("2019-05-14T12:00")) == expected  # as in data
    assert deadline_time_text(datetime(2019, 5, 14, 10, 0, tzinfo=UTC)) == expected  # summer
    assert deadline_time_text(datetime(2018, 11, 1, 11, 0, tzinfo=UTC)).endswith(
        "kl. 12.00 (norsk tid)"  # winter: UTC+1
    )
    assert clock_text(time(12, 0)) == "kl. 12.00 (norsk tid)"


def test_counts_take_the_right_form() -> None:
    assert count_text(1, "stilling", "stillinger") == "1 stilling"
    assert count_text(0, "stilling", "stillinger") == "0 stillinger"
    assert count_text(2, "stilling", "stillinger") == "2 stillinger"
    assert list_text(["2018"]) == "2018"
    assert list_text(["2018", "2019", "2024"]) == "2018, 2019 og 2024"
    assert list_text(["januar", "februar"], last="eller") == "januar eller februar"


def test_time_left_is_rounded_down_and_worded() -> None:
    deadline = datetime(2026, 3, 30, 22, 0, tzinfo=UTC)  # 00:00 Oslo (summer time) next day

    def left(**before: float) -> str:
        return time_left_text(deadline - timedelta(**before), deadline)

    assert left(days=3, hours=4, minutes=59) == "3 dager og 4 timer igjen"
    assert left(days=1, seconds=30) == "1 dag igjen"
    assert left(hours=23, minutes=59, seconds=59) == "23 timer og 59 minutter igjen"
    assert left(hours=1) == "1 time igjen"
    assert left(minutes=1) == "1 minutt igjen"
    assert left(seconds=59) == "under ett minutt igjen"
    assert left(seconds=0) == "fristen er ute"
    assert left(seconds=-5) == "fristen er ute"


def our_texts() -> dict[Path, str]:
    files = [*(ROOT / "lis1" / "site").glob("*.py"), ROOT / "lis1" / "feeds.py"]
    files += [*(ROOT / "docs" / "pages").rglob("*.md"), ROOT / "docs/pages/assets/lis1.js"]
    return {path: " ".join(path.read_text(encoding="utf-8").split()) for path in files}


def test_the_site_and_the_feeds_word_deadlines_one_way() -> None:
    """No "midnatt", "kl. 24.00" or "23:59"; a clock time typed in a page says "(norsk tid)"
    after it, as :func:`clock_text` does, and code makes no clock time of its own."""
    for path, text in our_texts().items():
        rel = path.relative_to(ROOT)
        if path.name.endswith(".en.md") or path.name == "wording.py":
            continue  # English words time its own way (lis1/wording.py, its own tests)
        assert not re.search(r"midnatt|kl\. 24|23:59", text, re.IGNORECASE), rel
        bare = re.search(r"kl\.\s*\d\d\.\d\d(?!\s*\(norsk tid\))", text)
        assert bare is None, (rel, bare and bare.group(0))
        assert not re.search(r"kl\.\s*\{", text), rel
