"""The deck as PowerPoint (python-pptx): 16:9, title slides, one section clip per slide.

A section slide has the section's short title on top and its MP4 below, which starts by
itself when the slide opens (pptx_autoplay) and holds its last frame, or loops; the
poster (what a PDF export prints) is that last frame. The speaker notes hold the caption
and the equations with their numbers. All text is set in the clips' own fonts, by name
(the theme's fonts too, so nothing falls back to the template's Calibri), which the
deck carries embedded (pptx_fonts), and marked with the deck's language for the
spelling checker.
"""

from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import XmlPart
from pptx.util import Emu, Pt

from scenes.parts.fonts import SANS

from pipeline.media.label_text import plain
from pipeline.media.probe import probe
from pipeline.workflows.pptx_autoplay import autoplay
from pipeline.workflows.pptx_fonts import embed_fonts
from pipeline.workflows.slides import Slide

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)      # 13.333 x 7.5 in: PowerPoint's 16:9
TITLE_BAND = Emu(914400)                         # 1 in above the clip for its title
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5
SANS_BOLD = SANS + " Semi Bold"     # the family name the SemiBold file has for apps without weights
FONT_FILES = {SANS: "Inter-Regular.otf", SANS_BOLD: "Inter-SemiBold.otf"}   # embedded (pptx_fonts)
LANGUAGE_IDS = {"en": MSO_LANGUAGE_ID.ENGLISH_US, "hu": MSO_LANGUAGE_ID.HUNGARIAN}
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _use_the_clips_fonts(prs) -> None:
    """Theme fonts (headings and body, of slides and of notes) = the clips' Inter."""
    for master in (prs.slide_master, prs.notes_master):
        theme = master.part.part_related_by(RT.THEME)
        # python-pptx loads the slides' theme as plain bytes and makes the notes' as XML
        root = theme._element if isinstance(theme, XmlPart) else etree.fromstring(theme.blob)
        for kind, font in (("majorFont", SANS_BOLD), ("minorFont", SANS)):
            for fonts in root.iter(f"{_A}{kind}"):
                fonts.find(f"{_A}latin").set("typeface", font)
        if not isinstance(theme, XmlPart):
            theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _fit(width: int, height: int, top: int) -> tuple[int, int, int, int]:
    """left, top, width, height of a width x height picture fitted below `top`, centred."""
    scale = min(WIDTH / width, (HEIGHT - top) / height)
    w, h = int(width * scale), int(height * scale)
    return (WIDTH - w) // 2, top + (HEIGHT - top - h) // 2, w, h


def _write(frame, text: str, font: str, size: float | None, lang: str) -> None:
    """`text` into a text frame, labels with Unicode subscripts (h_{t-1} -> hₜ₋₁), every
    run in `font` (and `size`, in points) and `lang`."""
    frame.text = plain(text)
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.name = font
            run.font.language_id = LANGUAGE_IDS[lang]
            if size is not None:
                run.font.size = Pt(size)


def _place(shape, left: float, top: float, width: float, height: float) -> None:
    """Position a placeholder by fractions of the slide (the template's layouts are 4:3)."""
    shape.left, shape.top = int(WIDTH * left), int(HEIGHT * top)
    shape.width, shape.height = int(WIDTH * width), int(HEIGHT * height)


def _title_slide(prs, slide: Slide, lang: str):
    s = prs.slides.add_slide(prs.slide_layouts[TITLE_LAYOUT])
    title, subtitle = s.shapes.title, s.placeholders[1]
    _place(title, 0.08, 0.28, 0.84, 0.24)
    _place(subtitle, 0.08, 0.56, 0.84, 0.14)
    _write(title.text_frame, slide.title, SANS_BOLD, 40, lang)
    if slide.subtitle:
        _write(subtitle.text_frame, slide.subtitle, SANS, 24, lang)
    else:
        subtitle.element.getparent().remove(subtitle.element)   # no empty "Click to add" box
    return s


def _section_slide(prs, slide: Slide, lang: str, loop: bool):
    s = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    title = s.shapes.title
    title.left, title.top, title.width, title.height = Emu(457200), 0, WIDTH - Emu(914400), TITLE_BAND
    _write(title.text_frame, slide.title, SANS_BOLD, 28, lang)
    title.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    clip = slide.clip
    info = probe(clip.video)
    movie = s.shapes.add_movie(str(clip.video), *_fit(info.width, info.height, TITLE_BAND),
                               poster_frame_image=str(clip.poster), mime_type="video/mp4")
    autoplay(s, movie, clip.duration, loop)
    return s


def build_pptx(slides: list[Slide], out: Path, lang: str, loop: bool = False) -> None:
    """Write the deck of `slides` to `out`."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    _use_the_clips_fonts(prs)
    for slide in slides:
        if slide.kind == "section":
            s = _section_slide(prs, slide, lang, loop)
        else:
            s = _title_slide(prs, slide, lang)
        _write(s.notes_slide.notes_text_frame, slide.notes(lang), SANS, None, lang)
    embed_fonts(prs, FONT_FILES)
    prs.save(str(out))
