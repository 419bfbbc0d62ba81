"""A full disk, a used-up quota, a read-only file system: one line naming the place.

Manim, PyAV and x264 wrap the OSError they meet in exceptions of their own, so the
errno is looked for along the chain of causes. Where it happened is told by the file's
name when the error carries one, else by what the render was doing.
"""

import errno
import os
from pathlib import Path

from cells import InputError

REASONS = {errno.ENOSPC: "no space left on the device", errno.EDQUOT: "the disk quota is used up",
           errno.EROFS: "the file system is read-only", errno.EFBIG: "a file grew too large for the file system"}
ADVICE = {"TMPDIR": "set TMPDIR to a folder on another disk"}


def _disk_error(e: BaseException) -> OSError | None:
    seen = set()
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, OSError) and e.errno in REASONS:
            return e
        e = e.__cause__ or e.__context__
    return None


def _inside(name, folder: Path) -> bool:
    real, top = os.path.realpath(name), os.path.realpath(folder)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def disk_input_error(e: BaseException, places: list, default: str) -> InputError | None:
    """The one-line error for a disk problem somewhere in `e`'s causes, else None.

    `places` are (label, folder) of where the command writes; `default` the label blamed
    when the error names no file."""
    err = _disk_error(e)
    if err is None:
        return None
    name = err.filename2 or err.filename        # a copy names its source first
    holding = [(lbl, f) for lbl, f in places if name and _inside(name, f)]
    label, folder = max(holding, key=lambda p: len(os.path.realpath(p[1]))) if holding else \
        next((lbl, f) for lbl, f in places if lbl == default)
    advice = ADVICE.get(label, f"choose another {label}")
    return InputError(label, f"{REASONS[err.errno]} for {str(folder)!r}; free some space or {advice}")
