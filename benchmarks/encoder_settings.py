#!/usr/bin/env python3
"""Encoder settings measured on real frames: speed, file size and quality per x264 setting.

Step 1 renders a scene once and keeps the RGBA frames it hands the encoder (with their
repeat counts) in a raw file; step 2 encodes those frames with each candidate setting,
the candidates interleaved round by round (this machine is shared and noisy), and
reports medians: wall ms per output frame, CPU ms per output frame (all threads of
this process: what competes with drawing in a render), file size, and quality against
the frames the codec was given (the same RGBA -> yuv420p conversion): PSNR of Y, U, V
over the whole clip, the worst frame's Y PSNR, and mean SSIM of Y.

    .venv/bin/python benchmarks/encoder_settings.py capture lstm --quality medium --raw /tmp/f.raw
    .venv/bin/python benchmarks/encoder_settings.py compare --raw /tmp/f.raw [--rounds 3]
        [--frames 400] [--only current,superfast]
    .venv/bin/python benchmarks/encoder_settings.py paths --raw /tmp/f.raw   # Manim's vs ours

The capture wraps FastSegmentEncoder.write_frame in this process only (a benchmark tool,
not the product), so the frames are exactly what a render encodes.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from av.video.reformatter import VideoReformatter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.media.encoders import ENCODER_OPTIONS  # noqa: E402

CURRENT = ENCODER_OPTIONS["mp4"]

# name -> x264 options (each on top of nothing: complete settings)
CANDIDATES = {
    "current": CURRENT,
    "frame-threads": {**CURRENT, "thread_type": "frame"},
    "no-mbtree": {**CURRENT, "x264-params": "mbtree=0"},
    "lookahead5": {**CURRENT, "rc-lookahead": "5"},
    "aq0": {**CURRENT, "aq-mode": "0"},
    "bframes2": {**CURRENT, "bf": "2"},
    "superfast": {**CURRENT, "preset": "superfast"},
    "superfast-frame": {**CURRENT, "preset": "superfast", "thread_type": "frame"},
    "ultrafast": {**CURRENT, "preset": "ultrafast"},
    "faster": {**CURRENT, "preset": "faster"},
    "threads1": {**CURRENT, "threads": "1"},
}
FRAME = {**CURRENT, "thread_type": "frame"}
CANDIDATES.update({      # round 2: knobs on top of frame threads
    "frame-t2": {**FRAME, "threads": "2"},
    "frame-t4": {**FRAME, "threads": "4"},
    "frame-weightp0": {**FRAME, "x264-params": "weightp=0"},
    "frame-subme1": {**FRAME, "x264-params": "subme=1"},
    "frame-me-dia": {**FRAME, "x264-params": "me=dia"},
    "frame-badapt0": {**FRAME, "x264-params": "b-adapt=0"},
    "frame-partitions": {**FRAME, "x264-params": "partitions=i8x8,i4x4"},
    "frame-superfast-crf23": {**FRAME, "preset": "superfast", "crf": "23"},
    "frame-superfast-crf25": {**FRAME, "preset": "superfast", "crf": "25"},
})


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def capture(scene: str, quality: str, raw: Path, limit: int | None = None) -> None:
    """Render `scene` (jobs 1, cache off) and append the frames the encoder gets to `raw`
    (the first `limit` calls only, if given: 1080p frames are 8 MB each)."""
    os.environ["ILLUSTRATED_RNN_CACHE"] = "off"
    from pipeline.speedups.frame_encoder import FastSegmentEncoder
    from pipeline.rendering.request import QUALITY_SIZES
    out = open(raw, "wb")
    repeats = []
    write = FastSegmentEncoder.write_frame

    def keep(self, pixels, *, repeat=1):
        if limit is None or len(repeats) < limit:
            out.write(pixels.tobytes())
            repeats.append(repeat)
        return write(self, pixels, repeat=repeat)

    FastSegmentEncoder.write_frame = keep
    with tempfile.TemporaryDirectory() as tmp:
        sys.argv = ["render.py", "render", scene, "--quality", quality, "-o", f"{tmp}/x.mp4",
                    "--jobs", "1", "--quiet"]
        import runpy
        try:
            runpy.run_path(str(ROOT / "render.py"), run_name="__main__")
        except SystemExit as e:
            if e.code:
                raise
    out.close()
    w, h, fps = QUALITY_SIZES[quality]
    Path(str(raw) + ".json").write_text(json.dumps(
        {"scene": scene, "quality": quality, "width": w, "height": h, "fps": fps,
         "repeats": repeats}))
    print(f"{len(repeats)} distinct frames, {sum(repeats)} output frames -> {raw}")


def load(raw: Path, limit: int | None):
    meta = json.loads(Path(str(raw) + ".json").read_text())
    h, w = meta["height"], meta["width"]
    mm = np.memmap(raw, dtype=np.uint8, mode="r").reshape(-1, h, w, 4)
    repeats = meta["repeats"]
    frames, total = [], 0
    for i, r in enumerate(repeats):
        if limit is not None and total >= limit:
            break
        r = min(r, limit - total) if limit is not None else r
        frames.append((np.array(mm[i]), r))       # in memory: timing the encoder, not disk
        total += r
    return meta, frames


def encode(frames, meta, options: dict, path: Path, cls=None) -> tuple:
    """(wall s, cpu s) to encode `frames` like a render does (FastSegmentEncoder's path)."""
    from manim._config.video_encoder import VideoEncoderSpec
    from pipeline.speedups.frame_encoder import FastSegmentEncoder
    spec = VideoEncoderSpec("mp4", "libx264", "yuv420p", meta["width"], meta["height"],
                            Fraction(meta["fps"]), tuple(sorted(options.items())))
    c0, t0 = cpu_seconds(), time.perf_counter()
    enc = (cls or FastSegmentEncoder)(target=path, spec=spec)
    for pixels, repeat in frames:
        enc.write_frame(pixels, repeat=repeat)
    enc.finish()
    return time.perf_counter() - t0, cpu_seconds() - c0


def _ssim(a: np.ndarray, b: np.ndarray) -> float:
    from scipy.ndimage import uniform_filter
    a, b = a.astype(np.float64), b.astype(np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mu_a, mu_b = uniform_filter(a, 7), uniform_filter(b, 7)
    va = uniform_filter(a * a, 7) - mu_a ** 2
    vb = uniform_filter(b * b, 7) - mu_b ** 2
    cov = uniform_filter(a * b, 7) - mu_a * mu_b
    s = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a ** 2 + mu_b ** 2 + c1) * (va + vb + c2))
    return float(s.mean())


