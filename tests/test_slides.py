"""`render.py slides`: PowerPoint (reopened by python-pptx, converted by LibreOffice, its
embedded fonts unpacked by libeot), the PDF handout and its fonts, the HTML deck in
headless Chromium, and a Hungarian deck free of English.

PowerPoint and the handout are built from a tiny scene (an intro, three sections, one
equation) rendered once in this process; the HTML deck from the real rnn-cell scene
through the command line. LibreOffice and Chromium tests are skipped where those
programs (or libeot) are not installed.
"""

import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av
import numpy as np
import pypdf
import pytest
from lxml import etree
from PIL import Image
from manim import LEFT, RIGHT, FadeIn, Square

from cells import InputError, RunOptions
from pipeline.media.label_text import runs
from pipeline.rendering.request import make_request
from pipeline.rendering.sections import read_index
from pipeline.workflows.handout import build_handout
from pipeline.workflows.slides import (Slide, check_titles, deck_format, deck_slides, default_output,
                                       make_deck, render_sections)
from pipeline.workflows.slides_html import build_html
from pipeline.workflows.slides_pptx import build_pptx
from scenes.params import SceneParams
from scenes.parts.strings import STRINGS, say
from scenes.registry import SCENES, SceneInfo
from tests.helpers.deck_text import english_in, html_text, pdf_text, pptx_text
from tests.helpers.pipeline_scenes import Tiny

ROOT = Path(__file__).resolve().parent.parent
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


class TinyDeck(Tiny):
    """An intro (drawn before the first section), Tiny's two sections, and a third that
    shows an equation with a real number on caption line 1."""

    def construct(self):
        self.play(FadeIn(Square().shift(2 * LEFT)), run_time=0.4)
        super().construct()
        self.section("equation", "The hidden state: it carries the step")
        h = self.num(["steps", self.step_index, "h", 0], label="h_t")
        self.set_caption(f"h_t = tanh(W·[h_{{t-1}}, x_t] + b) = {h}", line=1)
        self.play(FadeIn(Square().shift(RIGHT)), run_time=0.4)


TINY = SceneInfo("tiny", "rnn", "title_rnn_cell", "A test scene", "tests.test_slides:TinyDeck")
TITLES = ["A circle appears", "It moves", "The hidden state"]


def h_text(decimals=2):
    from cells import make_trace
    from scenes.parts.numbers import format_value
    tr = make_trace(RunOptions(cell="rnn")).to_json()
    return format_value(float(tr["steps"][-1]["h"][0]), "fixed", decimals, 3, False)


def frames(video) -> list[np.ndarray]:
    with av.open(video if isinstance(video, io.BytesIO) else str(video)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]


def rgb(png) -> np.ndarray:
    return np.asarray(Image.open(png).convert("RGB"))


def printed(text: str) -> str:
    """`text` as a PDF's text layer reads it: labels' subscripts run on (h_{t-1} -> ht−1)."""
    return "".join(part for part, _ in runs(text))


def drawn_images(reader, page) -> list:
    """The images a PDF page draws (LibreOffice lists every page's images on each page)."""
    drawn = [operands[0] for operands, op in pypdf.generic.ContentStream(page.get_contents(), reader).operations
             if op == b"Do"]
    by_name = {"/" + image.name.rsplit(".", 1)[0]: image.image for image in page.images}
    return [by_name[name] for name in drawn if name in by_name]


# ---- units ---------------------------------------------------------------------------------
def test_notes_are_the_caption_then_the_equations_or_what_follows():
    section = Slide("section", "T", caption="Cap", equations=("a = 1", "b = 2"))
    assert section.notes("en") == "Cap\na = 1\nb = 2"
    assert Slide("section", "T").notes("en") == ""
    scene = Slide("scene", "Felejtő kapu", agenda=("Felejtő kapu", "Tovább"))
    assert scene.notes("hu") == "Ebben a részben:\n1. Felejtő kapu\n2. Tovább"


