"""`make package`: the Lambda package and the CloudFormation template, into build/deploy/.

The package holds app.py, the lis1 code the functions run (no build, site or development code),
data/ (so the API enforces exactly the published catalogue) and the runtime dependencies only,
installed from uv.lock for Lambda's platform, with bytecode compiled in (the /var/task of a
Lambda cannot be written, so a package without bytecode compiles its imports at every cold
start). `chalice package --merge-template` writes the SAM template from the app and infra/; it is
then translated to plain CloudFormation, which is what cfn-lint, the tests and `make deploy` use.
"""

from __future__ import annotations

import compileall
import json
import os
import py_compile
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .template import API_FUNCTION, merge_template
from .translate import translate

RUNTIME = "3.11"  # Lambda's python3.11, the version this machine's venv runs
PLATFORM = "x86_64-manylinux2014"  # Amazon Linux 2: glibc 2.26
NOT_IN_LAMBDA = {
    "__main__.py",
    "cli.py",
    "build.py",
    "catalogues.py",
    "demo.py",
    "demo_season.py",
    "devserver.py",
    "serve.py",
    "devtools",
    "devissuer",
    "deploy",
    "site",
}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
REGION = "eu-north-1"


class PackageError(RuntimeError):
    """A step of `make package` failed; the message says which and what to do."""


@dataclass(frozen=True)
class Packaged:
    folder: Path
    zip_file: Path
    template: Path
    size_bytes: int
    unpacked_bytes: int
    resources: dict[str, str]


def package(root: Path, site: Path | None = None, out: Path | None = None) -> Packaged:
    """Package the project at ``root``; the site built into ``site`` (root/site), written to
    ``out`` (root/build/deploy)."""
    site = site or root / "site"
    if not (site / "index.html").is_file():
        raise PackageError("Fant ikke site/. Kjør `make build` først (make package gjør det selv).")
    out = out or root / "build" / "deploy"
    # The template first: a broken piece in infra/ stops here and leaves the last package.
    merged = merge_template(root / "infra", site, _functions(root))
    shutil.rmtree(out, ignore_errors=True)
    project = out / "project"
    vendor = project / "vendor"
    (project / ".chalice").mkdir(parents=True)
    shutil.copy(root / "functions" / "app.py", project / "app.py")
    shutil.copy(root / "functions" / ".chalice" / "config.json", project / ".chalice")
    _install_dependencies(root, out / "requirements.txt", vendor)
    shutil.copytree(root / "lis1", vendor / "lis1", ignore=_not_in_lambda(root / "lis1"))
    shutil.copytree(root / "data", vendor / "data")
    (out / "merge.json").write_text(json.dumps(merged, indent=1, ensure_ascii=False), "utf-8")
    _chalice_package(project, out / "merge.json", out / "chalice")
    folder = out / "lambda"
    with zipfile.ZipFile(out / "chalice" / "deployment.zip") as made:
        made.extractall(folder)
    _compile(folder)
    zip_file = out / "lambda.zip"
    _zip(folder, zip_file)
    sam = json.loads((out / "chalice" / "sam.json").read_text("utf-8"))
    (out / "sam.json").write_text(json.dumps(sam, indent=1, ensure_ascii=False), "utf-8")
    translated = translate(sam, REGION)
    (out / "template.json").write_text(
        json.dumps(translated, indent=1, ensure_ascii=False), "utf-8"
    )
    return _described(out)


def _described(out: Path) -> Packaged:
    folder, zip_file, template = out / "lambda", out / "lambda.zip", out / "template.json"
    translated = json.loads(template.read_text("utf-8"))
    return Packaged(
        folder=folder,
        zip_file=zip_file,
        template=template,
        size_bytes=zip_file.stat().st_size,
        unpacked_bytes=sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()),
        resources={k: v["Type"] for k, v in translated["Resources"].items()},
    )


SOURCES = ("lis1", "data", "infra", "functions", "site", "pyproject.toml", "uv.lock")


def packaged(root: Path) -> Packaged:
    """The package `make package` wrote, if it is newer than everything it was made from."""
    out = root / "build" / "deploy"
    zip_file, template = out / "lambda.zip", out / "template.json"
    if not (zip_file.is_file() and template.is_file()):
        raise PackageError("Fant ingen pakke i build/deploy/. Kjør `make package` først.")
    made_at = min(zip_file.stat().st_mtime, template.stat().st_mtime)
    for name in SOURCES:
        for path in [root / name, *(root / name).rglob("*")]:
            if (
                path.is_file()
                and "__pycache__" not in path.parts
                and path.stat().st_mtime > made_at
            ):
                raise PackageError(
                    f"Pakken i build/deploy/ er eldre enn {path.relative_to(root)}. "
                    "Kjør `make package` på nytt (make deploy gjør det)."
                )
    return _described(out)


