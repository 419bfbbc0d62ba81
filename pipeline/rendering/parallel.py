"""Render the sections of one scene in several processes, then join the clips.

Every process runs the whole scene (Manim's config is process-global, and later sections
need the state earlier ones built), but draws frames only for its share of the sections:
section i goes to process i % n. Skipped sections cost about what a preview costs. The
clips are joined without re-encoding, in section order, so the movie has the same frames
as a serial render.

Workers are child_process.Child processes: the parent stops them when the render is
interrupted, and each one ends by itself if its parent dies (even by SIGKILL).
"""

import contextlib
import json
from multiprocessing import connection
from pathlib import Path

from pipeline.media.join import join_clips
from pipeline.rendering.child_process import Child, become_child, stop_processes
from pipeline.rendering.manim_run import ManimOutput


class _PipeProgress:
    """A worker's progress reports, sent to the parent's one status line."""

    def __init__(self, conn):
        self.conn = conn

    def section(self, name):
        self.conn.send(("section", name))

    def animation(self, drawn_time):
        self.conn.send(("animation", drawn_time))


def _worker(conn, parent: int, info, params, part: tuple, media_dir: str, quality: str,
            manim_format: str, transparent: bool, fps) -> None:
    """Render the sections of `part` = (k, n); send the clips (or the error) on `conn`."""
    try:
        become_child(parent)
        from pipeline.rendering.manim_run import run_scene
        made = run_scene(info.load(), params, media_dir=Path(media_dir), quality=quality,
                         manim_format=manim_format, transparent=transparent, fps=fps,
                         sections=True, progress=_PipeProgress(conn), part=part)
        clips = json.loads(made.section_index.read_text()) if made.section_index else []
        for c in clips:
            c["video"] = str(made.section_index.parent / c["video"])
        conn.send(("done", {"clips": clips, "sections": made.sections}))
    except BaseException as e:      # sent to the parent, which re-raises it
        with contextlib.suppress(OSError):        # unless the parent is gone
            conn.send(("error", e))


def _collect(procs, conns, progress) -> list:
    """Relay progress until every worker sent its result; re-raise a worker's error."""
    results, drawn = {}, [0.0] * len(procs)
    while len(results) < len(procs):
        for conn in connection.wait([c for k, c in enumerate(conns) if k not in results], 0.5):
            k = conns.index(conn)
            try:
                kind, value = conn.recv()
            except EOFError:
                procs[k].join(5)
                raise RuntimeError(f"a render process died (exit code {procs[k].exitcode})") from None
            if kind == "section":
                progress.section(value)
            elif kind == "animation":
                drawn[k] = value
                progress.animation(sum(drawn))
            elif kind == "error":
                raise value
            else:
                results[k] = value
    return [results[k] for k in range(len(procs))]


def render_parallel(info, params, jobs: int, media_dir: Path, quality: str,
                    manim_format: str, transparent: bool, fps, progress) -> ManimOutput:
    """Render with `jobs` processes; the result looks like one serial render's output."""
    procs = []
    try:
        for k in range(jobs):
            procs.append(Child(_worker, info, params, (k, jobs), str(media_dir / f"part{k}"),
                               quality, manim_format, transparent, fps))
        parts = _collect(procs, [p.conn for p in procs], progress)
    finally:
        stop_processes([p for p in procs if p.is_alive()])
    sections = parts[0]["sections"]
    order = {name: i for i, name in enumerate(["intro"] + [s["name"] for s in sections])}
    clips = sorted((c for p in parts for c in p["clips"]), key=lambda c: order.get(c["name"], -1))
    primary = media_dir / f"joined.{manim_format}"
    progress.stage(f"joining {len(clips)} section clips")
    join_clips([c["video"] for c in clips], primary,
               alpha_webm=transparent and manim_format == "webm")
    index = media_dir / "sections.json"
    index.write_text(json.dumps([{**c, "video": Path(c["video"]).name} for c in clips]))
    for c in clips:                                 # build_sections expects clips beside the index
        Path(c["video"]).rename(media_dir / Path(c["video"]).name)
    return ManimOutput(primary=primary, section_index=index, sections=sections)
