"""Dataclass fields that describe the command-line option they are.

RunOptions and SceneParams declare each option once, here: its help, its kind (a path
read or written, a choice, a range) and its default. The command line builds its click
options from these fields, and whatever needs to know "which options are files" (the
render cache, a batch that sends jobs to other machines) asks the same declaration.
Pure data: nothing here imports click.
"""

from dataclasses import field, fields

READ, WRITE = "read", "write"          # what a path option does with its file


def option(default=None, help: str = "", *, flag: str | None = None, path: str | None = None,
           choices=None, minimum=None, maximum=None, min_open: bool = False,
           metavar: str | None = None, show_default: bool | None = None):
    """A dataclass field that is also the option `flag` (default: --field-name)."""
    meta = {"help": help, "flag": flag, "path": path, "choices": choices, "minimum": minimum,
            "maximum": maximum, "min_open": min_open, "metavar": metavar,
            "show_default": show_default}
    return field(default=default, metadata={"option": meta})


def option_fields(cls) -> list:
    """(field, its option description) of every field of `cls` that is an option."""
    return [(f, f.metadata["option"]) for f in fields(cls) if "option" in f.metadata]


def option_flag(f, meta) -> str:
    """The command-line flag of an option field: `--show-units` for show_units."""
    return meta["flag"] or "--" + f.name.replace("_", "-")


def path_fields(cls, does: str) -> list[str]:
    """Names of the fields of `cls` that are paths the command reads (READ) or writes (WRITE)."""
    return [f.name for f, meta in option_fields(cls) if meta["path"] == does]


def path_options(obj) -> list[tuple[str, object, bool]]:
    """(flag, path, written?) of every path option `obj` (a RunOptions, SceneParams ...) sets."""
    return [(option_flag(f, meta), getattr(obj, f.name), meta["path"] == WRITE)
            for f, meta in option_fields(type(obj)) if meta["path"] and getattr(obj, f.name)]
