"""Render worker processes: started fresh, deaf to the terminal, and gone with their parent.

`Child` runs `target(conn, parent_pid, *args)` in a new Python process (nothing shared
with this one, as multiprocessing's spawn) in a session of its own: a Ctrl-C in the
terminal reaches only the parent, which stops its workers itself (`stop_processes`:
SIGTERM, which a render takes as Ctrl-C and cleans up after, then SIGKILL after a grace
time). A worker started by multiprocessing got the terminal's SIGINT too, and one that
was still importing printed a traceback.

A worker orphaned by a kill -9 of `batch`, `slides` or `render --jobs N` used to go on
rendering, writing outputs nobody asked for any more, and then hang. `become_child`
makes the kernel send it SIGTERM when the parent dies (Linux: prctl PR_SET_PDEATHSIG),
and a thread also watches the parent's pid, ending the worker GRACE seconds later if
SIGTERM did not.
"""

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection

PR_SET_PDEATHSIG = 1
GRACE = 10.0
_BOOT = """import sys
from multiprocessing.connection import Connection
conn = Connection(int(sys.argv[1]))
sys.path[:] = conn.recv()
target, args = conn.recv()
target(conn, int(sys.argv[2]), *args)
"""


class Child:
    """`target(conn, parent_pid, *args)` in a new process; `conn` is this end of its pipe.

    The child's end closes when it exits, so `conn` then reads EOF."""

    def __init__(self, target, *args):
        mine, theirs = socket.socketpair()
        with theirs:
            self._popen = subprocess.Popen(
                [sys.executable, "-c", _BOOT, str(theirs.fileno()), str(os.getpid())],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, start_new_session=True)
        self.conn = Connection(mine.detach())
        self.conn.send(sys.path)
        self.conn.send((target, args))

    @property
    def exitcode(self):
        """None while running; negative: the signal that ended it (as multiprocessing's)."""
        return self._popen.poll()

    def is_alive(self) -> bool:
        return self._popen.poll() is None

    def join(self, timeout: float | None = None) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._popen.wait(timeout)

    def terminate(self) -> None:
        self._popen.terminate()

    def kill(self) -> None:
        self._popen.kill()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(GRACE)
    os._exit(1)


def become_child(parent: int) -> None:
    """First thing in a worker, inside a `try` taking KeyboardInterrupt as the order to stop."""
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass                                  # not Linux: the watching thread alone
    if os.getppid() != parent:                # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    # Manim's (disabled) tqdm bars would create a multiprocessing lock, a named semaphore
    # that a killed worker leaks (and the resource tracker warns about); a thread lock is
    # all one process needs.
    import tqdm
    tqdm.tqdm.set_lock(threading.RLock())


def stop_processes(procs: list, grace: float = 5.0) -> None:
    """SIGTERM each (a render cleans up as for Ctrl-C); SIGKILL whoever is left after `grace`."""
    for proc in procs:
        with contextlib.suppress(OSError, ValueError):
            proc.terminate()
    deadline = time.monotonic() + grace
    for proc in procs:
        with contextlib.suppress(OSError, ValueError):
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join()
