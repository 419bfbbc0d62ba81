#!/usr/bin/env python3
"""illustrated-rnn command line: parse options, call the numeric core or the renderer, report.

    python render.py trace lstm --input "0.1,0.5,1; 1.2,2.1,0" --json
    python render.py grads gru --loss mse --target "0,0.5,1" --json
"""

from pipeline.cli.startup import quiet_interrupts

if __name__ == "__main__":          # a script, not a module a notebook or a test imports
    quiet_interrupts()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import click  # noqa: E402

from pipeline.speedups import install as install_speedups  # noqa: E402

install_speedups()     # before anything imports Manim or ManimPango (see pipeline/speedups/)

from cells import CELLS, LOSSES, RunOptions, make_grads, make_trace  # noqa: E402
from pipeline.cli.errors import OneLineErrorGroup  # noqa: E402
from pipeline.cli.json_out import write_json  # noqa: E402
from pipeline.cli.options import (build_request, input_options, output_options, path_keys,  # noqa: E402
                                  scene_options, take_fields)
from pipeline.rendering.request import DEFAULT_QUALITY, QUALITIES  # noqa: E402
from pipeline.workflows.slides import DECKS  # noqa: E402
from scenes.registry import SCENES, scene_info  # noqa: E402


def run_of(cell: str, kw: dict) -> RunOptions:
    """The RunOptions of a command's keyword arguments (popping the input options)."""
    return RunOptions(cell=cell, **take_fields(RunOptions, kw))


def say_notes(tr) -> None:
    """What the user should know about a run that succeeded, on stderr."""
    for note in tr.notes:
        click.echo(f"note: {note}", err=True)


@click.group(cls=OneLineErrorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def cli(ctx):
    """Animated, numerically exact illustrations of RNN, LSTM and GRU cells.

    Option defaults can be set in ./illustrated-rnn.toml or in [tool.illustrated-rnn] of
    ./pyproject.toml (keys: option names without the dashes); the command line wins.
    """
    from pipeline.cli.config import default_map
    ctx.default_map = default_map(cli.commands)


@cli.command()
@click.argument("cell", metavar="CELL")
@input_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
def trace(cell, as_json, **kw):
    """Print every intermediate value of CELL (rnn, lstm or gru) for the input."""
    if cell not in CELLS:
        raise click.UsageError(f"CELL: unknown cell {cell!r}; choose one of {', '.join(CELLS)}")
    tr = make_trace(run_of(cell, kw))
    say_notes(tr)
    if as_json:
        write_json(tr.json_doc())
    else:
        from pipeline.cli.trace_table import trace_table
        click.echo(trace_table(tr))


@cli.command()
@click.argument("cell", metavar="CELL")
@input_options
@click.option("--loss", type=click.Choice(LOSSES), default="sum", show_default=True,
              help="Loss on the final hidden state: sum = sum(h_T), mse = mean((h_T - target)^2).")
@click.option("--target", type=str, metavar="V", help="Target vector of hidden size for --loss mse.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option("--no-step-matrices", is_flag=True,
              help="JSON: leave out the per-step dL/dW_hh terms (w_hh_by_step is null).")
def grads(cell, loss, target, as_json, no_step_matrices, **kw):
    """Print the gradients of back-propagation through time for CELL (rnn, lstm or gru)."""
    if cell not in CELLS:
        raise click.UsageError(f"CELL: unknown cell {cell!r}; choose one of {', '.join(CELLS)}")
    tr, g = make_grads(run_of(cell, kw), loss, target)
    say_notes(tr)
    if as_json:
        write_json(g.json_doc(step_matrices=not no_step_matrices))
    else:
        from pipeline.cli.grads_table import grads_table
        click.echo(grads_table(g))


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {id, cell, title, description}.")
def list_scenes(as_json):
    """List every scene with its id, cell, title and description."""
    rows = [{"id": s.id, "cell": s.cell, "title": s.title, "description": s.description}
            for s in SCENES.values()]
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    width = max(len(r["id"]) for r in rows)
    for r in rows:
        click.echo(f"{r['id']:<{width}}  {r['cell']:<4}  {r['title']}\n{'':<{width}}        {r['description']}")


@cli.command("models")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object name -> the model's card.")
def list_models(as_json):
    """List the trained example models shipped in assets/models (use one with --model NAME)."""
    from cells import zoo
    if as_json:
        write_json(zoo.cards())
        return
    from pipeline.cli.models_table import models_table
    click.echo(models_table(zoo.cards()))


def _render(scene: str, kw: dict, fmt: str | None = None) -> None:
    from pipeline.media.probe import summary     # PyAV and, later, Manim: only when rendering
    from pipeline.rendering.render import render
    info = scene_info(scene)
    req = build_request(info, kw, fmt)
    out = render(req)
    if not req.quiet:
        sections = f"  + sections in {req.sections_dir}/" if req.sections else ""
        click.echo(summary(out) + sections)


@cli.command("render")
@click.argument("scene", metavar="SCENE")
@input_options
@scene_options
@output_options(video=True)
def render_scene(scene, **kw):
    """Render SCENE (see `list`) to MP4, GIF, WebM, MOV or PNG; default media/SCENE.EXT."""
    _render(scene, kw)


@cli.command()
@click.argument("scene", metavar="SCENE")
@input_options
@scene_options
@output_options(video=False)
def preview(scene, **kw):
    """The final frame of SCENE as a PNG, fast: animations are skipped, no video is encoded."""
    _render(scene, kw, fmt="png")


@cli.command()
@click.argument("scenes", nargs=-1, required=True, metavar="SCENE [SCENE ...]")
@input_options
@scene_options
@click.option("--to", type=click.Choice(DECKS),
              help="pptx: PowerPoint; html: a folder with index.html; pdf: a handout, a page per "
                   "section (default: from -o, else pptx).")
@click.option("--title", metavar="TEXT", help="Open the deck with a title slide (the handout with a cover).")
@click.option("--author", metavar="TEXT", help="Under the --title: the author, a date, the course.")
@click.option("--loop", is_flag=True, help="Clips loop until the next slide instead of holding their last frame.")
@click.option("--quality", type=click.Choice(list(QUALITIES)), default=DEFAULT_QUALITY, show_default=True)
@click.option("--fps", type=click.IntRange(1, 120), help="Frame rate (default: the quality's).")
@click.option("-o", "--output", "out", metavar="OUT",
              help="The .pptx file, the HTML folder or the .pdf handout "
                   "(default media/SCENE-slides[.pptx], media/SCENE-handout.pdf).")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=os.cpu_count() or 1,
              show_default="the number of cores", help="Scenes rendered at once, each in its own process.")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary line.")
