"""The deck as PowerPoint (python-pptx): 16:9, a title slide per scene, one clip per slide.

Each section's MP4 is embedded as a movie filling the slide, with its first frame as
the poster (what is shown before it plays, and what a PDF export prints). The speaker
notes hold the caption and the equations with their numbers. The clip plays when
clicked (python-pptx's timing); LibreOffice Impress opens and converts the file.
"""

from pathlib import Path

from pptx import Presentation
from pptx.util import Emu, Pt

from pipeline.workflows.slides import Slide, first_frame

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)      # 13.333 x 7.5 in: PowerPoint's 16:9
TITLE_LAYOUT, BLANK_LAYOUT = 0, 6


def _fit(width: int, height: int) -> tuple[int, int, int, int]:
    """left, top, width, height of a width x height picture fitted into the slide, centred."""
    scale = min(WIDTH / width, HEIGHT / height)
    w, h = int(width * scale), int(height * scale)
    return (WIDTH - w) // 2, (HEIGHT - h) // 2, w, h


def _title_slide(prs, slide: Slide):
    s = prs.slides.add_slide(prs.slide_layouts[TITLE_LAYOUT])
    title, subtitle = s.shapes.title, s.placeholders[1]
    for ph, top, height in ((title, 0.30, 0.22), (subtitle, 0.56, 0.14)):   # layouts are 4:3
        ph.left, ph.width = int(WIDTH * 0.08), int(WIDTH * 0.84)
        ph.top, ph.height = int(HEIGHT * top), int(HEIGHT * height)
    title.text = slide.title
    subtitle.text = slide.subtitle
    subtitle.text_frame.paragraphs[0].runs[0].font.size = Pt(24)
    return s


def build_pptx(slides: list[Slide], out: Path, posters: Path) -> None:
    """Write the deck of `slides` to `out`; poster frames are made in the folder `posters`."""
    import av
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    posters.mkdir(parents=True, exist_ok=True)
    for n, slide in enumerate(slides, start=1):
        if slide.clip is None:
            s = _title_slide(prs, slide)
        else:
            s = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
            poster = posters / f"{n:03d}.png"
            first_frame(slide.clip, poster)
            with av.open(str(slide.clip)) as c:
                v = c.streams.video[0]
                box = _fit(v.width, v.height)
            s.shapes.add_movie(str(slide.clip), *box, poster_frame_image=str(poster),
                               mime_type="video/mp4")
        s.notes_slide.notes_text_frame.text = slide.notes
    prs.save(str(out))
