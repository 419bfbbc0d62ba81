"""Every path a command writes differs from every path it reads and from each other.

Two spellings of one file must not slip past: paths are compared as the file system
will see them, with `..` and symbolic links resolved and, where the file system
ignores case (macOS, Windows, FAT), names compared case-folded. A folder that is
replaced whole (a sections folder, an HTML deck) must not hold any other path of the
command either, or replacing it would delete what is read or written there.
"""

import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cells import InputError


@dataclass(frozen=True)
class PathUse:
    label: str             # how the user gave it: "--manifest", "job 3 -o"
    path: Path
    writes: bool
    folder: bool = False   # written as a whole folder: nothing else may be inside


def _nearest_existing(path: str) -> str:
    while not os.path.isdir(path):
        parent = os.path.dirname(path)
        if parent == path:
            break
        path = parent
    return path


@lru_cache(maxsize=256)
def _ignores_case(folder: str) -> bool:
    """Whether names in `folder` are looked up case-insensitively: an entry's name with its
    case swapped is looked up there (the folder's own name in its parent when empty)."""
    probes = []
    try:
        with os.scandir(folder) as entries:
            probes = [(folder, e.name) for e in entries if e.name.swapcase() != e.name][:1]
    except OSError:
        pass
    parent, name = os.path.split(folder)
    if not probes and name.swapcase() != name:
        probes = [(parent, name)]
    for where, name in probes:
        try:
            return os.path.samestat(os.lstat(os.path.join(where, name)),
                                    os.lstat(os.path.join(where, name.swapcase())))
        except OSError:
            return False
    return False           # nothing to probe with: as Linux does


def identity(path: Path) -> tuple:
    """The components of `path` as the file system resolves them."""
    real = os.path.realpath(os.path.abspath(path))
    parts = Path(real).parts
    if _ignores_case(_nearest_existing(real)):
        parts = tuple(unicodedata.normalize("NFC", p).casefold() for p in parts)
    return parts


def _same_text(a: PathUse, b: PathUse) -> tuple:
    """(the label to blame, what is wrong) when `a` and `b` are one path."""
    if a.writes and b.writes:
        return b.label, (f"{str(b.path)!r} is also where {a.label} writes; give each output "
                         "its own path")
    writer, reader = (a, b) if a.writes else (b, a)
    return writer.label, (f"{str(writer.path)!r} is read as {reader.label}; writing there would "
                          "replace it, so give another path")


def _inside_text(folder: PathUse, other: PathUse) -> tuple:
    if other.writes:
        return other.label, (f"{str(other.path)!r} is inside {str(folder.path)!r}, the folder "
                             f"{folder.label} replaces whole; write it elsewhere")
    return folder.label, (f"{str(folder.path)!r} holds {str(other.path)!r}, read as {other.label}; "
                          "replacing the folder would delete it, so choose another folder")


def first_clash(uses: list[PathUse]) -> tuple | None:
    """(label, message) of the first written path that meets another path, else None."""
    seen: dict[tuple, PathUse] = {}
    folders: dict[tuple, PathUse] = {}
    keyed = [(u, identity(u.path)) for u in uses]
    for u, key in keyed:
        other = seen.get(key)
        if other is not None and (other.writes or u.writes):
            return _same_text(other, u)
        seen.setdefault(key, u)
        if u.folder and u.writes:
            folders.setdefault(key, u)
    for u, key in keyed:
        for n in range(1, len(key)):
            folder = folders.get(key[:n])
            if folder is not None:
                return _inside_text(folder, u)
    return None


def refuse_clashes(uses: list[PathUse]) -> None:
    clash = first_clash(uses)
    if clash is not None:
        raise InputError(*clash)
