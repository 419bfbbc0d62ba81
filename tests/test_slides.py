"""`render.py slides`: PowerPoint (python-pptx reopens it; LibreOffice converts it) and the HTML deck in headless Chromium.

The PowerPoint deck is made from a tiny scene (two sections, one equation) rendered in
this process; the HTML deck from the real rnn-cell scene through the command line.
LibreOffice and Chromium tests are skipped where those programs are not installed.
"""

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
import pytest
from PIL import Image
from manim import RIGHT, FadeIn, Square

from cells import InputError, RunOptions
from pipeline.rendering.request import make_request
from pipeline.workflows.slides import deck_format, default_output, make_deck, notes_text
from scenes.params import SceneParams
from scenes.registry import SCENES
from scenes.registry import SceneInfo
from tests.helpers.pipeline_scenes import Tiny

ROOT = Path(__file__).resolve().parent.parent


class TinyEquation(Tiny):
    """Tiny, plus a third section that shows an equation with a real number on caption line 1."""

    def construct(self):
        super().construct()
        self.section("equation", "The hidden state")
        h = self.num(["steps", self.step_index, "h", 0], label="h_t")
        self.set_caption(f"h_t = tanh(W·[h_{{t-1}}, x_t] + b) = {h}", line=1)
        self.play(FadeIn(Square().shift(RIGHT)), run_time=0.4)


TINY = SceneInfo("tiny", "rnn", "title_rnn_cell", "A test scene", "tests.test_slides:TinyEquation")


def tiny_request(lang="en"):
    params = SceneParams(run=RunOptions(cell="rnn"), lang=lang)
    return make_request(TINY, params, quality="low", quiet=True)


def h_text(decimals=2):
    from cells import make_trace
    from scenes.parts.numbers import format_value
    tr = make_trace(RunOptions(cell="rnn")).to_json()
    return format_value(float(tr["steps"][-1]["h"][0]), "fixed", decimals, 3, False)


# ---- units ---------------------------------------------------------------------------------
def test_notes_are_the_caption_then_the_equations():
    assert notes_text({"caption": "Cap", "equations": ["a = 1", "b = 2"]}) == "Cap\na = 1\nb = 2"
    assert notes_text({"caption": "Cap"}) == "Cap"
    assert notes_text({"caption": ""}) == ""


def test_deck_format_and_default_output():
    assert deck_format(None, None) == "pptx"
    assert deck_format(None, "a/deck.pptx") == "pptx"
    assert deck_format(None, "a/deck") == "html"
    assert deck_format("html", "a/deck") == "html"
    for to, out in (("pptx", "deck.html"), ("pptx", "deck"), ("html", "deck.pptx")):
        with pytest.raises(InputError, match="-o"):
            deck_format(to, out)
    assert default_output(["rnn-cell"], "pptx") == Path("media/rnn-cell-slides.pptx")
    assert default_output(["rnn-cell", "tanh"], "html") == Path("media/slides-slides")


def test_deck_titles_come_from_the_registry_in_the_decks_language():
    assert SCENES["rnn-cell"].title_in("hu") == "RNN-cella"
    assert SCENES["rnn-cell"].title_in("en") == "RNN Cell"
    assert SCENES["lstm-forget"].title_in("hu") == "Felejtő kapu"


# ---- PowerPoint ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pptx_deck(tmp_path_factory):
    out = tmp_path_factory.mktemp("pptx") / "deck.pptx"
    start = time.monotonic()
    make_deck([tiny_request("en"), tiny_request("hu")], "pptx", out, lang="en", jobs=1)
    return out, time.monotonic() - start


def test_pptx_reopens_with_a_title_and_a_movie_per_section(pptx_deck):
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    out, _ = pptx_deck
    prs = Presentation(str(out))
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)          # 16:9
    slides = list(prs.slides)
    # per scene: a title slide, then its three sections (nothing plays before the first)
    assert len(slides) == 2 * (1 + 3)
    titles = [s for s in slides if s.shapes.title is not None]
    assert [s.shapes.title.text for s in titles] == ["RNN Cell", "RNN Cell"]
    for s in slides:
        if s in titles:
            continue
        media = [r.target_part for r in s.part.rels.values() if r.reltype in (RT.MEDIA, RT.VIDEO)]
        assert media and all(p.content_type == "video/mp4" and len(p.blob) > 1000 for p in media)
        with av.open(io.BytesIO(media[0].blob)) as c:
            assert c.duration > 0
            first = next(c.decode(video=0)).to_ndarray(format="rgb24")
        images = [r.target_part for r in s.part.rels.values() if r.reltype == RT.IMAGE]
        assert images and images[0].content_type == "image/png"                  # the poster frame:
        poster = np.asarray(Image.open(io.BytesIO(images[0].blob)).convert("RGB"))
        assert np.array_equal(poster, first)                                      # the first frame
        pic = s.shapes[0]
        assert (pic.left, pic.width) == (0, 12192000) and pic.top < 6858000 * 0.01   # 854x480 fills it
    notes = [s.notes_slide.notes_text_frame.text for s in slides[:4]]
    assert notes == ["A test scene", "A circle appears", "It moves",
                         f"The hidden state\nh_t = tanh(W·[h_{{t-1}}, x_t] + b) = {h_text()}"]


