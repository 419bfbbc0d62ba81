"""Join video clips end to end without re-encoding (FFmpeg's concat demuxer, via PyAV).

Manim builds every movie this way from its per-animation segments; joining section clips
rendered in different processes with the same encoder settings gives the same movie.
"""

from io import BytesIO
from pathlib import Path

import av


def concat_list(clips: list) -> bytes:
    """The concat demuxer's list of `clips`. A quote cannot be escaped inside quotes: it
    ends the quoted part, comes escaped, and a new quoted part begins ('it'\\''s')."""
    quoted = ("'" + f"file:{Path(c).as_posix()}".replace("'", "'\\''") + "'" for c in clips)
    return "".join(f"file {q}\n" for q in quoted).encode()


def join_clips(clips: list, out: Path, alpha_webm: bool = False) -> None:
    """Write `out` as the clips one after another (same codec, size and rate)."""
    manifest = BytesIO(concat_list(clips))
    with av.open(manifest, format="concat", options={"safe": "0", "an": "1"}) as src, \
            av.open(str(out), mode="w") as dst:
        stream = src.streams.video[0]
        target = dst.add_stream_from_template(template=stream)
        if alpha_webm:
            target.pix_fmt = "yuva420p"
        for packet in src.demux(stream):
            if packet.dts is None:          # demux's flushing packets
                continue
            packet.dts = None               # clips restart at 0: let libav recompute it
            packet.stream = target
            dst.mux(packet)
