"""How our videos are encoded: one declaration for renders, decks and benchmarks."""

# Encoder settings, chosen by measurement on a render's own frames
# (benchmarks/encoder_settings.py; the figures are in benchmarks/results.json and the
# README): x264 "veryfast" with tune=animation is much faster than Manim's default and
# sharper on flat colours and text; faster presets cost too many bytes. VP9 in realtime
# mode is several times faster than its default good-quality mode.
ENCODER_OPTIONS = {
    "mp4": {"preset": "veryfast", "tune": "animation", "crf": "20"},
    "webm": {"crf": "30", "b": "0", "deadline": "realtime", "cpu-used": "8", "row-mt": "1"},
}
