#!/usr/bin/env python3
"""Give the shipped fonts family names no other font has ("IRNN Inter", "IRNN DejaVu Sans").

Why: fontconfig merges our registered files with the system's fonts, and a system copy
of one of our families wins wherever it matches better. Debian's fonts-inter adds an
Inter Bold that `<b>` preferred to our SemiBold, so bold text (and whatever was laid out
beside it) differed between machines. A family only our files have cannot be shadowed.

Only the names change (name IDs 1, 3, 4, 16 get the prefix, the PostScript name 6 too);
every other table is copied as it is, so the outlines and metrics are the originals'.
The licences allow it: DejaVu's asks that modified fonts drop "Bitstream" and "Vera"
from their names (they have neither), Inter's OFL has no reserved font name.
Idempotent; timestamps are kept, so the same input gives the same bytes.

    .venv/bin/python scripts/rename_fonts.py      # needs fontTools (the test extra)
"""

import sys
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"
PREFIX = "IRNN"
FAMILY_IDS = (1, 3, 4, 16)        # family, unique id, full name, typographic family
POSTSCRIPT_ID = 6


def rename(path: Path) -> bool:
    """Prefix the names of one font file; False when it already carries them."""
    font = TTFont(path, recalcTimestamp=False)
    changed = False
    for record in font["name"].names:
        text = record.toUnicode()
        if text.startswith(PREFIX):
            continue
        if record.nameID in FAMILY_IDS:
            new = f"{PREFIX} {text}"
        elif record.nameID == POSTSCRIPT_ID:
            new = f"{PREFIX}-{text}"
        else:
            continue
        record.string = new
        changed = True
    if changed:
        font.save(path)
    return changed


if __name__ == "__main__":
    for f in sorted(FONT_DIR.glob("*.[ot]tf")):
        print(f"{f.name}: {'renamed' if rename(f) else 'already renamed'}", file=sys.stderr)
