"""Many renders from one TOML spec, in a local process pool or on a Dask cluster.

    # jobs.toml
    [defaults]                 # optional: options every job starts from
    quality = "low"

    [[job]]
    scene = "rnn-cell"
    lang = ["en", "hu"]        # a list multiplies the job: one per value
    output = "out/{scene}-{lang}.mp4"

Each job is `render SCENE` with the job's options, named like the command line's
without the dashes (`show-units = 4`, `sections = true`, `output = ...`). Lists multiply
(two lists of 2 and 3 values give 6 jobs, in order); `{scene}`, `{lang}`, ... in `output`
are replaced by the job's values. Outputs must be distinct.

A job is parsed by the `render` command itself (same checks, same config defaults) in
this process; an invalid job is reported as failed without running. The rendering runs
in a worker process (Manim's config is process-global): a local WorkerPool (a worker
killed fails only its own job), or a Dask cluster through `Client.get_executor()`; both
are concurrent.futures executors, so the code path is one. Outputs are atomic as in `render`; a job whose output is newer than
the spec is skipped unless forced.
"""

import difflib
import itertools
import multiprocessing
import os
import stat
import sys
import threading
import time
from concurrent.futures import Executor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

from cells import InputError

from pipeline.cli.config import read_toml
from pipeline.cli.options import config_reads
from pipeline.rendering.distinct_paths import PathUse, first_clash
from pipeline.workflows.worker_pool import WorkerDied, WorkerPool


class SpecError(InputError):
    """The spec as a whole is unusable (exit 2 before anything runs)."""

    def __init__(self, message: str):
        super().__init__("SPEC", message)


@dataclass
class Job:
    number: int                  # 1-based position in the expanded spec
    scene: str
    options: dict                # option name (CLI spelling, no dashes) -> value
    request: object = None       # RenderRequest, once parsed
    status: str = "pending"      # pending | skipped | done | failed
    error: str = ""
    seconds: float = 0.0

    @property
    def out(self) -> Path | None:
        return self.request.out if self.request is not None else None


# ---- the spec --------------------------------------------------------------------------
def _expand(table: dict) -> list[dict]:
    """{"lang": ["en", "hu"], "step": [1, 2]} -> four dicts, the last key varying fastest."""
    keys = list(table)
    values = [v if isinstance(v, list) else [v] for v in table.values()]
    if any(len(v) == 0 for v in values):
        return []
    return [dict(zip(keys, combo)) for combo in itertools.product(*values)]


def load_spec(path: Path) -> list[dict]:
    """The expanded job tables of a spec file, in order."""
    try:
        data = read_toml(path)
    except InputError as e:
        raise SpecError(e.message) from None
    unknown = set(data) - {"job", "defaults"}
    if unknown:
        raise SpecError(f"{path}: unknown table {sorted(unknown)[0]!r}; use [[job]] tables and "
                        "an optional [defaults] table")
    defaults = data.get("defaults", {})
    tables = data.get("job", [])
    if not isinstance(defaults, dict) or not isinstance(tables, list):
        raise SpecError(f"{path}: write jobs as [[job]] tables and defaults as one [defaults] table")
    if not tables:
        raise SpecError(f"{path}: no [[job]] tables")
    return [job for t in tables for job in _expand({**defaults, **t})]


def _fill_output(options: dict, scene: str) -> dict:
    """`output` with {scene} and {option} fields filled ({show_units} or {show-units})."""
    out = options.get("output")
    if not isinstance(out, str) or "{" not in out:
        return options
    fields = {**{k.replace("-", "_"): v for k, v in options.items()}, **options, "scene": scene}
    try:
        filled = out.format_map(fields)
    except KeyError as e:
        raise InputError("output", f"{{{e.args[0]}}} is not an option of this job") from None
    except (ValueError, IndexError) as e:
        raise InputError("output", f"bad placeholder in {out!r}: {e}") from None
    return {**options, "output": filled}


def _absolute(options: dict, base: Path, path_keys) -> dict:
    return {k: (str(base / v) if k in path_keys and isinstance(v, str) and v else v)
            for k, v in options.items()}


