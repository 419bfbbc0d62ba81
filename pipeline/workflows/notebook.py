"""Render a scene from Jupyter and show it inline.

    from pipeline.workflows.notebook import show
    show("lstm", step=2)                          # an MP4 at low quality, shown in the notebook
    show("tanh", values="5, 0.1, -0.5", lang="hu", format="gif")
    show("rnn-cell", format="png", quality="high")

Options are the `render` command's, spelled as Python names (show_units=4, input="0.1,0.5,1;
1,2,3", weights="model.pt", input_file=..., output="media/x.mp4"); they are checked exactly
like the command line's and take their defaults from illustrated-rnn.toml /
[tool.illustrated-rnn] as the command does. Returns an IPython Video or Image, or the
output path where IPython is not installed (a plain script).
"""

from pathlib import Path

from pipeline.rendering.request import MEDIA_DIR

NOTEBOOK_DIR = MEDIA_DIR / "notebook"
VIDEO_TYPES = {"mp4": "video/mp4", "webm": "video/webm", "mov": "video/quicktime"}


def display_object(path: Path, embed: bool = True):
    """An IPython Video (mp4/webm/mov) or Image (gif/png) of `path`; the path without IPython."""
    try:
        from IPython.display import Image, Video
    except ImportError:
        return path
    ext = path.suffix.lower().lstrip(".")
    if ext in VIDEO_TYPES:
        return Video(str(path), embed=embed and ext != "mov", mimetype=VIDEO_TYPES[ext],
                     html_attributes="controls autoplay loop muted")
    return Image(filename=str(path))


def output_name(scene: str, fmt: str, options: dict) -> Path:
    """media/notebook/SCENE[-key-value...].FMT: one file per distinct call, readable."""
    parts = [scene] + [f"{k}-{v}" for k, v in sorted(options.items()) if k != "output"]
    name = "-".join(str(p) for p in parts)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:120]
    return NOTEBOOK_DIR / f"{safe}.{fmt}"


def render_path(scene: str, *, format: str | None = None, quality: str = "low", quiet: bool = True,
                **options) -> Path:
    """Render SCENE with `render` options (Python names) and return the output file.

    The format is `format`, else the extension of `output`, else mp4.
    """
    from render import cli, job_request

    from pipeline.cli.config import default_map
    from pipeline.rendering.render import render
    options = {k: v for k, v in options.items() if v is not None}
    out = options.pop("output", None)
    if out is None:
        out = output_name(scene, format or "mp4", {**options, "quality": quality})
    if format is not None:
        options["format"] = format
    defaults = default_map(cli.commands).get("render", {})
    req = job_request(scene, {**options, "quality": quality, "output": str(out), "quiet": quiet},
                      defaults)
    return render(req)


def show(scene: str, *, format: str | None = None, quality: str = "low", embed: bool = True,
         quiet: bool = True, **options):
    """Render SCENE (see `render.py list`) and return what Jupyter displays inline."""
    return display_object(render_path(scene, format=format, quality=quality, quiet=quiet, **options),
                          embed=embed)
