"""A TrueType font wrapped as Embedded OpenType (EOT), the form PowerPoint embeds fonts in.

PowerPoint keeps a deck's fonts as `ppt/fonts/*.fntdata` parts, each an EOT (MS-OI29500):
a header naming the font (family, style, weight, PANOSE, embedding rights) before the
font file itself. Written as the W3C EOT submission lays out version 2.2, uncompressed
(no MicroType Express) and without a root string (any document may use the font), the
same form LibreOffice's PPTX export writes; libeot (what LibreOffice reads EOT with)
unpacks it to the same bytes (tests/test_slides.py).
"""

import io
import struct

from fontTools.ttLib import TTFont

VERSION = 0x00020002
MAGIC = 0x504C
ANSI_CHARSET = 0                  # as the deck's <p:font charset="0">
EMPTY_ROOT_CHECKSUM = 0x50475342  # the root strings' checksum (none) XOR-ed with the spec's key
WESTERN_CODEPAGE = 1252           # EUDCCodePage; there is no end-user-defined character font
PANOSE = ("bFamilyType", "bSerifStyle", "bWeight", "bProportion", "bContrast",
          "bStrokeVariation", "bArmStyle", "bLetterForm", "bMidline", "bXHeight")


def _name(text: str) -> bytes:
    """Padding, size and the UTF-16LE text of one name, ended by a zero character."""
    data = text.encode("utf-16-le") + b"\0\0" if text else b""
    return struct.pack("<HH", 0, len(data)) + data


def eot(ttf: bytes) -> bytes:
    """The EOT of the TrueType font file `ttf` (its whole font data, uncompressed)."""
    font = TTFont(io.BytesIO(ttf))
    os2, names = font["OS/2"], font["name"]
    header = struct.pack("<LL", VERSION, 0) + bytes(getattr(os2.panose, f) for f in PANOSE)
    header += struct.pack("<BBLHH4L2LL4L", ANSI_CHARSET, os2.fsSelection & 1, os2.usWeightClass,
                          os2.fsType, MAGIC, os2.ulUnicodeRange1, os2.ulUnicodeRange2,
                          os2.ulUnicodeRange3, os2.ulUnicodeRange4, os2.ulCodePageRange1,
                          os2.ulCodePageRange2, font["head"].checkSumAdjustment, 0, 0, 0, 0)
    header += b"".join(_name(names.getDebugName(i) or "") for i in (1, 2, 5, 4))   # family, style, version, full
    header += struct.pack("<HHLLHHLL", 0, 0, EMPTY_ROOT_CHECKSUM, WESTERN_CODEPAGE, 0, 0, 0, 0)
    return struct.pack("<LL", 8 + len(header) + len(ttf), len(ttf)) + header + ttf
