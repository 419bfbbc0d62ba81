"""Each play's encoded frames, kept across renders: a new input re-renders only what changed.

Manim can keep every `play` as a clip named by a digest of what decides its frames, and
skip drawing and encoding a play whose clip exists; the movie and the section clips are
then joined from clips without re-encoding. We use that machinery with two changes:

- the digest is `play_key.play_key` (bytes, not JSON) instead of Manim's, which cost
  more than it saved; Manim's is kept for scenes not drawn by our renderer;
- a clip is written under a hidden name and renamed when complete
  (`frame_encoder.FastSegmentEncoder`), so an interrupted render never leaves a clip
  that a later render would use, and a clip used is marked recently used at once, so a
  concurrent render's pruning keeps it.

A new input changes the numbers of the plays that show them; the title, the diagram
being built and every other play whose mobjects and animations come out the same are
copied. The clips live in `<cache>/plays`, the least recently used past MAX_CLIPS
deleted (Manim's pruning); ILLUSTRATED_RNN_CACHE=off turns this off with the rest.
"""

import os
import time
from pathlib import Path

from manim.renderer import cairo_renderer

from pipeline.rendering.cache import code_version
from pipeline.speedups.frame_encoder import FastFileWriter
from pipeline.speedups.play_key import play_key

MAX_CLIPS = 2000              # about 40 renders of the lstm walkthrough (44 plays)
STALE_PARTS = 24 * 3600       # seconds after which a hidden half-written clip is litter
UNCACHED = "uncached-"        # names of clips of plays that are never reused


class CachingFileWriter(FastFileWriter):
    """`FastFileWriter`, marking a reused clip as recently used when it is found, and
    deleting the clips of uncacheable plays once the movie is joined."""

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self._own_clips: list[Path] = []

    def is_already_cached(self, hash_invocation: str) -> bool:
        if hash_invocation.startswith(UNCACHED):
            self._own_clips.append(self.output_plan.segment_path(hash_invocation))
            return False
        found = super().is_already_cached(hash_invocation)
        if found:
            try:
                os.utime(self.output_plan.segment_path(hash_invocation))
            except OSError:
                return False      # pruned a moment ago by another render: draw it
        return found

    def finish(self) -> None:
        super().finish()
        for clip in self._own_clips:          # never reused: they get no slot in the cache
            clip.unlink(missing_ok=True)


_manim_key = cairo_renderer.get_hash_from_play_call


def _key(scene, camera, animations, mobjects, *, encoder_fingerprint, **kwargs) -> str:
    if not isinstance(scene.renderer.file_writer, CachingFileWriter):
        return _manim_key(scene, camera, animations, mobjects,
                          encoder_fingerprint=encoder_fingerprint, **kwargs)
    # Our animations' code is not in the key, so a clip is only good for this very code.
    key = play_key(scene, camera, animations, mobjects,
                   encoder_fingerprint=f"{encoder_fingerprint} {code_version()}")
    # An uncacheable play gets a name no other play will ever have.
    return key or f"{UNCACHED}{os.getpid()}-{time.monotonic_ns()}"


def install() -> None:
    """Make Manim's Cairo renderer use `_key` (it looks the function up at each play)."""
    cairo_renderer.get_hash_from_play_call = _key


def settings(folder: Path | None) -> dict:
    """Manim config for a video render keeping its clips in `folder` (None: keep nothing)."""
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            folder = None
    if folder is None or not os.access(folder, os.W_OK):
        return {"disable_caching": True}     # an unusable cache costs speed, not the render
    _remove_stale_parts(folder)
    return {"disable_caching": False, "partial_movie_dir": str(folder),
            "max_files_cached": MAX_CLIPS}


def _remove_stale_parts(folder: Path) -> None:
    """Half-written clips of renders that were killed."""
    try:
        parts = list(folder.glob(".*.part"))
    except OSError:
        return
    now = time.time()
    for part in parts:
        try:
            if now - part.stat().st_mtime > STALE_PARTS:
                part.unlink()
        except OSError:
            pass
