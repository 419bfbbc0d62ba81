"""The clips' Inter as TrueType files, for the two outputs that embed it: the PDF handout
(fpdf2 declares every font a TrueType program) and the PowerPoint deck (PowerPoint embeds
TrueType only). Converted once (pipeline.media.truetype) and kept in the cache.
"""

import contextlib
from pathlib import Path

from pipeline.media.truetype import truetype_copy
from pipeline.rendering.cache import fonts_cache_dir


def truetype_font(otf: Path, scratch: Path) -> Path:
    """The converted copy of `otf`, kept in the cache; made in `scratch` when the cache is
    off or cannot be written (as renders: a cache never stops the work)."""
    folder = fonts_cache_dir()
    if folder is not None:
        with contextlib.suppress(OSError):
            return truetype_copy(otf, folder)
    return truetype_copy(otf, scratch)
