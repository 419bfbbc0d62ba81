"""Clips of plays are reused across renders (pipeline/speedups/play_cache.py), and only when right.

A chain is rendered for one input, then for the same input with its last step changed:
the plays before that step come from the first render's clips, the others are drawn
again, and the movie has the frames of a render that reuses nothing.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest

from manim import RIGHT, Circle, Dot, FadeIn, Scene, Square

from pipeline.speedups.frame_encoder import FastSegmentEncoder
from pipeline.rendering.manim_run import run_scene
from pipeline.speedups.play_cache import STORED, UNCACHED
from pipeline.rendering.progress import Progress
from scenes.params import SceneParams
from tests.test_frame_encoder import _frames, _spec

ROOT = Path(__file__).resolve().parent.parent
FIRST = "0.1,0.5,1; 1.2,2.1,0; -0.5,0.3,0.2; 0.7,-0.1,0.4"
LAST_CHANGED = "0.1,0.5,1; 1.2,2.1,0; -0.5,0.3,0.2; -0.9,0.8,0.1"


def render(tmp: Path, name: str, rows: str, cache: Path | str, jobs: int = 1) -> Path:
    out = tmp / f"{name}.mp4"
    subprocess.run([sys.executable, str(ROOT / "render.py"), "render", "lstm-chain",
                    "--quality", "low", "--fps", "3", "--jobs", str(jobs), "--input", rows,
                    "-o", str(out), "-q"],
                   check=True, cwd=tmp, env={**os.environ, "ILLUSTRATED_RNN_CACHE": str(cache)})
    return out


def frames(path: Path) -> list:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]


def clips(cache: Path) -> set:
    return {p.name for p in (cache / "plays").glob(f"*{STORED}")}


def assert_same_frames(a: Path, b: Path) -> None:
    fa, fb = frames(a), frames(b)
    assert len(fa) == len(fb) > 20
    worst = max(int(np.abs(x.astype(int) - y).max()) for x, y in zip(fa, fb))
    assert worst <= 2, f"frames differ by up to {worst} levels"


def test_a_changed_last_step_redraws_only_the_plays_that_show_it(tmp_path):
    cache = tmp_path / "cache"
    render(tmp_path, "first", FIRST, cache)
    before = clips(cache)
    changed = render(tmp_path, "changed", LAST_CHANGED, cache)
    after = clips(cache)
    new = after - before
    assert not list((cache / "plays").glob(".*.part")), "a clip was left half-written"
    # the earlier steps' plays were reused, the last step's were drawn again
    assert 0 < len(new) < len(before), (len(new), len(before))
    assert_same_frames(changed, render(tmp_path, "uncached", LAST_CHANGED, "off"))

    # The same request again (its finished movie evicted) draws nothing new, in parallel too.
    shutil.rmtree(cache / "renders")
    again = render(tmp_path, "again", LAST_CHANGED, cache, jobs=2)
    assert clips(cache) == after
    assert_same_frames(again, changed)


def test_an_unusable_cache_folder_costs_only_speed(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = tmp_path / "out.mp4"
    subprocess.run([sys.executable, str(ROOT / "render.py"), "render", "rnn-cell", "--quality",
                    "low", "--fps", "2", "--jobs", "1", "-o", str(out), "-q"],
                   check=True, cwd=tmp_path, env={**os.environ, "ILLUSTRATED_RNN_CACHE": str(blocker)})
    assert len(frames(out)) > 10


class _Updating(Scene):
    """One play with a time-based updater (never reused), then one without."""
    sections: list = []          # what run_scene reports (our scenes list theirs)

    def construct(self):
        dot = Dot()
        dot.add_updater(lambda m, dt: m.shift(RIGHT * dt))
        self.add(dot)
        self.play(FadeIn(Square()), run_time=1)
        dot.clear_updaters()
        self.play(FadeIn(Circle()), run_time=1)


def test_clips_of_plays_that_are_never_reused_are_not_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("ILLUSTRATED_RNN_CACHE", str(tmp_path / "cache"))
    made = run_scene(_Updating, SceneParams(), media_dir=tmp_path / "media", quality="low",
                     manim_format="mp4", transparent=False, fps=4, sections=False,
                     progress=Progress("test", enabled=False))
    assert len(frames(made.primary)) == 8
    assert [p.name.startswith(UNCACHED) for p in (tmp_path / "cache" / "plays").iterdir()] == [False]


@pytest.fixture
def spec():
    return _spec("mp4", transparent=False)


def test_a_clip_appears_only_when_complete(tmp_path, spec):
    target = tmp_path / "abc.mp4"
    encoder = FastSegmentEncoder(target=target, spec=spec)
    for pixels, repeat in _frames(False)[:3]:
        encoder.write_frame(pixels, repeat=repeat)
    assert not target.exists()                       # a render killed now leaves no clip
    encoder.finish()
    assert [p.name for p in tmp_path.iterdir()] == ["abc.mp4"]
    assert len(frames(target)) == 1 + 1 + 5


def test_an_aborted_clip_leaves_a_complete_one_alone(tmp_path, spec):
    target = tmp_path / "abc.mp4"
    target.write_bytes(b"a complete clip of another render")
    encoder = FastSegmentEncoder(target=target, spec=spec)
    encoder.write_frame(*_frames(False)[0][:1])
    encoder.abort()
    assert [p.name for p in tmp_path.iterdir()] == ["abc.mp4"]
    assert target.read_bytes() == b"a complete clip of another render"
