"""A clip's last frame as a PNG: the still of a section, and the poster of its slide.

The last frame, not the first: a section's first frame still shows the previous
section's end (and, mid cross-fade, two captions on top of each other), while its last
frame shows what the section built, with its own caption and equations settled.
"""

from pathlib import Path

import av
from PIL import Image

ALPHA_FORMATS = ("argb", "rgba", "abgr", "bgra", "yuva")     # qtrle .mov, VP9 .webm with alpha


def last_frame(clip: Path, png: Path) -> None:
    """Write the last frame of `clip` to `png` (with its alpha channel, if it has one)."""
    with av.open(str(clip)) as c:
        frame = None
        for frame in c.decode(video=0):
            pass
        if frame is None:
            raise ValueError(f"{clip} has no video frames")
        if frame.format.name.startswith(ALPHA_FORMATS):
            Image.fromarray(frame.to_ndarray(format="rgba")).save(png)
        else:
            frame.to_image().save(png)
