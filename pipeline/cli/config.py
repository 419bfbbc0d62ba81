"""Option defaults from a file: `illustrated-rnn.toml`, or `[tool.illustrated-rnn]` in pyproject.toml.

    # illustrated-rnn.toml (or the same keys under [tool.illustrated-rnn] in pyproject.toml)
    quality = "low"
    lang = "hu"
    show-units = 4          # an option's name without the dashes; show_units works too

Both files are read from the working directory; where both set a key, illustrated-rnn.toml
wins. The command line wins over either, and they win over the built-in defaults. Every
key is checked against the real options of the commands (and its value against the
option's type) before anything runs, so a typo is one clear error line, not a silent no-op.
The result is a click `default_map`: one {parameter: value} dict per command that has it.
"""

import difflib
import os
import sys
from pathlib import Path

import click

from cells import InputError
from cells.user_files import read_text_file

if sys.version_info >= (3, 11):
    import tomllib
else:                                      # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_FILE = "illustrated-rnn.toml"
PYPROJECT = "pyproject.toml"
TOOL_TABLE = "illustrated-rnn"
# Per-run paths: a default would make every render overwrite the same file.
MAX_TOML_BYTES = 16 << 20
NOT_DEFAULTS = {"output": "-o/--output", "manifest": "--manifest", "help": "--help"}


class ConfigError(click.UsageError):
    """A problem in a config file: reported as `error: FILE: KEY: problem`, exit 2."""


def config_files(cwd: Path | None = None) -> list[Path]:
    """The config files present in the working directory (each command reads them)."""
    cwd = Path.cwd() if cwd is None else Path(cwd)
    return [cwd / name for name in (PYPROJECT, CONFIG_FILE) if os.path.lexists(cwd / name)]


def read_toml(path: Path, option: str = "") -> dict:
    """A TOML file the user wrote; a folder, a FIFO or bad TOML is one error line."""
    try:
        return tomllib.loads(read_text_file(str(path), option, MAX_TOML_BYTES))
    except tomllib.TOMLDecodeError as e:
        raise InputError(option, f"{path}: not valid TOML: {e}") from None
    except RecursionError:
        raise InputError(option, f"{path}: not valid TOML: nested too deeply") from None


def read_config(cwd: Path | None = None) -> dict[str, tuple[object, str]]:
    """{key: (value, file it came from)} of the working directory's config files."""
    found: dict[str, tuple[object, str]] = {}
    for path in config_files(cwd):
        name = path.name
        table = ("tool", TOOL_TABLE) if name == PYPROJECT else ()
        try:
            data = read_toml(path)
        except InputError as e:
            raise ConfigError(e.message.replace(str(path), name, 1)) from None
        for key in table:
            data = data.get(key, {})
            if not isinstance(data, dict):
                raise ConfigError(f"{name}: [{'.'.join(table)}] must be a table")
        where = f"{name} [{'.'.join(table)}]" if table else name
        found.update({k: (v, where) for k, v in data.items()})
    return found


def option_names(cmd: click.Command) -> dict[str, click.Option]:
    """The options of `cmd` by every name a config key may use: `show-units` and `show_units`."""
    names = {}
    for p in cmd.params:
        if not isinstance(p, click.Option):
            continue
        for opt in p.opts + p.secondary_opts:
            if opt.startswith("--"):
                names[opt[2:]] = p
                names[opt[2:].replace("-", "_")] = p
    return names


def cast_value(cmd: click.Command, opt: click.Option, value):
    """A TOML value as `opt` takes it; ValueError saying what is wrong. TOML has types, so
    they must match: click alone would take seed = 1.9 or true as 1."""
    kind = opt.type
    if isinstance(value, (list, dict)):
        raise ValueError(f"takes one value, not a {'list' if isinstance(value, list) else 'table'}")
    if opt.is_flag:
        if not isinstance(value, bool):
            raise ValueError("is a flag; use true or false")
    elif isinstance(value, bool):
        raise ValueError(f"takes a value, not {str(value).lower()}")
    elif isinstance(kind, click.types.IntParamType) and not isinstance(value, int):
        raise ValueError(f"takes a whole number, not {value!r}")
    elif isinstance(kind, click.types.FloatParamType) and not isinstance(value, (int, float)):
        raise ValueError(f"takes a number, not {value!r}")
    elif not isinstance(kind, (click.types.IntParamType, click.types.FloatParamType)) \
            and not isinstance(value, str) and not (isinstance(kind, click.Path)
                                                    and isinstance(value, os.PathLike)):
        raise ValueError(f"takes text; write it in quotes: \"{value}\"")
    try:
        return opt.type_cast_value(click.Context(cmd), value)
    except click.BadParameter as e:
        raise ValueError(e.message) from None


def _check_value(cmd: click.Command, opt: click.Option, key: str, value, where: str):
    try:
        return cast_value(cmd, opt, value)
    except ValueError as e:
        hint = " (a batch spec multiplies lists; a config file sets defaults)" \
            if isinstance(value, list) else ""
        raise ConfigError(f"{where}: {key}: {e}{hint}") from None


def default_map(commands: dict[str, click.Command], cwd: Path | None = None) -> dict[str, dict]:
    """A click default_map {command: {parameter name: value}} from the config files.

    A key is valid if at least one command has an option of that name; each command
    takes the keys it has (`fps` reaches `render`, not `preview`).
    """
    found = read_config(cwd)
    if not found:
        return {}
    by_command = {name: option_names(cmd) for name, cmd in commands.items()}
    known = set().union(*by_command.values()) - set(NOT_DEFAULTS)
    result: dict[str, dict] = {}
    for key, (value, where) in found.items():
        if key in NOT_DEFAULTS:
            raise ConfigError(f"{where}: {key}: cannot have a default; give {NOT_DEFAULTS[key]} "
                              "on the command line")
        if key not in known:
            close = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(f"{where}: unknown key {key!r}{hint}; keys are option names without "
                              f"the dashes: {', '.join(sorted(k for k in known if '_' not in k))}")
        for name, options in by_command.items():
            opt = options.get(key)
            if opt is not None:
                result.setdefault(name, {})[opt.name] = _check_value(commands[name], opt, key,
                                                                     value, where)
    return result
