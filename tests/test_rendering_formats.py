"""The render pipeline on tiny scenes: every format probed with PyAV, sections, manifest, failures.

Each output is rendered once per module (low quality, about two seconds of video).
"""

import json
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from cells import RunOptions
from pipeline.rendering.outputs import MARKER
from pipeline.rendering.render import render
from pipeline.rendering.request import QUALITIES, make_request
from scenes.engines.base import lookup
from scenes.parts.numbers import fmt
from scenes.params import SceneParams
from scenes.parts.theme import THEMES
from tests.helpers.pipeline_scenes import Crashing, Tiny, info

BLUE = (0x49, 0x92, 0xdf)          # the article theme's tanh blue: the circle of Tiny


def tiny_request(out: Path, scene=Tiny, **kw):
    params = SceneParams(run=RunOptions(cell="rnn"), theme=kw.pop("theme", "article"),
                         manifest=kw.pop("manifest", None))
    return make_request(info(scene), params, quality="low", out=out, quiet=True, **kw)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """name -> path of each rendered output (rendered lazily, once)."""
    root = tmp_path_factory.mktemp("renders")
    cases = {
        "mp4": dict(sections=True, manifest=str(root / "m" / "tiny.json")),
        "gif": dict(sections=True),
        "hold.gif": dict(hold=3.25),
        "png": {},
        "sections.png": dict(sections=True),
        "dark.png": dict(theme="dark"),
        "alpha.png": dict(transparent=True),
        "mov": dict(transparent=True),
        "webm": dict(transparent=True, fps=10),
    }
    done = {}

    def get(name):
        if name not in done:
            done[name] = render(tiny_request(root / f"tiny.{name}", **cases[name]))
        return done[name]
    return get


def first_stream(path):
    c = av.open(str(path))
    return c, c.streams.video[0]


def frames_rgba(path, codec=None):
    c, s = first_stream(path)
    with c:
        if codec is None:
            return [f.to_ndarray(format="rgba") for f in c.decode(s)]
        ctx = av.CodecContext.create(codec, "r")   # ffmpeg's own vp9 decoder drops alpha
        return [f.to_ndarray(format="rgba") for p in c.demux(s) for f in ctx.decode(p)]


def test_mp4_size_rate_duration_pixel_format(outputs):
    c, s = first_stream(outputs("mp4"))
    with c:
        assert (s.width, s.height, s.codec_context.name, s.pix_fmt) == (854, 480, "h264", "yuv420p")
        assert s.guessed_rate == 15
        # 2 s of plays, and 0.75 s + 0.5 s more so that "A circle appears" (1.25 s to read)
        # and "It moves" (1 s) are read; each play's frames round up at 15 fps
        assert c.duration / av.time_base == pytest.approx(3.3, abs=0.1)


def test_sections_folder_has_clips_and_index(outputs):
    out = outputs("mp4")
    folder = out.with_suffix("")
    index = json.loads((folder / "index.json").read_text())
    assert sorted(p.name for p in folder.iterdir()) == [MARKER, "01-first.mp4", "01-first.vtt",
                                                        "02-second-step.mp4", "02-second-step.vtt",
                                                        "index.json"]
    assert [(e["file"], e["name"], e["title"], e["caption"]) for e in index["sections"]] == [
        ("01-first.mp4", "first", "A circle appears", "A circle appears"),
        ("02-second-step.mp4", "second step", "It moves", "It moves")]
    first = index["sections"][0]
    assert (folder / "01-first.vtt").read_text() == \
        f"WEBVTT\n\n00:00:00.000 --> 00:00:0{first['duration']:.3f}\nA circle appears\n\n"
    with av.open(str(out)) as c:
        total = c.duration / av.time_base
    assert sum(e["duration"] for e in index["sections"]) == pytest.approx(total, abs=0.15)


def test_a_movie_with_sections_has_chapters_and_subtitles_beside_it(outputs):
    """Players list chapters by section and load OUT.srt / OUT.vtt by themselves."""
    out = outputs("mp4")
    index = json.loads((out.with_suffix("") / "index.json").read_text())["sections"]
    with av.open(str(out)) as c:
        chapters = c.chapters()
    assert [ch["metadata"]["title"] for ch in chapters] == ["A circle appears", "It moves"]
    assert float(chapters[1]["start"] * chapters[1]["time_base"]) == pytest.approx(index[0]["duration"], abs=0.002)
    assert out.with_suffix(".vtt").read_text().startswith("WEBVTT\n\n00:00:00.000 --> ")
    srt = out.with_suffix(".srt").read_text().split("\n\n")
    assert srt[0].startswith("1\n00:00:00,000 --> ") and srt[0].endswith("\nA circle appears")
    assert srt[1].startswith("2\n") and srt[1].endswith("\nIt moves")


def test_png_sections_are_the_last_frame_of_each_section(outputs):
    """`--sections --format png`: one still per section (its last frame) and the index."""
    out = outputs("sections.png")
    folder = out.with_suffix("")
    index = json.loads((folder / "index.json").read_text())
    assert index["format"] == "png"
    assert sorted(p.name for p in folder.iterdir()) == [MARKER, "01-first.png", "02-second-step.png", "index.json"]
    clips = out.with_suffix("").parent / "tiny" / "index.json"
    outputs("mp4")                              # the same scene's clips: the stills are their last frames
    for entry, clip in zip(index["sections"], json.loads(clips.read_text())["sections"]):
        with av.open(str(clips.parent / clip["file"])) as c:
            last = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)][-1]
        still = np.asarray(Image.open(folder / entry["file"]).convert("RGB"))
        assert np.abs(still.astype(int) - last).mean() < 0.5, entry["file"]
        assert entry["duration"] == pytest.approx(clip["duration"], abs=0.01)
    assert np.array_equal(np.asarray(Image.open(out)), np.asarray(Image.open(folder / "02-second-step.png")))


