#!/usr/bin/env python3
"""illustrated-rnn command line: parse options, call the numeric core or the renderer, report.

    python render.py trace lstm --input "0.1,0.5,1; 1.2,2.1,0" --json
    python render.py grads gru --loss mse --target "0,0.5,1" --json
"""

import json
import os
import sys
from pathlib import Path

import click

from cells import CELLS, DIRECTIONS, GRU_VARIANTS, NONLINEARITIES, RunOptions, make_grads, make_trace
from pipeline.cli_errors import OneLineErrorGroup
from pipeline.cli_options import build_request, output_options, scene_options
from pipeline.request import DEFAULT_QUALITY, QUALITIES
from scenes.registry import SCENES, scene_info


def input_options(f):
    """The options that decide what goes into the cell (shared by every command)."""
    opts = [
        click.option("--input", "input_", metavar="ROWS",
                     help='Sequence: "0.1,0.5,1; 1.2,2.1,0" (";" between steps, "," between features).'),
        click.option("--input-file", type=str, metavar="PATH",
                     help="Sequence from .json, .csv, .npy, or a tensor of .pt/.safetensors/.npz "
                          "(PATH:NAME picks one); 3-D arrays are (batch, steps, features)."),
        click.option("--batch-index", type=int, metavar="B",
                     help="Which sequence of a 3-D --input-file batch (0-based, as x[B])."),
        click.option("--text", type=str,
                     help="Words; each token becomes a fixed vector, or its row of the model's "
                          "embedding with --vocab."),
        click.option("--vocab", type=str, metavar="FILE",
                     help="The model's vocabulary for --text: JSON token->index, one token per line, "
                          "or a Hugging Face tokenizer.json."),
        click.option("--embedding", type=str, metavar="NAME",
                     help="The embedding tensor in --weights (default: found beside the layer)."),
        click.option("--weights", type=str, metavar="PATH",
                     help="Trained weights: .npz, .safetensors, .pt/.pth (state_dict or checkpoint), "
                          "Keras .weights.h5/.keras."),
        click.option("--weights-prefix", default="", metavar="P",
                     help="Use the tensors under this prefix of a bigger state_dict or checkpoint, "
                          "e.g. model.encoder.rnn. (a Keras file: the layer's name)."),
        click.option("--layer", type=int, metavar="N",
                     help="Which layer of a stacked model (1-based); its input is computed from yours."),
        click.option("--direction", type=click.Choice(DIRECTIONS), default=None,
                     help="Which direction of a bidirectional model; reverse runs over the reversed input."),
        click.option("--readout", type=str, metavar="P",
                     help="A Linear layer on the final hidden state (e.g. fc.): the model's prediction."),
        click.option("--readout-activation", type=click.Choice(["sigmoid", "softmax"]), default=None,
                     help="Of --readout (default: sigmoid for one output, softmax for more)."),
        click.option("--hidden", type=int, help="Hidden size without weights (default 3)."),
        click.option("--input-size", type=int, help="Input width without weights (default 3)."),
        click.option("--seed", type=int, default=0, show_default=True, help="Seed of the initial weights."),
        click.option("--h0", type=str, metavar="V", help="Initial hidden state, comma-separated (default zeros)."),
        click.option("--c0", type=str, metavar="V", help="Initial LSTM cell state (default zeros)."),
        click.option("--gru-variant", type=click.Choice(GRU_VARIANTS), default=None,
                     help="GRU reset placement: pytorch (after W_hn, default) or cho (before)."),
        click.option("--nonlinearity", type=click.Choice(NONLINEARITIES), default=None,
                     help="RNN only: tanh (PyTorch's default) or relu, as nn.RNN(nonlinearity=...); "
                          "a state_dict cannot tell."),
        click.option("--what-if", is_flag=True,
                     help="Compute a --gru-variant or --nonlinearity that contradicts the saved model "
                          "(the trace says it is a what-if)."),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


def run_options(cell: str, kw: dict) -> RunOptions:
    """The RunOptions of a command's keyword arguments (popping the input options)."""
    return RunOptions(cell=cell, input=kw.pop("input_"), input_file=kw.pop("input_file"),
                      text=kw.pop("text"), weights=kw.pop("weights"),
                      weights_prefix=kw.pop("weights_prefix"), hidden=kw.pop("hidden"),
                      input_size=kw.pop("input_size"), seed=kw.pop("seed"), h0=kw.pop("h0"),
                      c0=kw.pop("c0"), gru_variant=kw.pop("gru_variant"),
                      nonlinearity=kw.pop("nonlinearity"), what_if=kw.pop("what_if"),
                      layer=kw.pop("layer"), direction=kw.pop("direction"),
                      batch_index=kw.pop("batch_index"), vocab=kw.pop("vocab"),
                      embedding=kw.pop("embedding"), readout=kw.pop("readout"),
                      readout_activation=kw.pop("readout_activation"))


def say_notes(tr) -> None:
    """What the user should know about a run that succeeded, on stderr."""
    for note in tr.notes:
        click.echo(f"note: {note}", err=True)


def write_json(obj) -> None:
    """One JSON object on stdout (orjson: a 10,000-step trace in seconds, not a minute)."""
    import orjson
    sys.stdout.flush()
    sys.stdout.buffer.write(orjson.dumps(obj) + b"\n")
    sys.stdout.buffer.flush()


@click.group(cls=OneLineErrorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def cli(ctx):
    """Animated, numerically exact illustrations of RNN, LSTM and GRU cells.

    Option defaults can be set in ./illustrated-rnn.toml or in [tool.illustrated-rnn] of
    ./pyproject.toml (keys: option names without the dashes); the command line wins.
    """
    from pipeline.config import default_map
    ctx.default_map = default_map(cli.commands)


@cli.command()
@click.argument("cell", metavar="CELL")
@input_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
def trace(cell, as_json, **kw):
    """Print every intermediate value of CELL (rnn, lstm or gru) for the input."""
    if cell not in CELLS:
        raise click.UsageError(f"CELL: unknown cell {cell!r}; choose one of {', '.join(CELLS)}")
    tr = make_trace(run_options(cell, kw))
    say_notes(tr)
    if as_json:
        write_json(tr.to_json())
    else:
        from pipeline.trace_table import trace_table
        click.echo(trace_table(tr))


@cli.command()
@click.argument("cell", metavar="CELL")
@input_options
@click.option("--loss", default="sum", show_default=True, metavar="sum|mse",
              help="Loss on the final hidden state: sum = sum(h_T), mse = mean((h_T - target)^2).")
@click.option("--target", type=str, metavar="V", help="Target vector of hidden size for --loss mse.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option("--no-step-matrices", is_flag=True,
              help="JSON: leave out the per-step dL/dW_hh terms (w_hh_by_step is null).")
def grads(cell, loss, target, as_json, no_step_matrices, **kw):
    """Print the gradients of back-propagation through time for CELL (rnn, lstm or gru)."""
    if cell not in CELLS:
        raise click.UsageError(f"CELL: unknown cell {cell!r}; choose one of {', '.join(CELLS)}")
    tr, g = make_grads(run_options(cell, kw), loss, target)
    say_notes(tr)
    if as_json:
        write_json(g.to_json(step_matrices=not no_step_matrices))
    else:
        from pipeline.grads_table import grads_table
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


def _render(scene: str, kw: dict, fmt: str | None = None) -> None:
    from pipeline.media import summary     # PyAV and, later, Manim: only when rendering
    from pipeline.render import render
    info = scene_info(scene)
    req = build_request(info, run_options(info.cell, kw), kw, fmt)
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
@click.option("--to", type=click.Choice(["pptx", "html"]),
              help="pptx: PowerPoint; html: a folder with index.html (default: from -o, else pptx).")
@click.option("--quality", type=click.Choice(list(QUALITIES)), default=DEFAULT_QUALITY, show_default=True)
@click.option("--fps", type=click.IntRange(1, 120), help="Frame rate (default: the quality's).")
@click.option("-o", "--output", "out", metavar="OUT",
              help="The .pptx file or the HTML folder (default media/SCENE-slides[.pptx]).")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=os.cpu_count() or 1,
              show_default="the number of cores", help="Scenes rendered at once, each in its own process.")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary line.")
def slides(scenes, to, out, jobs, **kw):
    """A slide deck of the SCENEs: a title slide per scene, then one slide per section clip.

    Speaker notes hold each section's caption and its equations with the real numbers.
    """
    from pipeline.media import human_size
    from pipeline.slides import deck_format, default_output, make_deck
    to = deck_format(to, out)
    infos = [scene_info(s) for s in scenes]
    requests = []
    for info in infos:
        k = dict(kw, transparent=False, manifest=None, out=None)
        requests.append(build_request(info, run_options(info.cell, k), k, fmt="mp4"))
    target = Path(out) if out else default_output([i.id for i in infos], to)
    say = None if kw["quiet"] else (lambda text: click.echo(f"slides: {text}", err=True))
    make_deck(requests, to, target, lang=kw["lang"], jobs=jobs, progress=say)
    if not kw["quiet"]:
        size = (target.stat().st_size if to == "pptx"
                else sum(f.stat().st_size for f in target.rglob("*") if f.is_file()))
        where = target if to == "pptx" else target / "index.html"
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
    from pipeline.batch import main
    defaults = (ctx.find_root().default_map or {}).get("render", {})
    ctx.exit(main(spec, lambda scene, options: job_request(scene, options, defaults), jobs=jobs,
                  scheduler=scheduler, shard_text=shard_text, force=force))


def job_request(scene: str, options: dict, defaults: dict | None = None):
    """The RenderRequest of `render SCENE` with `options` ({"lang": "hu", "show-units": 4}).

    Parsed by the `render` command itself, so a batch job or a notebook call is checked
    exactly like the command line; `defaults` are the config file's.
    """
    from pipeline.batch import parse_job
    kw = parse_job(cli.commands["render"], scene, options, defaults or {})
    info = scene_info(kw.pop("scene"))
    return build_request(info, run_options(info.cell, kw), kw)


if __name__ == "__main__":
    cli()