def _uv(root: Path) -> str:
    found = root / ".tools" / "bin" / "uv"
    if found.is_file():
        return str(found)
    on_path = shutil.which("uv")
    if on_path is None:
        raise PackageError("Fant ikke uv. Kjør `make install` først.")
    return on_path


def _run(command: list[str], what: str, cwd: Path | None = None, **env: str) -> str:
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env={**os.environ, **env}, check=False
    )
    if done.returncode != 0:
        raise PackageError(f"{what} feilet:\n{done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def _install_dependencies(root: Path, requirements: Path, target: Path) -> None:
    """The runtime dependencies only (pyproject's [project] dependencies, pinned by uv.lock),
    as wheels for Lambda's platform: never the build or test tools."""
    uv = _uv(root)
    requirements.parent.mkdir(parents=True, exist_ok=True)
    exported = _run(
        [uv, "export", "--frozen", "--no-default-groups", "--no-hashes", "--no-emit-project"],
        "uv export",
        cwd=root,
    )
    wheels = [line for line in exported.splitlines() if not line.startswith(f"{FONTS}==")]
    requirements.write_text("\n".join(wheels) + "\n", "utf-8")
    _run(
        [
            uv, "pip", "install", "--quiet", "--no-deps", "--only-binary", ":all:",
            "--python-platform", PLATFORM, "--python-version", RUNTIME,
            "--target", str(target), "-r", str(requirements),
        ],
        "Installasjonen av avhengighetene for Lambda",
        cwd=root,
    )  # fmt: skip
    _copy_fonts(target)


FONTS = "font-roboto"
FONT_FILES = ("Roboto-Regular.ttf", "Roboto-Bold.ttf", "LICENSE")
"""font-roboto is an sdist of fonts only (no wheel to install for Lambda's platform): the two
faces the PDFs use, and the licence, are copied from the installed package."""


def _copy_fonts(target: Path) -> None:
    import font_roboto  # type: ignore[import-untyped]

    source = Path(font_roboto.__file__).parent
    (target / "font_roboto" / "files").mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "__init__.py", target / "font_roboto" / "__init__.py")
    for name in FONT_FILES:
        shutil.copy2(source / "files" / name, target / "font_roboto" / "files" / name)


def _not_in_lambda(package: Path) -> Callable[[str, list[str]], set[str]]:
    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n == "__pycache__" or n.endswith((".pyc", ".po"))}
        if Path(folder).resolve() == package.resolve():
            skipped |= {n for n in names if n in NOT_IN_LAMBDA or n.startswith("bench")}
        return skipped

    return ignore


def _functions(root: Path) -> dict[str, bool]:
    """Chalice's resource name of each function of the app, and whether it is scheduled."""
    from chalice.utils import to_cfn_resource_name

    from ..api.app import create_app
    from ..api.production import production_deps

    app = create_app(production_deps)  # deps are made at the first request: nothing runs here
    scheduled = {to_cfn_resource_name(event.name): True for event in app.event_sources}
    return {API_FUNCTION: False, **scheduled}


def _chalice_package(project: Path, merge: Path, out: Path) -> None:
    chalice = Path(sys.executable).parent / "chalice"
    _run(
        [str(chalice), "package", "--stage", "prod", "--merge-template", str(merge), str(out)],
        "chalice package",
        cwd=project,
        AWS_DEFAULT_REGION=REGION,
    )


def _compile(folder: Path) -> None:
    """Bytecode that stays valid whatever the files' times (unchecked hash), as Lambda reads it."""
    ok = compileall.compile_dir(
        folder,
        quiet=2,
        workers=0,
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )
    if not ok:
        raise PackageError("Noen Python-filer i pakken kunne ikke kompileres.")


def _zip(folder: Path, zip_file: Path) -> None:
    """The same files give the same zip (sorted, one date), so an unchanged package keeps its
    SHA-256 and its key in the code bucket."""
    with zipfile.ZipFile(zip_file, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as packed:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            packed.writestr(info, path.read_bytes())
