"""The clips' Inter as TrueType files, for the two outputs that embed it: the PDF handout
(fpdf2 declares every font a TrueType program) and the PowerPoint deck (PowerPoint embeds
TrueType only). Converted once (pipeline.media.truetype) and kept in the cache; without
a cache, once per process.
"""

import contextlib
import tempfile
from functools import lru_cache
from pathlib import Path

from pipeline.media.truetype import truetype_copy
from pipeline.rendering.cache import fonts_cache_dir


@lru_cache(maxsize=None)
def _converted(otf: Path) -> bytes:
    with tempfile.TemporaryDirectory(prefix="illustrated-rnn-fonts-") as folder:
        return truetype_copy(otf, Path(folder)).read_bytes()


def truetype_font(otf: Path, scratch: Path) -> Path:
    """The converted copy of `otf`, kept in the cache; written into `scratch` when the
    cache is off or cannot be written (as renders: a cache never stops the work)."""
    folder = fonts_cache_dir()
    if folder is not None:
        with contextlib.suppress(OSError):
            return truetype_copy(otf, folder)
    ttf = scratch / f"{otf.stem}.ttf"
    ttf.write_bytes(_converted(otf))
    return ttf
