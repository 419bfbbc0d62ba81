"""Nothing a user owns is lost or changed: a command never writes over a path it reads or
another path it writes, never replaces a folder it did not write, and a damaged or
crafted render cache costs a redo, never a file. Each case runs the real command line.
"""

import json
import os
import stat
from pathlib import Path

import numpy as np
import pytest

from pipeline.rendering import distinct_paths
from pipeline.rendering.distinct_paths import PathUse, first_clash, identity
from tests.helpers.robust import assert_one_error, assert_unchanged, cli, snapshot


@pytest.fixture
def folder(tmp_path):
    """A user's folder: weights, an input, an earlier output, a config file, notes."""
    rng = np.random.default_rng(0)
    np.savez(tmp_path / "w.npz", weight_ih_l0=rng.normal(size=(3, 3)), weight_hh_l0=rng.normal(size=(3, 3)),
             bias_ih_l0=np.zeros(3), bias_hh_l0=np.zeros(3))
    (tmp_path / "seq.json").write_text("[[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]")
    (tmp_path / "v.mp4").write_bytes(b"an earlier video")
    (tmp_path / "illustrated-rnn.toml").write_text('quality = "low"\n')
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine")
    os.symlink("w.npz", tmp_path / "link.npz")
    return tmp_path


@pytest.mark.parametrize("args, option", [
    (["preview", "rnn-cell", "--weights", "w.npz", "--manifest", "w.npz"], "--manifest"),
    (["render", "tanh", "-o", "v.mp4", "--manifest", "v.mp4"], "--manifest"),
    (["render", "tanh", "-o", "v.mp4", "--manifest", "out/../v.mp4"], "--manifest"),
    (["preview", "rnn-cell", "--weights", "link.npz", "--manifest", "w.npz"], "--manifest"),
    (["preview", "rnn-cell", "--weights", "w.npz", "--manifest", "link.npz"], "--manifest"),
    (["preview", "rnn-cell", "--input-file", "seq.json", "--manifest", "./seq.json"], "--manifest"),
    (["preview", "compare", "--weights-gru", "w.npz", "--manifest", "w.npz"], "--manifest"),
    (["preview", "rnn-cell", "--manifest", "illustrated-rnn.toml"], "--manifest"),
    (["render", "tanh", "-o", "out.mp4", "--sections", "--manifest", "out/m.json"], "--manifest"),
    (["render", "rnn-cell", "-o", "out.mp4", "--sections", "--weights", "out/w.npz"], "--sections"),
])
def test_a_written_path_never_meets_another_path(folder, args, option):
    (folder / "out" / "w.npz").write_bytes((folder / "w.npz").read_bytes())
    before = snapshot(folder)
    r = cli(*args, cwd=folder)
    assert_one_error(r, option)
    assert_unchanged(before, folder)


def test_names_are_compared_as_a_case_insensitive_file_system_compares_them(tmp_path, monkeypatch):
    monkeypatch.setattr(distinct_paths, "_ignores_case", lambda folder: True)
    assert identity(tmp_path / "Clip.MP4") == identity(tmp_path / "clip.mp4")
    assert first_clash([PathUse("-o", tmp_path / "A.mp4", True), PathUse("--manifest", tmp_path / "a.MP4", True)])
    monkeypatch.undo()
    assert not distinct_paths._ignores_case(str(tmp_path))     # this machine's /tmp: Linux rules
    assert first_clash([PathUse("-o", tmp_path / "A.mp4", True),
                        PathUse("--manifest", tmp_path / "a.mp4", True)]) is None


# ---- folders written whole ------------------------------------------------------------------
def test_a_folder_that_only_looks_like_ours_is_never_replaced(folder):
    (folder / "clip").mkdir()
    (folder / "clip" / "index.json").write_text("{}")            # as an earlier version wrote
    (folder / "clip" / "lecture.mp4").write_bytes(b"a user's own video")
    (folder / "deck").mkdir()
    (folder / "deck" / "deck.json").write_text("{}")
    (folder / "deck" / "index.html").write_text("<p>my page</p>")
    before = snapshot(folder)
    r = cli("render", "tiny-tiny", "--quality", "low", "--fps", "4", "-o", "clip.mp4", "--sections", cwd=folder)
    assert "was not written by this tool" in assert_one_error(r, "--sections")
    r = cli("slides", "tiny-tiny", "--quality", "low", "--fps", "4", "--to", "html", "-o", "deck", cwd=folder)
    assert "was not written by this tool" in assert_one_error(r, "-o")
    assert_unchanged(before, folder)


def test_our_folder_is_replaced_until_the_user_puts_something_in_it(folder):
    args = ["render", "tiny-tiny", "--quality", "low", "--fps", "4", "-o", "clip.mp4", "--sections", "-q"]
    assert cli(*args, cwd=folder).returncode == 0
    assert cli(*args, cwd=folder).returncode == 0             # ours, unchanged: replaced
    index = json.loads((folder / "clip" / "index.json").read_text())
    (folder / "clip" / "my-notes.txt").write_text("mine")
    before = snapshot(folder)
    assert "holds my-notes.txt" in assert_one_error(cli(*args, cwd=folder), "--sections")
    (folder / "clip" / "my-notes.txt").unlink()
    (folder / "clip" / index["sections"][0]["file"]).write_bytes(b"edited by hand")
    assert "was changed since" in assert_one_error(cli(*args, cwd=folder), "--sections")
    assert_unchanged({k: v for k, v in before.items() if k != "clip/my-notes.txt"} |
                     {f"clip/{index['sections'][0]['file']}": b"edited by hand"}, folder)