def test_deck_format_and_default_output():
    assert deck_format(None, None) == "pptx"
    assert deck_format(None, "a/deck.pptx") == "pptx"
    assert deck_format(None, "a/handout.pdf") == "pdf"
    assert deck_format(None, "a/deck") == "html"
    assert deck_format("html", "a/deck") == "html"
    for to, out in (("pptx", "deck.html"), ("pptx", "deck"), ("html", "deck.pptx"), ("pdf", "deck.pptx")):
        with pytest.raises(InputError, match="-o"):
            deck_format(to, out)
    assert default_output(["rnn-cell"], "pptx") == Path("media/rnn-cell-slides.pptx")
    assert default_output(["rnn-cell", "tanh"], "html") == Path("media/slides-slides")
    assert default_output(["lstm"], "pdf") == Path("media/lstm-handout.pdf")
    with pytest.raises(InputError, match="--author"):
        check_titles(None, "Me")
    with pytest.raises(InputError, match="--title"):
        check_titles(" ", None)


# ---- the tiny scene, rendered once ------------------------------------------------------------
@pytest.fixture(scope="module")
def sections(tmp_path_factory):
    """The sections folder of the tiny scene (intro + 3 sections), rendered once."""
    params = SceneParams(run=RunOptions(cell="rnn"))
    req = make_request(TINY, params, quality="low", quiet=True)
    folder, = render_sections([req], tmp_path_factory.mktemp("render"), jobs=1)
    return folder


@pytest.fixture(scope="module")
def slides(sections, tmp_path_factory):
    return deck_slides([(TINY, sections)], "en", tmp_path_factory.mktemp("clips"), "A deck", "Me, 2026")


def test_the_intro_opens_the_first_section_s_clip_and_posters_are_last_frames(sections, slides):
    index = read_index(sections)["sections"]
    assert [e["name"] for e in index] == ["intro", "first", "second step", "equation"]
    assert [s.kind for s in slides] == ["deck", "scene", "section", "section", "section"]
    assert [s.title for s in slides] == ["A deck", "RNN Cell"] + TITLES
    clips = [s.clip for s in slides[2:]]
    intro, first = (frames(sections / e["file"]) for e in index[:2])
    joined = frames(clips[0].video)
    assert len(joined) == len(intro) + len(first)                        # no slide of its own
    assert clips[0].duration == pytest.approx(index[0]["duration"] + index[1]["duration"])
    for clip in clips:
        assert np.array_equal(rgb(clip.poster), frames(clip.video)[-1])  # the last frame, not the first
    vtt = clips[0].subtitles.read_text()                                 # the caption once the section starts
    assert f"00:00:0{index[0]['duration']:.3f} --> " in vtt and "A circle appears" in vtt


# ---- PowerPoint ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pptx_deck(slides, tmp_path_factory):
    out = tmp_path_factory.mktemp("pptx") / "deck.pptx"
    build_pptx(slides, out, lang="en")
    return out


def _movies(slide):
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    media = list({id(r.target_part): r.target_part for r in slide.part.rels.values()  # linked twice:
                  if r.reltype in (RT.MEDIA, RT.VIDEO)}.values())                     # media and video
    posters = [r.target_part for r in slide.part.rels.values() if r.reltype == RT.IMAGE]
    return media, posters


def test_pptx_has_titled_slides_whose_clips_start_by_themselves(pptx_deck, slides):
    from pptx import Presentation
    prs = Presentation(str(pptx_deck))
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)          # 16:9
    pptx_slides = list(prs.slides)
    assert len(pptx_slides) == len(slides) == 5                                # no empty intro slide
    assert [s.shapes.title.text for s in pptx_slides] == ["A deck", "RNN Cell"] + TITLES
    assert pptx_slides[0].placeholders[1].text == "Me, 2026"
    for s, model in zip(pptx_slides[2:], slides[2:]):
        media, posters = _movies(s)
        assert len(media) == 1 and media[0].content_type == "video/mp4"
        last = frames(io.BytesIO(media[0].blob))[-1]
        assert np.array_equal(rgb(io.BytesIO(posters[0].blob)), last)          # the poster is the last frame
        movie = next(sh for sh in s.shapes if sh.shape_type == 16)              # MSO_SHAPE_TYPE.MEDIA
        assert movie.top >= s.shapes.title.top + s.shapes.title.height - 1      # the clip is below its title
        # Start: Automatically: the main sequence's effect starts with the slide and plays the movie
        timing = s.element.find(f"{P}timing")
        cmd, = timing.iter(f"{P}cmd")
        assert cmd.get("cmd") == "playFrom(0.0)" and cmd.get("type") == "call"
        target, = cmd.iter(f"{P}spTgt")
        assert target.get("spid") == str(movie.shape_id)
        effect = cmd.getparent().getparent()
        assert (effect.get("presetClass"), effect.get("nodeType")) == ("mediacall", "afterEffect")
        conds = [(c.get("evt"), c.get("delay")) for c in timing.iter(f"{P}cond")]
        assert ("onBegin", "0") in conds
        assert int(cmd.find(f"{P}cBhvr/{P}cTn").get("dur")) == round(model.clip.duration * 1000)
        assert "repeatCount" not in s.element.xml                               # holds its last frame
    notes = [s.notes_slide.notes_text_frame.text for s in pptx_slides]
    assert notes[1] == "In this part:\n1. A circle appears\n2. It moves\n3. The hidden state"
    assert notes[4] == f"The hidden state: it carries the step\nhₜ = tanh(W·[hₜ₋₁, xₜ] + b) = {h_text()}"


