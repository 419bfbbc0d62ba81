"""The clips' fonts embedded in the PowerPoint deck, so that a lecture-hall PC without
them still shows the slides' titles and notes in Inter, not in a fallback font.

PowerPoint lists a deck's fonts in presentation.xml (p:embeddedFontLst, right after
p:notesSz) and keeps each as a `ppt/fonts/fontN.fntdata` part: an EOT (pipeline.media.eot)
of a TrueType font, since PowerPoint embeds no CFF outlines (deck_fonts converts Inter).
Each file is a family of its own ("IRNN Inter", "IRNN Inter Semi Bold"), embedded as that
family's regular face, which is how the slides name them. embedTrueTypeFonts="1" is the
"Embed fonts in the file" setting, so PowerPoint keeps them when the deck is saved again.
"""

import tempfile
from pathlib import Path

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI

from scenes.parts.fonts import FONT_DIR

from pipeline.media.eot import eot
from pipeline.workflows.deck_fonts import truetype_font

FONT_DATA = "application/x-fontdata"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def embed_fonts(prs, files: dict[str, str]) -> None:
    """Embed each font file of assets/fonts in `files` (typeface -> file name) in `prs`."""
    root = prs.part._element
    root.set("embedTrueTypeFonts", "1")
    listing = etree.Element(f"{_P}embeddedFontLst")
    root.find(f"{_P}notesSz").addnext(listing)
    with tempfile.TemporaryDirectory(prefix="illustrated-rnn-fonts-") as scratch:
        for n, (typeface, file) in enumerate(files.items(), start=1):
            ttf = truetype_font(FONT_DIR / file, Path(scratch)).read_bytes()
            part = Part(PackURI(f"/ppt/fonts/font{n}.fntdata"), FONT_DATA, prs.part.package, eot(ttf))
            entry = etree.SubElement(listing, f"{_P}embeddedFont")
            etree.SubElement(entry, f"{_P}font", typeface=typeface, pitchFamily="2", charset="0")
            etree.SubElement(entry, f"{_P}regular", {f"{_R}id": prs.part.relate_to(part, RT.FONT)})