def quality(frames, meta, path: Path) -> dict:
    """PSNR (Y, U, V over the clip; worst frame's Y) and mean Y SSIM against the codec's input."""
    w, h = meta["width"], meta["height"]
    rf = VideoReformatter()
    sources = []
    for pixels, repeat in frames:
        yuv = rf.reformat(av.VideoFrame.from_numpy_buffer(pixels, format="rgba"), w, h, "yuv420p")
        planes = [np.frombuffer(p, np.uint8).reshape(p.height, p.line_size)[:, :p.width]
                  for p in yuv.planes]
        sources += [planes] * repeat
    se = np.zeros(3)
    n = np.zeros(3)
    worst, ssims = 99.0, []
    with av.open(str(path)) as c:
        for i, f in enumerate(c.decode(video=0)):
            planes = [np.frombuffer(p, np.uint8).reshape(p.height, p.line_size)[:, :p.width]
                      for p in f.planes]
            for k in range(3):
                d = planes[k].astype(np.int32) - sources[i][k]
                se[k] += float((d * d).sum())
                n[k] += d.size
            mse_y = float(((planes[0].astype(np.int32) - sources[i][0]) ** 2).mean())
            worst = min(worst, 99.0 if mse_y == 0 else 10 * np.log10(255 ** 2 / mse_y))
            if i % 5 == 0:
                ssims.append(_ssim(planes[0], sources[i][0]))
    assert i + 1 == len(sources), (i + 1, len(sources))
    psnr = [99.0 if s == 0 else 10 * np.log10(255 ** 2 * cnt / s) for s, cnt in zip(se, n)]
    return {"psnr_y": round(psnr[0], 2), "psnr_u": round(psnr[1], 2), "psnr_v": round(psnr[2], 2),
            "worst_y": round(worst, 2), "ssim_y": round(float(np.mean(ssims)), 5)}