def test_pptx_text_is_set_in_the_clips_fonts(pptx_deck):
    import zipfile
    with zipfile.ZipFile(pptx_deck) as z:
        xml = {n: z.read(n).decode() for n in z.namelist() if n.endswith(".xml")}
    slide_fonts = {f for n, x in xml.items() if n.startswith("ppt/slides/")
                   for f in re.findall(r'<a:latin typeface="([^"]*)"', x)}
    assert slide_fonts == {"IRNN Inter", "IRNN Inter Semi Bold"}
    for name in ("ppt/theme/theme1.xml", "ppt/theme/theme2.xml"):
        major, minor = (re.search(rf"<a:{k}Font><a:latin typeface=\"([^\"]*)\"", xml[name])[1]
                        for k in ("major", "minor"))
        assert (major, minor) == ("IRNN Inter Semi Bold", "IRNN Inter")
    assert re.findall(r'lang="([^"]+)"', xml["ppt/slides/slide3.xml"])[0] == "en-US"


def _eot_font(data: bytes) -> bytes:
    """The font file inside an EOT, as libeot (LibreOffice's EOT reader) unpacks it."""
    import ctypes
    import ctypes.util
    name = ctypes.util.find_library("eot")
    if name is None:
        pytest.skip("libeot is not installed (apt-get install libeot0)")
    lib = ctypes.CDLL(name)
    out, size = ctypes.POINTER(ctypes.c_uint8)(), ctypes.c_uint()
    lib.EOT2ttf_buffer.argtypes = [ctypes.c_char_p, ctypes.c_uint, ctypes.c_void_p,
                                   ctypes.POINTER(ctypes.POINTER(ctypes.c_uint8)), ctypes.POINTER(ctypes.c_uint)]
    metadata = ctypes.create_string_buffer(4096)                # room for libeot's struct EOTMetadata
    assert lib.EOT2ttf_buffer(data, len(data), metadata, ctypes.byref(out), ctypes.byref(size)) == 0
    return ctypes.string_at(out, size.value)


def test_pptx_embeds_the_fonts_its_text_is_set_in(pptx_deck):
    import zipfile
    from fontTools.ttLib import TTFont
    with zipfile.ZipFile(pptx_deck) as z:
        files = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(files["ppt/presentation.xml"])
    assert root.get("embedTrueTypeFonts") == "1"
    order = [c.tag.split("}")[1] for c in root]
    assert order[order.index("notesSz") + 1] == "embeddedFontLst"           # where the schema puts it
    rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(files["ppt/_rels/presentation.xml.rels"])}
    types = {o.get("PartName") or o.get("Extension"): o.get("ContentType")
             for o in etree.fromstring(files["[Content_Types].xml"])}
    text = {}                                                 # typeface -> the characters set in it
    for name, data in files.items():
        if re.fullmatch(r"ppt/(slides|notesSlides)/\w+\.xml", name):
            for run in etree.fromstring(data).iter(f"{A}r"):
                latin = run.find(f"{A}rPr/{A}latin")
                face = latin.get("typeface") if latin is not None else "IRNN Inter"   # notes: the theme's
                text.setdefault(face, set()).update(run.findtext(f"{A}t") or "")
    embedded = {}
    for entry in root.find(f"{P}embeddedFontLst"):
        target = "ppt/" + rels[entry.find(f"{P}regular").get(f"{R}id")]
        assert types.get("/" + target, types[target.rsplit(".", 1)[1]]) == "application/x-fontdata"
        font = TTFont(io.BytesIO(_eot_font(files[target])))
        embedded[entry.find(f"{P}font").get("typeface")] = font
        assert font.sfntVersion == "\x00\x01\x00\x00" and "glyf" in font     # TrueType, as PowerPoint embeds
    assert set(embedded) == set(text) == {"IRNN Inter", "IRNN Inter Semi Bold"}
    for face, font in embedded.items():
        assert font["name"].getDebugName(1) == face
        assert {ord(c) for c in text[face] if not c.isspace()} <= set(font.getBestCmap())


