"""The handout (`slides --to pdf`): one A4 landscape page per section, with its last frame,
its title, its caption and its equations with the numbers of this run; a cover page
when the deck has a title.

fpdf2 writes it: pure Python, works offline, embeds the clips' own fonts (subsets of the
files in assets/fonts, so Hungarian letters and the math signs print as they are drawn;
Inter with TrueType outlines, which is what fpdf2 declares it to be: deck_fonts)
and keeps the frames lossless (PNG in, Flate-compressed pixels out). Labels keep their
subscripts (f_t -> f with a lowered t), as in the clips.
"""

import math
import tempfile
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import CharVPos
from PIL import Image

from scenes.parts.fonts import FONT_DIR
from scenes.parts.strings import say

from pipeline.media.label_text import runs
from pipeline.workflows.deck_fonts import truetype_font
from pipeline.workflows.slides import Slide

PAGE_W, PAGE_H, MARGIN = 297.0, 210.0, 14.0          # mm, A4 landscape
IMAGE_MAX_H = 128.0
SANS, BOLD, MONO, MARKS = "sans", "bold", "mono", "marks"
FONT_FILES = {SANS: "Inter-Regular.otf", BOLD: "Inter-SemiBold.otf", MONO: "DejaVuSansMono.ttf",
              MARKS: "DejaVuSans.ttf"}
LINE = {SANS: 12 * 0.5, BOLD: 17 * 0.5, MONO: 10.5 * 0.5}   # line heights (mm) of title, caption, equations
SIZE = {SANS: 12, BOLD: 17, MONO: 10.5}                      # points


def _truetype_fonts(scratch: Path) -> dict[str, Path]:
    """FONT_FILES as TrueType-outline files: the .otf ones converted (pipeline.media.truetype)."""
    return {name: truetype_font(FONT_DIR / file, scratch) if file.endswith(".otf") else FONT_DIR / file
            for name, file in FONT_FILES.items()}


class Handout(FPDF):
    def __init__(self, lang: str, fonts: dict[str, Path]):
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)
        for name, file in fonts.items():
            self.add_font(name, "", str(file))
        self.set_fallback_fonts([MARKS])        # ⊙, ‖ and combining marks that Inter lacks
        self.set_lang(lang)
        self.set_creator("illustrated-rnn")

    @property
    def text_width(self) -> float:
        return PAGE_W - 2 * MARGIN

    def paragraph(self, text: str, font: str) -> None:
        """`text` from the left margin, wrapped, labels' subscripts lowered and smaller."""
        self.set_font(font, size=SIZE[font])
        self.set_x(MARGIN)
        for part, sub in runs(text):
            self.char_vpos = CharVPos.SUB if sub else CharVPos.LINE
            self.write(LINE[font], part)
        self.char_vpos = CharVPos.LINE
        self.ln(LINE[font] + 1.2)

    def height_of(self, text: str, font: str) -> float:
        """About how tall `paragraph(text, font)` will be (whole lines, never less)."""
        self.set_font(font, size=SIZE[font])
        lines = max(1, math.ceil(self.get_string_width(text) / self.text_width * 1.06))
        return lines * LINE[font] + 1.2

    def header_line(self, left: str, right: str) -> None:
        self.set_font(SANS, size=9)
        self.set_text_color(110)
        self.set_xy(MARGIN, MARGIN - 6)
        self.cell(self.text_width / 2, 5, left)
        self.cell(self.text_width / 2, 5, right, align="R")
        self.set_text_color(20)


def _cover(pdf: Handout, slide: Slide, lang: str) -> None:
    pdf.add_page()
    pdf.set_y(PAGE_H * 0.3)
    pdf.set_font(BOLD, size=30)
    pdf.multi_cell(pdf.text_width, 13, slide.title, align="C")
    if slide.subtitle:
        pdf.ln(4)
        pdf.set_font(SANS, size=16)
        pdf.multi_cell(pdf.text_width, 8, slide.subtitle, align="C")
    pdf.ln(10)
    pdf.set_font(SANS, size=12)
    pdf.multi_cell(pdf.text_width, 6.5, slide.notes(lang), align="C")


def _section_page(pdf: Handout, slide: Slide, n: int, count: int, lang: str) -> None:
    pdf.add_page()
    pdf.header_line(slide.scene_title, say("deck_page", lang, n=n, count=count))
    lead = say("deck_equations", lang) if slide.equations else ""
    texts = [(slide.title, BOLD), (slide.caption, SANS)] + ([(lead, SANS)] if lead else []) + \
        [(e, MONO) for e in slide.equations]
    text_h = sum(pdf.height_of(t, f) for t, f in texts) + 4
    with Image.open(slide.clip.poster) as im:
        aspect = im.width / im.height
    h = min(IMAGE_MAX_H, PAGE_H - 2 * MARGIN - text_h, pdf.text_width / aspect)
    w = h * aspect
    pdf.image(str(slide.clip.poster), x=(PAGE_W - w) / 2, y=MARGIN, w=w, h=h)
    pdf.set_draw_color(215)
    pdf.rect((PAGE_W - w) / 2, MARGIN, w, h)
    pdf.set_y(MARGIN + h + 4)
    for text, font in texts:
        pdf.paragraph(text, font)


def build_handout(slides: list[Slide], out: Path, lang: str) -> None:
    """Write the handout of `slides` (the deck's model) to the PDF file `out`."""
    with tempfile.TemporaryDirectory(prefix="illustrated-rnn-fonts-") as fonts:
        _write(Handout(lang, _truetype_fonts(Path(fonts))), slides, out, lang)


def _write(pdf: Handout, slides: list[Slide], out: Path, lang: str) -> None:
    """The cover and the section pages, written while the converted fonts exist."""
    sections = [s for s in slides if s.kind == "section"]
    if slides and slides[0].kind == "deck":
        pdf.set_title(slides[0].title)
        if slides[0].subtitle:
            pdf.set_author(slides[0].subtitle)
        _cover(pdf, slides[0], lang)
    else:
        pdf.set_title(" · ".join(s.title for s in slides if s.kind == "scene"))
    for n, slide in enumerate(sections, start=1):
        _section_page(pdf, slide, n, len(sections), lang)
    pdf.output(str(out))