def compare(raw: Path, rounds: int, limit: int | None, only: list | None) -> None:
    meta, frames = load(raw, limit)
    n_out = sum(r for _, r in frames)
    names = only or list(CANDIDATES)
    walls = {k: [] for k in names}
    cpus = {k: [] for k in names}
    sizes, quals = {}, {}
    print(f"{meta['scene']} {meta['quality']} {meta['width']}x{meta['height']}@{meta['fps']}: "
          f"{len(frames)} distinct frames, {n_out} output frames; {rounds} interleaved rounds",
          flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for rnd in range(rounds):
            order = names if rnd % 2 == 0 else names[::-1]
            for name in order:
                path = Path(tmp) / f"{name}.mp4"
                wall, cpu = encode(frames, meta, CANDIDATES[name], path)
                walls[name].append(wall)
                cpus[name].append(cpu)
                if name not in sizes:
                    sizes[name] = path.stat().st_size
                    quals[name] = quality(frames, meta, path)
    base = names[0]
    bw, bc = statistics.median(walls[base]), statistics.median(cpus[base])
    print(f"{'setting':<16} {'wall ms/f':>9} {'cpu ms/f':>9} {'wall x':>7} {'cpu x':>6} "
          f"{'size kB':>8} {'size x':>6} {'PSNR Y':>7} {'U':>6} {'V':>6} {'worst Y':>7} {'SSIM Y':>7}")
    result = []
    for name in names:
        w, c = statistics.median(walls[name]), statistics.median(cpus[name])
        q = quals[name]
        print(f"{name:<16} {1e3 * w / n_out:>9.2f} {1e3 * c / n_out:>9.2f} {w / bw:>7.2f} "
              f"{c / bc:>6.2f} {sizes[name] / 1e3:>8.0f} {sizes[name] / sizes[base]:>6.2f} "
              f"{q['psnr_y']:>7.2f} {q['psnr_u']:>6.2f} {q['psnr_v']:>6.2f} {q['worst_y']:>7.2f} "
              f"{q['ssim_y']:>7.4f}")
        result.append({"setting": name, "options": CANDIDATES[name],
                       "wall_ms_per_frame": round(1e3 * w / n_out, 3),
                       "cpu_ms_per_frame": round(1e3 * c / n_out, 3),
                       "walls": [round(x, 3) for x in walls[name]], "bytes": sizes[name], **q})
    return result


def paths(raw: Path, rounds: int, n: int) -> None:
    """Manim's VideoSegmentEncoder against FastSegmentEncoder at the renders' settings, on
    `n` distinct frames and on one frame held for `n` frames; interleaved rounds."""
    from manim.scene.video_segment_encoder import VideoSegmentEncoder
    from pipeline.speedups.frame_encoder import FastSegmentEncoder
    meta, frames = load(raw, None)
    distinct = [(p, 1) for p, _ in frames[:n]]
    held = [(frames[len(frames) // 2][0], n)]
    cases = {(kind, cls.__name__): (fr, cls) for kind, fr in (("distinct", distinct), ("held", held))
             for cls in (VideoSegmentEncoder, FastSegmentEncoder)}
    walls = {k: [] for k in cases}
    cpus = {k: [] for k in cases}
    with tempfile.TemporaryDirectory() as tmp:
        for rnd in range(rounds):
            for key in (list(cases) if rnd % 2 == 0 else list(cases)[::-1]):
                fr, cls = cases[key]
                wall, cpu = encode(fr, meta, ENCODER_OPTIONS["mp4"], Path(tmp) / "p.mp4", cls)
                walls[key].append(wall)
                cpus[key].append(cpu)
    print(f"{meta['width']}x{meta['height']}, {n} frames, {rounds} interleaved rounds, medians:")
    for kind in ("distinct", "held"):
        base = (kind, "VideoSegmentEncoder")
        for key in [k for k in cases if k[0] == kind]:
            w, c = statistics.median(walls[key]), statistics.median(cpus[key])
            print(f"  {kind:<8} {key[1]:<20} wall {1e3 * w / n:6.2f} ms/frame  cpu {1e3 * c / n:6.2f} "
                  f"ms/frame  (x{w / statistics.median(walls[base]):.2f} wall, "
                  f"x{c / statistics.median(cpus[base]):.2f} cpu)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("capture")
    c.add_argument("scene")
    c.add_argument("--quality", default="medium")
    c.add_argument("--raw", required=True, type=Path)
    c.add_argument("--limit", type=int, default=None, help="keep only the first N frames")
    m = sub.add_parser("compare")
    m.add_argument("--raw", required=True, type=Path)
    m.add_argument("--rounds", type=int, default=3)
    m.add_argument("--frames", type=int, default=None, help="only the first N output frames")
    m.add_argument("--only", default=None, help="comma-separated setting names; first is the baseline")
    m.add_argument("--json", type=Path, default=None)
    p = sub.add_parser("paths", help="Manim's segment encoder vs FastSegmentEncoder")
    p.add_argument("--raw", required=True, type=Path)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--frames", type=int, default=300)
    a = ap.parse_args()
    if a.cmd == "capture":
        capture(a.scene, a.quality, a.raw, a.limit)
    elif a.cmd == "paths":
        paths(a.raw, a.rounds, a.frames)
    else:
        result = compare(a.raw, a.rounds, a.frames, a.only.split(",") if a.only else None)
        if a.json:
            a.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
