"""Run one scene class through Manim into a private media folder; the only module importing Manim.

Manim's config is process-global, so everything is set inside one `tempconfig` (keys are
applied in order: the frame rate after the quality preset it overrides). Manim's own
per-animation bars and INFO chatter are off and its warnings go to stderr; the scene
class is subclassed so that each `play` and `next_section` reports to our progress line.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from pipeline.speedups import install as install_speedups

install_speedups()     # before Manim's first import in this process (a worker's, a notebook's)

from manim import error_console, logger, tempconfig  # noqa: E402

from scenes.params import SceneParams
from scenes.parts.text import use_disk_cache

from pipeline.speedups import play_cache
from pipeline.rendering.cache import plays_cache_dir, text_cache_dir
from pipeline.speedups.frame_encoder import fast_renderer
from pipeline.speedups.path_camera import PathCachingCamera
from pipeline.rendering.progress import Progress
from pipeline.rendering.request import QUALITIES
from pipeline.media.encoders import ENCODER_OPTIONS


@dataclass(frozen=True)
class ManimOutput:
    primary: Path                 # the movie (mp4/webm/mov) or the last frame (png)
    section_index: Path | None    # Manim's sections JSON (clips are beside it)
    sections: list[dict]          # the scene's [{"name", "caption"}], in order


class _DropWebmNotice(logging.Filter):
    """Manim warns that webm "can be slower" each time the format is set; we chose it."""

    def filter(self, record):
        return "can be slower than other formats" not in record.getMessage()


logger.addFilter(_DropWebmNotice())
for _handler in logger.handlers:    # Manim logs to stdout; ours carries only the result line
    if hasattr(_handler, "console"):
        _handler.console = error_console


def _reporting(cls, params: SceneParams, progress: Progress):
    """`cls` with the user's params, telling `progress` about every section and animation."""

    class Reporting(cls):
        _drawn_time = 0.0          # seconds of video this process has drawn

        def next_section(self, name="unnamed", *args, skip_animations=False, **kwargs):
            super().next_section(name, *args, skip_animations=skip_animations, **kwargs)
            self._drawing = not skip_animations     # sections of other processes stay silent
            if self._drawing:
                progress.section(name)

        def play(self, *args, **kwargs):
            before = self.renderer.time
            super().play(*args, **kwargs)
            if getattr(self, "_drawing", True):
                self._drawn_time += self.renderer.time - before
                progress.animation(self._drawn_time)

    Reporting.params = params
    Reporting.__name__ = Reporting.__qualname__ = cls.__name__
    return Reporting


def run_scene(cls, params: SceneParams, *, media_dir: Path, quality: str, manim_format: str,
              transparent: bool, fps: int | None, sections: bool,
              progress: Progress, part: tuple | None = None) -> ManimOutput:
    """Render `cls` with `params`; `manim_format` is mp4|webm|mov|png (GIF is made from mp4)."""
    play_cache.install()
    settings = {
        "media_dir": str(media_dir),
        "verbosity": "WARNING",
        "progress_bar": "none",
        # Encode one animation while the next is drawn (two in flight measured best).
        "max_inflight_encoders": 2,
        "quality": QUALITIES[quality],
        "format": manim_format,
        "transparent": transparent,
        "save_sections": sections,
    }
    if fps is not None:
        settings["frame_rate"] = fps
    if manim_format in ENCODER_OPTIONS and not (transparent and manim_format == "mov"):
        settings["video_encoder_options"] = ENCODER_OPTIONS[manim_format]
    # Clips of plays seen before are reused; a still frame has no clips to keep.
    writer, caching = play_cache.writer_class(plays_cache_dir() if manim_format != "png" else None)
    settings.update(caching)
    use_disk_cache(text_cache_dir())     # laid-out text serves every render on this machine
    with tempconfig(settings):
        reporting = _reporting(cls, params, progress)
        reporting.part = part
        # Manim's segment encoder, minus a copy per frame and a conversion per held frame,
        # and its camera, minus rebuilding unchanged paths: the same packets and pixels,
        # less CPU (frame_encoder.py, path_camera.py).
        scene = reporting(renderer=fast_renderer(PathCachingCamera, writer))
        scene.render()
    plan = scene.output_plan
    return ManimOutput(primary=plan.primary_artifact, section_index=plan.section_index,
                       sections=list(scene.sections))
