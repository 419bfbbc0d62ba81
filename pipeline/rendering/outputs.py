"""Putting finished files in place without ever leaving a half-written one, and without
ever replacing what this tool did not write.

Everything is rendered in a private temporary folder. Finished files are then moved to
hidden temporary names beside their targets (same folder, so same file system), and only
when all of them are there are they renamed over the targets. A crash, Ctrl-C or kill
before that point leaves the targets exactly as they were; the hidden names carry their
owner's tag (scratch.py), so the next run for the same target removes what a killed one
left there.

A folder written whole (a sections folder, an HTML deck) gets a marker listing every
file put there with its size and SHA-256. Such a folder is replaced only while it still
holds exactly those files: a folder without the marker, with a file added, or with one
of ours edited, is someone's work, and the command refuses, as git refuses to overwrite
files it does not track.
"""

import hashlib
import json
import os
import shutil
import stat
import tempfile
from contextlib import suppress
from pathlib import Path

from cells import InputError
from cells.errors import kind_of

from pipeline.rendering.scratch import owner_tag, remove_stale

SECTIONS_INDEX = "index.json"
MARKER = ".illustrated-rnn.json"
TOOL = "illustrated-rnn"
NAME_ROOM = 180               # bytes of a target's name kept in its temporaries' names


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _lstat(path: Path, option: str):
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):     # absent (a file in the way is said later)
        return None
    except OSError as e:
        raise InputError(option, f"cannot use {str(path)!r}: {e.strerror or e}") from None


def _hidden_prefix(target: Path) -> str:
    """`.NAME.` for the temporaries of `target`, NAME cut so that any temporary name fits."""
    name = target.name.encode()[:NAME_ROOM].decode(errors="ignore")
    return f".{name}."


def _check_name(path: Path, option: str) -> None:
    try:
        limit = os.pathconf(_existing_parent(path), "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    for part in path.parts:
        if len(part.encode()) > limit:
            raise InputError(option, f"the name {part[:40]!r}... is {len(part.encode())} bytes long; "
                                     f"this file system allows at most {limit}")


def _existing_parent(path: Path) -> Path:
    for parent in path.absolute().parents:
        if parent.is_dir():
            return parent
    return Path("/")


def prepare_target(path: Path, option: str, folder: bool = False) -> None:
    """Prove that `path` (a file, or with `folder` a folder) can be written, or fail clearly.

    Nothing is created yet: the missing parent folders appear when the result is put in
    place (Staging), so a failed or killed render leaves no empty folders behind."""
    _check_name(path, option)
    st = _lstat(path, option)
    if st is not None and os.path.isdir(path) and not folder:
        raise InputError(option, f"{str(path)!r} is a folder; give a file name")
    if st is not None and not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)
                               or stat.S_ISDIR(st.st_mode)):
        raise InputError(option, f"{str(path)!r} is {kind_of(st.st_mode)}, which this tool never "
                                 "replaces; give the name of a file")
    existing = next(p for p in path.absolute().parents if os.path.lexists(p))
    if not os.path.isdir(existing):
        raise InputError(option, f"cannot create the folder {str(path.parent)!r}: a file is in the way")
    try:
        fd, probe = tempfile.mkstemp(dir=existing, prefix=".illustrated-rnn-probe-")
    except OSError as e:
        raise InputError(option, f"cannot write to {str(existing)!r}: {e.strerror or e}") from None
    os.close(fd)
    os.unlink(probe)
    remove_stale(path.parent, _hidden_prefix(path))


def _listing(folder: Path) -> dict:
    """{relative path: [size, sha256]} of every file under `folder` but the marker."""
    files = {}
    for root, _, names in os.walk(folder):
        for name in names:
            p = Path(root) / name
            rel = p.relative_to(folder).as_posix()
            if rel != MARKER:
                files[rel] = [p.stat().st_size, digest(p)]
    return files


def _foreign(folder: Path, kind: str) -> str | None:
    """Why `folder` is not a `kind` folder exactly as this tool left it, or None."""
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        ours = marker["files"] if marker.get("tool") == TOOL else None
    except FileNotFoundError:
        return f"was not written by this tool (it has no {MARKER})"
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        ours = None
    if not isinstance(ours, dict):
        return f"has a {MARKER} this tool did not write"
    if marker.get("kind") != kind:
        return f"is a {marker.get('kind')} folder, not a {kind} folder"
    for root, dirs, names in os.walk(folder):
        here = Path(root).relative_to(folder).as_posix()
        for name in sorted(dirs + names):
            rel = name if here == "." else f"{here}/{name}"
            p = Path(root) / name
            if rel == MARKER:
                continue
            if p.is_symlink() or (p.is_dir() and not any(k.startswith(rel + "/") for k in ours)):
                return f"holds {rel}, which this tool did not write"
            if p.is_dir():
                continue
            if rel not in ours or not p.is_file():
                return f"holds {rel}, which this tool did not write"
            if [p.stat().st_size, digest(p)] != ours[rel]:
                return f"holds {rel}, which was changed since this tool wrote it"
    return None


