"""Register the fonts shipped in assets/fonts, so frames look the same on every machine.

Pango only warns and falls back when a font is missing; registering the files we ship
(Inter for words, DejaVu Sans Mono for numbers and code) makes that impossible.
"""

from pathlib import Path

import manimpango

FONT_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"
SANS = "Inter"
MONO = "DejaVu Sans Mono"

_registered = False


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    for f in sorted(FONT_DIR.glob("*.[ot]tf")):
        if not manimpango.register_font(str(f)):
            raise RuntimeError(f"could not register the font {f}")
    _registered = True