def plan(spec: Path, to_request, cwd: Path | None = None, *, path_keys) -> list[Job]:
    """The jobs of `spec`, each parsed by `to_request(scene, options)` or marked failed.

    Options named in `path_keys` (every spelling of the command's path options) are made
    absolute here, since a job may run on another machine. Distinct outputs are a
    property of the whole spec: a clash is a SpecError.
    """
    cwd = Path.cwd() if cwd is None else cwd
    jobs = []
    for n, table in enumerate(load_spec(spec), start=1):
        table = dict(table)
        scene = table.pop("scene", None)
        job = Job(n, str(scene), table)
        jobs.append(job)
        try:
            if not isinstance(scene, str):
                raise InputError("scene", "every job needs scene = \"ID\" (`render.py list` shows them)")
            job.options = _absolute(_fill_output(table, scene), cwd, path_keys)
            req = to_request(scene, job.options)
            req = replace(req, out=cwd / req.out, quiet=True)      # no-op for absolute paths
            job.request = req
        except InputError as e:
            job.status, job.error = "failed", str(e)
    uses = [PathUse("SPEC", Path(spec), writes=False), *config_reads()]
    for job in jobs:
        if job.request is not None:
            uses += [replace(u, label=f"job {job.number} {u.label}") for u in job.request.option_paths()]
    clash = first_clash(uses)
    if clash is not None:
        raise SpecError(f"{clash[0]}: {clash[1]}")
    return jobs


def parse_shard(text: str) -> tuple[int, int]:
    """'2/4' -> (2, 4): the second of four slices (1-based)."""
    try:
        i, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise InputError("--shard", f"is {text!r}; write I/N, e.g. 1/4 (I from 1 to N)") from None
    if not (n >= 1 and 1 <= i <= n):
        raise InputError("--shard", f"is {text!r}; I must be 1..N and N at least 1")
    return i, n


def shard(jobs: list[Job], i: int, n: int) -> list[Job]:
    """Jobs i, i+n, i+2n, ... (1-based numbers of the expanded spec)."""
    return [j for j in jobs if (j.number - 1) % n == i - 1]


def up_to_date(job: Job, spec_mtime: float) -> bool:
    """Every output (the sections index, the manifest) exists and is newer than the spec."""
    req = job.request
    targets = [req.out] + ([req.sections_dir / "index.json"] if req.sections else []) + \
        ([req.manifest] if req.manifest is not None else [])
    return all(_mtime(t) > spec_mtime for t in targets)


def _mtime(path: Path) -> float:
    try:
        st = os.stat(path)
    except OSError:             # absent, or a name the file system refuses: not up to date
        return float("-inf")
    return st.st_mtime if stat.S_ISREG(st.st_mode) else float("-inf")


# ---- running ------------------------------------------------------------------------------
_ONE_AT_A_TIME = threading.Lock()   # a Dask worker may run tasks in threads; Manim's config is global


def _one_line(e: BaseException) -> str:
    if isinstance(e, InputError):
        return str(e)
    text = " ".join(str(e).split())
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def run_job(req) -> dict:
    """In a worker: render one request; never raises for a failed render (the result says)."""
    start = time.monotonic()
    try:
        with _ONE_AT_A_TIME:
            from pipeline.rendering.render import render
            render(req)
    except Exception as e:         # noqa: BLE001 - every failure is reported, the batch goes on
        return {"ok": False, "error": _one_line(e), "seconds": time.monotonic() - start}
    except KeyboardInterrupt:      # Ctrl-C / SIGTERM: the render has cleaned up; a pool worker
        if multiprocessing.parent_process() is not None:      # exits rather than take the next job
            os._exit(130)
        raise
    return {"ok": True, "error": "", "seconds": time.monotonic() - start}


def local_executor(workers: int) -> Executor:
    """Separate processes, started fresh (spawn); one that dies fails only its own job."""
    return WorkerPool(workers)


class DaskExecutor:
    """A Dask cluster's concurrent.futures executor, closing its client on shutdown."""

    def __init__(self, address: str):
        try:
            from distributed import Client
        except ImportError:
            raise InputError("--scheduler", "needs the `distributed` package (pip install distributed)") from None
        try:      # connect time-out: Dask's distributed.comm.timeouts.connect (30 s by default)
            self.client = Client(address)
        except (OSError, TimeoutError, ValueError) as e:
            raise InputError("--scheduler", f"cannot reach {address}: {_one_line(e)}") from None
        self.executor = self.client.get_executor(pure=False)

    def __enter__(self):
        return self.executor

    def __exit__(self, *exc):
        try:
            self.executor.shutdown(wait=exc[0] is None)
        finally:
            self.client.close()


