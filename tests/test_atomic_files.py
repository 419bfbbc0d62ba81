"""The one atomic write and the one least-recently-used pruning that the manifest, the
text cache, the clip store and the render cache share (scenes/parts/atomic_files.py)."""

import os

import pytest

from scenes.parts.atomic_files import keep_newest, write_atomic


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "m.json"
    target.write_bytes(b"old")

    def half(fh):
        fh.write(b"half a fi")
        raise OSError(28, "No space left on device")
    with pytest.raises(OSError):
        write_atomic(target, half)
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["m.json"]
    write_atomic(target, b"new", tag="irnn1-2.")
    assert target.read_bytes() == b"new" and os.listdir(tmp_path) == ["m.json"]


def test_only_the_most_recently_used_entries_are_kept(tmp_path):
    entries = []
    for i in range(5):
        p = tmp_path / f"e{i}"
        p.mkdir() if i % 2 else p.write_text("x")
        os.utime(p, (1000 + i, 1000 + i))
        entries.append(p)
    os.symlink(tmp_path / "e3", tmp_path / "link")            # the oldest: only the link goes
    os.utime(tmp_path / "link", (900, 900), follow_symlinks=False)
    keep_newest(entries + [tmp_path / "gone", tmp_path / "link"], 3)
    assert sorted(os.listdir(tmp_path)) == ["e2", "e3", "e4"] and (tmp_path / "e3").is_dir()
