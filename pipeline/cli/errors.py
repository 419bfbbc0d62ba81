"""One-line errors for the command line: `error: <option>: <problem>`, exit code 2.

Users must never see a traceback for something they typed; click's own usage errors
are folded into the same single line.
"""

import sys

import click

from cells import InputError


def click_message(e: click.ClickException) -> str:
    """click's message in our form: '--loss: 'mae' is not one of 'sum', 'mse'.' for a bad
    value (click says "Invalid value for '--loss': ..."), else click's own text."""
    param = getattr(e, "param", None)
    if isinstance(e, click.BadParameter) and param is not None and getattr(param, "opts", None):
        return f"{max(param.opts, key=len)}: {e.message}"
    return e.format_message()


def fail(message: str, code: int = 2):
    click.echo("error: " + " ".join(str(message).split()), err=True)
    sys.exit(code)


class OneLineErrorGroup(click.Group):
    """A click group whose user errors are one `error:` line on stderr and exit 2."""

    def main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False
        try:
            rv = super().main(*args, **kwargs)
        except InputError as e:
            fail(str(e))
        except click.exceptions.Exit as e:
            sys.exit(e.exit_code)
        except click.ClickException as e:
            fail(click_message(e))
        except (click.exceptions.Abort, KeyboardInterrupt):
            click.echo("error: interrupted", err=True)
            sys.exit(130)
        sys.exit(rv if isinstance(rv, int) else 0)
