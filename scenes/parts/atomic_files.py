"""Files that appear whole or not at all, and cache folders kept to their size.

The manifest, the laid-out texts, the clips of plays and the finished renders are
written under a temporary name beside their place and renamed into it, so a reader
(another render, the next run after a crash or a full disk) never sees half a file;
each cache keeps only its most recently used entries. Here once for all of them:
scenes writes the first two, the pipeline (which imports scenes, never the reverse)
the others.
"""

import os
import shutil
import tempfile
from contextlib import suppress
from pathlib import Path


def write_atomic(path: Path, data, tag: str = "", mode: int | None = None) -> None:
    """`path` holding `data` (bytes, or a function that writes to a binary file), or as it
    was: the temporary `.NAME.TAG….tmp` beside it is removed on any failure, then raised.
    `mode` replaces mkstemp's 0600 where others must read the file (a shared cache)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{tag}", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            data(fh) if callable(data) else fh.write(data)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


def discard(path: Path) -> None:
    """Remove a cache entry, a file or a folder, never following a link out of the cache."""
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)
    except OSError:
        pass


def keep_newest(entries: list, keep: int) -> None:
    """Discard all but the `keep` most recently used `entries` (paths; by modification time,
    which a use renews; one gone meanwhile counts as oldest)."""
    def age(p) -> float:
        try:
            return os.lstat(p).st_mtime
        except OSError:
            return float("-inf")
    for old in sorted(entries, key=age, reverse=True)[keep:]:
        discard(Path(old))
