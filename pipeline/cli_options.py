"""The options of `render` and `preview`, and how they become a RenderRequest.

Ranges are click types, so a bad value is click's one-line usage error (exit 2) before
anything runs. Defaults are read from SceneParams, which stays the single place that
defines them (the plain `manim` command uses the same defaults).
"""

import os

import click

from cells import RunOptions
from scenes.params import SceneParams
from scenes.registry import SceneInfo
from scenes.strings import LANGS
from scenes.theme import THEMES

from .request import DEFAULT_QUALITY, FORMATS, QUALITIES, RenderRequest, make_request

_D = SceneParams()


def _apply(f, opts):
    for opt in reversed(opts):
        f = opt(f)
    return f


def scene_options(f):
    """How the scene looks and what it shows (each scene uses the ones that concern it)."""
    return _apply(f, [
        click.option("--theme", type=click.Choice(THEMES), default=_D.theme, show_default=True),
        click.option("--lang", type=click.Choice(LANGS), default=_D.lang, show_default=True,
                     help="Language of every word on screen."),
        click.option("--step", type=click.IntRange(min=1), metavar="T",
                     help="1-based time step to show (default: the last)."),
        click.option("--decimals", type=click.IntRange(0, 6), default=_D.decimals, show_default=True),
        click.option("--show-units", type=click.IntRange(min=1), default=_D.show_units,
                     show_default=True, metavar="K", help="Entries shown per vector; wider ones get '+N more'."),
        click.option("--values", metavar="V", help='tanh/sigmoid scenes: the vector, e.g. "5, 0.1, -0.5".'),
        click.option("--gate", type=click.Choice(["i", "f", "o"]),
                     help="sigmoid scene with --step: whose pre-activation to show (default f)."),
        click.option("--window", type=click.IntRange(min=1), default=_D.window,
                     help="Chains: cells visible at once (default: sequence and chains 10, "
                          "hidden-state 2)."),
        click.option("--factor", type=float, default=_D.factor, show_default=True,
                     help="tanh-vs-none: the multiplier per cell."),
        click.option("--cells", type=click.IntRange(min=1), default=_D.cells, show_default=True,
                     help="tanh-vs-none: how many cells."),
        click.option("--lr", type=click.FloatRange(min=0, min_open=True), default=_D.lr,
                     show_default=True, help="gradient-update: learning rate."),
        click.option("--keywords", metavar="A|B|C", help="review: the phrases that stay."),
        click.option("--loss", type=click.Choice(["sum", "mse"]), default=_D.loss, show_default=True,
                     help="gradients: the loss."),
        click.option("--target", metavar="V", help="gradients: the MSE target vector."),
        click.option("--weights-rnn", metavar="PATH", help="compare: your trained RNN's weights."),
        click.option("--weights-lstm", metavar="PATH", help="compare: your trained LSTM's weights."),
        click.option("--weights-gru", metavar="PATH", help="compare: your trained GRU's weights."),
    ])


# One render process keeps about 1.6 cores busy (drawing in one thread, x264 encoding in
# others), and each extra process builds the whole scene again: on 2 cores the lstm
# walkthrough at medium took 12.9 s with --jobs 1 and 15.0 s with --jobs 2 (medians of
# 4 interleaved pairs, README Speed). So one process per two cores.
SECTION_JOBS = max(1, (os.cpu_count() or 1) // 2)


def output_options(video: bool):
    """Where the result goes and how it is encoded; `video` adds format, fps and sections."""
    opts = [
        click.option("--quality", type=click.Choice(list(QUALITIES)), default=DEFAULT_QUALITY,
                     show_default=True, help="low 854x480@15, medium 1280x720@30, high 1920x1080@60, "
                                             "fourk 3840x2160@60."),
    ]
    if video:
        opts += [
            click.option("--format", "fmt", type=click.Choice(FORMATS),
                         help="Default: the -o extension, else mp4 (mov with --transparent)."),
            click.option("--fps", type=click.IntRange(1, 120),
                         help="Frame rate (default: the quality's; 15 for GIF)."),
            click.option("--sections", is_flag=True,
                         help="Also one clip per section in OUT_without_extension/ with index.json."),
            click.option("--jobs", type=click.IntRange(1, 64), default=SECTION_JOBS,
                         show_default="one per two cores",
                         help="Processes rendering the sections in parallel."),
        ]
    opts += [
        click.option("--transparent", is_flag=True, help="Alpha background (mov, webm or png)."),
        click.option("-o", "--output", "out", metavar="OUT", help="Output file (default media/SCENE.EXT)."),
        click.option("--manifest", metavar="PATH", help="Also write what was shown, as JSON."),
        click.option("-q", "--quiet", is_flag=True, help="No progress and no summary line."),
    ]
    return lambda f: _apply(f, opts)


def build_request(info: SceneInfo, run: RunOptions, kw: dict,
                  fmt: str | None = None) -> RenderRequest:
    """The request of a command's keyword arguments (the input options are already in `run`)."""
    params = SceneParams(
        run=run, theme=kw["theme"], lang=kw["lang"], step=kw["step"],
        decimals=kw["decimals"], show_units=kw["show_units"], values=kw["values"], gate=kw["gate"],
        manifest=kw["manifest"], window=kw["window"], factor=kw["factor"], cells=kw["cells"],
        lr=kw["lr"], keywords=kw["keywords"], loss=kw["loss"], target=kw["target"],
        weights_rnn=kw["weights_rnn"], weights_lstm=kw["weights_lstm"], weights_gru=kw["weights_gru"])
    return make_request(info, params, quality=kw["quality"], fmt=kw.get("fmt", fmt),
                        transparent=kw["transparent"], fps=kw.get("fps"), out=kw["out"],
                        sections=kw.get("sections", False), quiet=kw["quiet"],
                        jobs=kw.get("jobs", 1))
