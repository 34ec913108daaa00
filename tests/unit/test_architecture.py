"""The direction of imports: a pure core, one store module for boto3, Chalice only in the API."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INFRASTRUCTURE = {"boto3", "botocore", "chalice", "mkdocs", "material", "moto"}
PURE = [
    "lis1/catalog",
    "lis1/domain",
    "lis1/services",
    "lis1/feeds.py",
    "lis1/oslo.py",
    "lis1/norwegian.py",
    "lis1/identity.py",
    "lis1/errors.py",
    "lis1/clock.py",
    "lis1/validation.py",
]
ONLY_IN = {
    "boto3": {
        "lis1/store/dynamo/client.py",
        "lis1/store/dynamo/codec.py",
        "lis1/store/ses.py",
    },
    "botocore": {
        "lis1/store/dynamo/client.py",
        "lis1/store/dynamo/tx.py",
        "lis1/store/dynamo/table.py",
    },
    "chalice": {"lis1/api/app.py", "lis1/api/views.py", "lis1/api/gateway.py"},
    "mkdocs": {"lis1/site/build.py", "lis1/site/hooks.py"},
    "moto": {"lis1/devserver.py", "lis1/devtools/calls.py"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def python_files(entry: str) -> list[Path]:
    path = ROOT / entry
    return [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))


def test_core_imports_no_infrastructure() -> None:
    files = [p for entry in PURE for p in python_files(entry)]
    assert len(files) > 10
    for path in files:
        assert not (imported_modules(path) & INFRASTRUCTURE), path


def test_each_infrastructure_library_is_imported_in_one_place() -> None:
    for path in python_files("lis1"):
        relative = path.relative_to(ROOT).as_posix()
        for library in imported_modules(path) & ONLY_IN.keys():
            assert relative in ONLY_IN[library], f"{relative} importerer {library}"


def test_generated_output_never_reads_the_clock_or_random() -> None:
    path = ROOT / "lis1/feeds.py"
    assert not imported_modules(path) & {"random", "uuid", "time"}
    text = path.read_text(encoding="utf-8")
    for call in (".now(", ".today(", ".utcnow("):
        assert call not in text
