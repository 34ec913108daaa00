"""Finding and ending a DynamoDB Local left running on a db folder, e.g. after ``kill -9``.

Split from :mod:`lis1.devtools.dynamodb_local` so that the search through ``/proc`` for an orphan
engine (one whose parent was killed) stays apart from starting and stopping our own process. A
start calls :func:`stop_leftovers` first, so a restart on the same folder is always clean.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

from lis1.devtools.dynamodb_install import JAR


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
            if not any(arg.endswith(JAR) for arg in args) or "-dbPath" not in args:
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