def test_pptx_converts_to_pdf_in_libreoffice(pptx_deck, tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-impress)")
    out, _ = pptx_deck
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        r = subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                           capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = tmp_path / "deck.pdf"
    assert pdf.is_file(), r.stdout + r.stderr
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))
    assert pages == 8


def test_a_folder_that_is_not_a_deck_is_not_replaced(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    with pytest.raises(InputError, match="was not written by this tool"):
        make_deck([tiny_request()], "html", tmp_path / "mine", lang="en")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep"


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


def test_html_deck_is_self_contained(html_deck):
    deck, r, _ = html_deck
    assert r.stdout.strip().startswith("deck/index.html  html  ")
    page = (deck / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"(?:src|href)\s*=\s*\"(?:https?:)?//", page)      # nothing from the network
    assert "http://" not in page and "https://" not in page
    refs = re.findall(r'(?:src|poster)="([^"]+)"', page)
    assert refs and all((deck / ref).is_file() for ref in refs)
    index = json.loads((deck / "deck.json").read_text(encoding="utf-8"))["slides"]
    assert index[0]["title"] == "RNN-cella" and "clip" not in index[0]
    clips = index[1:]
    assert [c["clip"].split("/")[-1] for c in clips] == ["01-intro", "02-inputs", "03-concat", "04-tanh",
                                                        "05-output"]
    assert page.count("<section class=\"slide") == len(index) == 6
    for c in clips:                                          # the WebM has the MP4's duration
        for ext in (".mp4", ".webm"):
            with av.open(str(deck / (c["clip"] + ext))) as f:
                assert f.duration / av.time_base == pytest.approx(c["duration"], abs=0.1)
    from scenes.parts.strings import say
    assert clips[1]["notes"] == say("cap_rnn_inputs", "hu", t=10)         # Hungarian captions


def _chromium():
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not (browser and driver):
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
    return webdriver.Chrome(options=opts, service=Service(driver)), profile


STATE = """
const s = document.querySelectorAll('.slide')[deck.current()], v = s.querySelector('video');
return {n: deck.current(), count: deck.count, hash: location.hash,
        visible: s.classList.contains('active') && getComputedStyle(s).display !== 'none',
        video: v ? {ready: v.readyState, duration: v.duration, paused: v.paused, time: v.currentTime,
                    src: v.currentSrc} : null};
"""


def _wait(driver, check, timeout=20.0):
    end = time.monotonic() + timeout
    while True:
        state = driver.execute_script(STATE)
        if check(state) or time.monotonic() > end:
            return state
        time.sleep(0.05)


def test_html_deck_in_headless_chromium(html_deck):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    deck, _, _ = html_deck
    index = json.loads((deck / "deck.json").read_text(encoding="utf-8"))["slides"]
    driver, profile = _chromium()
    try:
        driver.get((deck / "index.html").as_uri())
        state = driver.execute_script(STATE)
        assert state["count"] == len(index) and state["n"] == 0 and state["video"] is None
        keys = [Keys.ARROW_RIGHT, Keys.SPACE, Keys.ARROW_RIGHT, Keys.PAGE_DOWN, Keys.ARROW_RIGHT]
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
        # back with the arrow, notes with N, click navigation (right two thirds on, left third back)
        ActionChains(driver).send_keys(Keys.ARROW_LEFT).perform()
        assert driver.execute_script(STATE)["n"] == len(index) - 2
        assert not driver.execute_script("return document.body.classList.contains('notes-open')")
        ActionChains(driver).send_keys("n").perform()
        panel = driver.find_element("id", "notes")
        end = time.monotonic() + 5
        while panel.size["width"] < 300 and time.monotonic() < end:      # it slides open
            time.sleep(0.05)
        assert panel.is_displayed() and panel.size["width"] >= 300
        assert "W·[h" in panel.text and index[-2]["notes"].split("=")[-1].strip() in panel.text
        stage = driver.find_element("id", "stage")
        width = stage.size["width"]
        ActionChains(driver).move_to_element_with_offset(stage, -width // 2 + 20, 0).click().perform()
        assert driver.execute_script(STATE)["n"] == len(index) - 3
        ActionChains(driver).move_to_element_with_offset(stage, width // 2 - 20, 0).click().perform()
        assert driver.execute_script(STATE)["n"] == len(index) - 2
        ActionChains(driver).send_keys(Keys.HOME).perform()
        assert driver.execute_script(STATE)["n"] == 0
        resources = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
        assert all(name.startswith("file://") for name in resources)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_slides_command_errors_are_one_line(tmp_path):
    for args in (["slides"], ["slides", "rnn-cell", "--to", "pptx", "-o", "deck.html"],
                 ["slides", "no-such-scene"]):
        r = subprocess.run([sys.executable, str(ROOT / "render.py"), *args], capture_output=True,
                           text=True, cwd=tmp_path, timeout=60)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert r.stderr.startswith("error: ")
