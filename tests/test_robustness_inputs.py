"""Every bad input is one line `error: OPTION: ...`, exit 2, no traceback and no file left
behind: files that would hang or that are not files, JSON nested to blow the stack,
config values of the wrong type, numbers that cannot be drawn or that overflow, names
too long for the file system, a word too long to draw, a stdout that cannot be written.
Each case is the real command line, on files the test makes; a join of clips whose
folder has an apostrophe in its name (a cache, HOME or TMPDIR) is a real FFmpeg join."""

import os
import subprocess

import av
import numpy as np
import pytest

from pipeline.media.join import join_clips
from tests.helpers.robust import CLI, assert_one_error, assert_unchanged, cli, snapshot

W = dict(weight_ih_l0=np.zeros((3, 3)), weight_hh_l0=np.zeros((3, 3)), bias_ih_l0=np.zeros(3),
         bias_hh_l0=np.zeros(3))


def _fifo(folder, name):
    os.mkfifo(folder / name)


def _nested(folder, name):
    (folder / name).write_text("[" * 100_000 + "]" * 100_000)


def _overflowing(folder, name):
    np.savez(folder / name, **{**W, "weight_ih_l0": np.full((3, 3), 1e308)})


def _config_folder(folder, name):
    (folder / name).mkdir()


def _config(text):
    return lambda folder, name: (folder / name).write_text(text)


CASES = {   # id: (arguments, the option blamed, (make, file name) or None)
    "weights FIFO": (["trace", "rnn", "--weights", "w.npz"], "--weights", (_fifo, "w.npz")),
    "weights device": (["trace", "rnn", "--weights", "/dev/zero"], "--weights", None),
    "per-cell weights FIFO": (["preview", "compare", "--weights-rnn", "w.npz", "-o", "c.png"],
                              "--weights-rnn", (_fifo, "w.npz")),
    "input nested JSON": (["trace", "rnn", "--input-file", "x.json"], "--input-file", (_nested, "x.json")),
    "config is a folder": (["trace", "rnn"], "illustrated-rnn.toml", (_config_folder, "illustrated-rnn.toml")),
    "config seed 1.9": (["trace", "rnn"], "illustrated-rnn.toml", (_config("seed = 1.9\n"), "illustrated-rnn.toml")),
    "config seed true": (["trace", "rnn"], "illustrated-rnn.toml", (_config("seed = true\n"), "illustrated-rnn.toml")),
    "spec FIFO": (["batch", "jobs.toml"], "SPEC", (_fifo, "jobs.toml")),
    "empty shard": (["batch", "jobs.toml", "--shard", ""], "--shard",
                    (_config('[[job]]\nscene = "tanh"\noutput = "t.png"\n'), "jobs.toml")),
    "lr nan": (["preview", "gradient-update", "--lr", "nan", "-o", "g.png"], "--lr", None),
    "lr too large to draw": (["preview", "gradient-update", "--lr", "1e308", "-o", "g.png"], "--lr", None),
    "overflow": (["trace", "rnn", "--weights", "w.npz", "--input", "5,5,5"], "--weights",
                 (_overflowing, "w.npz")),
    "word too long": (["preview", "rnn-cell", "--text", "a" * 1000 + " b", "-o", "p.png"], "--text", None),
    "name too long": (["preview", "tanh", "-o", "a" * 300 + ".png"], "-o", None),
}


@pytest.mark.parametrize("case", CASES)
def test_a_bad_input_is_one_line_and_changes_nothing(tmp_path, case):
    args, option, make = CASES[case]
    if make is not None:
        make[0](tmp_path, make[1])
    before = snapshot(tmp_path) if make is None or make[0] is not _fifo else {}
    r = cli(*args, cwd=tmp_path, env={"ILLUSTRATED_RNN_CACHE": "off"}, timeout=120)
    assert_one_error(r, option)
    if make is None or make[0] is not _fifo:        # a FIFO is not read by snapshot()
        assert_unchanged(before, tmp_path)


def test_a_stdout_that_cannot_be_written_is_one_line(tmp_path):
    with open("/dev/full", "w") as full:
        r = subprocess.run(CLI + ["trace", "rnn", "--json"], cwd=tmp_path, stdout=full,
                           stderr=subprocess.PIPE, text=True, timeout=120)
    assert_one_error(r, "stdout")


def _clip(path, frames: int) -> None:
    with av.open(str(path), mode="w") as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for i in range(frames):
            frame = av.VideoFrame.from_ndarray(np.full((64, 64, 3), 20 * i, np.uint8), format="rgb24")
            out.mux(stream.encode(frame))
        out.mux(stream.encode())


def test_clips_in_a_folder_with_an_apostrophe_are_joined(tmp_path):
    folder = tmp_path / "it's a 'cache'"
    folder.mkdir()
    _clip(folder / "a.mp4", 3)
    _clip(folder / "b.mp4", 4)
    join_clips([folder / "a.mp4", folder / "b.mp4"], tmp_path / "joined.mp4")
    with av.open(str(tmp_path / "joined.mp4")) as joined:
        assert sum(1 for _ in joined.decode(video=0)) == 7


@pytest.mark.parametrize("name, text", [("x.csv", "0.1,0.2,0.3\n" * 1000),
                                        ("x.json", "[" + ",".join(["[0.1,0.2,0.3]"] * 1000) + "]")])
def test_a_sequence_file_too_long_is_refused_before_it_is_parsed(tmp_path, monkeypatch, name, text):
    """A 96 MB CSV took minutes and 4 GB before its length was checked; now at most the
    allowed steps are parsed (MAX_STEPS made 10 here, the file has 1,000)."""
    from cells import forward, inputs
    monkeypatch.setattr(forward, "MAX_STEPS", 10)
    parsed = []
    real = inputs._finite_row
    monkeypatch.setattr(inputs, "_finite_row", lambda *a: parsed.append(1) or real(*a))
    (tmp_path / name).write_text(text)
    with pytest.raises(inputs.InputError, match="more than the limit of 10"):
        inputs.read_sequence_file(str(tmp_path / name))
    assert len(parsed) <= 10
