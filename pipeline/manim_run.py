"""Run one scene class through Manim into a private media folder; the only module importing Manim.

Manim's config is process-global, so everything is set inside one `tempconfig` (keys are
applied in order: the frame rate after the quality preset it overrides). Manim's own
per-animation bars and INFO chatter are off and its warnings go to stderr; the scene
class is subclassed so that each `play` and `next_section` reports to our progress line.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from manim import error_console, logger, tempconfig

from scenes.params import SceneParams

from .progress import Progress
from .request import QUALITIES


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
        def next_section(self, name="unnamed", *args, **kwargs):
            super().next_section(name, *args, **kwargs)
            progress.section(name)

        def play(self, *args, **kwargs):
            super().play(*args, **kwargs)
            progress.animation(self.renderer.time)

    Reporting.params = params
    Reporting.__name__ = Reporting.__qualname__ = cls.__name__
    return Reporting


def run_scene(cls, params: SceneParams, *, media_dir: Path, quality: str, manim_format: str,
              transparent: bool, fps: int | None, sections: bool,
              progress: Progress) -> ManimOutput:
    """Render `cls` with `params`; `manim_format` is mp4|webm|mov|png (GIF is made from mp4)."""
    settings = {
        "media_dir": str(media_dir),
        "verbosity": "WARNING",
        "progress_bar": "none",
        "disable_caching": True,      # a fresh private folder per render: nothing to reuse
        # Encode one animation while the next is drawn; rnn-cell at 480p15 on 2 busy
        # cores: best of 5 runs 6.7 s with 2 in flight vs 8.4 s with 1 and 7.9 s with 3.
        "max_inflight_encoders": 2,
        "quality": QUALITIES[quality],
        "format": manim_format,
        "transparent": transparent,
        "save_sections": sections,
    }
    if fps is not None:
        settings["frame_rate"] = fps
    with tempconfig(settings):
        scene = _reporting(cls, params, progress)()
        scene.render()
    plan = scene.output_plan
    return ManimOutput(primary=plan.primary_artifact, section_index=plan.section_index,
                       sections=list(scene.sections))