def _is_busy(folder: Path) -> bool:
    """The working directory, one of its parents, or a mount point: never renamed away."""
    here = os.path.realpath(os.getcwd())
    real = os.path.realpath(folder)
    return os.path.ismount(real) or here == real or here.startswith(real.rstrip(os.sep) + os.sep)


def prepare_owned_folder(folder: Path, option: str, kind: str) -> None:
    """Only a new or empty folder, or one this tool wrote as `kind` and nobody changed since,
    may be replaced."""
    _check_name(folder, option)
    st = _lstat(folder, option)
    if st is None:
        return
    if os.path.islink(folder):
        raise InputError(option, f"{str(folder)!r} is a symbolic link; give the folder itself "
                                 "or a new name")
    if not os.path.isdir(folder):
        raise InputError(option, f"{str(folder)!r} exists and is not a folder")
    if _is_busy(folder):
        raise InputError(option, f"{str(folder)!r} is the current folder, holds it, or is a mount "
                                 "point; give a new folder name")
    try:
        empty = not any(folder.iterdir())
        problem = None if empty else _foreign(folder, kind)
    except OSError as e:
        raise InputError(option, f"cannot read {str(folder)!r}: {e.strerror or e}") from None
    if problem is not None:
        raise InputError(option, f"{str(folder)!r} {problem}; nothing was replaced: move it away "
                                 "or choose another -o")


def prepare_sections_target(folder: Path) -> None:
    prepare_owned_folder(folder, "--sections", "sections")
    prepare_target(folder, "--sections", folder=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Staging:
    """Collect finished files beside their targets; `commit()` renames them all into place.

    Leaving the `with` block without a commit removes every temporary it made. Each
    file gets the time it is delivered, not the time a cached copy was made.
    """

    def __init__(self):
        self._files: list[tuple[Path, Path]] = []                 # (temporary, target)
        self._dirs: list[tuple[Path, Path, str, str]] = []       # (temporary, target, option, kind)
        self._made: list[Path] = []                               # parent folders created

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for tmp, _ in self._files:
            tmp.unlink(missing_ok=True)
        for tmp, *_ in self._dirs:
            shutil.rmtree(tmp, ignore_errors=True)
        for folder in reversed(self._made):       # deepest last made: only the empty ones
            with suppress(OSError):
                folder.rmdir()

    def _temporary(self, target: Path, folder: bool) -> Path:
        missing = [p for p in [target.parent, *target.parent.parents] if not os.path.lexists(p)]
        target.parent.mkdir(parents=True, exist_ok=True)
        self._made += reversed(missing)
        prefix = _hidden_prefix(target) + owner_tag() + "."
        if folder:
            return Path(tempfile.mkdtemp(dir=target.parent, prefix=prefix, suffix=".part"))
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=".part")
        os.close(fd)
        return Path(name)

    def file(self, src: Path, target: Path) -> None:
        tmp = self._temporary(target, folder=False)
        self._files.append((tmp, target))
        shutil.move(src, tmp)
        os.utime(tmp)
        _fsync(tmp)

    def folder(self, src: Path, target: Path, option: str, kind: str) -> None:
        """`src`'s files as the folder `target`, marked as this tool's `kind` folder."""
        tmp = self._temporary(target, folder=True)
        self._dirs.append((tmp, target, option, kind))
        for f in sorted(src.iterdir()):
            shutil.move(f, tmp / f.name)
        marker = {"tool": TOOL, "kind": kind, "files": _listing(tmp)}
        (tmp / MARKER).write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")
        for root, _, names in os.walk(tmp):
            for name in names:
                os.utime(Path(root) / name)
                _fsync(Path(root) / name)

    def commit(self) -> None:
        for tmp, target, option, kind in self._dirs:
            prepare_owned_folder(target, option, kind)   # again: the render took a while
        for tmp, target, *_ in self._dirs:
            old = None
            if os.path.lexists(target):   # a folder cannot be renamed over a non-empty one
                old = Path(tempfile.mkdtemp(dir=target.parent, prefix=_hidden_prefix(target)
                                            + owner_tag() + ".", suffix=".old"))
                os.replace(target, old)
            os.replace(tmp, target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        for tmp, target in self._files:
            os.replace(tmp, target)
        self._files.clear()
        self._dirs.clear()
        self._made.clear()
