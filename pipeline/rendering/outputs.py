"""Putting finished files in place without ever leaving a half-written one.

Everything is rendered in a private temporary folder. Finished files are then moved to
hidden temporary names beside their targets (same folder, so same file system), and only
when all of them are there are they renamed over the targets. A crash, Ctrl-C or kill
before that point leaves the targets exactly as they were.
"""

import os
import shutil
import tempfile
from pathlib import Path

from cells import InputError

SECTIONS_INDEX = "index.json"


def prepare_target(path: Path, option: str) -> None:
    """Create the parent folders of `path` and prove we can write there, or fail clearly."""
    if path.is_dir():
        raise InputError(option, f"{str(path)!r} is a folder; give a file name")
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".part")
    except (FileExistsError, NotADirectoryError):
        raise InputError(option, f"cannot create the folder {str(parent)!r}: a file is in the way") from None
    except OSError as e:
        raise InputError(option, f"cannot write to {str(parent)!r}: {e.strerror}") from None
    os.close(fd)
    os.unlink(probe)


def prepare_owned_folder(folder: Path, option: str, marker: str, what: str) -> None:
    """Only an empty folder or one we wrote before (it holds `marker`) may be replaced."""
    if folder.exists() and not folder.is_dir():
        raise InputError(option, f"{str(folder)!r} exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / marker).is_file():
        raise InputError(option, f"{str(folder)!r} exists and is not {what}; "
                                 "move it or choose another -o")


def prepare_sections_target(folder: Path) -> None:
    prepare_owned_folder(folder, "--sections", SECTIONS_INDEX, "a sections folder of an earlier render")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Staging:
    """Collect finished files beside their targets; `commit()` renames them all into place.

    Leaving the `with` block without a commit removes every temporary it made.
    """

    def __init__(self):
        self._files: list[tuple[Path, Path]] = []     # (temporary, target)
        self._dirs: list[tuple[Path, Path]] = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for tmp, _ in self._files:
            tmp.unlink(missing_ok=True)
        for tmp, _ in self._dirs:
            shutil.rmtree(tmp, ignore_errors=True)

    def file(self, src: Path, target: Path) -> None:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        os.close(fd)
        tmp = Path(name)
        self._files.append((tmp, target))
        shutil.move(src, tmp)
        _fsync(tmp)

    def folder(self, src: Path, target: Path) -> None:
        tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part"))
        self._dirs.append((tmp, target))
        for f in sorted(src.iterdir()):
            shutil.move(f, tmp / f.name)
            _fsync(tmp / f.name)

    def commit(self) -> None:
        for tmp, target in self._dirs:
            old = None
            if target.exists():   # a folder cannot be renamed over a non-empty one
                old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".old"))
                os.replace(target, old)
            os.replace(tmp, target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        for tmp, target in self._files:
            os.replace(tmp, target)
        self._files.clear()
        self._dirs.clear()
