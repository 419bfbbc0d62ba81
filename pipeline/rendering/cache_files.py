"""Files into and out of the caches, each checked against a digest taken when it was stored.

A cache only ever holds copies, so whatever happened to an entry (cut short, emptied,
bytes flipped, swapped for another entry, a crafted record naming other files) must
cost a redo, never a wrong output or a file outside the cache: an entry's files are
opened only inside the entry and never through a symbolic link, and a file is used
only when its size and SHA-256 match what was recorded when it was stored.
"""

import errno
import hashlib
import os
import stat
from pathlib import Path, PurePosixPath

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
SEAL = b"IRNNSEAL"               # the trailer of a single-file entry: SEAL, length, digest
SEAL_SIZE = len(SEAL) + 8 + 32


def plain_relative(name: object) -> bool:
    """A relative path of ordinary names: no '..', no hidden or absolute parts."""
    if not isinstance(name, str) or not name or "\\" in name or "\0" in name:
        return False
    p = PurePosixPath(name)
    return not p.is_absolute() and all(part not in ("", ".", "..") and not part.startswith(".")
                                       for part in p.parts) and p.as_posix() == name


def _open_inside(folder: Path, rel: str) -> int:
    """A read-only descriptor of the regular file `rel` under `folder`; no part may be a link."""
    parts = rel.split("/")
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | NOFOLLOW)
    try:
        for part in parts[:-1]:
            inner = os.open(part, os.O_RDONLY | os.O_DIRECTORY | NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = inner
        leaf = os.open(parts[-1], os.O_RDONLY | NOFOLLOW | getattr(os, "O_NONBLOCK", 0), dir_fd=fd)
    finally:
        os.close(fd)
    if not stat.S_ISREG(os.fstat(leaf).st_mode):
        os.close(leaf)
        raise OSError(errno.EINVAL, "not a regular file", rel)
    return leaf


def copy_with_digest(src_fd: int, dst: Path, limit: int | None = None) -> tuple[int, str]:
    """Copy an open file to `dst`; its size and SHA-256 (OSError past `limit` bytes)."""
    h, size = hashlib.sha256(), 0
    with os.fdopen(src_fd, "rb") as fin, open(dst, "wb") as fout:
        for chunk in iter(lambda: fin.read(1 << 20), b""):
            size += len(chunk)
            if limit is not None and size > limit:
                raise OSError(errno.EFBIG, "larger than recorded", str(dst))
            h.update(chunk)
            fout.write(chunk)
    return size, h.hexdigest()


def store_copy(src: Path, dst: Path) -> list:
    """Copy a file we made into a cache entry: [size, sha256] of the copy."""
    return list(copy_with_digest(os.open(src, os.O_RDONLY), dst))


def fetch_copy(entry: Path, rel: str, dst: Path, recorded) -> bool:
    """Copy `entry/rel` to `dst` if it is exactly what was recorded ([size, sha256])."""
    if not (isinstance(recorded, list) and len(recorded) == 2 and isinstance(recorded[0], int)):
        return False
    dst.parent.mkdir(parents=True, exist_ok=True)
    size, sha = copy_with_digest(_open_inside(entry, rel), dst, limit=recorded[0])
    return [size, sha] == recorded


def read_inside(folder: Path, rel: str, limit: int) -> bytes:
    """The bytes of the regular file `folder/rel` (OSError past `limit`)."""
    with os.fdopen(_open_inside(folder, rel), "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, "too large for a cache entry", rel)
    return data


def seal(key: str, data: bytes) -> bytes:
    """`data` with a trailer binding it to `key`: a swapped or damaged copy fails `unseal`."""
    digest = hashlib.sha256(key.encode() + b"\0" + data).digest()
    return data + SEAL + len(data).to_bytes(8, "little") + digest


def unseal(key: str, blob: bytes) -> bytes | None:
    """The data `seal(key, ...)` stored, or None if `blob` is not exactly that."""
    data, trailer = blob[:-SEAL_SIZE], blob[-SEAL_SIZE:]
    if len(blob) < SEAL_SIZE or trailer[:len(SEAL)] != SEAL \
            or int.from_bytes(trailer[len(SEAL):len(SEAL) + 8], "little") != len(data):
        return None
    ok = hashlib.sha256(key.encode() + b"\0" + data).digest() == trailer[len(SEAL) + 8:]
    return data if ok else None

