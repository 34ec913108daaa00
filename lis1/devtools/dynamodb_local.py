"""DynamoDB Local (AWS's own DynamoDB engine, a Java program) for development and tests.

The engine comes from the npm package ``amplify-dynamodb-simulator``, which bundles it under
``emulator/``: ``npm pack`` fetches the pinned version, its sha512 is checked against the pinned
integrity, and only ``emulator/`` is extracted into ``.local/dynamodb-local/`` (gitignored). A
marker file records version and hash, so a matching extraction is reused. Java 17+ is required;
as root it is installed from Debian (``openjdk-17-jre-headless``), otherwise the exact command is
printed and the install fails. Every failure raises :class:`DynamoDBLocalError`: there is no
fallback, locally or under ``CI=true``.

Each instance listens on a free port (the engine binds every interface, so never a fixed one),
keeps its data in ``shared-local-instance.db`` in its db folder (``-sharedDb``) and logs to
``dynamodb-local.log`` there. A start first ends any DynamoDB Local still running on the same db
folder (left over after a ``kill -9`` of its parent), so a restart is always clean.

    python -m lis1.devtools.dynamodb_local install          # prints the emulator folder
    python -m lis1.devtools.dynamodb_local run [--db-dir D]  # prints the endpoint, runs until ^C
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from types import FrameType, TracebackType
from typing import TYPE_CHECKING

from lis1.errors import Unavailable
from lis1.store.dynamo.client import make_client, ping

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

ROOT = Path(__file__).resolve().parents[2]
INSTALL_DIR = ROOT / ".local" / "dynamodb-local"
DEFAULT_DB_DIR = ROOT / ".local" / "ddb"

PACKAGE = "amplify-dynamodb-simulator"
VERSION = "2.9.30"
# `npm view amplify-dynamodb-simulator@2.9.30 dist.integrity`: base64 of the tarball's sha512.
INTEGRITY = "sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ=="  # noqa: E501
JAVA_MIN = 17
JAVA_PACKAGE = "openjdk-17-jre-headless"
REGION = "eu-north-1"
LOG_NAME = "dynamodb-local.log"
MARKER_NAME = "installed.json"

_JAR = "DynamoDBLocal.jar"
_LIB = "DynamoDBLocal_lib"
_TAR_PREFIX = "package/emulator/"
# On a taken port the engine logs this and then hangs instead of exiting.
_BIND_FAILED = ("Failed to bind", "java.net.BindException")


class DynamoDBLocalError(RuntimeError):
    """DynamoDB Local could not be installed or started; the message says why and what to do."""


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _fail(message: str) -> DynamoDBLocalError:
    if _in_ci():
        message += "\n(CI=true: DynamoDB Local er påkrevd i CI; det finnes ingen reserveløsning.)"
    return DynamoDBLocalError(message)


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _say(message: str) -> None:
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
    return bool(
        recorded == _marker() and (emulator / _JAR).is_file() and (emulator / _LIB).is_dir()
    )


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
    _say(f"DynamoDB Local ({PACKAGE}@{VERSION}) er installert i {emulator}")
    return emulator


def _npm_pack(folder: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise _fail(
            "Fant ikke npm, som henter DynamoDB Local fra npm-registeret. Installer med:\n"
            "  sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends npm'"
        )
    spec = f"{PACKAGE}@{VERSION}"
    _say(f"Henter DynamoDB Local: npm pack {spec} (ca. 57 MB) ...")
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
        raise _fail(f"`npm pack {spec}` ble ikke ferdig på {error.timeout:.0f} s.") from error
    tarballs = sorted(folder.glob("*.tgz"))
    if result.returncode != 0 or len(tarballs) != 1:
        raise _fail(
            f"`npm pack {spec}` feilet (kode {result.returncode}):\n"
            + _tail(result.stdout + result.stderr)
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
        raise _fail(
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
                raise _fail(f"Utrygg sti i {tarball.name}: {member.name}")
            target = dest.joinpath(*rel.parts)
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
            elif member.isfile():
                source = tar.extractfile(member)
                if source is None:
                    raise _fail(f"Kunne ikke lese {member.name} i {tarball.name}")
                target.parent.mkdir(parents=True, exist_ok=True)
                with source, target.open("wb") as out:
                    shutil.copyfileobj(source, out)
            else:
                raise _fail(
                    f"Uventet oppføring (ikke fil eller mappe) i {tarball.name}: {member.name}"
                )
    if not (dest / _JAR).is_file() or not (dest / _LIB).is_dir():
        raise _fail(f"{tarball.name} har ikke emulator/{_JAR} og emulator/{_LIB}/")


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
        _say(f"DynamoDB Local trenger Java {JAVA_MIN}+ ({found}); installerer {JAVA_PACKAGE} ...")
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
                raise _fail(
                    f"`{' '.join(step)}` feilet (kode {result.returncode}):\n"
                    + _tail(result.stdout + result.stderr)
                )
        java = find_java()
        if java is not None:
            return java
        raise _fail(f"{JAVA_PACKAGE} ble installert, men fant fortsatt ingen Java {JAVA_MIN}+.")
    raise _fail(
        f"DynamoDB Local trenger Java {JAVA_MIN} eller nyere ({found}). Installer med:\n"
        f"  sudo sh -c '{command}'"
    )


# --- running ---------------------------------------------------------------------------------


def free_port() -> int:
    """A port that is free right now (the kernel's choice for 127.0.0.1:0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def client(
    endpoint_url: str, *, connect_timeout: float = 5, read_timeout: float = 30
) -> DynamoDBClient:
    """A boto3 DynamoDB client for DynamoDB Local, with dummy credentials. Close it when done.

    Built by :func:`lis1.store.dynamo.client.make_client`, the one place that creates clients; one
    attempt per call, since the readiness loop does its own retrying.
    """
    return make_client(
        endpoint_url,
        REGION,
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        max_attempts=1,
    )


