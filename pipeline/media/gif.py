"""Video -> GIF with a palette made for this clip (Manim's own GIF uses a fixed 3-3-2 one).

Two passes over the decoded video: the first only collects colour statistics
(palettegen), the second maps every frame to that palette (paletteuse). Passing the
frames twice instead of through one `split` keeps memory flat: a single-pass graph has
to hold every frame until the palette exists at the end of the clip.

The last frame stays `hold` seconds (the muxer's final_delay) before the loop jumps back,
so a poster-like final frame can be read; every other delay follows the video.
"""

import math
from fractions import Fraction
from pathlib import Path

import av

# Flat illustration colours and their anti-aliasing ramps fit in one 256-colour palette
# for the clip, so dithering only adds noise: no dithering gave both the smallest file
# and the lowest colour error against the MP4 (README; tests/test_rendering_formats.py
# bounds the error). diff_mode=rectangle re-maps only the changed part of a frame.
PALETTEGEN = "stats_mode=full"
PALETTEUSE = "dither=none:diff_mode=rectangle"


def _palette(src: Path) -> av.VideoFrame:
    with av.open(str(src)) as c:
        stream = c.streams.video[0]
        graph = av.filter.Graph()
        buf = graph.add_buffer(template=stream)
        gen = graph.add("palettegen", PALETTEGEN)
        sink = graph.add("buffersink")
        buf.link_to(gen)
        gen.link_to(sink)
        graph.configure()
        for frame in c.decode(stream):
            graph.push(frame)
        graph.push(None)
        return graph.pull()


def video_to_gif(src: Path, dst: Path, fps: int, hold: float) -> None:
    """Write `src` (any video PyAV reads, at `fps`) to `dst` as a looping pal8 GIF whose
    last frame stays at least `hold` seconds (and never less than one frame)."""
    palette = _palette(src)
    final_delay = max(math.ceil(hold * 100 - 1e-9), round(100 / fps))     # centiseconds
    with av.open(str(src)) as c, \
            av.open(str(dst), "w", format="gif",
                    options={"loop": "0", "final_delay": str(final_delay)}) as out:
        stream = c.streams.video[0]
        gif = out.add_stream("gif", rate=fps)
        gif.width, gif.height, gif.pix_fmt = stream.width, stream.height, "pal8"
        graph = av.filter.Graph()
        video = graph.add_buffer(template=stream)
        pal = graph.add_buffer(width=palette.width, height=palette.height,
                               format=palette.format.name, time_base=stream.time_base)
        use = graph.add("paletteuse", PALETTEUSE)
        sink = graph.add("buffersink")
        video.link_to(use, 0, 0)
        pal.link_to(use, 0, 1)
        use.link_to(sink)
        graph.configure()
        palette.pts, palette.time_base = 0, stream.time_base
        pal.push(palette)
        pal.push(None)          # one palette for the whole clip
        written = 0

        def drain():
            nonlocal written
            while True:
                try:
                    frame = graph.pull()
                except (av.error.BlockingIOError, av.error.EOFError):
                    return
                frame.pts, frame.time_base = written, Fraction(1, fps)
                written += 1
                out.mux(gif.encode(frame))

        for frame in c.decode(stream):
            video.push(frame)
            drain()
        video.push(None)
        drain()
        out.mux(gif.encode())