@dataclass
class BatchProgress:
    """One line for the whole batch: done/total, failures, time; failures stay on screen."""
    total: int
    stream: object = None
    done: int = 0
    failed: int = 0
    start: float = field(default_factory=time.monotonic)

    def __post_init__(self):
        self.stream = self.stream if self.stream is not None else sys.stderr
        self.tty = self.stream.isatty()

    def line(self) -> str:
        failed = f" · {self.failed} failed" if self.failed else ""
        return (f"batch: {self.done}/{self.total} finished{failed} · "
                f"{time.monotonic() - self.start:.1f} s")

    def show(self, message: str = "") -> None:
        if self.tty:
            self.stream.write("\r\033[K" + (message + "\n" if message else "") + self.line())
        else:
            self.stream.write((message + "\n" if message else "") + self.line() + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def run(jobs: list[Job], executor_factory, progress: BatchProgress) -> None:
    """Run every pending job on the executor; fills in status, error and seconds."""
    pending = [j for j in jobs if j.status == "pending"]
    if not pending:
        return
    progress.show()
    with executor_factory() as pool:
        futures = {pool.submit(run_job, j.request): j for j in pending}
        try:
            _collect(futures, progress)
        except BaseException:        # Ctrl-C or SIGTERM: queued jobs never start, running
            for fut in futures:      # ones stop (the local pool does that as it closes)
                fut.cancel()
            raise
        finally:
            progress.close()


def _collect(futures: dict, progress: BatchProgress) -> None:
    for fut in as_completed(futures):
        job = futures[fut]
        try:
            result = fut.result()
        except Exception as e:        # noqa: BLE001 - a worker died (killed, lost Dask worker)
            result = {"ok": False, "error": str(e) if isinstance(e, WorkerDied)
                      else "worker lost: " + _one_line(e), "seconds": 0.0}
        job.seconds = result["seconds"]
        job.status = "done" if result["ok"] else "failed"
        job.error = result["error"]
        progress.done += 1
        if job.status == "failed":
            progress.failed += 1
            progress.show(f"job {job.number} ({job.scene}) failed: {job.error}")
        else:
            progress.show()


def _shown(path: Path | None, cwd: Path) -> str:
    if path is None:
        return "-"
    try:
        return str(path.relative_to(cwd))
    except ValueError:
        return str(path)


def summary_table(jobs: list[Job], cwd: Path) -> str:
    """job, scene, output, time, status: one row per job, then the counts."""
    rows = [("job", "scene", "output", "time", "status")]
    for j in jobs:
        status = {"skipped": "skipped (up to date)", "failed": "FAILED: " + j.error}.get(j.status, j.status)
        rows.append((str(j.number), j.scene, _shown(j.out, cwd),
                     f"{j.seconds:.1f} s" if j.status == "done" else "-", status))
    widths = [max(len(r[k]) for r in rows) for k in range(4)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[4] for r in rows]
    counts = {s: sum(j.status == s for j in jobs) for s in ("done", "skipped", "failed")}
    lines.append(f"{counts['done']} rendered, {counts['skipped']} skipped, {counts['failed']} failed")
    return "\n".join(lines)


def parse_job(cmd, scene: str, options: dict, defaults: dict) -> dict:
    """The parameters `cmd` (the render command) gets for SCENE with the job's options.

    The job's options become the command's defaults over `defaults` (the config file's),
    so click converts and checks them exactly as it would on the command line.
    """
    import click

    from pipeline.cli.errors import click_message
    from pipeline.cli.config import cast_value, option_names
    names = option_names(cmd)
    dm = {"jobs": 1} if "jobs" in names else {}     # one process per job: the pool is the batch's
    dm.update(defaults)
    for key, value in options.items():
        opt = names.get(key)
        if opt is None or key == "help":
            close = difflib.get_close_matches(key, [k for k in names if k != "help"], n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise InputError(key, f"is not an option of `render`{hint}")
        try:
            dm[opt.name] = cast_value(cmd, opt, value)
        except ValueError as e:
            raise InputError(max(opt.opts, key=len), str(e)) from None
    try:
        ctx = cmd.make_context(cmd.name, [scene], default_map=dm)
    except click.ClickException as e:
        raise InputError("", click_message(e)) from None
    return dict(ctx.params)


def main(spec: Path, to_request, *, jobs: int, scheduler: str | None, shard_text: str | None,
         force: bool, path_keys, out=None, err=None) -> int:
    """The whole `batch` command; returns the exit code (1 if any job failed)."""
    out = out if out is not None else sys.stdout
    cwd = Path.cwd()
    spec = Path(spec)
    every = plan(spec, to_request, cwd, path_keys=path_keys)
    mine = shard(every, *parse_shard(shard_text)) if shard_text is not None else every
    spec_mtime = spec.stat().st_mtime
    for job in mine:
        if job.status == "pending" and not force and up_to_date(job, spec_mtime):
            job.status = "skipped"
    todo = sum(j.status == "pending" for j in mine)
    if scheduler:
        factory = lambda: DaskExecutor(scheduler)      # noqa: E731
    else:
        factory = lambda: local_executor(min(jobs, max(1, todo)))   # noqa: E731
    progress = BatchProgress(todo, stream=err)
    for job in mine:
        if job.status == "failed":     # invalid: reported now, never run
            progress.stream.write(f"job {job.number} ({job.scene}) is invalid: {job.error}\n")
    from pipeline.rendering.render import terminate_as_interrupt
    with terminate_as_interrupt():
        run(mine, factory, progress)
    out.write(summary_table(mine, cwd) + "\n")
    out.flush()
    return 1 if any(j.status == "failed" for j in mine) else 0
