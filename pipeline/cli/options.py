"""The options of every command, and how they become a RenderRequest.

The input and scene options are built from the fields of RunOptions and SceneParams,
which declare each option once (cells/fields.py): its default (the plain `manim`
command uses the same), help, and kind. Ranges and choices are click types, so a bad
value is click's one-line usage error (exit 2) before anything runs; paths are
click.Path, so whoever needs the path options (batch, config) finds them by type.
"""

import math
import os
import typing
from pathlib import Path

import click

from cells import RunOptions
from cells.fields import option_fields, option_flag
from scenes.params import SceneParams
from scenes.registry import SceneInfo

from pipeline.cli.config import config_files, option_names
from pipeline.rendering.distinct_paths import PathUse
from pipeline.rendering.request import (DEFAULT_QUALITY, FORMATS, GIF_HOLD, MAX_HOLD, QUALITIES,
                                        RenderRequest, make_request)


def _apply(f, opts):
    for opt in reversed(opts):
        f = opt(f)
    return f


def _scalar(f) -> type:
    """int, float or str: what a field holds (its annotation, e.g. `int | None`)."""
    kinds = set(typing.get_args(f.type)) or {f.type}
    return next((k for k in (float, int) if k in kinds), str)


class FiniteFloat(click.FloatRange):
    """A float option: NaN and infinity pass every range comparison, so they are refused here."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


def _click_type(f, meta):
    if meta["path"]:
        return click.Path(path_type=Path)
    if meta["choices"]:
        return click.Choice(list(meta["choices"]))
    kind = _scalar(f)
    if kind is float:
        return FiniteFloat(meta["minimum"], meta["maximum"], min_open=meta["min_open"])
    if meta["minimum"] is not None or meta["maximum"] is not None:
        return click.IntRange(meta["minimum"], meta["maximum"])
    return kind


def options_of(cls, only=None, skip=()) -> list:
    """click options for the option fields of a dataclass (cells/fields.py)."""
    opts = []
    for f, meta in option_fields(cls):
        if (only is not None and f.name not in only) or f.name in skip:
            continue
        flag = option_flag(f, meta)
        if f.type is bool:
            opts.append(click.option(flag, f.name, is_flag=True, default=f.default, help=meta["help"]))
            continue
        show = meta["show_default"] if meta["show_default"] is not None else f.default is not None
        opts.append(click.option(flag, f.name, type=_click_type(f, meta), default=f.default,
                                 show_default=show, metavar=meta["metavar"], help=meta["help"] or None))
    return opts


def take_fields(cls, kw: dict) -> dict:
    """The values of `cls`'s option fields among a command's keyword arguments (removed from `kw`)."""
    return {f.name: kw.pop(f.name) for f, _ in option_fields(cls) if f.name in kw}


def input_options(f):
    """What goes into the cell (every command has these)."""
    return _apply(f, options_of(RunOptions))


def scene_options(f):
    """How the scene looks and what it shows (each scene uses the ones that concern it)."""
    return _apply(f, options_of(SceneParams, skip=("manifest",)))


# One render process already keeps more than one core busy (drawing in one thread, x264
# encoding in others), and each extra process builds the whole scene again, so one
# process per two cores (measured in benchmarks/bench.py; README Speed).
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
            click.option("--hold", type=click.FloatRange(0, MAX_HOLD), default=GIF_HOLD,
                         show_default=True, metavar="SECONDS",
                         help="GIF only: how long the last frame stays before the loop starts again."),
            click.option("--sections", is_flag=True,
                         help="Also one clip per section in OUT_without_extension/ with index.json."),
            click.option("--jobs", type=click.IntRange(1, 64), default=SECTION_JOBS,
                         show_default="one per two cores",
                         help="Processes rendering the sections in parallel."),
        ]
    opts += [
        click.option("--transparent", is_flag=True, help="Alpha background (mov, webm or png)."),
        click.option("-o", "--output", "out", type=click.Path(path_type=Path), metavar="OUT",
                     help="Output file (default media/SCENE.EXT)."),
        *options_of(SceneParams, only=("manifest",)),
        click.option("-q", "--quiet", is_flag=True, help="No progress and no summary line."),
    ]
    return lambda f: _apply(f, opts)


def path_keys(cmd: click.Command) -> set[str]:
    """Every name a batch job or config file may give a path option of `cmd` by."""
    return {name for name, opt in option_names(cmd).items() if isinstance(opt.type, click.Path)}


def build_request(info: SceneInfo, kw: dict, fmt: str | None = None) -> RenderRequest:
    """The request of a command's keyword arguments."""
    kw = dict(kw)
    run = RunOptions(cell=info.cell, **take_fields(RunOptions, kw))
    params = SceneParams(run=run, **take_fields(SceneParams, kw))
    return make_request(info, params, quality=kw["quality"], fmt=kw.get("fmt", fmt),
                        transparent=kw["transparent"], fps=kw.get("fps"), out=kw["out"],
                        sections=kw.get("sections", False), quiet=kw["quiet"],
                        jobs=kw.get("jobs", 1), hold=kw.get("hold", GIF_HOLD), also_reads=config_reads())


def config_reads() -> tuple:
    """The config files every command reads: never a path it may write."""
    return tuple(PathUse("the config file", path, writes=False) for path in config_files())