def test_a_deck_into_the_current_folder_is_refused_and_leaves_nothing(tmp_path):
    r = cli("slides", "tiny-tiny", "--to", "html", "-o", ".", cwd=tmp_path)
    assert "is the current folder" in assert_one_error(r, "-o")
    assert not list(tmp_path.iterdir())


# ---- the render cache -------------------------------------------------------------------------
def _cached(folder: Path, out: str, *extra):
    env = {"ILLUSTRATED_RNN_CACHE": str(folder / "cache")}
    return cli("preview", "tiny-tiny", "--quality", "low", "-o", out, *extra, cwd=folder, env=env)


def _entry(folder: Path) -> Path:
    entry, = (folder / "cache" / "renders").iterdir()
    return entry


def test_a_damaged_cached_render_is_rendered_again(folder):
    assert _cached(folder, "first.png", "--manifest", "first.json").returncode == 0
    good = (folder / "first.png").read_bytes()
    result = next(p for p in _entry(folder).iterdir() if p.suffix == ".png")
    result.write_bytes(result.read_bytes()[:100])                 # cut short
    r = _cached(folder, "first.png", "--manifest", "first.json")
    assert r.returncode == 0 and "reused" not in r.stderr
    assert (folder / "first.png").read_bytes() == good
    r = _cached(folder, "second.png")
    assert "reused the cached render" in r.stderr and (folder / "second.png").read_bytes() == good


def test_a_crafted_cache_record_cannot_reach_outside_the_entry(folder):
    assert _cached(folder, "first.png").returncode == 0
    good = (folder / "first.png").read_bytes()
    victim = folder / "out" / "notes.txt"
    record_file = _entry(folder) / "complete"
    record = json.loads(record_file.read_text())
    name = os.path.relpath(victim, _entry(folder))
    record["result"] = name
    record["files"][name] = [victim.stat().st_size, "0" * 64]
    record_file.write_text(json.dumps(record))
    before = snapshot(folder / "out")
    assert _cached(folder, "second.png").returncode == 0
    assert_unchanged(before, folder / "out")
    assert (folder / "second.png").read_bytes() == good


def test_an_output_from_the_cache_gets_the_time_it_was_delivered(folder):
    assert _cached(folder, "first.png").returncode == 0
    old = 1_000_000_000
    for p in _entry(folder).rglob("*"):
        os.utime(p, (old, old))
    assert "reused" in _cached(folder, "second.png").stderr
    assert (folder / "second.png").stat().st_mtime > old + 1e8


def test_a_cache_folder_holding_someone_elses_files_is_never_pruned(folder):
    mine = folder / "mine"
    (mine / "renders").mkdir(parents=True)
    for k in range(120):                          # more than the cache keeps
        (mine / "renders" / f"photo{k}.jpg").write_bytes(b"a photo")
    (mine / "thesis.tex").write_text("mine")
    before = snapshot(mine)
    r = cli("preview", "tiny-tiny", "--quality", "low", "-o", "a.png", cwd=folder,
            env={"ILLUSTRATED_RNN_CACHE": str(mine)})
    assert r.returncode == 0 and "caching is off" in r.stderr
    assert_unchanged(before, mine)


# ---- batches ---------------------------------------------------------------------------------
@pytest.mark.parametrize("jobs, blamed", [
    ('output = "out/a.png"\n[[job]]\nscene = "tiny-tiny"\noutput = "out/x/../a.png"', "job 2 -o"),
    ('output = "out/a.png"\nmanifest = "m.json"\n[[job]]\nscene = "tiny-tiny"\noutput = "out/b.png"\n'
     'manifest = "m.json"', "job 2 --manifest"),
    ('output = "out/a.png"\n[[job]]\nscene = "tiny-tiny"\noutput = "out/b.png"\nmanifest = "out/a.png"',
     "job 2 --manifest"),
    ('output = "out/a.png"\nmanifest = "jobs.toml"', "job 1 --manifest"),
    ('output = "out/a.mp4"\nsections = true\n[[job]]\nscene = "tiny-tiny"\noutput = "out/b.png"\n'
     'manifest = "out/a/m.json"', "job 2 --manifest"),
])
def test_batch_paths_are_distinct_across_jobs_before_anything_runs(folder, jobs, blamed):
    (folder / "jobs.toml").write_text(f'[[job]]\nscene = "tiny-tiny"\n{jobs}\n')
    before = snapshot(folder)
    line = assert_one_error(cli("batch", "jobs.toml", cwd=folder), "SPEC")
    assert line.startswith(f"error: SPEC: {blamed}:"), line
    assert_unchanged(before, folder)


@pytest.mark.parametrize("args, option", [
    (["preview", "tanh", "-o", "t.png", "--manifest", "pipe.png"], "--manifest"),
    (["preview", "tanh", "-o", "pipe.png"], "-o"),
])
def test_a_fifo_in_the_way_of_an_output_is_never_replaced(tmp_path, args, option):
    os.mkfifo(tmp_path / "pipe.png")
    r = cli(*args, cwd=tmp_path, env={"ILLUSTRATED_RNN_CACHE": "off"})
    assert_one_error(r, option)
    assert os.listdir(tmp_path) == ["pipe.png"] and stat.S_ISFIFO(os.lstat(tmp_path / "pipe.png").st_mode)
