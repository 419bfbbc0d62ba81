"""Killed and interrupted runs: a worker killed fails its own job only; workers die with
their parent; Ctrl-C or SIGTERM at any moment is one line and exit 130; what a killed
run left behind is removed by the next, and only that. Real processes throughout.
"""

import os
import signal
import time
from pathlib import Path

import pytest

from pipeline.rendering.scratch import WORK_PREFIX, owner_tag
from tests.helpers.robust import cli, popen, snapshot

SLOW = ["--quality", "low"]                     # tiny-slow: about 3 s of drawing


def _env(folder: Path) -> dict:
    (folder / "tmp").mkdir(exist_ok=True)
    return {"TMPDIR": str(folder / "tmp"), "ILLUSTRATED_RNN_CACHE": "off"}


def _spec(folder: Path, jobs: int) -> None:
    (folder / "jobs.toml").write_text(
        '[[job]]\nscene = "tiny-slow"\nquality = "low"\n'
        f'step = {list(range(1, jobs + 1))}\noutput = "out/slow-{{step}}.mp4"\n')


def _wait_for(check, timeout=60.0, what="") -> None:
    end = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < end, f"timed out waiting for {what}"
        time.sleep(0.1)


def _children(pid: int) -> set:
    """Every descendant of `pid` (from /proc)."""
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                kids = {int(k) for k in (task / "children").read_text().split()}
            except OSError:
                continue
            todo += list(kids - found)
            found |= kids
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _rendering(folder: Path, n: int = 1) -> bool:
    """At least `n` renders are under way (their work folders exist)."""
    return len(list((folder / "tmp").glob(f"{WORK_PREFIX}*"))) >= n


def _only_complete_outputs(folder: Path) -> None:
    out = folder / "out"
    names = [p.name for p in out.iterdir()] if out.exists() else []
    assert all(n.endswith(".mp4") and not n.startswith(".") for n in names), names


def test_a_killed_worker_fails_its_own_job_and_the_batch_goes_on(tmp_path):
    _spec(tmp_path, 4)
    env = _env(tmp_path)
    p = popen("batch", "jobs.toml", "--jobs", "2", cwd=tmp_path, env=env)
    _wait_for(lambda: _rendering(tmp_path), what="a render")
    worker = min(_children(p.pid))
    os.kill(worker, signal.SIGKILL)
    out, err = p.communicate(timeout=180)
    assert p.returncode == 1 and "Traceback" not in err, err
    failed = [line for line in out.splitlines() if "FAILED" in line]
    assert len(failed) == 1 and "killed by SIGKILL" in failed[0], out
    assert "3 rendered, 0 skipped, 1 failed" in out
    _only_complete_outputs(tmp_path)
    assert not list((tmp_path / "tmp").iterdir())       # the dead worker's folder was removed


@pytest.mark.parametrize("command", [
    ["batch", "jobs.toml", "--jobs", "2"],
    ["slides", "tiny-slow", "tiny-slow", "--to", "html", "-o", "deck", "--jobs", "2", *SLOW],
    ["render", "tiny-slow", "--jobs", "2", "-o", "out/s.mp4", *SLOW],
])
def test_workers_end_when_their_parent_is_killed(tmp_path, command):
    _spec(tmp_path, 2)
    p = popen(*command, cwd=tmp_path, env=_env(tmp_path))
    _wait_for(lambda: _rendering(tmp_path, 2 if command[0] == "batch" else 1), what="renders")
    time.sleep(0.5)
    workers = _children(p.pid)
    assert workers
    p.kill()
    p.wait()
    _wait_for(lambda: not any(_alive(k) for k in workers), timeout=20, what="the workers to end")
    _only_complete_outputs(tmp_path)
    assert not (tmp_path / "deck").exists()


@pytest.mark.parametrize("moment", ["starting", "rendering"])
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
@pytest.mark.parametrize("command", ["batch", "slides"])
def test_an_interrupt_is_one_line_and_leaves_only_complete_files(tmp_path, command, how, moment):
    _spec(tmp_path, 3)
    args = (["batch", "jobs.toml", "--jobs", "2"] if command == "batch" else
            ["slides", "tiny-slow", "tiny-slow", "--to", "html", "-o", "deck", "--jobs", "2", "-q", *SLOW])
    before = snapshot(tmp_path)
    p = popen(*args, cwd=tmp_path, env=_env(tmp_path), start_new_session=True)
    if moment == "starting":
        time.sleep(0.8)
    else:
        _wait_for(lambda: _rendering(tmp_path, 2), what="renders")
        time.sleep(1.0)
    if how == "ctrl-c":
        os.killpg(p.pid, signal.SIGINT)               # what a terminal does: the whole group
    else:
        p.terminate()
    _, err = p.communicate(timeout=60)
    lines = err.strip().splitlines()
    assert p.returncode == 130, err
    assert lines[-1] == "error: interrupted" and "Traceback" not in err and "leaked" not in err, err
    if command == "slides":
        assert lines == ["error: interrupted"], err
    _only_complete_outputs(tmp_path)
    assert not (tmp_path / "deck").exists()
    assert not list((tmp_path / "tmp").iterdir())
    assert {k: v for k, v in snapshot(tmp_path).items() if not k.startswith("out/")} == before


def test_what_a_killed_run_left_is_removed_and_nothing_else(tmp_path):
    env = _env(tmp_path)
    dead = f"irnn{2 ** 22 + 12345}-1"                  # no such process
    scratch = tmp_path / "tmp"
    (scratch / f"{WORK_PREFIX}{dead}-abc").mkdir()
    (scratch / f"{WORK_PREFIX}{dead}-abc" / "frame.png").write_bytes(b"left by a kill -9")
    (scratch / f"{WORK_PREFIX}{owner_tag()}-live").mkdir()        # this very process: alive
    (scratch / "illustrated-rnn-notes.txt").write_text("no owner tag: not ours")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / f".t.png.{dead}.x1.part").write_bytes(b"half a file")
    (tmp_path / "out" / ".t.png.mine.part").write_bytes(b"a user's hidden file")
    r = cli("preview", "tiny-tiny", "--quality", "low", "-o", "out/t.png", "-q", cwd=tmp_path, env=env)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in scratch.iterdir()) == sorted(
        [f"{WORK_PREFIX}{owner_tag()}-live", "illustrated-rnn-notes.txt"])
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".t.png.mine.part", "t.png"]
