"""The pure core imports no cloud, web framework or site generator."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {"boto3", "botocore", "chalice", "mkdocs"}
PURE = ["lis1/catalog", "lis1/feeds.py", "lis1/oslo.py", "lis1/norwegian.py", "lis1/build.py"]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_imports_no_infrastructure() -> None:
    files = [
        p
        for entry in PURE
        for p in ([ROOT / entry] if entry.endswith(".py") else sorted((ROOT / entry).rglob("*.py")))
    ]
    assert len(files) > 5
    for path in files:
        assert not (imported_modules(path) & FORBIDDEN), path


def test_generated_output_never_reads_the_clock_or_random() -> None:
    path = ROOT / "lis1/feeds.py"
    assert not imported_modules(path) & {"random", "uuid", "time"}
    text = path.read_text(encoding="utf-8")
    for call in (".now(", ".today(", ".utcnow("):
        assert call not in text
