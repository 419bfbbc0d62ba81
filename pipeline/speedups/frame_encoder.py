"""A faster drop-in for Manim's per-segment video encoder; the encoded packets are the same.

Manim 0.22's `VideoSegmentEncoder.write_frame(pixels, repeat)` copies the RGBA array into
a new `av.VideoFrame` once per output frame (`from_ndarray`), and `stream.encode` then
converts each copy to the codec's pixel format with swscale. A held frame
(`scene.wait`, `repeat=N`) is thus copied and converted N times. `FastSegmentEncoder`:

- wraps the array without copying (`from_numpy_buffer`). Manim hands ownership of each
  array to the writer (it never mutates it afterwards), and the wrapped frame only feeds
  swscale, which reads it synchronously inside `encode`;
- for `repeat > 1`, converts the frame once, with the call `stream.encode` itself makes
  (PyAV's `VideoCodecContext._prepare_frames_for_encode`: same size, the stream's
  `VideoFormat`, default colourspace/range/bilinear interpolation, the codec's
  `thread_count`), and encodes that one converted frame N times with new timestamps.

The codec receives the very same pixels and timestamps either way, so the packets are
byte-identical (tests/test_frame_encoder.py checks mp4, webm, transparent webm and mov).
If the stream takes RGBA directly (no conversion), the base class is used unchanged.

It is wired in without patching Manim: `FastFileWriter` overrides the writer's
`_create_segment_encoder` hook, and `fast_renderer()` builds a `CairoRenderer` with
`file_writer_class=FastFileWriter`, passed to the scene by `manim_run.run_scene`.
"""

import os
import uuid
from contextlib import suppress
from fractions import Fraction
from pathlib import Path

import av
from av.video.reformatter import VideoReformatter
from manim.renderer.cairo_renderer import CairoRenderer
from manim.scene.scene_file_writer import SceneFileWriter
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from pipeline.media.join import concat_list


class FastSegmentEncoder(VideoSegmentEncoder):
    """`VideoSegmentEncoder` without the per-frame copy and with held frames converted once.

    The clip is written under a hidden name beside `target` and renamed to it when
    complete: clips are kept across renders (play_cache.py), and one cut short must
    not be taken for a whole one. `target` stays the final path, which is how Manim
    finds a clip still being encoded. `on_complete(target)`, if set, is called then.
    """

    on_complete = None

    def __init__(self, *, target: Path, spec) -> None:
        partial = target.with_name(f".{target.stem}-{uuid.uuid4().hex[:12]}.part")
        super().__init__(target=partial, spec=spec)
        self._partial, self.target = partial, target
        self._time_base = Fraction(spec.frame_rate.denominator, spec.frame_rate.numerator)
        self._reformatter = VideoReformatter()    # one swscale context, reused per segment

    def _converted(self, frame: av.VideoFrame) -> av.VideoFrame:
        """`frame` in the codec's pixel format, exactly as `stream.encode` would convert it."""
        codec = self._stream.codec_context
        if codec.width == frame.width and codec.height == frame.height \
                and codec.format.name == frame.format.name:
            return frame
        return self._reformatter.reformat(frame, codec.width, codec.height, codec.format,
                                          threads=codec.thread_count)

    def _encode(self, frame: av.VideoFrame) -> None:
        frame.pts = self._next_pts
        frame.time_base = self._time_base
        self._next_pts += 1
        for packet in self._stream.encode(frame):
            self._container.mux(packet)

    def write_frame(self, pixels, *, repeat: int = 1) -> None:
        if self.spec.pixel_format == "rgba":
            # No conversion to share, and the codec itself would hold the wrapped array.
            return super().write_frame(pixels, repeat=repeat)
        self._validate_frame(pixels, repeat)
        try:
            frame = av.VideoFrame.from_numpy_buffer(pixels, format="rgba")
            # The first copy goes through `encode` unconverted: that also opens the codec,
            # so `_converted` then reads the thread count the codec really uses.
            self._encode(frame)
            if repeat > 1:
                frame = self._converted(frame)
                for _ in range(repeat - 1):
                    self._encode(frame)
        except BaseException as error:
            raise self._operation_error("encode", error) from error

    def finish(self) -> None:
        if self._closed:
            return
        super().finish()
        with open(self._partial, "rb") as written:   # on disk before it has its name, so a
            os.fsync(written.fileno())                # crash cannot leave a short clip there
        os.replace(self._partial, self.target)
        if self.on_complete is not None:
            self.on_complete(self.target)

    def abort(self) -> None:
        """Close and remove the partial clip; a complete clip at `target` is left alone."""
        if not self._closed:
            self._closed = True
            with suppress(Exception):
                self._container.close()
        self._partial.unlink(missing_ok=True)


class FastFileWriter(SceneFileWriter):
    """Manim's scene file writer with `FastSegmentEncoder` for every video segment, and
    its list of segments quoted so that a path with an apostrophe joins too."""

    @staticmethod
    def _concat_manifest_bytes(input_files: list[str]) -> bytes:
        return concat_list(input_files)

    def _create_segment_encoder(self, target):
        if self.video_encoder is None:
            return super()._create_segment_encoder(target)    # raises Manim's own error
        return FastSegmentEncoder(target=target, spec=self.video_encoder)


def fast_renderer(camera_class=None, file_writer_class=FastFileWriter) -> CairoRenderer:
    """The renderer `Scene.__init__` builds by default, but writing with `FastFileWriter`
    (or a subclass of it).

    Pass it as `Scene(renderer=...)`; a scene with its own camera (`MovingCameraScene`)
    needs that `camera_class` here. Call inside Manim's `tempconfig`: the camera reads the
    config when it is made.
    """
    return CairoRenderer(file_writer_class=file_writer_class, camera_class=camera_class)
