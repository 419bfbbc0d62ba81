"""Ctrl-C or SIGTERM while the command line is still importing: one line, exit 130.

Importing Manim, numpy and the scenes takes a second or two; a signal then used to
print a traceback from the middle of some import. Installed first thing by the script
(never by `import render`, so a notebook or a test keeps its own handlers); the
command line's own handlers take over once it runs (cli/errors.py).
"""

import os
import signal
import sys


def _interrupted(signum, frame):
    sys.stderr.write("error: interrupted\n")
    os._exit(130)


def quiet_interrupts() -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _interrupted)
