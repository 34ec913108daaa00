"""Running DynamoDB Local (AWS's own DynamoDB engine, a Java program) for development and tests.

This module starts, waits for, and stops the engine process (:class:`DynamoDBLocal`); fetching
and installing it and Java live in :mod:`lis1.devtools.dynamodb_install`, and ending an orphan
left by a ``kill -9`` in :mod:`lis1.devtools.dynamodb_leftovers`.

Each instance listens on a free port (the engine binds every interface, so never a fixed one),
keeps its data in ``shared-local-instance.db`` in its db folder (``-sharedDb``) and logs to
``dynamodb-local.log`` there. A start first ends any DynamoDB Local still running on the same db
folder (left over after a ``kill -9`` of its parent), so a restart is always clean.

    python -m lis1.devtools.dynamodb_local install          # prints the emulator folder
    python -m lis1.devtools.dynamodb_local run [--db-dir D]  # prints the endpoint, runs until ^C
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING

from lis1.devtools.dynamodb_install import (
    JAR,
    LIB,
    ROOT,
    DynamoDBLocalError,
    ensure_installed,
    ensure_java,
    fail,
    say,
    tail,
)
from lis1.devtools.dynamodb_leftovers import stop_leftovers
from lis1.errors import Unavailable
from lis1.store.dynamo.client import make_client, ping

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

DEFAULT_DB_DIR = ROOT / ".local" / "ddb"
REGION = "eu-north-1"
LOG_NAME = "dynamodb-local.log"
# On a taken port the engine logs this and then hangs instead of exiting.
_BIND_FAILED = ("Failed to bind", "java.net.BindException")


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
            say(f"Stoppet DynamoDB Local som fortsatt kjørte på {db_dir} (pid {ended})")
        for _attempt in range(5):  # another program may take the free port before Java does
            port = free_port()
            with self.log_path.open("ab") as log:
                offset = log.tell()
                log.write(f"=== start {time.strftime('%Y-%m-%d %H:%M:%S')} port {port}\n".encode())
                log.flush()
                self._process = subprocess.Popen(
                    [
                        str(java),
                        f"-Djava.library.path={emulator / LIB}",
                        "-jar",
                        str(emulator / JAR),
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
        raise fail("Fant ingen ledig port til DynamoDB Local etter 5 forsøk.")

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
                    raise fail(
                        f"DynamoDB Local stoppet (kode {process.returncode}) før den svarte på "
                        f"{self.endpoint_url}. Slutten av {self.log_path}:\n"
                        + tail(self._log_since(offset))
                    )
                with contextlib.suppress(Unavailable):
                    ping(probe)  # ListTables through the store's own client
                    return
                log = self._log_since(offset)
                if any(sign in log for sign in _BIND_FAILED):
                    raise _PortTaken
                if time.monotonic() > deadline:
                    raise fail(
                        f"DynamoDB Local svarte ikke på {self.endpoint_url} innen "
                        f"{self.startup_timeout:g} s. Slutten av {self.log_path}:\n" + tail(log)
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
            say(f"DynamoDB Local kjører med data i {args.db_dir}; Ctrl-C stopper.")
            try:
                code = ddb.wait()
            except KeyboardInterrupt:
                return 0
            say(f"DynamoDB Local stoppet uventet (kode {code}); se {ddb.log_path}")
            return 1
    except DynamoDBLocalError as error:
        say(f"FEIL {error}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
