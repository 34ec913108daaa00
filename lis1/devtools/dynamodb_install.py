"""Fetching, verifying and installing DynamoDB Local, and finding or installing Java 17+ for it.

Split from :mod:`lis1.devtools.dynamodb_local` (which runs the engine) so that getting the pinned
engine onto disk is its own module. The engine comes from the npm package
``amplify-dynamodb-simulator``, which bundles it under ``emulator/``: ``npm pack`` fetches the
pinned version, its sha512 is checked against the pinned integrity, and only ``emulator/`` is
extracted into ``.local/dynamodb-local/`` (gitignored). A marker file records version and hash, so
a matching extraction is reused. Java 17+ is required; as root it is installed from Debian
(``openjdk-17-jre-headless``), otherwise the exact command is printed and the install fails. Every
failure raises :class:`DynamoDBLocalError`: there is no fallback, locally or under ``CI=true``.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[2]
INSTALL_DIR = ROOT / ".local" / "dynamodb-local"

PACKAGE = "amplify-dynamodb-simulator"
VERSION = "2.9.30"
# `npm view amplify-dynamodb-simulator@2.9.30 dist.integrity`: base64 of the tarball's sha512.
INTEGRITY = "sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ=="  # noqa: E501
JAVA_MIN = 17
JAVA_PACKAGE = "openjdk-17-jre-headless"
MARKER_NAME = "installed.json"

JAR = "DynamoDBLocal.jar"
LIB = "DynamoDBLocal_lib"
_TAR_PREFIX = "package/emulator/"


class DynamoDBLocalError(RuntimeError):
    """DynamoDB Local could not be installed or started; the message says why and what to do."""


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def fail(message: str) -> DynamoDBLocalError:
    if _in_ci():
        message += "\n(CI=true: DynamoDB Local er påkrevd i CI; det finnes ingen reserveløsning.)"
    return DynamoDBLocalError(message)


def tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- install ---------------------------------------------------------------------------------


def ensure_installed(install_dir: Path = INSTALL_DIR) -> Path:
    """Make sure DynamoDB Local and Java 17+ are there; return the emulator folder.

    The folder holds ``DynamoDBLocal.jar`` and ``DynamoDBLocal_lib/``.
    """
    emulator = _ensure_emulator(install_dir)
    ensure_java()
    return emulator


def _marker() -> dict[str, str]:
    return {"package": PACKAGE, "version": VERSION, "integrity": INTEGRITY}


def _is_installed(install_dir: Path) -> bool:
    emulator = install_dir / "emulator"
    try:
        recorded = json.loads((install_dir / MARKER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(recorded == _marker() and (emulator / JAR).is_file() and (emulator / LIB).is_dir())


@contextlib.contextmanager
def _install_lock(install_dir: Path) -> Iterator[None]:
    """One installer at a time; the kernel drops the lock when its holder dies, even by kill -9."""
    with (install_dir / ".install.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _ensure_emulator(install_dir: Path) -> Path:
    emulator = install_dir / "emulator"
    if _is_installed(install_dir):
        return emulator
    install_dir.mkdir(parents=True, exist_ok=True)
    with _install_lock(install_dir):
        if _is_installed(install_dir):  # another process installed it while we waited
            return emulator
        for stale in install_dir.glob(".staging-*"):  # left by an install that was killed
            shutil.rmtree(stale, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=install_dir))
        try:
            tarball = _npm_pack(staging)
            _verify(tarball)
            _extract_emulator(tarball, staging / "emulator")
            (install_dir / MARKER_NAME).unlink(missing_ok=True)
            if emulator.exists():
                shutil.rmtree(emulator)
            (staging / "emulator").rename(emulator)
            marker = staging / MARKER_NAME
            marker.write_text(json.dumps(_marker(), indent=2) + "\n", encoding="utf-8")
            marker.replace(install_dir / MARKER_NAME)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    say(f"DynamoDB Local ({PACKAGE}@{VERSION}) er installert i {emulator}")
    return emulator


def _npm_pack(folder: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise fail(
            "Fant ikke npm, som henter DynamoDB Local fra npm-registeret. Installer med:\n"
            "  sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends npm'"
        )
    spec = f"{PACKAGE}@{VERSION}"
    say(f"Henter DynamoDB Local: npm pack {spec} (ca. 57 MB) ...")
    try:
        result = subprocess.run(
            [npm, "pack", spec, "--ignore-scripts", "--loglevel=error"],
            cwd=folder,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise fail(f"`npm pack {spec}` ble ikke ferdig på {error.timeout:.0f} s.") from error
    tarballs = sorted(folder.glob("*.tgz"))
    if result.returncode != 0 or len(tarballs) != 1:
        raise fail(
            f"`npm pack {spec}` feilet (kode {result.returncode}):\n"
            + tail(result.stdout + result.stderr)
        )
    return tarballs[0]


def _integrity(path: Path) -> str:
    digest = hashlib.sha512()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return "sha512-" + base64.b64encode(digest.digest()).decode("ascii")


def _verify(tarball: Path) -> None:
    found = _integrity(tarball)
    if found != INTEGRITY:
        raise fail(
            f"Feil sjekksum for {tarball.name}: fikk {found}, forventet {INTEGRITY}. "
            "Pakken er ikke den som er festet; ingenting ble installert."
        )


def _extract_emulator(tarball: Path, dest: Path) -> None:
    """Extract ``package/emulator/`` (regular files and folders only) into ``dest``."""
    dest.mkdir(parents=True)
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar:
            if not member.name.startswith(_TAR_PREFIX):
                continue
            rel = PurePosixPath(member.name[len(_TAR_PREFIX) :])
            if not rel.parts:
                continue
            if rel.is_absolute() or ".." in rel.parts:
                raise fail(f"Utrygg sti i {tarball.name}: {member.name}")
            target = dest.joinpath(*rel.parts)
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
            elif member.isfile():
                source = tar.extractfile(member)
                if source is None:
                    raise fail(f"Kunne ikke lese {member.name} i {tarball.name}")
                target.parent.mkdir(parents=True, exist_ok=True)
                with source, target.open("wb") as out:
                    shutil.copyfileobj(source, out)
            else:
                raise fail(
                    f"Uventet oppføring (ikke fil eller mappe) i {tarball.name}: {member.name}"
                )
    if not (dest / JAR).is_file() or not (dest / LIB).is_dir():
        raise fail(f"{tarball.name} har ikke emulator/{JAR} og emulator/{LIB}/")


# --- Java ------------------------------------------------------------------------------------


def java_major(java: str | Path) -> int | None:
    """The major version of a ``java`` executable (8 for 1.8), or None if it does not run."""
    try:
        result = subprocess.run(
            [str(java), "-version"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr + result.stdout)
    if match is None:
        return None
    major = int(match.group(1))
    if major == 1 and match.group(2):
        major = int(match.group(2))
    return major


def find_java() -> Path | None:
    """A Java 17+ executable: $JAVA_HOME's, the one on PATH, or one of Debian's in /usr/lib/jvm."""
    candidates: list[Path] = []
    if java_home := os.environ.get("JAVA_HOME"):
        candidates.append(Path(java_home) / "bin" / "java")
    if on_path := shutil.which("java"):
        candidates.append(Path(on_path))
    candidates += sorted(Path("/usr/lib/jvm").glob("*/bin/java"), reverse=True)
    for java in candidates:
        if os.access(java, os.X_OK) and (java_major(java) or 0) >= JAVA_MIN:
            return java
    return None


def ensure_java() -> Path:
    """Return a Java 17+ executable; as root install Debian's if there is none, else fail."""
    java = find_java()
    if java is not None:
        return java
    on_path = shutil.which("java")
    found = f"`java` er versjon {java_major(on_path)}" if on_path else "`java` finnes ikke"
    command = f"apt-get update && apt-get install -y --no-install-recommends {JAVA_PACKAGE}"
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"DynamoDB Local trenger Java {JAVA_MIN}+ ({found}); installerer {JAVA_PACKAGE} ...")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", JAVA_PACKAGE]
        for step in (["apt-get", "update", "-qq"], install):
            result = subprocess.run(
                step,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                raise fail(
                    f"`{' '.join(step)}` feilet (kode {result.returncode}):\n"
                    + tail(result.stdout + result.stderr)
                )
        java = find_java()
        if java is not None:
            return java
        raise fail(f"{JAVA_PACKAGE} ble installert, men fant fortsatt ingen Java {JAVA_MIN}+.")
    raise fail(
        f"DynamoDB Local trenger Java {JAVA_MIN} eller nyere ({found}). Installer med:\n"
        f"  sudo sh -c '{command}'"
    )
