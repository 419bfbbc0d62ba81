"""Register the fonts shipped in assets/fonts, so frames look the same on every machine.

Pango only warns and falls back when a font is missing; registering the files we ship
makes that impossible. Their families carry a prefix no other font has ("IRNN Inter",
scripts/rename_fonts.py): fontconfig merges registered files with the system's fonts,
and a system font of the same family would win wherever it matched better (Debian's
fonts-inter has an Inter Bold that `<b>` preferred to our SemiBold, which once made key
frames differ between machines). Characters our fonts lack still fall back to the
system's fonts.
"""

from pathlib import Path

import manimpango

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
SANS = "IRNN Inter"                  # words (Regular, and SemiBold for <b>)
MONO = "IRNN DejaVu Sans Mono"       # numbers and code: stable widths
MARKS = "IRNN DejaVu Sans"           # letters with combining marks (C̃), which Inter misplaces
FAMILIES = (SANS, MONO, MARKS)       # every shipped file is of one of these (tested)

_registered = False


def font_files() -> list[Path]:
    return sorted(FONT_DIR.glob("*.[ot]tf"))


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    for f in font_files():
        if not manimpango.register_font(str(f)):
            raise RuntimeError(f"could not register the font {f}")
    _registered = True
