#!/usr/bin/env python3
"""Is this tree slower than an earlier revision? Both measured in one run, interleaved.

For each scene and quality, renders of REV (checked out in a temporary `git worktree`,
run with this .venv) and of this working tree alternate, so a drift in the machine's
load falls on both alike. Each render is a fresh `render.py render` process with empty
render and play caches; the text cache is kept, as on any later render (a first,
uncounted round fills it). The same input
is given to both (`--input`), so both draw the same run, and the figure compared is
wall seconds per second of video (the real-time factor), since a scene's length may
differ between revisions. Reported: each side's median and the ratio this/REV, and the
median wall seconds and video length of each (a longer video of held frames lowers the
factor without drawing any faster).

    .venv/bin/python benchmarks/compare_revisions.py REV [--scenes lstm,rnn-cell]
        [--qualities low,medium] [--runs 3] [--json benchmarks/results.json]
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import NEW_INPUT, PY, ROOT, empty_caches, probe, timed  # noqa: E402


def worktree(rev: str, where: Path) -> Path:
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(where), rev], cwd=ROOT, check=True)
    return where


def render_cmd(tree: Path, scene: str, quality: str, out: Path) -> list:
    return [PY, str(tree / "render.py"), "render", scene, "--quality", quality, "--input", NEW_INPUT,
            "-o", str(out), "--quiet"]


def compare(trees: dict, scene: str, quality: str, runs: int) -> dict:
    rtfs, walls, video = {name: [] for name in trees}, {name: [] for name in trees}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(runs + 1):           # the first round lays out text: not counted
            for name, tree in trees.items():
                out = Path(tmp) / f"{name}.mp4"
                out.unlink(missing_ok=True)
                empty_caches(text=False)
                wall = timed(render_cmd(tree, scene, quality, out), cwd=tree)[0]
                video[name] = probe(out)[1]
                if k:
                    rtfs[name].append(wall / video[name])
                    walls[name].append(wall)
    med = {name: statistics.median(v) for name, v in rtfs.items()}
    return {"scene": scene, "quality": quality, "runs": runs,
            **{f"rtf_{name}": round(m, 3) for name, m in med.items()},
            "ratio": round(med["this"] / med["rev"], 3),
            **{f"wall_{name}": round(statistics.median(v), 2) for name, v in walls.items()},
            **{f"video_s_{name}": round(v, 2) for name, v in video.items()},
            "rtfs": {name: [round(x, 3) for x in v] for name, v in rtfs.items()}}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rev")
    ap.add_argument("--scenes", default="lstm,rnn-cell")
    ap.add_argument("--qualities", default="low,medium")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", default=str(ROOT / "benchmarks" / "results.json"))
    a = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        old = worktree(a.rev, Path(tmp) / "rev")
        try:
            for scene in a.scenes.split(","):
                for q in a.qualities.split(","):
                    r = compare({"rev": old, "this": ROOT}, scene, q, a.runs)
                    rows.append(r)
                    print(f"{scene:<10} {q:<7} RTF {a.rev}: {r['rtf_rev']:.3f}  this: {r['rtf_this']:.3f}"
                          f"  ratio {r['ratio']:.3f}  (wall {r['wall_rev']:.1f} s for {r['video_s_rev']:.1f} s"
                          f" of video, this {r['wall_this']:.1f} s for {r['video_s_this']:.1f} s)", flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT, check=False)
    path = Path(a.json)
    kept = json.loads(path.read_text()) if path.exists() else {}
    path.write_text(json.dumps({**kept, "against_revision": {"rev": a.rev, "rows": rows}}, indent=2) + "\n")
    print(f"wrote {a.json}")


if __name__ == "__main__":
    main()