def test_pptx_loop_repeats_every_clip(slides, tmp_path):
    from pptx import Presentation
    build_pptx(slides, tmp_path / "loop.pptx", lang="en", loop=True)
    for s in list(Presentation(str(tmp_path / "loop.pptx")).slides)[2:]:
        node, = s.element.iter(f"{P}cMediaNode")
        assert node.find(f"{P}cTn").get("repeatCount") == "indefinite"


def _font_config(tmp_path) -> Path:
    """A fontconfig file that adds the shipped fonts, as installing them would."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf'
                    f'</include><dir>{ROOT / "assets" / "fonts"}</dir></fontconfig>')
    return conf


def test_pptx_converts_to_pdf_in_libreoffice_one_distinct_page_per_slide(pptx_deck, slides, tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-impress)")
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    env = dict(os.environ, FONTCONFIG_FILE=str(_font_config(tmp_path)))
    try:
        r = subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(tmp_path), str(pptx_deck)],
                           capture_output=True, text=True, timeout=120, env=env)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = tmp_path / "deck.pdf"
    assert pdf.is_file(), r.stdout + r.stderr
    reader = pypdf.PdfReader(str(pdf))
    assert len(reader.pages) == 5
    posters = [rgb(s.clip.poster).astype(int) for s in slides[2:]]
    for k, page in enumerate(reader.pages[2:]):              # each page prints its own poster
        image, = drawn_images(reader, page)
        image = np.asarray(image.convert("RGB").resize((854, 480))).astype(int)
        errors = [np.abs(image - p).mean() for p in posters]
        assert np.argmin(errors) == k and errors[k] < 3, errors
    fonts = {str(f["/BaseFont"]) for page in reader.pages
             for f in page["/Resources"]["/Font"].get_object().values()}
    assert all("Inter" in f for f in fonts), fonts              # never the template's Calibri


# ---- the PDF handout --------------------------------------------------------------------------
def test_handout_has_a_page_per_section_with_its_last_frame_caption_and_numbers(sections, slides, tmp_path):
    out = tmp_path / "handout.pdf"
    build_handout(slides, out, lang="en")
    reader = pypdf.PdfReader(str(out))
    assert len(reader.pages) == 1 + 3                          # the cover, then one page per section
    assert reader.metadata.title == "A deck" and reader.metadata.author == "Me, 2026"
    index = read_index(sections)["sections"]
    lasts = [frames(sections / e["file"])[-1] for e in index[1:]]
    for page, last, slide in zip(reader.pages[1:], lasts, slides[2:]):
        image, = drawn_images(reader, page)
        assert np.array_equal(np.asarray(image.convert("RGB")), last)         # lossless, the last frame
        text = " ".join(page.extract_text().split())
        assert printed(slide.title) in text and printed(" ".join(slide.caption.split())) in text
    assert h_text() in reader.pages[3].extract_text()
    build_handout(slides[1:], out, lang="en")                  # without a deck title: no cover
    assert len(pypdf.PdfReader(str(out)).pages) == 3


def test_handout_embeds_its_fonts_as_the_truetype_programs_it_declares(slides, tmp_path):
    out = tmp_path / "handout.pdf"
    build_handout(slides, out, lang="en")
    reader = pypdf.PdfReader(str(out))
    programs = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].get_object().values():
            cid = font.get_object()["/DescendantFonts"][0].get_object()
            assert cid["/Subtype"] == "/CIDFontType2"
            programs[str(cid["/BaseFont"])] = cid["/FontDescriptor"]["/FontFile2"].get_data()[:4]
    assert {name.split("+")[1] for name in programs} == {"IRNNInter", "IRNNInterSemiBold",
                                                           "IRNNDejaVuSansMonoBook"}
    assert set(programs.values()) == {b"\x00\x01\x00\x00"}      # TrueType outlines, never "OTTO" (CFF)
    if shutil.which("pdftotext"):                               # poppler reads it without a warning
        r = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0 and r.stderr == "", r.stderr


def test_handout_fonts_are_converted_once_and_a_broken_cache_does_not_stop_the_handout(slides, tmp_path,
                                                                                      monkeypatch):
    from pipeline.media import truetype
    made = []
    convert = truetype.as_truetype
    monkeypatch.setattr(truetype, "as_truetype", lambda otf, ttf: (made.append(otf.name), convert(otf, ttf)))
    monkeypatch.setenv("ILLUSTRATED_RNN_CACHE", str(tmp_path / "cache"))
    for n in range(2):
        build_handout(slides, tmp_path / f"{n}.pdf", lang="en")
    assert made == ["Inter-Regular.otf", "Inter-SemiBold.otf"]                  # the second time from the cache
    kept = sorted((tmp_path / "cache" / "fonts").iterdir())
    assert [p.name.split("-")[1] for p in kept] == ["Regular", "SemiBold"]
    assert {p.stat().st_mode & 0o777 for p in kept} == {0o644}                # readable as any cache entry
    (tmp_path / "unwritable").write_text("a file, not a folder")
    monkeypatch.setenv("ILLUSTRATED_RNN_CACHE", str(tmp_path / "unwritable"))
    build_handout(slides, tmp_path / "2.pdf", lang="en")
    assert len(pypdf.PdfReader(str(tmp_path / "2.pdf")).pages) == 4


def test_inter_as_truetype_keeps_its_characters_and_widths(tmp_path):
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont
    from pipeline.media.truetype import as_truetype
    from scenes.parts.fonts import FONT_DIR
    as_truetype(FONT_DIR / "Inter-Regular.otf", tmp_path / "inter.ttf")
    otf, ttf = TTFont(str(FONT_DIR / "Inter-Regular.otf")), TTFont(str(tmp_path / "inter.ttf"))
    assert "glyf" in ttf and "CFF " not in ttf
    assert ttf.getBestCmap() == otf.getBestCmap()
    assert [ttf["hmtx"][g][0] for g in ttf.getGlyphOrder()] == [otf["hmtx"][g][0] for g in otf.getGlyphOrder()]
    for ch in "őσ":                                              # an outline as wide as the cubic one, within 1 unit
        name = otf.getBestCmap()[ord(ch)]
        bounds = []
        for font in (otf, ttf):
            pen = BoundsPen(font.getGlyphSet())
            font.getGlyphSet()[name].draw(pen)
            bounds.append(np.array(pen.bounds))
        assert np.abs(bounds[0] - bounds[1]).max() <= 1
        assert ttf["hmtx"][name][1] == ttf["glyf"][name].xMin           # its left side bearing


# ---- a Hungarian deck holds no English --------------------------------------------------------
def _fake_sections(folder: Path, clip: Path, info) -> Path:
    """A sections folder for `info` without rendering it: internal (English) section names,
    Hungarian captions, one short clip for every section."""
    folder.mkdir()
    names = ["intro", "forget", "cell_state", "output"]
    captions = ["", STRINGS["cap_lstm_forget"]["hu"], STRINGS["cap_rnn_concat"]["hu"],
                STRINGS["cap_hid_out"]["hu"].format(h="h_2", vec="[0.10, 0.20]")]
    entries = []
    for n, (name, caption) in enumerate(zip(names, captions), start=1):
        shutil.copyfile(clip, folder / f"{n:02d}-{name}.mp4")
        from pipeline.rendering.sections import short_title
        entries.append({"file": f"{n:02d}-{name}.mp4", "name": name, "title": short_title(caption),
                        "caption": caption, "equations": ["f_t = σ(W_f·[h_{t-1}, x_t] + b_f) = [0.57]"] * (n > 1),
                        "duration": 1.0})
    (folder / "index.json").write_text(json.dumps({"scene": info.id, "format": "mp4", "sections": entries}))
    return folder


def test_a_hungarian_deck_of_every_scene_has_no_english(sections, tmp_path):
    clip = sections / read_index(sections)["sections"][1]["file"]
    scenes = [(info, _fake_sections(tmp_path / info.id, clip, info)) for info in SCENES.values()]
    slides = deck_slides(scenes, "hu", tmp_path / "clips", "Rekurrens hálózatok", "Kovács Anna")
    assert all(english_in(s.title) == set() for s in slides)
    build_pptx(slides, tmp_path / "deck.pptx", lang="hu")
    build_handout(slides, tmp_path / "handout.pdf", lang="hu")
    build_html(slides[:6], tmp_path / "deck", lang="hu", loop=True)   # its chrome needs no 20 scenes' WebMs
    for kind, text in (("pptx", pptx_text(tmp_path / "deck.pptx")), ("pdf", pdf_text(tmp_path / "handout.pdf")),
                       ("html", html_text(tmp_path / "deck"))):
        assert english_in(text) == set(), kind
        assert "Felejtő kapu" in text and "Rekurrens hálózatok" in text, kind
    videos = re.findall(r"<video[^>]*>", (tmp_path / "deck" / "index.html").read_text(encoding="utf-8"))
    assert videos and all(" loop" in v for v in videos)             # --loop
    english = deck_slides(scenes[:1], "en", tmp_path / "clips-en")
    build_pptx(english, tmp_path / "en.pptx", lang="en")
    assert {"part", "this"} <= english_in(pptx_text(tmp_path / "en.pptx"))   # the check does see English


# ---- HTML, through the command line ------------------------------------------------------------
@pytest.fixture(scope="module")
def html_deck(tmp_path_factory):
    folder = tmp_path_factory.mktemp("html")
    start = time.monotonic()
    r = subprocess.run([sys.executable, str(ROOT / "render.py"), "slides", "rnn-cell", "--to", "html",
                        "--quality", "low", "--lang", "hu", "--jobs", "1", "-o", "deck"],
                       capture_output=True, text=True, cwd=folder, timeout=180)
    assert r.returncode == 0, r.stderr
    return folder / "deck", r, time.monotonic() - start


def test_html_deck_is_self_contained_and_hungarian(html_deck):
    deck, r, _ = html_deck
    assert r.stdout.strip().startswith("deck/index.html  html  ")
    page = (deck / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"(?:src|href)\s*=\s*\"(?:https?:)?//", page)      # nothing from the network
    assert "http://" not in page and "https://" not in page
    refs = re.findall(r'(?:src|poster|data-poster)="([^"]+)"', page) + re.findall(r'url\("([^"]+)"\)', page)
    refs = [ref for ref in refs if not ref.startswith("data:")]
    assert refs and all((deck / ref).is_file() for ref in refs)
    assert {"fonts/Inter-Regular.otf", "fonts/Inter-SemiBold.otf"} <= set(refs)
    index = json.loads((deck / "deck.json").read_text(encoding="utf-8"))["slides"]
    assert index[0]["title"] == "RNN-cella" and "clip" not in index[0]
    clips = index[1:]
    assert [c["clip"].split("/")[-1] for c in clips] == ["02-inputs", "03-concat", "04-tanh", "05-output"]
    assert page.count("<section class=\"slide") == len(index) == 5
    for c in clips:                                          # the WebM has the MP4's duration
        for ext in (".mp4", ".webm"):
            with av.open(str(deck / (c["clip"] + ext))) as f:
                assert f.duration / av.time_base == pytest.approx(c["duration"], abs=0.1)
    assert clips[0]["notes"] == say("cap_rnn_inputs", "hu", t=10, word="")          # Hungarian captions
    assert clips[0]["title"] == "10. lépés"
    assert english_in(html_text(deck)) == set()
    assert say("deck_hint", "hu") in page


@pytest.fixture
def driver():
    """Headless Chromium driven by selenium, with a profile of its own that is removed after."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not (browser and chromedriver):
        pytest.skip("headless Chromium and chromedriver are not installed "
                    "(apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service
    os.environ.setdefault("SE_OFFLINE", "true")      # Selenium Manager must never download a driver
    opts = webdriver.ChromeOptions()
    opts.binary_location = browser
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,800"):
        opts.add_argument(flag)
    chrome = webdriver.Chrome(options=opts, service=Service(chromedriver))
    try:
        yield chrome
    finally:
        chrome.quit()
        shutil.rmtree(profile, ignore_errors=True)


STATE = """
const s = document.querySelectorAll('#stage .slide')[deck.current()], v = s.querySelector('video');
return {n: deck.current(), count: deck.count, hash: location.hash,
        visible: s.classList.contains('active') && getComputedStyle(s).display !== 'none',
        video: v ? {ready: v.readyState, duration: v.duration, paused: v.paused, time: v.currentTime,
                    src: v.currentSrc} : null};
"""


def _wait(driver, check, timeout=20.0, script=STATE):
    end = time.monotonic() + timeout
    while True:
        state = driver.execute_script(script)
        if check(state) or time.monotonic() > end:
            return state
        time.sleep(0.05)


def _swipe(driver, dx):
    driver.execute_script("""
        const stage = document.getElementById('stage'), box = stage.getBoundingClientRect();
        const at = (x) => new Touch({identifier: 1, target: stage, clientX: x, clientY: box.height / 2});
        const x0 = box.width / 2;
        stage.dispatchEvent(new TouchEvent('touchstart', {changedTouches: [at(x0)], touches: [at(x0)], bubbles: true}));
        stage.dispatchEvent(new TouchEvent('touchend', {changedTouches: [at(x0 + arguments[0])], bubbles: true,
                                                        cancelable: true}));""", dx)


def test_html_deck_in_headless_chromium(html_deck, driver):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    deck, _, _ = html_deck
    index = json.loads((deck / "deck.json").read_text(encoding="utf-8"))["slides"]
    driver.get((deck / "index.html").as_uri())
    state = driver.execute_script(STATE)
    assert state["count"] == len(index) and state["n"] == 0 and state["video"] is None
    keys = [Keys.ARROW_RIGHT, Keys.SPACE, Keys.PAGE_DOWN, Keys.ARROW_RIGHT]
    for n, entry in enumerate(index[1:], start=1):
        ActionChains(driver).send_keys(keys[(n - 1) % len(keys)]).perform()
        state = _wait(driver, lambda s: s["video"] and s["video"]["ready"] >= 1 and s["video"]["time"] > 0)
        assert state["n"] == n and state["visible"] and state["hash"] == f"#{n + 1}"
        v = state["video"]
        assert v["src"].startswith("file://") and v["src"].endswith(entry["clip"] + ".mp4")
        assert v["duration"] == pytest.approx(entry["duration"], abs=0.1)
        assert not v["paused"] and v["time"] > 0, "the clip autoplays when its slide is entered"
    # the WebM sources load too (each browser picks the first it can play)
    durations = driver.execute_async_script("""
        const done = arguments[arguments.length - 1], out = [];
        const srcs = Array.from(document.querySelectorAll('source[type="video/webm"]')).map(s => s.src);
        (function next(i) {
          if (i === srcs.length) return done(out);
          const v = document.createElement('video'); v.preload = 'metadata'; v.muted = true;
          v.onloadedmetadata = () => { out.push(v.duration); next(i + 1); };
          v.onerror = () => { out.push(-1); next(i + 1); };
          v.src = srcs[i];
        })(0);""")
    assert durations == pytest.approx([e["duration"] for e in index[1:]], abs=0.1)
    # C shows the subtitle track (inline, since Chromium loads no <track> file from file://)
    ActionChains(driver).send_keys("c").perform()
    track = _wait(driver, lambda t: t[0] == 2, script="""
        const v = document.querySelectorAll('#stage .slide')[deck.current()].querySelector('video');
        return [v.querySelector('track').readyState, v.textTracks[0].mode, v.textTracks[0].cues.length];""")
    assert track == [2, "showing", 1]
    # back with the arrow, click navigation (right two thirds on, left third back), swipes
    ActionChains(driver).send_keys(Keys.ARROW_LEFT).perform()
    assert driver.execute_script(STATE)["n"] == len(index) - 2
    stage = driver.find_element("id", "stage")
    width = stage.size["width"]
    ActionChains(driver).move_to_element_with_offset(stage, -width // 2 + 20, 0).click().perform()
    assert driver.execute_script(STATE)["n"] == len(index) - 3
    ActionChains(driver).move_to_element_with_offset(stage, width // 2 - 20, 0).click().perform()
    assert driver.execute_script(STATE)["n"] == len(index) - 2
    _swipe(driver, -200)
    assert driver.execute_script(STATE)["n"] == len(index) - 1
    _swipe(driver, 200)
    assert driver.execute_script(STATE)["n"] == len(index) - 2
    ActionChains(driver).send_keys(Keys.HOME).perform()
    assert driver.execute_script(STATE)["n"] == 0
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(name.startswith("file://") for name in resources)


PRESENTER = """
return {n: deck.current(), presenter: deck.presenter,
        notes: document.getElementById('p-notes-text').innerText,
        next: document.getElementById('p-next-view').innerText,
        nextImage: (document.querySelector('#p-next-view img') || {}).src || null,
        elapsed: document.getElementById('p-elapsed').textContent,
        counter: document.getElementById('p-counter').textContent,
        playing: (() => { const v = document.querySelectorAll('#stage .slide')[deck.current()].querySelector('video');
                          return v ? !v.paused && v.currentTime > 0 : null; })()};
"""


def test_html_presenter_view_follows_the_deck_in_a_second_window(html_deck, driver):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    deck, _, _ = html_deck
    index = json.loads((deck / "deck.json").read_text(encoding="utf-8"))["slides"]
    driver.get((deck / "index.html").as_uri() + "#2")
    main = driver.current_window_handle
    ActionChains(driver).send_keys("p").perform()
    end = time.monotonic() + 10
    while len(driver.window_handles) < 2 and time.monotonic() < end:
        time.sleep(0.05)
    presenter = next(h for h in driver.window_handles if h != main)
    driver.switch_to.window(presenter)
    state = _wait(driver, lambda s: s["n"] == 1 and s["playing"], script=PRESENTER)
    assert state["presenter"] and state["n"] == 1 and state["playing"]
    assert state["counter"] == f"Dia 2 / {len(index)}" and re.fullmatch(r"\d\d:\d\d", state["elapsed"])
    assert "megérkezik" in state["notes"] and "concat" in state["nextImage"]
    assert index[2]["title"] in state["next"]
    # the main window moves: the presenter follows, its notes show the numbers
    driver.switch_to.window(main)
    for _ in range(3):
        ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
    assert driver.execute_script(STATE)["n"] == 4
    driver.switch_to.window(presenter)
    state = _wait(driver, lambda s: s["n"] == 4, script=PRESENTER)
    assert state["n"] == 4 and index[4]["notes"].split("=")[-1].strip() in state["notes"]
    assert state["next"] == say("deck_end", "hu")
    # the presenter moves: the main window follows
    ActionChains(driver).send_keys(Keys.ARROW_LEFT).perform()
    driver.switch_to.window(main)
    assert _wait(driver, lambda s: s["n"] == 3)["n"] == 3


def test_html_deck_prints_a_handout_page_per_section(html_deck, driver):
    deck, _, _ = html_deck
    index = json.loads((deck / "deck.json").read_text(encoding="utf-8"))["slides"]
    driver.get((deck / "index.html").as_uri())
    _wait(driver, lambda s: driver.execute_script(
        "return Array.from(document.images).every(i => i.complete)"))
    pdf = pypdf.PdfReader(io.BytesIO(base64.b64decode(driver.print_page())))
    clips = [e for e in index if "clip" in e]
    assert len(pdf.pages) == len(clips)
    for page, entry in zip(pdf.pages, clips):
        assert len(drawn_images(pdf, page)) == 1
        text = " ".join(page.extract_text().split())
        assert printed(entry["title"]) in text and english_in(text) == set()


def test_slides_command_errors_are_one_line(tmp_path):
    for args in (["slides"], ["slides", "rnn-cell", "--to", "pptx", "-o", "deck.html"],
                 ["slides", "rnn-cell", "--to", "pdf", "-o", "deck.pptx"],
                 ["slides", "rnn-cell", "--author", "Me"], ["slides", "rnn-cell", "--title", ""],
                 ["slides", "no-such-scene"]):
        r = subprocess.run([sys.executable, str(ROOT / "render.py"), *args], capture_output=True,
                           text=True, cwd=tmp_path, timeout=60)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert r.stderr.startswith("error: ")


def test_a_folder_that_is_not_a_deck_is_not_replaced(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    params = SceneParams(run=RunOptions(cell="rnn"))
    with pytest.raises(InputError, match="was not written by this tool"):
        make_deck([make_request(TINY, params, quality="low", quiet=True)], "html", tmp_path / "mine", lang="en")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep"
