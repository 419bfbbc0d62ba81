"""What a finished file is: size in pixels, frame rate, duration, bytes; and its one-line summary."""

from dataclasses import dataclass
from pathlib import Path

import av


@dataclass(frozen=True)
class MediaInfo:
    width: int
    height: int
    fps: float | None          # None for a still image
    duration: float | None     # seconds; None for a still image


def probe(path: Path) -> MediaInfo:
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        if path.suffix.lower() == ".png":
            return MediaInfo(s.width, s.height, None, None)
        duration = c.duration / av.time_base if c.duration else float(s.duration * s.time_base)
        return MediaInfo(s.width, s.height, float(s.guessed_rate or s.average_rate), duration)


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    return f"{n / 1024:.1f} KB" if n < 1024 ** 2 else f"{n / 1024 ** 2:.1f} MB"


def summary(path: Path) -> str:
    """`media/rnn-cell.mp4  854x480  15 fps  12.3 s  412.0 KB` (the line printed at the end)."""
    info = probe(path)
    parts = [str(path), f"{info.width}x{info.height}"]
    if info.duration is not None:
        parts += [f"{info.fps:.3g} fps", f"{info.duration:.1f} s"]
    parts.append(human_size(path.stat().st_size))
    return "  ".join(parts)
