"""Every heading of the seed page is covered by a page of the built site."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "seed-headings.txt"


def seed_headings() -> list[tuple[str, str, str]]:
    rows = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            heading, path, phrase = (part.strip() for part in line.split(" | "))
            rows.append((heading, path, phrase))
    return rows


def test_fixture_lists_the_seed_headings() -> None:
    assert len(seed_headings()) >= 20


def test_every_seed_heading_is_covered(built_site: Path) -> None:
    for heading, path, phrase in seed_headings():
        page = built_site / path / "index.html"
        assert page.is_file(), f"{heading}: {path} finnes ikke"
        text = page.read_text(encoding="utf-8").lower()
        assert phrase.lower() in text, f"{heading}: «{phrase}» står ikke på {path}"
