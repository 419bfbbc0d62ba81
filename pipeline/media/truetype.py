"""A CFF-outline OpenType font (our Inter .otf files) as a TrueType-outline one.

fpdf2 embeds any font it is given as a TrueType font program (FontFile2, CIDFontType2);
given Inter's CFF outlines it writes a PDF that breaks the standard: poppler warns
"Mismatch between font type and embedded font file" on every page and stricter readers
may drop the text. The same glyphs as quadratic curves (fontTools' cu2qu, within 1 unit
of Inter's 2816 per em) embed as they should. Converting takes seconds, so a copy is kept by the
digest of what makes it (truetype_copy).
"""

import hashlib
from importlib.metadata import version
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

from scenes.parts.atomic_files import write_atomic

MAX_ERROR = 1.0          # font units: how far a quadratic curve may stray from the cubic one


def as_truetype(otf: Path, ttf) -> None:
    """Write `otf` (CFF outlines) to `ttf` (a path or a binary file) with the same glyphs,
    metrics and names in glyf."""
    font = TTFont(str(otf))
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))   # TrueType winds the other way
        glyph = glyf.glyphs[name] = pen.glyph()
        glyph.recalcBounds(glyf)
        advance, _ = font["hmtx"][name]
        font["hmtx"][name] = advance, getattr(glyph, "xMin", 0)   # left side bearing = the outline's xMin
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font["glyf"], font["loca"] = glyf, newTable("loca")
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                  "maxComponentElements"):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(str(ttf) if isinstance(ttf, Path) else ttf)


def truetype_copy(otf: Path, folder: Path) -> Path:
    """The TrueType copy of `otf` in `folder`, made when it is not there yet (atomically,
    so a half-written copy is never used), named by the digest of the font, of this code
    and of fontTools' version."""
    h = hashlib.sha256(otf.read_bytes() + Path(__file__).read_bytes() + version("fonttools").encode())
    ttf = folder / f"{otf.stem}-{h.hexdigest()[:16]}.ttf"
    if not ttf.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(ttf, lambda fh: as_truetype(otf, fh), mode=0o644)
    return ttf
