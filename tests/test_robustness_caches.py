"""Every cache only costs speed: clips of plays, laid-out text and finished renders are
damaged every way a disk or a user can (cut short, emptied, a byte flipped, swapped for
another entry, deleted mid-render, in the way, on a full disk), and the next render
still succeeds with exactly the frames of a render that used no cache.
"""

import os
import shutil
import subprocess
import time
from pathlib import Path

import av
import numpy as np
import pytest

from pipeline.rendering.cache_files import unseal
from pipeline.speedups.play_cache import STORED
from tests.helpers.robust import cli, full_tmpfs, popen

VIDEO = ["--quality", "low", "--fps", "4", "--jobs", "1"]


def frames(path: Path) -> list:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]


def render(folder: Path, cache: Path, out: str, scene="tiny-tiny", *extra):
    r = cli("render", scene, *VIDEO, "-o", out, *extra, cwd=folder,
            env={"ILLUSTRATED_RNN_CACHE": str(cache)})
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr[-3000:]
    return r


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Frames of the tiny scene rendered with no cache at all, and a cache made by rendering it."""
    folder = tmp_path_factory.mktemp("reference")
    render(folder, Path("off"), "plain.mp4")
    render(folder, folder / "cache", "cached.mp4")
    return frames(folder / "plain.mp4"), folder / "cache"


def _flip(p: Path) -> None:
    data = bytearray(p.read_bytes())
    data[len(data) // 2] ^= 0x55
    p.write_bytes(bytes(data))


def _swap(a: Path, b: Path) -> None:
    da, db = a.read_bytes(), b.read_bytes()
    a.write_bytes(db)
    b.write_bytes(da)


DAMAGE = {
    "truncated": lambda files: [p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 3]) for p in files],
    "emptied": lambda files: [p.write_bytes(b"") for p in files],
    "flipped": lambda files: [_flip(p) for p in files],
    "swapped": lambda files: _swap(files[0], files[-1]),
}


def _fresh_cache(reference, tmp_path) -> Path:
    cache = tmp_path / "cache"
    shutil.copytree(reference[1], cache)
    shutil.rmtree(cache / "renders")          # the finished movie is not reused: the parts are
    return cache


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("part, pattern", [("plays", f"*{STORED}"), ("text", "*.npz")])
def test_damaged_clips_and_texts_are_made_again(reference, tmp_path, part, pattern, damage):
    cache = _fresh_cache(reference, tmp_path)
    files = sorted((cache / part).glob(pattern))
    assert len(files) >= 2
    DAMAGE[damage](files)
    render(tmp_path, cache, "again.mp4")
    assert _same(frames(tmp_path / "again.mp4"), reference[0])
    if part == "plays":                       # every clip now in the store is whole again
        assert all(unseal(p.stem, p.read_bytes()) is not None for p in (cache / "plays").glob(pattern))


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_finished_render_is_made_again(reference, tmp_path, damage):
    cache = tmp_path / "cache"
    shutil.copytree(reference[1], cache)
    render(tmp_path, cache, "other.mp4", "tiny-tiny", "--step", "1", "--input", "1,2,3; 4,5,6")
    entries = sorted((cache / "renders").iterdir())
    if damage == "swapped":                   # two entries trade places (names kept)
        a, b = entries
        a.rename(cache / "renders" / "tmp")
        b.rename(a)
        (cache / "renders" / "tmp").rename(b)
    else:
        DAMAGE[damage]([p for e in entries for p in e.iterdir() if p.suffix == ".mp4"])
    r = render(tmp_path, cache, "again.mp4")
    assert "reused" not in r.stderr
    assert _same(frames(tmp_path / "again.mp4"), reference[0])


def _same(a: list, b: list) -> bool:
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


@pytest.mark.parametrize("blocked", ["plays", "text", "renders", "."])
def test_a_cache_folder_in_the_way_costs_only_speed(reference, tmp_path, blocked):
    cache = tmp_path / "cache"
    if blocked == ".":
        cache.write_text("a file where the cache should be")
    else:
        cache.mkdir()
        (cache / blocked).write_text("a file where a cache folder should be")
    render(tmp_path, cache, "out.mp4")
    assert _same(frames(tmp_path / "out.mp4"), reference[0])


def test_the_cache_deleted_while_a_render_runs_costs_nothing(reference, tmp_path):
    cache = _fresh_cache(reference, tmp_path)
    p = popen("render", "tiny-slow", *VIDEO, "-o", "slow.mp4", cwd=tmp_path,
              env={"ILLUSTRATED_RNN_CACHE": str(cache)})
    assert "section 1" in p.stderr.readline()
    time.sleep(0.5)
    shutil.rmtree(cache)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 0 and "Traceback" not in err, err
    assert len(frames(tmp_path / "slow.mp4")) >= 40          # ten seconds at 4 fps
    assert (cache / "renders").is_dir()           # stored again, in a new cache folder


@pytest.fixture
def full_disk(tmp_path):
    with full_tmpfs(tmp_path / "small") as where:
        yield where


def test_a_cache_on_a_full_disk_costs_only_speed(reference, tmp_path, full_disk):
    render(tmp_path, full_disk / "cache", "out.mp4")
    assert _same(frames(tmp_path / "out.mp4"), reference[0])
