"""The layering is checked by import-linter (the contracts in pyproject.toml, run by `make test`);
here each kind of forbidden import is planted in a copy of the package to show the check fails."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_package_keeps_its_layers() -> None:
    run = lint(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


@pytest.mark.parametrize(
    ("module", "planted", "broken"),
    [
        ("domain/ads.py", "import jinja2", "The core imports no infrastructure"),
        ("services/env.py", "import boto3", "The core imports no infrastructure"),
        ("store/values.py", "from ..services import ads", "Store and mail only implement"),
        ("services/env.py", "from ..api import app", "The layers, each importing only"),
        ("domain/errors.py", "from ..services import requests", "The layers, each importing"),
        ("api/pages.py", "import botocore", "The cloud SDK only in the store"),
    ],
)
def test_a_planted_forbidden_import_fails_the_check(
    tmp_path: Path, module: str, planted: str, broken: str
) -> None:
    shutil.copytree(ROOT / "lis1", tmp_path / "lis1", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "lis1" / module
    text = target.read_text(encoding="utf-8")
    anchor = "from __future__ import annotations\n"
    target.write_text(text.replace(anchor, f"{anchor}\n{planted}\n", 1), encoding="utf-8")
    run = lint(tmp_path)
    assert run.returncode != 0, run.stdout
    assert broken in run.stdout.replace("\n", " ")
