"""One exception type for everything a user can get wrong.

The CLI turns it into a single `error: --option: message` line and exit code 2, so
every check in the numeric core names the option the user has to fix.
"""

from pathlib import Path


class InputError(ValueError):
    """A user-facing problem with an option's value (never a bug in this code)."""

    def __init__(self, option: str, message: str):
        super().__init__(f"{option}: {message}" if option else message)
        self.option = option
        self.message = message

    def __reduce__(self):  # crosses process boundaries (parallel renders, batch jobs)
        return (type(self), (self.option, self.message))


def existing_file(path: str, option: str):
    """`path` as a Path, if it names a file; else the InputError saying why not."""
    p = Path(path)
    if p.is_dir():
        raise InputError(option, f"{path} is a folder, not a file")
    if not p.is_file():
        raise InputError(option, f"no such file: {path}")
    return p
