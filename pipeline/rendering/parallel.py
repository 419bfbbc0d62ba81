"""Render the sections of one scene in several processes, then join the clips.

Every process runs the whole scene (Manim's config is process-global, and later sections
need the state earlier ones built), but draws frames only for its share of the sections:
section i goes to process i % n. Skipped sections cost about what a preview costs. The
clips are joined without re-encoding, in section order, so the movie has the same frames
as a serial render.

Workers are plain processes so the parent can stop them: they are terminated when the
render is interrupted, and each one exits by itself if its parent dies (even by SIGKILL).
"""

import json
import multiprocessing
import os
import threading
import time
from multiprocessing import connection
from pathlib import Path

from pipeline.media.join import join_clips
from pipeline.rendering.manim_run import ManimOutput


class _PipeProgress:
    """A worker's progress reports, sent to the parent's one status line."""

    def __init__(self, conn):
        self.conn = conn

    def section(self, name):
        self.conn.send(("section", name))

    def animation(self, drawn_time):
        self.conn.send(("animation", drawn_time))


def _exit_with_parent(parent: int) -> None:
    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


def _worker(info, params, part: tuple, media_dir: str, quality: str, manim_format: str,
            transparent: bool, fps, conn, parent: int) -> None:
    """Render the sections of `part` = (k, n); send the clips (or the error) on `conn`."""
    _exit_with_parent(parent)
    # Manim's (disabled) tqdm bars would create a multiprocessing lock, a named semaphore
    # that a terminated worker leaks; a thread lock is all one process needs.
    import tqdm
    tqdm.tqdm.set_lock(threading.RLock())
    try:
        from pipeline.rendering.manim_run import run_scene
        made = run_scene(info.load(), params, media_dir=Path(media_dir), quality=quality,
                         manim_format=manim_format, transparent=transparent, fps=fps,
                         sections=True, progress=_PipeProgress(conn), part=part)
        clips = json.loads(made.section_index.read_text()) if made.section_index else []
        for c in clips:
            c["video"] = str(made.section_index.parent / c["video"])
        conn.send(("done", {"clips": clips, "sections": made.sections}))
    except BaseException as e:      # sent to the parent, which re-raises it
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
    ctx = multiprocessing.get_context("spawn")
    pipes = [ctx.Pipe(duplex=False) for _ in range(jobs)]
    procs = [ctx.Process(target=_worker, daemon=True,
                         args=(info, params, (k, jobs), str(media_dir / f"part{k}"), quality,
                               manim_format, transparent, fps, pipes[k][1], os.getpid()))
             for k in range(jobs)]
    try:
        for p, (_, send) in zip(procs, pipes):
            p.start()
            send.close()         # the parent only reads: EOF then means the worker is gone
        parts = _collect(procs, [r for r, _ in pipes], progress)
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join()
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
