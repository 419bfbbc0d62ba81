"""One exception type for everything a user can get wrong.

The CLI turns it into a single `error: --option: message` line and exit code 2, so
every check in the numeric core names the option the user has to fix.
"""

import os
import stat
from pathlib import Path


class InputError(ValueError):
    """A user-facing problem with an option's value (never a bug in this code)."""

    def __init__(self, option: str, message: str):
        super().__init__(f"{option}: {message}" if option else message)
        self.option = option
        self.message = message

    def __reduce__(self):  # crosses process boundaries (parallel renders, batch jobs)
        return (type(self), (self.option, self.message))


def kind_of(mode: int) -> str:
    """What a file that is not a regular file or a folder is, for an error line."""
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def existing_file(path: str, option: str) -> Path:
    """`path` as a Path, if it names a regular file this process may read; else the
    InputError saying why not. Nothing is opened: a FIFO or a device would block or never end."""
    p = Path(path)
    try:
        mode = os.stat(p).st_mode
    except FileNotFoundError:
        raise InputError(option, f"no such file: {path}") from None
    except OSError as e:        # a name too long, a loop of links, a folder we may not enter
        raise InputError(option, f"cannot use {path}: {e.strerror or e}") from None
    if stat.S_ISDIR(mode):
        raise InputError(option, f"{path} is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise InputError(option, f"{path} is {kind_of(mode)}; give a regular file")
    if not os.access(p, os.R_OK):
        raise InputError(option, f"cannot read {path}: permission denied")
    return p