def test_manifest_is_written_and_matches_the_trace(outputs):
    manifest = outputs("mp4").parent / "m" / "tiny.json"
    m = json.loads(manifest.read_text())
    assert m["scene"] == "tiny" and m["values"]
    for entry in m["values"]:
        assert entry["text"] == fmt(float(lookup(m["trace"], entry["path"])), 2)


def test_gif_loops_forever_with_a_palette_made_for_the_clip(outputs):
    out = outputs("gif")
    with Image.open(out) as im:
        assert im.info["loop"] == 0 and im.n_frames > 20 and im.mode == "P"
        palette = np.array(im.getpalette()).reshape(-1, 3)
    # Manim's own GIF uses the fixed 3-3-2 palette, whose nearest colour to the circle's
    # blue is 32 levels off in blue; a generated palette holds it (almost) exactly.
    assert np.abs(palette - BLUE).max(axis=1).min() <= 2
    c, s = first_stream(out)
    with c:
        assert (s.width, s.height, s.codec_context.name) == (854, 480, "gif")
        assert s.guessed_rate == 15
    assert len(list((out.with_suffix("")).glob("0?-*.gif"))) == 2


def gif_durations(path) -> list:
    """Each frame's delay in milliseconds, as Pillow decodes it."""
    with Image.open(path) as im:
        out = []
        for k in range(im.n_frames):
            im.seek(k)
            out.append(im.info["duration"])
        return out


@pytest.mark.parametrize("name, hold", [("gif", 2.0), ("hold.gif", 3.25)])
def test_gif_holds_its_last_frame_before_it_loops(outputs, name, hold):
    """--hold (default 2 s): the last frame stays that long; the others keep the video's
    pace (15 fps: delays of 60-70 ms); section GIFs hold theirs too."""
    out = outputs(name)
    gifs = [out] + sorted(out.with_suffix("").glob("0?-*.gif"))
    for gif in gifs:
        *frames, last = gif_durations(gif)
        assert last >= 1000 * hold, gif.name
        assert frames and all(60 <= d <= 70 for d in frames), gif.name


def test_gif_colours_stay_close_to_the_video(outputs):
    gif = frames_rgba(outputs("gif"))[-1][..., :3].astype(int)
    mp4 = frames_rgba(outputs("mp4"))[-1][..., :3].astype(int)
    assert np.abs(gif - mp4).mean() < 2.0


def test_transparent_mov_is_qtrle_with_alpha(outputs):
    c, s = first_stream(outputs("mov"))
    with c:
        assert (s.codec_context.name, s.pix_fmt) == ("qtrle", "argb")
    last = frames_rgba(outputs("mov"))[-1]
    assert last[0, 0, 3] == 0 and last[240, 427 + 120, 3] == 255


def test_transparent_webm_is_vp9_with_alpha_and_own_fps(outputs):
    c, s = first_stream(outputs("webm"))
    with c:
        assert s.codec_context.name == "vp9" and s.metadata.get("alpha_mode") == "1"
        assert float(s.guessed_rate) == pytest.approx(10, abs=0.05)
    last = frames_rgba(outputs("webm"), codec="libvpx-vp9")[-1]
    assert last[0, 0, 3] == 0 and last[240, 427 + 120, 3] == 255


def test_png_is_the_last_frame_of_the_video(outputs):
    png = np.asarray(Image.open(outputs("png")).convert("RGB")).astype(int)
    mp4 = frames_rgba(outputs("mp4"))[-1][..., :3].astype(int)
    assert png.shape == (480, 854, 3)
    assert np.abs(png - mp4).mean() < 1.5


def test_transparent_png_has_alpha(outputs):
    rgba = np.asarray(Image.open(outputs("alpha.png")))
    assert rgba.shape == (480, 854, 4) and rgba[0, 0, 3] == 0 and rgba[240, 427 + 120, 3] == 255


@pytest.mark.parametrize("quality, size", [
    ("low", (854, 480, 15)), ("medium", (1280, 720, 30)),
    ("high", (1920, 1080, 60)), ("fourk", (3840, 2160, 60)),
])
def test_qualities_are_manims_presets(quality, size):
    from manim import config, tempconfig
    with tempconfig({"quality": QUALITIES[quality]}):
        assert (config.pixel_width, config.pixel_height, config.frame_rate) == size


def test_theme_background_reaches_the_frame(outputs):
    dark = Image.open(outputs("dark.png")).convert("RGB").getpixel((2, 2))
    assert dark == tuple(int(THEMES["dark"].background[i:i + 2], 16) for i in (1, 3, 5))


def test_a_crash_leaves_the_earlier_output_and_nothing_else(tmp_path):
    out = tmp_path / "clip.mp4"
    out.write_bytes(b"earlier")
    with pytest.raises(RuntimeError, match="boom"):
        render(tiny_request(out, scene=Crashing, sections=True, manifest=str(tmp_path / "m.json")))
    assert out.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["clip.mp4"]
