#!/usr/bin/env python3
"""Rendering speed, measured honestly: one run of this script gives every number.

For each scene and quality: frames, video seconds, wall seconds (median of --runs
renders, each a fresh `render.py render` process, imports included), the real-time
factor (wall / video seconds), and the encode floor: the time to encode the same number
of frames at the same size, through the same encoder class and settings, with nothing
drawn (see encode_floor). Also `preview` wall time, `trace` of a 10,000-step LSTM with
hidden size 128, and peak memory.

The render cache and the clips of plays (pipeline/speedups/play_cache.py) are never used: each
render starts with both empty. The text cache (scenes/parts/text.py) is reported both ways:
"cold" renders start with it empty, as the very first render on a machine does; the
other renders find the text earlier renders laid out, as every later one does. "new
input" renders the scene with an input it has not seen: captions and labels are
cached, the numbers are new.

Reuse of plays (--reuse, a chain scene at medium): the scene rendered for one input
with no clips kept, then with the clips of that render kept: the same input again (its
finished movie evicted from the render cache), and the input with only its last step
changed, which reuses the plays of the steps before it.

    .venv/bin/python benchmarks/bench.py [--scenes lstm,rnn-cell] [--qualities low,medium,high]
        [--runs 3] [--jobs N] [--reuse lstm-chain] [--json benchmarks/results.json]
"""

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.media.encoders import ENCODER_OPTIONS  # noqa: E402
from pipeline.rendering.request import QUALITY_SIZES  # noqa: E402

PY = sys.executable
CACHE = Path(tempfile.mkdtemp(prefix="bench-cache-"))
os.environ["ILLUSTRATED_RNN_CACHE"] = str(CACHE)
NEW_INPUT = "0.7,-0.3,0.2; 0.05,1.5,-1; 2,0.4,0.6; -0.8,0.9,1.1; 0.3,0.3,-2"
LAST_STEP_CHANGED = "0.7,-0.3,0.2; 0.05,1.5,-1; 2,0.4,0.6; -0.8,0.9,1.1; 1.2,-0.6,0.1"


def empty_caches(text: bool, plays: bool = True) -> None:
    """No render is served from the render cache; `plays`: nor from clips of plays;
    `text`: forget laid-out text too."""
    shutil.rmtree(CACHE / "renders", ignore_errors=True)
    if plays:
        shutil.rmtree(CACHE / "plays", ignore_errors=True)
    if text:
        shutil.rmtree(CACHE / "text", ignore_errors=True)


