"""What one `render` or `preview` command asks for, with every default filled in and checked.

The rules that combine options (format from the -o extension, transparency, sections,
the GIF frame rate) live here once, so the renderer can assume a consistent request and
every mistake is reported before Manim is even imported.
"""

from dataclasses import dataclass
from pathlib import Path

from cells import InputError
from cells.fields import path_options
from scenes.params import SceneParams
from scenes.registry import SceneInfo

from pipeline.rendering.distinct_paths import PathUse

SUBTITLED = ("mp4", "webm", "mov")      # formats whose players take a subtitle track

QUALITIES = {  # ours -> Manim's preset (854x480@15, 1280x720@30, 1920x1080@60, 3840x2160@60)
    "low": "low_quality", "medium": "medium_quality",
    "high": "high_quality", "fourk": "fourk_quality",
}
DEFAULT_QUALITY = "medium"
QUALITY_SIZES = {"low": (854, 480, 15), "medium": (1280, 720, 30),
                 "high": (1920, 1080, 60), "fourk": (3840, 2160, 60)}   # width, height, fps
FORMATS = ("mp4", "gif", "webm", "mov", "png")
GIF_FPS = 15          # GIF delays are centiseconds and every frame costs bytes: 15 is plenty
GIF_HOLD = 2.0        # seconds a GIF shows its last frame before it loops
MAX_HOLD = 600.0      # a GIF delay is at most 655.35 s
MEDIA_DIR = Path("media")


@dataclass(frozen=True)
class RenderRequest:
    scene: SceneInfo
    params: SceneParams        # params.manifest is the user's path; the renderer redirects it
    quality: str
    fmt: str
    transparent: bool
    fps: int | None            # None: the quality preset's frame rate
    out: Path
    sections: bool             # also one clip per section (with PNG: one still per section)
    quiet: bool
    jobs: int = 1              # processes rendering sections in parallel
    hold: float = GIF_HOLD     # GIF only: seconds the last frame stays before the loop
    also_reads: tuple = ()     # PathUse of files the command read besides its options (config)

    @property
    def sections_dir(self) -> Path:
        """`media/rnn-cell.mp4` -> `media/rnn-cell/` (one clip per section + index.json)."""
        return self.out.with_suffix("")

    @property
    def manifest(self) -> Path | None:
        return Path(self.params.manifest) if self.params.manifest else None

    @property
    def subtitle_files(self) -> list[Path]:
        """`OUT.vtt` and `OUT.srt` beside a movie rendered with sections (players load them)."""
        if not (self.sections and self.fmt in SUBTITLED):
            return []
        return [self.out.with_suffix(".vtt"), self.out.with_suffix(".srt")]

    def option_paths(self) -> list[PathUse]:
        """-o (and its subtitles), the sections folder and every path option (cells/fields.py
        says which read)."""
        uses = [PathUse("-o", path, writes=True) for path in [self.out, *self.subtitle_files]]
        if self.sections:
            uses.append(PathUse("--sections", self.sections_dir, writes=True, folder=True))
        for holder in (self.params.run, self.params):
            uses += [PathUse(flag, Path(path), writes) for flag, path, writes in path_options(holder)]
        return uses

    def path_uses(self) -> list[PathUse]:
        """Every path this render reads or writes."""
        return self.option_paths() + list(self.also_reads)


def _format(fmt: str | None, out: Path | None, transparent: bool) -> str:
    ext = out.suffix.lower().lstrip(".") if out is not None else None
    if out is not None and ext not in FORMATS:
        raise InputError("-o", f"{str(out)!r} must end in one of "
                               f"{', '.join('.' + f for f in FORMATS)}")
    if fmt is not None and ext is not None and ext != fmt:
        raise InputError("-o", f"{str(out)!r} does not match --format {fmt}")
    return fmt or ext or ("mov" if transparent else "mp4")


def make_request(scene: SceneInfo, params: SceneParams, *, quality: str = DEFAULT_QUALITY,
                 fmt: str | None = None, transparent: bool = False, fps: int | None = None,
                 out: str | Path | None = None, sections: bool = False,
                 quiet: bool = False, jobs: int = 1, hold: float = GIF_HOLD,
                 also_reads: tuple = ()) -> RenderRequest:
    """A checked request; `fmt` None means: from the -o extension, else mp4 (mov if transparent)."""
    if quality not in QUALITIES:
        raise InputError("--quality", f"unknown quality {quality!r}; choose one of {', '.join(QUALITIES)}")
    if fmt is not None and fmt not in FORMATS:
        raise InputError("--format", f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out) if out is not None else None
    fmt = _format(fmt, out, transparent)
    if transparent and fmt == "mp4":
        raise InputError("--transparent", "MP4 has no alpha channel; use --format mov (QuickTime "
                                          "Animation) or --format webm (VP9 with alpha)")
    if transparent and fmt == "gif":
        raise InputError("--transparent", "GIF transparency is on/off per pixel, which leaves "
                                          "jagged edges; use --format webm or mov")
    if fps is not None and not 1 <= fps <= 120:
        raise InputError("--fps", f"is {fps}; use 1..120")
    if not 0 <= hold <= MAX_HOLD:
        raise InputError("--hold", f"is {hold} seconds; use 0..{MAX_HOLD:g}")
    return RenderRequest(
        scene=scene, params=params, quality=quality, fmt=fmt, transparent=transparent,
        fps=fps if fps is not None else (GIF_FPS if fmt == "gif" else None),
        out=out if out is not None else MEDIA_DIR / f"{scene.id}.{fmt}",
        sections=sections, quiet=quiet, jobs=1 if fmt == "png" and not sections else jobs,
        hold=hold, also_reads=also_reads)
