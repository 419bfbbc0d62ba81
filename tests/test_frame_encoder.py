"""pipeline.speedups.frame_encoder produces exactly what Manim's own segment encoder produces.

The same RGBA frames, some held (`repeat > 1`, as `scene.wait` writes them), go through
Manim's `VideoSegmentEncoder` and through `FastSegmentEncoder` with the encoder settings
the renders use, for every video format the pipeline asks Manim for (mp4, webm, mov;
transparent webm and mov): the packets (bytes, pts, dts, keyframe flags) and the decoded
frames must be identical, and so must the frames the codec is given, recorded losslessly.
"""

from dataclasses import replace

import numpy as np
import pytest
import av
from manim._config.output import OutputFormat, OutputSpec
from manim._config.video_encoder import resolve_video_encoder
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from pipeline.speedups.frame_encoder import FastSegmentEncoder
from pipeline.media.encoders import ENCODER_OPTIONS

W, H, FPS = 320, 180, 30


def _spec(fmt: str, transparent: bool, deterministic: bool = True):
    """Manim's resolved encoder settings for `fmt`, with the options `run_scene` sets.

    `deterministic` runs x264 on one thread without its assembly: this x264 build, with
    crf rate control, encodes the same frames differently from run to run with either
    (threads race; with one thread, the assembly path still gave 3 different files in 12
    runs of Manim's own encoder on the same frames), so only that configuration can show
    through x264's packets that two encoders gave it the same frames and timestamps.
    `test_codec_input_is_identical` checks the input itself at the real settings.
    """
    options = ENCODER_OPTIONS.get(fmt) if not (transparent and fmt == "mov") else None
    output = OutputSpec(format=OutputFormat(fmt), transparent=transparent,
                        save_sections=False, fallback_to_still=False)
    spec = resolve_video_encoder(output, width=W, height=H, frame_rate=FPS, options=options)
    if deterministic and spec.codec == "libx264":
        opts = dict(spec.options)
        opts["x264-params"] = ":".join(filter(None, [opts.get("x264-params"), "asm=0"]))
        opts["threads"] = "1"
        spec = replace(spec, options=tuple(sorted(opts.items())))
    return spec


