"""`render.py batch`: spec expansion and checks, a real run in a process pool and on a Dask LocalCluster.

The rendering tests use PNG outputs at low quality (the whole pipeline runs, animations
are skipped): three jobs, one of them invalid, are rendered once per module.
"""

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cells import InputError
from pipeline.rendering.child_process import stop_processes
from pipeline.workflows.batch import SpecError, load_spec, parse_shard, plan, shard, up_to_date
from pipeline.cli.options import path_keys
from render import cli, job_request

ROOT = Path(__file__).resolve().parent.parent
PATHS = path_keys(cli.commands["render"])

SPEC = """
[defaults]
quality = "low"

[[job]]
scene = "rnn-cell"
lang = ["en", "hu"]
output = "out/{scene}-{lang}.png"

[[job]]                        # invalid: the input has 10 steps
scene = "tanh"
step = 99
output = "out/tanh.png"
"""


def write_spec(folder: Path, text: str, name="jobs.toml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def batch(folder: Path, *args):
    return subprocess.run([sys.executable, str(ROOT / "render.py"), "batch", *args],
                          capture_output=True, text=True, cwd=folder, timeout=180)


# ---- the spec, without rendering -----------------------------------------------------------
def test_lists_multiply_in_order_and_defaults_apply(tmp_path):
    spec = write_spec(tmp_path, """
        [defaults]
        quality = "low"
        [[job]]
        scene = "rnn-cell"
        lang = ["en", "hu"]
        step = [1, 2]
        [[job]]
        scene = "tanh"
        quality = "high"
    """)
    assert load_spec(spec) == [
        {"quality": "low", "scene": "rnn-cell", "lang": "en", "step": 1},
        {"quality": "low", "scene": "rnn-cell", "lang": "en", "step": 2},
        {"quality": "low", "scene": "rnn-cell", "lang": "hu", "step": 1},
        {"quality": "low", "scene": "rnn-cell", "lang": "hu", "step": 2},
        {"quality": "high", "scene": "tanh"},
    ]


def test_plan_parses_each_job_like_the_command_line(tmp_path):
    spec = write_spec(tmp_path, """
        [[job]]
        scene = "rnn-cell"
        lang = ["en", "hu"]
        show-units = 4
        sections = true
        output = "out/{scene}-{lang}-{show_units}.mp4"
        [[job]]
        scene = "rnn-cell"
        qualty = "low"
        [[job]]
        scene = "no-such-scene"
        [[job]]
        scene = "rnn-cell"
        decimals = 9
        output = "x.mp4"
        [[job]]
        lang = "en"
        [[job]]
        scene = "tanh"
        output = "{nope}.mp4"
    """)
    jobs = plan(spec, job_request, cwd=tmp_path, path_keys=PATHS)
    ok = jobs[:2]
    assert [j.status for j in ok] == ["pending", "pending"]
    assert [j.out for j in ok] == [tmp_path / "out/rnn-cell-en-4.mp4", tmp_path / "out/rnn-cell-hu-4.mp4"]
    assert all(j.request.sections and j.request.quiet and j.request.params.show_units == 4 for j in ok)
    assert [j.request.params.lang for j in ok] == ["en", "hu"]
    errors = [j.error for j in jobs[2:]]
    assert errors[0] == "qualty: is not an option of `render` (did you mean 'quality'?)"
    assert errors[1].startswith("SCENE: unknown scene 'no-such-scene'")
    assert errors[2] == "--decimals: 9 is not in the range 0<=x<=6."
    assert errors[3].startswith("scene: every job needs scene")
    assert errors[4] == "output: {nope} is not an option of this job"
    assert all(j.status == "failed" for j in jobs[2:])


def test_outputs_must_be_distinct(tmp_path):
    spec = write_spec(tmp_path, """
        [[job]]
        scene = "rnn-cell"
        lang = ["en", "hu"]
        output = "out/same.mp4"
    """)
    with pytest.raises(SpecError, match="job 2 -o: .* is also where job 1 -o writes"):
        plan(spec, job_request, cwd=tmp_path, path_keys=PATHS)


@pytest.mark.parametrize("text, message", [
    ("[[job]]\nscene = \n", "not valid TOML"),
    ("[defaults]\nquality = 'low'\n", "no [[job]] tables"),
    ("[[jobs]]\nscene = 'tanh'\n", "unknown table 'jobs'"),
])
def test_a_bad_spec_fails_as_a_whole(tmp_path, text, message):
    with pytest.raises(SpecError, match=message.replace("[", r"\[")):
        load_spec(write_spec(tmp_path, text))


def test_shards_are_one_based_slices():
    class J:
        def __init__(self, n):
            self.number = n
    jobs = [J(n) for n in range(1, 8)]
    assert [j.number for j in shard(jobs, 1, 3)] == [1, 4, 7]
    assert [j.number for j in shard(jobs, 3, 3)] == [3, 6]
    assert parse_shard("2/4") == (2, 4)
    for bad in ("0/4", "5/4", "1/0", "x", "1/2/3"):
        with pytest.raises(InputError, match="--shard"):
            parse_shard(bad)


def test_bad_spec_and_bad_shard_exit_2(tmp_path):
    r = batch(tmp_path, "missing.toml")
    assert r.returncode == 2 and r.stderr.startswith("error: SPEC: no such file: missing.toml")
    write_spec(tmp_path, SPEC)
    r = batch(tmp_path, "jobs.toml", "--shard", "4/3")
    assert r.returncode == 2 and "--shard" in r.stderr


# ---- rendering: a local pool, then a Dask cluster -----------------------------------------
@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch-local")
    write_spec(folder, SPEC)
    return folder, batch(folder, "jobs.toml", "--jobs", "2")


def outputs(folder: Path) -> dict:
    return {p.name: np.asarray(Image.open(p)) for p in sorted((folder / "out").iterdir())}


def test_one_invalid_job_fails_alone(local_run):
    folder, r = local_run
    assert r.returncode == 1, r.stderr
    got = outputs(folder)
    assert sorted(got) == ["rnn-cell-en.png", "rnn-cell-hu.png"]
    assert all(a.shape == (480, 854, 4) or a.shape == (480, 854, 3) for a in got.values())
    assert not np.array_equal(got["rnn-cell-en.png"], got["rnn-cell-hu.png"])   # the title is translated
    assert "job 3 (tanh) failed: --step: is 99 but the input has 10 steps (1..10)" in r.stderr
    assert "3/3 finished · 1 failed" in r.stderr
    table = r.stdout.strip().splitlines()
    assert table[0].split() == ["job", "scene", "output", "time", "status"]
    assert table[1].split()[:3] == ["1", "rnn-cell", "out/rnn-cell-en.png"] and table[1].endswith("done")
    assert table[3].split()[:3] == ["3", "tanh", "out/tanh.png"] and "FAILED: --step: is 99" in table[3]
    assert table[-1] == "2 rendered, 0 skipped, 1 failed"
    assert not [p for p in (folder / "out").iterdir() if p.name.startswith(".")]   # no temporaries left


def test_rerun_skips_what_is_newer_than_the_spec_and_force_redoes(local_run):
    folder, _ = local_run
    before = {p.name: p.stat().st_mtime_ns for p in (folder / "out").iterdir()}
    r = batch(folder, "jobs.toml", "--shard", "1/3")       # job 1 only: up to date
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "0 rendered, 1 skipped, 0 failed"
    assert "skipped (up to date)" in r.stdout
    assert {p.name: p.stat().st_mtime_ns for p in (folder / "out").iterdir()} == before
    r = batch(folder, "jobs.toml", "--shard", "1/3", "--force")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "1 rendered, 0 skipped, 0 failed"
    after = {p.name: p.stat().st_mtime_ns for p in (folder / "out").iterdir()}
    assert after["rnn-cell-en.png"] > before["rnn-cell-en.png"]
    assert after["rnn-cell-hu.png"] == before["rnn-cell-hu.png"]


def test_an_output_older_than_the_spec_or_without_its_sections_is_stale(tmp_path):
    spec = write_spec(tmp_path, """
        [[job]]
        scene = "rnn-cell"
        output = ["a.mp4", "b.mp4"]
        [[job]]
        scene = "rnn-cell"
        output = "c.mp4"
        sections = true
    """)
    a, b, c = plan(spec, job_request, cwd=tmp_path, path_keys=PATHS)
    t = spec.stat().st_mtime
    for job, age in ((a, +5), (b, -5), (c, +5)):
        job.out.write_bytes(b"x")
        os.utime(job.out, (t + age, t + age))
    assert [up_to_date(j, t) for j in (a, b, c)] == [True, False, False]
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "index.json").write_text("{}")
    os.utime(tmp_path / "c" / "index.json", (t + 5, t + 5))
    assert up_to_date(c, t)