def _process_gone(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"  # a zombie holds no port or file


def _leftovers(db_dir: Path) -> list[int]:
    """Pids of DynamoDB Local processes (anyone's) whose ``-dbPath`` is ``db_dir``."""
    pids: list[int] = []
    for proc in Path("/proc").glob("[0-9]*"):
        pid = int(proc.name)
        if pid == os.getpid():
            continue
        try:
            args = (proc / "cmdline").read_bytes().decode(errors="replace").split("\0")
            if not any(arg.endswith(_JAR) for arg in args) or "-dbPath" not in args:
                continue
            db_arg = Path(args[args.index("-dbPath") + 1])
            db_path = db_arg if db_arg.is_absolute() else (proc / "cwd").resolve() / db_arg
        except (OSError, IndexError):
            continue
        if db_path.resolve() == db_dir and not _process_gone(pid):
            pids.append(pid)
    return pids


def stop_leftovers(db_dir: Path, timeout: float = 10) -> list[int]:
    """End DynamoDB Local processes still running on ``db_dir`` (TERM, then KILL); their pids."""
    pids = _leftovers(db_dir.resolve())
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while any(not _process_gone(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in pids:
        if not _process_gone(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    while any(not _process_gone(pid) for pid in pids):
        time.sleep(0.05)
    return pids


class _PortTaken(Exception):
    pass


class DynamoDBLocal:
    """One DynamoDB Local process on a free port, with its data in ``db_dir``.

    ``with DynamoDBLocal(path) as ddb:`` starts it and stops it at the end; ``ddb.endpoint_url``
    is where it answers and ``ddb.client()`` gives a boto3 client for it.
    """

    def __init__(
        self,
        db_dir: Path,
        *,
        emulator: Path | None = None,
        startup_timeout: float = 60,
        stop_timeout: float = 10,
    ) -> None:
        self.db_dir = Path(db_dir)
        self.emulator = emulator
        self.startup_timeout = startup_timeout
        self.stop_timeout = stop_timeout
        self.log_path = self.db_dir / LOG_NAME
        self._process: subprocess.Popen[bytes] | None = None
        self._port: int | None = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def process(self) -> subprocess.Popen[bytes]:
        if self._process is None:
            raise RuntimeError("DynamoDB Local er ikke startet")
        return self._process

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("DynamoDB Local er ikke startet")
        return self._port

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self) -> DynamoDBClient:
        return client(self.endpoint_url)

    def start(self) -> DynamoDBLocal:
        """Start the engine and wait until it answers; raise DynamoDBLocalError if it never does."""
        if self._process is not None:
            raise RuntimeError("DynamoDB Local er allerede startet")
        emulator = (self.emulator or ensure_installed()).resolve()
        java = ensure_java()
        self.db_dir.mkdir(parents=True, exist_ok=True)
        db_dir = self.db_dir.resolve()
        if ended := stop_leftovers(db_dir, self.stop_timeout):
            _say(f"Stoppet DynamoDB Local som fortsatt kjørte på {db_dir} (pid {ended})")
        for _attempt in range(5):  # another program may take the free port before Java does
            port = free_port()
            with self.log_path.open("ab") as log:
                offset = log.tell()
                log.write(f"=== start {time.strftime('%Y-%m-%d %H:%M:%S')} port {port}\n".encode())
                log.flush()
                self._process = subprocess.Popen(
                    [
                        str(java),
                        f"-Djava.library.path={emulator / _LIB}",
                        "-jar",
                        str(emulator / _JAR),
                        "-sharedDb",
                        "-disableTelemetry",
                        "-dbPath",
                        str(db_dir),
                        "-port",
                        str(port),
                    ],
                    cwd=db_dir,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            self._port = port
            try:
                self._wait_until_ready(offset)
            except _PortTaken:
                self.stop()
                continue
            except BaseException:
                self.stop()
                raise
            return self
        raise _fail("Fant ingen ledig port til DynamoDB Local etter 5 forsøk.")

    def _log_since(self, offset: int) -> str:
        try:
            with self.log_path.open("rb") as log:
                log.seek(offset)
                return log.read().decode(errors="replace")
        except OSError:
            return ""

    def _wait_until_ready(self, offset: int) -> None:
        process = self.process
        deadline = time.monotonic() + self.startup_timeout
        probe = client(self.endpoint_url, connect_timeout=1, read_timeout=2)
        try:
            while True:
                if process.poll() is not None:
                    raise _fail(
                        f"DynamoDB Local stoppet (kode {process.returncode}) før den svarte på "
                        f"{self.endpoint_url}. Slutten av {self.log_path}:\n"
                        + _tail(self._log_since(offset))
                    )
                with contextlib.suppress(Unavailable):
                    ping(probe)  # ListTables through the store's own client
                    return
                log = self._log_since(offset)
                if any(sign in log for sign in _BIND_FAILED):
                    raise _PortTaken
                if time.monotonic() > deadline:
                    raise _fail(
                        f"DynamoDB Local svarte ikke på {self.endpoint_url} innen "
                        f"{self.startup_timeout:g} s. Slutten av {self.log_path}:\n" + _tail(log)
                    )
                time.sleep(0.1)
        finally:
            probe.close()

    def stop(self) -> None:
        """Terminate the engine, kill it if it has not ended within ``stop_timeout``."""
        process, self._process = self._process, None
        self._port = None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                process.kill()
        process.wait()

    def wait(self) -> int:
        """Block until the engine ends; its exit code."""
        return self.process.wait()

    def __enter__(self) -> DynamoDBLocal:
        return self if self._process is not None else self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


# --- command line ----------------------------------------------------------------------------


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lis1.devtools.dynamodb_local",
        description="DynamoDB Local for utvikling og tester.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("install", help="installer (eller gjenbruk) og skriv ut emulatormappen")
    run = commands.add_parser("run", help="kjør i forgrunnen på en ledig port; Ctrl-C stopper")
    run.add_argument(
        "--db-dir",
        type=Path,
        default=DEFAULT_DB_DIR,
        help=f"datamappen (standard: {DEFAULT_DB_DIR.relative_to(ROOT)})",
    )
    args = parser.parse_args(argv)
    try:
        if args.command == "install":
            print(ensure_installed())
            return 0
        signal.signal(signal.SIGTERM, _on_sigterm)
        with DynamoDBLocal(args.db_dir) as ddb:
            print(ddb.endpoint_url, flush=True)
            _say(f"DynamoDB Local kjører med data i {args.db_dir}; Ctrl-C stopper.")
            try:
                code = ddb.wait()
            except KeyboardInterrupt:
                return 0
            _say(f"DynamoDB Local stoppet uventet (kode {code}); se {ddb.log_path}")
            return 1
    except DynamoDBLocalError as error:
        _say(f"FEIL {error}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