def timed(cmd: list, cwd: Path = ROOT) -> tuple:
    """(wall seconds, peak RSS in MB of the child) for one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def probe(path: Path) -> tuple:
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        frames = s.frames or sum(1 for _ in c.decode(s))
        return frames, float(s.duration * s.time_base) if s.duration else frames / float(s.average_rate)


def floor_spec(width: int, height: int, fps: int):
    """The encoder settings an mp4 render resolves to (Manim's defaults + ENCODER_OPTIONS)."""
    from manim._config.output import OutputFormat, OutputSpec
    from manim._config.video_encoder import resolve_video_encoder
    output = OutputSpec(format=OutputFormat.MP4, transparent=False, save_sections=False,
                        fallback_to_still=False)
    return resolve_video_encoder(output, width=width, height=height, frame_rate=fps,
                                 options=ENCODER_OPTIONS["mp4"])


def encode_floor(frames: int, width: int, height: int, fps: int, runs: int) -> float:
    """Median seconds to encode `frames` blank frames exactly as a render encodes its frames.

    The same encoder class the renders write with (pipeline.speedups.frame_encoder's
    FastSegmentEncoder), the same resolved settings (codec, pixel format, options), RGBA
    input, and every frame handed over on its own (`repeat=1`) as a separate array, the
    way drawing hands them over: no held-frame shortcut, which a render gets only for
    its waits. The arrays come from a small pool made before the clock starts, so the
    floor holds encoding only (a render also copies each drawn frame; that is drawing).
    So render wall / floor compares like with like: what drawing adds on top of encoding.
    """
    from pipeline.speedups.frame_encoder import FastSegmentEncoder
    spec = floor_spec(width, height, fps)
    pool = [np.full((height, width, 4), 255, dtype=np.uint8) for _ in range(8)]
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            enc = FastSegmentEncoder(target=Path(tmp) / "floor.mp4", spec=spec)
            for i in range(frames):
                enc.write_frame(pool[i % len(pool)], repeat=1)
            enc.finish()
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_render(scene: str, quality: str, runs: int, jobs: int | None, cold: bool = False) -> dict:
    """Median of `runs` renders; with `cold`, also one render with the text cache empty first."""
    walls, peaks = [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{scene}.mp4"
        cmd = [PY, "render.py", "render", scene, "--quality", quality, "-o", str(out), "--quiet"]
        if jobs is not None:
            cmd += ["--jobs", str(jobs)]
        cold_wall = None
        if cold:
            empty_caches(text=True)
            cold_wall = timed(cmd)[0]
        for _ in range(runs):
            out.unlink(missing_ok=True)
            empty_caches(text=False)
            wall, peak = timed(cmd)
            walls.append(wall)
            peaks.append(peak)
        frames, seconds = probe(out)
        new_input = None
        if cold:
            empty_caches(text=False)
            new_input = timed(cmd + ["--input", NEW_INPUT])[0]
    width, height, fps = QUALITY_SIZES[quality]
    floor = encode_floor(frames, width, height, fps, runs)
    wall = statistics.median(walls)
    return {"scene": scene, "quality": quality, "jobs": jobs, "frames": frames,
            "video_s": round(seconds, 2), "wall_s": round(wall, 2), "walls": [round(w, 2) for w in walls],
            "cold_text_wall_s": cold_wall and round(cold_wall, 2),
            "new_input_wall_s": new_input and round(new_input, 2),
            "rtf": round(wall / seconds, 3), "floor_s": round(floor, 2),
            "render_over_floor": round(wall / floor, 2), "peak_mb": round(max(peaks))}


def bench_preview(scene: str, runs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [PY, "render.py", "preview", scene, "-o", f"{tmp}/p.png", "--quiet"]
        empty_caches(text=True)
        cold = timed(cmd)[0]
        walls = []
        for _ in range(runs):
            empty_caches(text=False)
            walls.append(timed(cmd)[0])
    return {"scene": scene, "wall_s": round(statistics.median(walls), 2), "walls": [round(w, 2) for w in walls],
            "cold_text_wall_s": round(cold, 2)}


def bench_reuse(scene: str, runs: int) -> dict:
    """Medians of `runs`: no clips kept; the same input from kept clips; the last step changed."""
    fresh, same, changed, reused = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{scene}.mp4"
        cmd = [PY, "render.py", "render", scene, "--quality", "medium", "-o", str(out), "--quiet"]
        for _ in range(runs):
            empty_caches(text=False)
            fresh.append(timed(cmd + ["--input", NEW_INPUT])[0])
            clips = set((CACHE / "plays").glob("*.mp4"))
            empty_caches(text=False, plays=False)
            same.append(timed(cmd + ["--input", NEW_INPUT])[0])
            empty_caches(text=False, plays=False)
            changed.append(timed(cmd + ["--input", LAST_STEP_CHANGED])[0])
            drawn = set((CACHE / "plays").glob("*.mp4")) - clips     # clips of new plays
            reused.append(len(clips) - len(drawn))
        frames, seconds = probe(out)
    med = statistics.median
    return {"scene": scene, "quality": "medium", "video_s": round(seconds, 2),
            "fresh_wall_s": round(med(fresh), 2), "same_input_wall_s": round(med(same), 2),
            "last_step_changed_wall_s": round(med(changed), 2), "plays": len(clips),
            "plays_reused_when_last_step_changed": min(reused),
            "walls": {"fresh": fresh, "same": same, "changed": changed}}


def bench_trace(runs: int) -> dict:
    from cells import RunOptions, make_trace
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.npy"
        np.save(path, rng.normal(size=(10_000, 128)))
        opts = RunOptions(cell="lstm", input_file=str(path), hidden=128)
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            make_trace(opts)
            times.append(time.perf_counter() - t0)
    return {"steps": 10_000, "hidden": 128, "input": 128, "wall_s": round(statistics.median(times), 3)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenes", default="lstm,rnn-cell")
    ap.add_argument("--qualities", default="low,medium,high")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", default="", help="also compare these --jobs values, e.g. 1,2")
    ap.add_argument("--reuse", default="", help="measure reuse of plays on these scenes, e.g. lstm-chain")
    ap.add_argument("--json", default=str(ROOT / "benchmarks" / "results.json"))
    a = ap.parse_args()
    result = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "platform": platform.platform()},
              "runs": a.runs, "renders": [], "previews": [], "trace": None, "jobs": [],
              "reuse": []}
    for scene in a.scenes.split(","):
        for q in a.qualities.split(","):
            r = bench_render(scene, q, a.runs, None, cold=True)
            result["renders"].append(r)
            print(f"{scene:<12} {q:<7} {r['frames']:>5} frames {r['video_s']:>6.1f} s video "
                  f"wall {r['wall_s']:>6.2f} s  RTF {r['rtf']:.2f}  floor {r['floor_s']:.2f} s  "
                  f"render/floor {r['render_over_floor']:.2f}  peak {r['peak_mb']} MB  "
                  f"cold text {r['cold_text_wall_s']:.2f} s  new input {r['new_input_wall_s']:.2f} s",
                  flush=True)
        p = bench_preview(scene, a.runs)
        result["previews"].append(p)
        print(f"{scene:<12} preview wall {p['wall_s']:.2f} s (cold text {p['cold_text_wall_s']:.2f} s)",
              flush=True)
    if a.jobs:
        for scene in a.scenes.split(","):
            for j in (int(x) for x in a.jobs.split(",")):
                r = bench_render(scene, "medium", a.runs, j)
                result["jobs"].append(r)
                print(f"{scene:<12} medium --jobs {j}: wall {r['wall_s']:.2f} s", flush=True)
    for scene in filter(None, a.reuse.split(",")):
        r = bench_reuse(scene, a.runs)
        result["reuse"].append(r)
        print(f"{scene:<12} medium: no clips {r['fresh_wall_s']:.2f} s, same input from clips "
              f"{r['same_input_wall_s']:.2f} s, last step changed {r['last_step_changed_wall_s']:.2f} s "
              f"({r['plays_reused_when_last_step_changed']} of {r['plays']} plays reused)", flush=True)
    result["trace"] = bench_trace(a.runs)
    print(f"trace lstm 10000 steps, hidden 128: {result['trace']['wall_s']:.3f} s", flush=True)
    path = Path(a.json)
    kept = json.loads(path.read_text()) if path.exists() else {}   # keys other benchmarks wrote
    path.write_text(json.dumps({**kept, **result}, indent=2) + "\n")
    shutil.rmtree(CACHE, ignore_errors=True)
    print(f"wrote {a.json}")


if __name__ == "__main__":
    main()
