"""What the robustness tests share: the command line as a real process (with the tiny
test scenes registered), and the checks every failure must pass: exit code, exactly one
`error:` line, no traceback, and every file that was there before byte for byte the same.
"""

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, str(Path(__file__).resolve().parent / "cli_with_test_scenes.py")]


def cli(*args, cwd: Path, env: dict | None = None, timeout: float = 180, **kw):
    """`render.py ARGS` in a new process, the tiny scenes of pipeline_scenes.py added."""
    return subprocess.run(CLI + [str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})}, **kw)


def popen(*args, cwd: Path, env: dict | None = None, **kw):
    return subprocess.Popen(CLI + [str(a) for a in args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})}, **kw)


def snapshot(folder: Path) -> dict:
    """{relative path: bytes} of every file under `folder` (links as their target's text)."""
    files = {}
    for root, dirs, names in os.walk(folder):
        for name in names:
            p = Path(root) / name
            files[p.relative_to(folder).as_posix()] = \
                ("link", os.readlink(p)) if p.is_symlink() else p.read_bytes()
    return files


def assert_one_error(r, option: str, code: int = 2) -> str:
    """The process failed with `code` and said so in exactly one `error: OPTION:` line."""
    lines = r.stderr.strip().splitlines()
    assert r.returncode == code, (r.returncode, r.stderr[-3000:])
    assert "Traceback" not in r.stderr, r.stderr[-3000:]
    assert len(lines) == 1 and lines[0].startswith(f"error: {option}"), r.stderr[-3000:]
    return lines[0]


def assert_unchanged(before: dict, folder: Path, allow_new: tuple = ()) -> None:
    """Every file of `before` is still there, byte for byte, and nothing else appeared
    but names in `allow_new`."""
    after = snapshot(folder)
    changed = [k for k in before if after.get(k) != before[k]]
    new = [k for k in after if k not in before and not k.startswith(allow_new)]
    assert not changed and not new, {"changed": changed, "new": new}


@contextmanager
def full_tmpfs(where: Path, keep: dict | None = None, free: int = 0):
    """A 2 MB tmpfs at `where` holding the files `keep` ({name: bytes}), then filled but
    for `free` bytes (root only; the test is skipped where mounting is not allowed)."""
    where.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs root and tmpfs to make a full disk")
    try:
        for name, data in (keep or {}).items():
            (where / name).write_bytes(data)
        with open(where / "filler", "wb", buffering=0) as fh:
            try:
                while fh.write(b"\0" * 4096):
                    pass
            except OSError:
                pass
            fh.truncate(max(0, fh.tell() - free))
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)
