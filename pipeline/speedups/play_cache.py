"""Each play's encoded frames, kept across renders: a new input re-renders only what changed.

Manim can keep every `play` as a clip named by a digest of what decides its frames, and
skip drawing and encoding a play whose clip exists; the movie and the section clips are
then joined from clips without re-encoding. We use that machinery with these changes:

- the digest is `play_key.play_key` (bytes, not JSON) instead of Manim's, which cost
  more than it saved; Manim's is kept for scenes not drawn by our renderer;
- Manim's clip folder is the render's own private one; the shared store
  (`<cache>/plays`) is only copied from and to. A clip found in the store is copied into
  the render when its play comes, so deleting or pruning the store mid-render costs
  nothing; a clip this render encodes is copied to the store once complete;
- a stored clip is sealed with a digest of its play's key and its bytes
  (cache_files.seal): one cut short, emptied, with flipped bytes or swapped for another
  play's is deleted and the play drawn again, never joined into a movie. Storing is
  best effort: a full, unwritable or vanished store costs speed, never the render.

A new input changes the numbers of the plays that show them; the title, the diagram
being built and every other play whose mobjects and animations come out the same are
copied. The least recently used clips past MAX_CLIPS are deleted; ILLUSTRATED_RNN_CACHE=off
turns this off with the rest.
"""

import os
import time
from contextlib import suppress
from pathlib import Path

from manim.renderer import cairo_renderer

from pipeline.rendering.cache import code_version
from pipeline.rendering.cache_files import read_inside, seal, unseal
from pipeline.rendering.scratch import owner_tag, remove_stale
from pipeline.speedups.frame_encoder import FastFileWriter
from pipeline.speedups.play_key import play_key
from scenes.parts.atomic_files import discard, keep_newest, write_atomic

MAX_CLIPS = 2000              # about 40 renders of the lstm walkthrough (44 plays)
MAX_CLIP_BYTES = 256 << 20    # a stored clip past this is not one of ours
STORED = ".clip"              # a sealed clip in the store
UNCACHED = "uncached-"        # names of clips of plays that are never reused


class CachingFileWriter(FastFileWriter):
    """`FastFileWriter` that takes clips of plays from the store (`store`, set by
    `writer_class`) and gives it the clips it encodes."""

    store: Path

    def is_already_cached(self, hash_invocation: str) -> bool:
        if hash_invocation.startswith(UNCACHED):
            return False
        return super().is_already_cached(hash_invocation) or self._take(hash_invocation)

    def _take(self, key: str) -> bool:
        """Copy the stored clip of `key` into this render if it is whole; drop a bad one."""
        if not self.output_spec.is_video:
            return False
        stored = self.store / f"{key}{STORED}"
        try:
            blob = read_inside(self.store, stored.name, MAX_CLIP_BYTES)
        except OSError:
            return False
        data = unseal(key, blob)
        if data is None:
            discard(stored)
            return False
        target = self.output_plan.segment_path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, data)
        except OSError:
            return False
        with suppress(OSError):
            os.utime(stored)          # recently used: pruned last
        return True

    def _create_segment_encoder(self, target):
        encoder = super()._create_segment_encoder(target)
        if not target.name.startswith(UNCACHED):
            encoder.on_complete = self._give
        return encoder

    def _give(self, clip: Path) -> None:
        """Put a complete clip in the store, sealed; any failure only costs a later redraw."""
        key = clip.stem
        with suppress(OSError):
            self.store.mkdir(parents=True, exist_ok=True)
            write_atomic(self.store / f"{key}{STORED}", seal(key, clip.read_bytes()), tag=f"{owner_tag()}.")


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


def writer_class(store: Path | None) -> tuple[type, dict]:
    """The file writer and Manim config of a video render keeping clips in `store`
    (None: keep nothing)."""
    if store is not None:
        try:
            store.mkdir(parents=True, exist_ok=True)
        except OSError:
            store = None
    if store is None or not os.access(store, os.W_OK | os.X_OK):
        return FastFileWriter, {"disable_caching": True}   # an unusable store costs speed only
    _tidy(store)
    return type("CachingFileWriter", (CachingFileWriter,), {"store": store}), \
        {"disable_caching": False, "max_files_cached": -1}


def _tidy(store: Path) -> None:
    """Half-written clips of renders that were killed, clips of an earlier format, and the
    least recently used clips past MAX_CLIPS."""
    remove_stale(store, ".")
    try:
        entries = [Path(e.path) for e in os.scandir(store) if not e.name.startswith(".")]
    except OSError:
        return
    for other in [p for p in entries if not p.name.endswith(STORED)]:
        discard(other)
    keep_newest([p for p in entries if p.name.endswith(STORED)], MAX_CLIPS)
