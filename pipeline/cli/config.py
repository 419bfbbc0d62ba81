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
import sys
from pathlib import Path

import click

if sys.version_info >= (3, 11):
    import tomllib
else:                                      # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_FILE = "illustrated-rnn.toml"
PYPROJECT = "pyproject.toml"
TOOL_TABLE = "illustrated-rnn"
# Per-run paths: a default would make every render overwrite the same file.
NOT_DEFAULTS = {"output": "-o/--output", "manifest": "--manifest", "help": "--help"}


class ConfigError(click.UsageError):
    """A problem in a config file: reported as `error: FILE: KEY: problem`, exit 2."""


def read_config(cwd: Path | None = None) -> dict[str, tuple[object, str]]:
    """{key: (value, file it came from)} of the working directory's config files."""
    cwd = Path.cwd() if cwd is None else Path(cwd)
    found: dict[str, tuple[object, str]] = {}
    for name, table in ((PYPROJECT, ("tool", TOOL_TABLE)), (CONFIG_FILE, ())):
        path = cwd / name
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"{name}: not valid TOML: {e}") from None
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


def _check_value(cmd: click.Command, opt: click.Option, key: str, value, where: str):
    if isinstance(value, (list, dict)):
        raise ConfigError(f"{where}: {key}: takes one value, not a "
                          f"{'list' if isinstance(value, list) else 'table'} "
                          "(a batch spec multiplies lists; a config file sets defaults)")
    if opt.is_flag and not isinstance(value, bool):
        raise ConfigError(f"{where}: {key}: is a flag; use true or false")
    try:
        return opt.type_cast_value(click.Context(cmd), value)
    except click.BadParameter as e:
        raise ConfigError(f"{where}: {key}: {e.message}") from None


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
