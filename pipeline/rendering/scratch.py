"""Temporary files and folders named after the process that made them, so that a later
run removes what a killed one (kill -9, the OOM killer, a power cut) left behind, and
nothing else: only names with our tag, of this user, whose owner is no longer running.

The tag holds the owner's pid and its start time (Linux: /proc/PID/stat), so a pid
recycled by another process is not taken for the owner still at work.
"""

import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

TAG = re.compile(r"irnn(\d+)-(\d+)")
WORK_PREFIX = "illustrated-rnn-"     # work folders in TMPDIR


def _start_time(pid: int) -> int:
    """The process's start time in clock ticks since boot (0 where /proc is absent)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return int(fh.read().rsplit(b")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return 0


@lru_cache(maxsize=1)
def _tag_of(pid: int) -> str:
    return f"irnn{pid}-{_start_time(pid)}"


def owner_tag() -> str:
    """This process's tag, for the names of its temporaries."""
    return _tag_of(os.getpid())


def _alive(pid: int, start: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True                  # another user's process: not ours to judge
    return start == 0 or _start_time(pid) in (0, start)


def is_stale(name: str) -> bool:
    """Whether `name` carries the tag of a process that has ended."""
    m = TAG.search(name)
    return m is not None and not _alive(int(m[1]), int(m[2]))


def remove_stale(folder: Path, prefix: str) -> None:
    """Remove the entries of `folder` named `prefix...` that a dead process of ours left."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(prefix) and is_stale(e.name)]
    except OSError:
        return
    for e in entries:
        try:
            if e.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
            if e.is_dir(follow_symlinks=False):
                shutil.rmtree(e.path, ignore_errors=True)
            else:
                os.unlink(e.path)
        except OSError:
            pass


@contextmanager
def work_folder(kind: str = ""):
    """A private folder in TMPDIR, removed on the way out; folders a killed run left go first."""
    root = Path(tempfile.gettempdir())
    remove_stale(root, WORK_PREFIX)
    with tempfile.TemporaryDirectory(prefix=f"{WORK_PREFIX}{kind}{owner_tag()}-") as tmp:
        yield Path(tmp)
