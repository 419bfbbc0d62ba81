"""Render processes for `batch` and `slides`: a worker that dies fails its own job only.

concurrent.futures' ProcessPoolExecutor breaks as a whole when one worker dies (kill -9,
the OOM killer): every running and queued job failed with BrokenProcessPool. Here each
worker is a process with a pipe of its own, served by a thread: a worker that dies
fails the job it was running, and a fresh worker (spawned: nothing shared with this
process) takes the next one. Workers die with this process (child_process.py). `submit`
returns concurrent.futures Futures, so a batch treats this pool and a Dask cluster alike.

Leaving the pool's `with` block by an exception (Ctrl-C, SIGTERM) cancels the queued jobs
and stops the running ones: SIGTERM, which a render takes as Ctrl-C and cleans up after,
then SIGKILL for a worker still there after the grace time.
"""

import contextlib
import os
import queue
import signal
import threading
from concurrent.futures import Executor, Future

from pipeline.rendering.child_process import Child, become_child, stop_processes


class WorkerDied(Exception):
    """The process running a job ended without an answer."""

    def __init__(self, exitcode):
        how = (f"killed by {signal.Signals(-exitcode).name}" if exitcode is not None and exitcode < 0
               else f"exit code {exitcode}")
        hint = ", e.g. out of memory" if exitcode == -signal.SIGKILL else ""
        super().__init__(f"its render process died ({how}{hint})")


def _serve(conn, parent: int) -> None:
    """A worker: run each (fn, args) sent, answer ("ok", result) or ("error", exception)."""
    try:
        become_child(parent)
        while True:
            try:
                fn, args = conn.recv()
            except EOFError:
                return
            try:
                conn.send(("ok", fn(*args)))
            except Exception as e:         # noqa: BLE001 - the job's failure, for its future
                conn.send(("error", e))
    except KeyboardInterrupt:              # Ctrl-C or SIGTERM: whatever ran has cleaned up
        os._exit(130)


class _Worker:
    def __init__(self):
        self.proc = Child(_serve)

    def call(self, fn, args):
        try:
            self.proc.conn.send((fn, args))
            return self.proc.conn.recv()
        except (EOFError, OSError):
            self.proc.join()
            raise WorkerDied(self.proc.exitcode) from None

    def close(self):
        self.proc.conn.close()
        self.proc.join(5)


class WorkerPool(Executor):
    def __init__(self, workers: int):
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._running: dict[int, _Worker] = {}
        self._lock = threading.Lock()
        self._stopping = False
        self._threads = [threading.Thread(target=self._dispatch, args=(k,), daemon=True)
                         for k in range(workers)]
        for t in self._threads:
            t.start()

    def submit(self, fn, /, *args):
        future = Future()
        self._jobs.put((future, fn, args))
        return future

    def _dispatch(self, k: int) -> None:
        worker = None
        while (job := self._jobs.get()) is not None:
            future, fn, args = job
            try:
                with self._lock:                # stop() sees every worker that starts a job
                    if self._stopping:
                        future.cancel()
                        continue
                    if not future.set_running_or_notify_cancel():
                        continue
                    if worker is None:
                        worker = self._running[k] = _Worker()
                kind, value = worker.call(fn, args)
            except WorkerDied as e:
                worker = None
                future.set_exception(e)
                continue
            except BaseException as e:     # noqa: BLE001 - e.g. could not start a process
                future.set_exception(e)
                continue
            if kind == "ok":
                future.set_result(value)
            else:
                future.set_exception(value)
        if worker is not None:
            worker.close()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if cancel_futures:
            self._cancel_queued()
        for _ in self._threads:
            self._jobs.put(None)
        if wait:
            for t in self._threads:
                t.join()

    def _cancel_queued(self) -> None:
        leftover = []
        with contextlib.suppress(queue.Empty):
            while True:
                leftover.append(self._jobs.get_nowait())
        for job in leftover:
            if job is not None:
                job[0].cancel()

    def stop(self, grace: float = 5.0) -> None:
        """Cancel what has not started; end what runs (SIGTERM, then SIGKILL after `grace`)."""
        with self._lock:
            self._stopping = True
            procs = [w.proc for w in self._running.values()]
        self._cancel_queued()
        stop_processes(procs, grace)

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.stop()
        self.shutdown(wait=True)
        return False

