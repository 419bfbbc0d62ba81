"""Option rules of `render`/`preview`, file placement, section names, progress (no rendering)."""

import io
from pathlib import Path

import pytest

import render
from cells import InputError
from pipeline.cli.options import build_request
from pipeline.rendering.outputs import Staging, prepare_sections_target, prepare_target
from pipeline.rendering.progress import Progress
from pipeline.rendering.request import make_request
from pipeline.rendering.sections import _matched, chapters, short_title, slug
from scenes.params import SceneParams
from scenes.registry import scene_info

RNN = scene_info("rnn-cell")


def req(**kw):
    return make_request(RNN, SceneParams(), **kw)


def test_defaults_and_format_from_extension():
    r = req()
    assert (r.fmt, r.out, r.fps, r.quality) == ("mp4", Path("media/rnn-cell.mp4"), None, "medium")
    assert req(out="x/clip.GIF").fmt == "gif"
    assert req(fmt="gif").fps == 15 and req(fmt="gif", fps=8).fps == 8
    assert req(transparent=True).fmt == "mov"
    assert req(transparent=True, fmt="webm").out == Path("media/rnn-cell.webm")
    assert req(out="a/b.mp4", sections=True).sections_dir == Path("a/b")


@pytest.mark.parametrize("kw, option", [
    (dict(transparent=True, fmt="mp4"), "--transparent"),
    (dict(transparent=True, out="x.mp4"), "--transparent"),
    (dict(transparent=True, fmt="gif"), "--transparent"),
    (dict(out="clip.avi"), "-o"),
    (dict(out="clip"), "-o"),
    (dict(out="clip.gif", fmt="mp4"), "-o"),
    (dict(fps=0), "--fps"),
    (dict(quality="ultra"), "--quality"),
])
def test_bad_combinations_name_the_option(kw, option):
    with pytest.raises(InputError) as e:
        req(**kw)
    assert e.value.option == option


def test_every_command_line_option_reaches_the_request():
    args = ["tanh", "--input", "1,2,3; 4,5,6", "--theme", "dark", "--lang", "hu", "--step", "1",
            "--decimals", "3", "--show-units", "2", "--values", "5, 0.1", "--window", "4",
            "--factor", "2.5", "--cells", "6", "--lr", "0.01", "--keywords", "a|b", "--loss", "mse",
            "--target", "1,0,0", "--quality", "low", "--fps", "24", "--sections", "-o", "x/t.webm",
            "--manifest", "x/m.json", "-q"]
    kw = render.render_scene.make_context("render", args).params
    info = scene_info(kw.pop("scene"))
    r = build_request(info, kw)
    p = r.params
    assert (p.run.cell, p.run.input, p.theme, p.lang, p.step, p.decimals, p.show_units) == (
        "rnn", "1,2,3; 4,5,6", "dark", "hu", 1, 3, 2)
    assert (p.values, p.window, p.factor, p.cells, p.lr, p.keywords, p.loss, p.target, p.manifest) == (
        "5, 0.1", 4, 2.5, 6, 0.01, "a|b", "mse", "1,0,0", Path("x/m.json"))
    assert (r.quality, r.fmt, r.fps, r.sections, r.out, r.quiet) == ("low", "webm", 24, True, Path("x/t.webm"), True)


def test_prepare_target_creates_nothing_and_rejects_bad_paths(tmp_path):
    prepare_target(tmp_path / "a" / "b" / "out.mp4", "-o")
    assert not any(tmp_path.iterdir())          # folders appear with the result (Staging)
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="a file is in the way"):
        prepare_target(tmp_path / "file" / "sub" / "out.mp4", "-o")
    (tmp_path / "a").mkdir()
    with pytest.raises(InputError, match="is a folder"):
        prepare_target(tmp_path / "a", "-o")
    with pytest.raises(InputError, match="at most 255"):
        prepare_target(tmp_path / ("x" * 300 + ".mp4"), "-o")


def test_sections_folder_is_only_replaced_when_it_is_ours(tmp_path):
    prepare_sections_target(tmp_path / "new")
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "index.json").write_text("{}")
    with Staging() as s:
        s.folder(tmp_path / "work", tmp_path / "ours", "--sections", "sections")
        s.commit()
    prepare_sections_target(tmp_path / "ours")
    (tmp_path / "theirs").mkdir()
    (tmp_path / "theirs" / "index.json").write_text("{}")      # looks like ours, has no marker
    with pytest.raises(InputError, match="was not written by this tool"):
        prepare_sections_target(tmp_path / "theirs")
    (tmp_path / "ours" / "notes.txt").write_text("keep me")
    with pytest.raises(InputError, match="holds notes.txt, which this tool did not write"):
        prepare_sections_target(tmp_path / "ours")


