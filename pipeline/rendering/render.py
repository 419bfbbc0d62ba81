"""From a checked request to finished files in place: render, convert, stage, commit.

Cheap checks come first (the input, the output paths), so a typo fails in a fraction of
a second instead of after Manim's two-second import. All work happens in a private
temporary folder; the targets change only in the final commit (see outputs.py).
"""

import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from cells import make_trace
from cells.errors import existing_file

from pipeline.rendering.distinct_paths import refuse_clashes
from pipeline.rendering.cache import Produced, fetch, foreign_cache, request_key, store
from pipeline.media.chapters import add_chapters
from pipeline.media.gif import video_to_gif
from pipeline.rendering.disk_errors import disk_input_error
from pipeline.rendering.drawable import check_drawable
from pipeline.rendering.outputs import Staging, prepare_sections_target, prepare_target
from pipeline.rendering.progress import Progress
from pipeline.rendering.request import RenderRequest
from pipeline.rendering.scratch import work_folder
from pipeline.rendering.sections import build_sections, chapters, movie_subtitles, read_index

CHAPTERED = ("mp4", "mov")       # FFmpeg's MOV muxer writes chapters that players list


@contextmanager
def terminate_as_interrupt():
    """SIGTERM (a killed CI job, `timeout`) cleans up like Ctrl-C instead of dying mid-write."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt
    if threading.current_thread() is not threading.main_thread():
        yield                        # a Dask worker's thread: signals belong to the main one
        return
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def check(req: RenderRequest) -> None:
    """Everything that can be checked before rendering: every path, the input, the outputs."""
    refuse_clashes(req.path_uses())
    for use in req.option_paths():
        if not use.writes:        # before anything reads it: a FIFO or /dev/zero never ends
            existing_file(use.path, use.label)
    check_drawable(req.params, make_trace(req.scene.run_for(req.params.run)))
    prepare_target(req.out, "-o")
    if req.sections:
        prepare_sections_target(req.sections_dir)
    if req.manifest is not None:
        prepare_target(req.manifest, "--manifest")
    for path in req.subtitle_files:
        prepare_target(path, "-o")


def _manim_format(req: RenderRequest) -> str:
    """What Manim writes: a GIF, and the stills of sections, are made from a video."""
    if req.fmt == "gif" or (req.fmt == "png" and req.sections):
        return "mov" if req.transparent else "mp4"
    return req.fmt


def _produce(req: RenderRequest, work: Path, progress: Progress) -> Produced:
    """Render the scene into `work`: the result, its manifest and (if asked) the sections."""
    manifest = work / "manifest.json"
    params = replace(req.params, manifest=str(manifest))   # always: the cache keeps it
    manim_format = _manim_format(req)
    if req.jobs > 1:
        from pipeline.rendering.parallel import render_parallel
        made = render_parallel(req.scene, params, req.jobs, work / "manim", req.quality,
                               manim_format, req.transparent, req.fps, progress)
    else:
        from pipeline.rendering.manim_run import run_scene     # Manim's import is the slow part of start-up
        made = run_scene(req.scene.load(), params, media_dir=work / "manim",
                         quality=req.quality, manim_format=manim_format,
                         transparent=req.transparent, fps=req.fps, sections=req.sections,
                         progress=progress)
    result = made.primary
    if req.fmt == "gif":
        progress.stage("making the GIF palette and frames")
        result = work / "out.gif"
        video_to_gif(made.primary, result, req.fps, req.hold)
    folder = None
    if req.sections:
        progress.stage("writing section clips")
        folder = work / "sections"
        folder.mkdir()
        build_sections(made.section_index, made.sections, req.fmt, req.fps, req.scene.id, folder,
                       req.hold)
        sections = read_index(folder)["sections"]
        if req.fmt == "png":                 # the scene's last frame is its last section's
            result = work / "out.png"
            shutil.copyfile(folder / sections[-1]["file"], result)
        elif req.fmt in CHAPTERED:
            progress.stage("naming the chapters")
            add_chapters(result, chapters(sections))
    return Produced(result=result, manifest=manifest, sections=folder)


def render(req: RenderRequest) -> Path:
    """Render the request's scene to `req.out` (plus sections and manifest); returns `req.out`."""
    check(req)
    progress = Progress(req.scene.id, enabled=not req.quiet)
    foreign = foreign_cache()
    if foreign and not req.quiet:
        progress.stream.write(f"note: ILLUSTRATED_RNN_CACHE={foreign} holds files that are not this "
                              "tool's caches; caching is off (give it a new or empty folder)\n")
    places, default = [("TMPDIR", Path(tempfile.gettempdir())), ("-o", req.out.parent)], "TMPDIR"
    try:
        with terminate_as_interrupt(), Staging() as staging, work_folder() as work:
            key = request_key(req)
            made = fetch(key, work)
            if made is not None:
                progress.stage("reused the cached render of the same request")
            else:
                made = _produce(req, work, progress)
                store(key, made)
            default = "-o"
            staging.file(made.result, req.out)
            if req.sections:
                targets = req.subtitle_files
                if targets:
                    subtitles = movie_subtitles(read_index(made.sections)["sections"], work / "movie")
                    for path, target in zip(subtitles, targets):
                        staging.file(path, target)
                places.append(("--sections", req.sections_dir.parent))
                staging.folder(made.sections, req.sections_dir, "--sections", "sections")
            if req.manifest is not None:
                places.append(("--manifest", req.manifest.parent))
                staging.file(made.manifest, req.manifest)
            staging.commit()
    except BaseException as e:
        disk = disk_input_error(e, places, default)
        if disk is None:
            raise
        raise disk from None
    finally:
        progress.close()
    return req.out
