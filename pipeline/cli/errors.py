"""One-line errors for the command line: `error: <option>: <problem>`, exit code 2.

Users must never see a traceback for something they typed; click's own usage errors
are folded into the same single line.
"""

import os
import signal
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


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def fail(message: str, code: int = 2):
    click.echo("error: " + " ".join(str(message).split()), err=True)
    sys.exit(code)


class Interrupted(Exception):
    """Ctrl-C or SIGTERM, carried past click (which would print a blank line first)."""


class StdoutFailed(Exception):
    """Writing the command's output failed (a full disk, /dev/full)."""

    def __init__(self, error: OSError):
        super().__init__(error.strerror or str(error))


class _GuardedStream:
    """stdout, whose failed writes say they were stdout's; a closed pipe is click's (exit 1)."""

    def __init__(self, stream):
        self._stream = stream

    def _guarded(self, method, *args):
        try:
            return method(*args)
        except BrokenPipeError:
            raise
        except OSError as e:
            raise StdoutFailed(e) from None

    def write(self, data):
        return self._guarded(self._stream.write, data)

    def flush(self):
        return self._guarded(self._stream.flush)

    @property
    def buffer(self):
        return _GuardedStream(self._stream.buffer)

    def __getattr__(self, name):
        return getattr(self._stream, name)


class OneLineErrorGroup(click.Group):
    """A click group whose user errors are one `error:` line on stderr and exit 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted from None
        except EOFError as e:        # click would take it for Ctrl-C and exit 130 quietly
            raise RuntimeError(f"unexpected end of data: {e}") from e

    def main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _interrupt)       # a killed CI job cleans up as for Ctrl-C
        stdout, sys.stdout = sys.stdout, _GuardedStream(sys.stdout)
        try:
            rv = super().main(*args, **kwargs)
            sys.stdout.flush()
        except InputError as e:
            fail(str(e))
        except click.exceptions.Exit as e:
            sys.exit(e.exit_code)
        except click.ClickException as e:
            fail(click_message(e))
        except (click.exceptions.Abort, KeyboardInterrupt, Interrupted):
            click.echo("error: interrupted", err=True)
            sys.exit(130)
        except StdoutFailed as e:
            os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())   # nothing more to flush
            fail(f"stdout: {e}; the output is incomplete")
        finally:
            sys.stdout = stdout
        sys.exit(rv if isinstance(rv, int) else 0)