def _frames(transparent: bool):
    """(RGBA array, repeat) pairs: a moving dot and text-like stripes on a gradient, some held."""
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:H, 0:W]
    base = np.zeros((H, W, 4), np.uint8)
    base[..., 0] = (x * 255 // W).astype(np.uint8)
    base[..., 1] = 0xE4
    base[..., 2] = (y * 255 // H).astype(np.uint8)
    base[..., 3] = 255
    base[40:60:3, 30:200] = (20, 20, 20, 255)                  # thin dark lines, like glyphs
    out = []
    for i, repeat in enumerate([1, 1, 5, 1, 1, 1, 12, 1, 2, 1, 1, 3]):
        f = base.copy()
        cy, cx = 90 + int(30 * np.sin(i / 2)), 20 + 22 * i
        f[(y - cy) ** 2 + (x - cx) ** 2 < 15 ** 2] = (229, 73, 88, 255)
        f[150:170, 10 + 5 * i:60 + 5 * i, :3] = rng.integers(0, 256, (20, 50, 3), dtype=np.uint8)
        if transparent:
            f[..., 3] = ((x + 3 * i) % 256).astype(np.uint8)    # partial transparency
            f[:20, :] = 0                                        # fully clear rows
        out.append((np.ascontiguousarray(f), repeat))
    return out


def _encode(cls, spec, frames, path):
    enc = cls(target=path, spec=spec)
    for pixels, repeat in frames:
        enc.write_frame(pixels.copy(), repeat=repeat)   # a fresh array each time, as Manim does
    enc.finish()


def _packets_and_frames(path, decode=True):
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        packets = [(bytes(p), p.pts, p.dts, p.is_keyframe) for p in c.demux(s) if p.size]
    if not decode:
        return packets, None
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        decoded = [f.to_ndarray(format=f.format.name if f.format.name in ("yuv420p", "yuva420p")
                                else "rgba") for f in c.decode(s)]
    return packets, decoded


@pytest.mark.parametrize("fmt,transparent", [("mp4", False), ("webm", False),
                                             ("webm", True), ("mov", True), ("mov", False)])
def test_same_packets_and_frames_as_manim(tmp_path, fmt, transparent):
    spec = _spec(fmt, transparent)
    frames = _frames(transparent)
    _encode(VideoSegmentEncoder, spec, frames, tmp_path / f"manim.{fmt}")
    _encode(FastSegmentEncoder, spec, frames, tmp_path / f"fast.{fmt}")
    ref_packets, ref_frames = _packets_and_frames(tmp_path / f"manim.{fmt}")
    packets, decoded = _packets_and_frames(tmp_path / f"fast.{fmt}")
    assert len(ref_frames) == sum(r for _, r in frames)
    assert packets == ref_packets
    assert len(decoded) == len(ref_frames)
    for a, b in zip(decoded, ref_frames):
        assert np.array_equal(a, b)


@pytest.mark.parametrize("fmt,transparent", [("mp4", False), ("webm", True), ("mov", True)])
def test_codec_input_is_identical(tmp_path, fmt, transparent):
    """What reaches the codec, at the renders' own settings: every frame's pixels (in the
    codec's pixel format: yuv420p, yuva420p, argb) and timestamp, recorded losslessly."""
    spec = _spec(fmt, transparent, deterministic=False)
    raw = replace(spec, container_format="nut", codec="rawvideo", options=())
    frames = _frames(transparent)
    _encode(VideoSegmentEncoder, raw, frames, tmp_path / "manim.nut")
    _encode(FastSegmentEncoder, raw, frames, tmp_path / "fast.nut")
    ref_packets, _ = _packets_and_frames(tmp_path / "manim.nut", decode=False)
    packets, _ = _packets_and_frames(tmp_path / "fast.nut", decode=False)
    assert len(packets) == sum(r for _, r in frames)
    assert packets == ref_packets


def test_a_held_frame_first_in_a_segment(tmp_path):
    """A segment that opens with a hold (the codec is not open yet when it arrives)."""
    spec = _spec("mp4", False)
    frames = _frames(False)
    frames = [(frames[0][0], 7)] + frames[1:4]
    _encode(VideoSegmentEncoder, spec, frames, tmp_path / "manim.mp4")
    _encode(FastSegmentEncoder, spec, frames, tmp_path / "fast.mp4")
    assert _packets_and_frames(tmp_path / "fast.mp4")[0] == _packets_and_frames(tmp_path / "manim.mp4")[0]


def test_errors_are_manims(tmp_path):
    enc = FastSegmentEncoder(target=tmp_path / "x.mp4", spec=_spec("mp4", False))
    with pytest.raises(ValueError, match="repeat"):
        enc.write_frame(np.zeros((H, W, 4), np.uint8), repeat=0)
    with pytest.raises(ValueError, match="shape"):
        enc.write_frame(np.zeros((H, W, 3), np.uint8))
    enc.abort()
    assert not (tmp_path / "x.mp4").exists()


def test_renders_use_it(tmp_path, monkeypatch):
    """run_scene writes every segment through FastSegmentEncoder, held frames included."""
    from manim import Circle, FadeIn, Scene

    from pipeline.rendering.manim_run import run_scene
    from pipeline.rendering.progress import Progress
    from scenes.params import SceneParams

    class Tiny(Scene):
        sections = ()                # the captions our scenes declare; none here

        def construct(self):
            self.play(FadeIn(Circle()), run_time=0.2)
            self.wait(0.3)

    used = []
    write = FastSegmentEncoder.write_frame
    monkeypatch.setattr(FastSegmentEncoder, "write_frame",
                        lambda self, pixels, *, repeat=1: (used.append(repeat),
                                                           write(self, pixels, repeat=repeat))[1])
    made = run_scene(Tiny, SceneParams(), media_dir=tmp_path, quality="low", manim_format="mp4",
                     transparent=False, fps=None, sections=False,
                     progress=Progress("tiny", enabled=False))
    assert used and max(used) > 1
    with av.open(str(made.primary)) as c:
        assert sum(1 for _ in c.decode(video=0)) == sum(used)