def slides(scenes, to, title, author, loop, out, jobs, **kw):
    """A slide deck of the SCENEs: a title slide per scene, then one slide per section clip
    that plays by itself; or, with --to pdf, a handout of the sections.

    Speaker notes hold each section's caption and its equations with the real numbers;
    every word the deck adds is in --lang.
    """
    from pipeline.media.probe import human_size
    from pipeline.rendering.render import terminate_as_interrupt
    from pipeline.workflows.slides import check_titles, deck_format, default_output, make_deck
    to = deck_format(to, out)
    check_titles(title, author)
    infos = [scene_info(s) for s in scenes]
    requests = []
    for info in infos:
        requests.append(build_request(info, dict(kw, transparent=False, manifest=None, out=None), fmt="mp4"))
    target = Path(out) if out else default_output([i.id for i in infos], to)
    say = None if kw["quiet"] else (lambda text: click.echo(f"slides: {text}", err=True))
    with terminate_as_interrupt():
        make_deck(requests, to, target, lang=kw["lang"], jobs=jobs, progress=say, title=title,
                  author=author, loop=loop)
    if not kw["quiet"]:
        size = (sum(f.stat().st_size for f in target.rglob("*") if f.is_file()) if to == "html"
                else target.stat().st_size)
        where = target / "index.html" if to == "html" else target
        click.echo(f"{where}  {to}  {human_size(size)}")


@cli.command()
@click.argument("spec", metavar="SPEC")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=os.cpu_count() or 1,
              show_default="the number of cores", help="Renders at once, each in its own process.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run the jobs on a Dask cluster instead, e.g. tcp://HOST:8786 (see README).")
@click.option("--shard", "shard_text", metavar="I/N",
              help="Only jobs I, I+N, I+2N, ... of the expanded spec (1-based), for CI matrices.")
@click.option("--force", is_flag=True, help="Render even jobs whose output is newer than SPEC.")
@click.pass_context
def batch(ctx, spec, jobs, scheduler, shard_text, force):
    """Render every job of the TOML file SPEC ([[job]] tables; lists multiply; see README).

    A failed job is reported and the others go on; exit code 1 if any failed.
    """
    from pipeline.workflows.batch import main
    defaults = (ctx.find_root().default_map or {}).get("render", {})
    ctx.exit(main(spec, lambda scene, options: job_request(scene, options, defaults), jobs=jobs,
                  scheduler=scheduler, shard_text=shard_text, force=force,
                  path_keys=path_keys(cli.commands["render"])))


def job_request(scene: str, options: dict, defaults: dict | None = None):
    """The RenderRequest of `render SCENE` with `options` ({"lang": "hu", "show-units": 4}).

    Parsed by the `render` command itself, so a batch job or a notebook call is checked
    exactly like the command line; `defaults` are the config file's.
    """
    from pipeline.workflows.batch import parse_job
    kw = parse_job(cli.commands["render"], scene, options, defaults or {})
    return build_request(scene_info(kw.pop("scene")), kw)


if __name__ == "__main__":
    cli()