def test_staging_commits_all_or_nothing(tmp_path):
    out, folder = tmp_path / "out.mp4", tmp_path / "out"
    out.write_text("earlier")
    src = tmp_path / "work"
    (src / "old").mkdir(parents=True)
    (src / "old" / "old.mp4").write_text("old")
    with Staging() as s:                      # an earlier render's sections folder
        s.folder(src / "old", folder, "--sections", "sections")
        s.commit()
    (src / "old").rmdir()
    earlier = sorted(p.name for p in folder.iterdir())

    def fresh():
        (src / "new.mp4").write_text("new")
        (src / "dir").mkdir(exist_ok=True)
        (src / "dir" / "01-a.mp4").write_text("a")

    fresh()
    with pytest.raises(RuntimeError), Staging() as s:
        s.file(src / "new.mp4", out)
        s.folder(src / "dir", folder, "--sections", "sections")
        raise RuntimeError("crash before commit")
    assert out.read_text() == "earlier" and sorted(p.name for p in folder.iterdir()) == earlier
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "out.mp4", "work"]
    fresh()
    with pytest.raises(RuntimeError), Staging() as s:    # folders made for a target go too
        s.file(src / "new.mp4", tmp_path / "new" / "deeper" / "x.mp4")
        raise RuntimeError("crash before commit")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "out.mp4", "work"]

    fresh()
    with Staging() as s:
        s.file(src / "new.mp4", out)
        s.folder(src / "dir", folder, "--sections", "sections")
        s.commit()
    assert out.read_text() == "new" and sorted(p.name for p in folder.iterdir()) == [".illustrated-rnn.json",
                                                                                     "01-a.mp4"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "out.mp4", "work"]


def test_section_names_and_captions():
    assert slug("Second step: [h, x]") == "second-step-h-x"
    assert slug("???") == "section"
    scene = [{"name": "a", "caption": "A"}, {"name": "b", "caption": "B"}]
    assert _matched(["autocreated", "a", "b"], scene) == [{}, scene[0], scene[1]]
    assert _matched(["b"], scene) == [scene[1]]   # an empty section "a" was dropped by Manim
    assert _matched([], scene) == []


def test_a_short_title_is_the_caption_s_lead_or_its_first_clause():
    assert short_title("Forget gate: the sigmoid decides what to keep") == "Forget gate"
    assert short_title("10. lépés: megérkezik az előző rejtett állapot") == "10. lépés"
    assert short_title("The new hidden state  h_t = tanh(W·[h_{t−1}, x_t] + b) = [0.1]") == \
        "The new hidden state h_t"
    assert short_title("The RNN reads 20 steps; the loss is L = 3") == "The RNN reads 20 steps"
    long = short_title("Each word becomes a vector the network can read, and the network reads them one by one")
    assert long == "Each word becomes a vector the network can read, and the…"
    assert short_title("") == ""


def test_chapters_start_at_zero_without_an_intro_chapter():
    entries = [{"title": "", "duration": 1.0}, {"title": "Forget gate", "duration": 2.5},
               {"title": "C_t leaves", "duration": 1.5}]
    assert chapters(entries) == [(0.0, 3.5, "Forget gate"), (3.5, 5.0, "Cₜ leaves")]


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_one_rewritten_line_on_a_terminal_and_a_line_per_step_in_a_log():
    terminal, log = _Terminal(), io.StringIO()
    for stream in (terminal, log):
        p = Progress("rnn-cell", stream=stream)
        p.animation(1.0)
        p.section("concat")
        p.animation(2.5)
        p.stage("making the GIF")
        p.close()
    assert "\n" not in terminal.getvalue() and terminal.getvalue().endswith("\r\033[K")
    lines = log.getvalue().splitlines()
    assert [line.split(" · ")[0] for line in lines] == [
        "rnn-cell: section 1 'concat'", "rnn-cell: making the GIF"]
    quiet = io.StringIO()
    Progress("x", enabled=False, stream=quiet).section("a")
    assert quiet.getvalue() == ""
