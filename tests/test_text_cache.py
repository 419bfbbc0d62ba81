"""Text built once (scenes/parts/text.py) draws what Manim's own Text and MarkupText draw."""

import os

import numpy as np
import pytest
from manim import WHITE, Camera, MarkupText, Text

from scenes.parts import text as T
from scenes.parts.fonts import MONO, SANS, register_fonts
from scenes.parts.labels import rich

CASES = [
    (Text, T.cached_text, "-0.3812", dict(font=MONO, font_size=30, color="#333333")),
    (MarkupText, T.cached_markup, rich("the gate f_t reads h_{t-1} and C~_{t-1}"),
     dict(font=SANS, font_size=28, color="#222222")),
    (Text, T.cached_text, "def f(x): return x", dict(font=MONO, font_size=26, color="#222222",
                                                     t2c={"[0:3]": "#d03040", "[4:5]": "#3080d0"})),
]


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    register_fonts()
    monkeypatch.setattr(T, "_memory", {})
    monkeypatch.setattr(T, "_disk", None)


def pixels(mob) -> np.ndarray:
    cam = Camera(pixel_width=800, pixel_height=450, background_color=WHITE)
    cam.capture_mobject(mob)
    return np.asarray(cam.get_image().convert("RGB"), dtype=int)


@pytest.mark.parametrize("cls,build,s,kw", CASES)
def test_glyphs_draw_exactly_what_manim_draws(cls, build, s, kw):
    want, got = cls(s, **kw), build(s, glyphs=True, **kw)
    assert len(got.submobjects) == len(want.submobjects)
    assert np.array_equal(pixels(got), pixels(want))


@pytest.mark.parametrize("cls,build,s,kw", CASES)
def test_merged_text_is_one_path_per_colour_and_looks_the_same(cls, build, s, kw):
    want, got = cls(s, **kw), build(s, **kw)
    colours = {tuple(m.fill_rgbas[0]) for m in want.submobjects if len(m.points)}
    assert len(got.submobjects) == len({c for c in colours}) <= len(want.submobjects)
    assert np.allclose(got.get_center(), want.get_center()) and got.width == pytest.approx(want.width)
    diff = np.abs(pixels(got) - pixels(want)).max(axis=2)
    assert (diff > 24).mean() < 1e-4          # only antialiasing where glyphs touch


def test_merged_after_removing_a_glyph():
    g = T.cached_text("|= [1.00]", glyphs=True, font=MONO, font_size=30, color="#333333")
    marker = g[0]
    g.remove(marker)
    m = T.merged(g)
    assert len(m.submobjects) == 1
    assert m.get_left()[0] > marker.get_right()[0]
    assert np.array_equal(m[0].points, np.concatenate([p.points for p in g.submobjects]))


def test_disk_cache_round_trip_and_repair(tmp_path, monkeypatch):
    T.use_disk_cache(tmp_path)
    first = T.cached_markup(rich("h_t = o_t * tanh(C_t)"), font=SANS, font_size=28, color="#222222")
    files = list(tmp_path.glob("*.npz"))
    assert len(files) == 1 and not list(tmp_path.glob("*.tmp"))
    with np.load(files[0], allow_pickle=False) as z:      # plain arrays, never pickles
        assert {"points", "ends", "fill_rgbas"} <= set(z.files)

    monkeypatch.setattr(T, "_memory", {})
    refuses = type("MarkupText", (), {"__init__": lambda *a, **k: pytest.fail("built again")})
    monkeypatch.setattr(T, "MarkupText", refuses)          # from the disk, not from Pango
    again = T.cached_markup(rich("h_t = o_t * tanh(C_t)"), font=SANS, font_size=28, color="#222222")
    assert np.array_equal(pixels(again), pixels(first))

    files[0].write_bytes(b"not a zip")                     # damaged: built again, rewritten
    monkeypatch.setattr(T, "_memory", {})
    monkeypatch.setattr(T, "MarkupText", MarkupText)
    repaired = T.cached_markup(rich("h_t = o_t * tanh(C_t)"), font=SANS, font_size=28, color="#222222")
    assert np.array_equal(pixels(repaired), pixels(first))
    with np.load(files[0], allow_pickle=False) as z:
        assert len(z["points"]) == sum(len(m.points) for m in first.submobjects)


def test_the_key_covers_every_argument():
    a = T.cached_text("0.50", font=MONO, font_size=30, color="#333333")
    b = T.cached_text("0.50", font=MONO, font_size=30, color="#ff0000")
    c = T.cached_text("0.50", font=MONO, font_size=40, color="#333333")
    assert not np.array_equal(a[0].fill_rgbas, b[0].fill_rgbas)
    assert c.height > a.height
    assert len(T._memory) == 3


def test_text_is_the_source_string():
    s = rich("h_t = tanh(x_t)")
    assert T.cached_markup(s, font=SANS, font_size=28).text == s
    g = T.cached_text("|= [1.00]", glyphs=True, font=MONO, font_size=30)
    g.remove(g[0])
    g.text = g.text[1:]
    assert T.merged(g).text == "= [1.00]"


def test_disk_cache_stays_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(T, "MAX_FILES", 10)
    for k in range(12):
        f = tmp_path / f"{k:02d}.npz"
        f.write_bytes(b"x")
        os.utime(f, (1000 + k, 1000 + k))
    T.use_disk_cache(tmp_path)
    assert sorted(f.name for f in tmp_path.iterdir()) == [f"{k:02d}.npz" for k in range(7, 12)]
    T.use_disk_cache(tmp_path)                   # under the limit: nothing more goes
    assert len(list(tmp_path.iterdir())) == 5