def test_dask_local_cluster_gives_the_same_outputs(local_run, tmp_path):
    distributed = pytest.importorskip("distributed")
    folder, _ = local_run
    write_spec(tmp_path, SPEC)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, worker_dashboard_address=None) as cluster:
        r = batch(tmp_path, "jobs.toml", "--scheduler", cluster.scheduler_address)
    assert r.returncode == 1, r.stderr
    assert "job 3 (tanh) failed: --step: is 99" in r.stderr
    assert r.stdout.strip().splitlines()[-1] == "2 rendered, 0 skipped, 1 failed"
    local, remote = outputs(folder), outputs(tmp_path)
    assert sorted(remote) == sorted(local)
    assert all(np.array_equal(local[k], remote[k]) for k in local)


def test_an_unreachable_scheduler_is_one_error_line(tmp_path):
    pytest.importorskip("distributed")
    write_spec(tmp_path, SPEC)
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"}
    r = subprocess.run([sys.executable, str(ROOT / "render.py"), "batch", "jobs.toml", "--scheduler",
                        "tcp://127.0.0.1:9"], capture_output=True, text=True, cwd=tmp_path, env=env,
                       timeout=60)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines()[-1].startswith("error: --scheduler: cannot reach tcp://127.0.0.1:9")


def test_a_killed_batch_stops_at_once_and_leaves_no_partial_file(tmp_path):
    write_spec(tmp_path, """
        [[job]]
        scene = "lstm"            # ~10 s a job: the kill lands inside the first one
        quality = "medium"
        lang = ["en", "hu"]
        output = "out/{lang}.mp4"
    """)
    proc = subprocess.Popen([sys.executable, str(ROOT / "render.py"), "batch", "jobs.toml", "--jobs", "1"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stderr.readline().startswith("batch: 0/2 finished")
    time.sleep(2.5)                                   # the worker is starting or rendering job 1
    proc.terminate()
    start = time.monotonic()
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and "error: interrupted" in err
    assert time.monotonic() - start < 5               # job 2 never starts
    out = tmp_path / "out"
    assert not out.exists() or not list(out.iterdir())   # neither outputs nor temporaries


def _deaf_worker(ready):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    ready.set()
    time.sleep(60)


def test_a_worker_deaf_to_sigterm_is_killed_after_the_grace_time():
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Event()
    worker = ctx.Process(target=_deaf_worker, args=(ready,), daemon=True)
    worker.start()
    assert ready.wait(30)
    start = time.monotonic()
    stop_processes([worker], grace=1.0)
    worker.join(5)
    assert not worker.is_alive() and worker.exitcode == -signal.SIGKILL
    assert time.monotonic() - start < 3


@pytest.mark.parametrize("spelling", ["dashes", "underscores"])
def test_every_path_option_is_made_absolute_before_jobs_leave(tmp_path, spelling):
    """Jobs may run on other machines (Dask): each path is resolved where the spec is run."""
    for name in ("w.npz", "seq.csv"):
        (tmp_path / name).write_text("")
    keys = {"input-file": "seq.csv", "weights-rnn": "w.npz", "weights-lstm": "w.npz",
            "weights-gru": "w.npz", "manifest": "m.json", "output": "out/c.mp4"}
    if spelling == "underscores":
        keys = {k.replace("-", "_"): v for k, v in keys.items()}
    body = "\n".join(f'{k} = "{v}"' for k, v in keys.items())
    spec = write_spec(tmp_path, f'[[job]]\nscene = "compare"\n{body}\n')
    job, = plan(spec, job_request, cwd=tmp_path, path_keys=PATHS)
    for key, value in keys.items():
        assert job.options[key] == str(tmp_path / value), key
