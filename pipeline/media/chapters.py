"""Chapters in a finished movie, so that ordinary players (VLC, mpv, QuickTime, browsers'
media tools) list a scene's sections by name and jump to them.

The movie is remuxed with PyAV, packets copied, not re-encoded: FFmpeg's MP4/MOV muxer
writes the chapters both as a QuickTime chapter track and as Nero `chpl` atoms, and the
WebM muxer as Matroska chapters.
"""

import os
from fractions import Fraction
from pathlib import Path

import av

MS = Fraction(1, 1000)


def add_chapters(movie: Path, chapters: list[tuple[float, float, str]]) -> None:
    """Rewrite `movie` in place with [(start s, end s, title)] as its chapters."""
    tmp = movie.with_name(f".{movie.name}.chapters{movie.suffix}")
    try:
        with av.open(str(movie)) as src, av.open(str(tmp), "w") as dst:
            stream = src.streams.video[0]
            target = dst.add_stream_from_template(template=stream)
            dst.set_chapters([{"id": n, "start": round(start * 1000), "end": round(end * 1000),
                               "time_base": MS, "metadata": {"title": title}}
                              for n, (start, end, title) in enumerate(chapters, start=1)])
            for packet in src.demux(stream):
                if packet.dts is None:          # demux's flushing packets
                    continue
                packet.stream = target
                dst.mux(packet)
        os.replace(tmp, movie)
    finally:
        tmp.unlink(missing_ok=True)
