"""Option defaults from illustrated-rnn.toml / [tool.illustrated-rnn]: reach the request, lose to the command line, fail clearly."""

from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline.rendering.render
from pipeline.cli.config import default_map
from render import cli


@pytest.fixture
def captured(monkeypatch, tmp_path):
    """Run `render.py ...` in tmp_path; the request reaches a stub instead of Manim."""
    monkeypatch.chdir(tmp_path)
    seen = []

    def fake_render(req):
        seen.append(req)
        return req.out
    monkeypatch.setattr(pipeline.rendering.render, "render", fake_render)

    def invoke(*args):
        r = CliRunner().invoke(cli, [*args, "-q"] if args[0] in ("render", "preview") else list(args))
        return r, (seen[-1] if seen else None)
    return invoke


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_no_config_changes_nothing(captured):
    r, req = captured("render", "rnn-cell")
    assert r.exit_code == 0, r.output
    assert (req.quality, req.params.lang, req.params.show_units) == ("medium", "en", None)


def test_illustrated_rnn_toml_sets_defaults_and_the_command_line_wins(captured, tmp_path):
    write(tmp_path / "illustrated-rnn.toml", 'quality = "low"\nlang = "hu"\nshow-units = 4\n'
                                             'theme = "dark"\nseed = 7\nsections = true\n')
    r, req = captured("render", "rnn-cell")
    assert r.exit_code == 0, r.output
    assert (req.quality, req.params.lang, req.params.show_units, req.params.theme) == ("low", "hu", 4, "dark")
    assert req.params.run.seed == 7 and req.sections
    r, req = captured("render", "rnn-cell", "--lang", "en", "--quality", "high", "--seed", "1")
    assert (req.quality, req.params.lang, req.params.run.seed) == ("high", "en", 1)
    r, req = captured("preview", "rnn-cell")       # preview has no --sections: not applied, no error
    assert r.exit_code == 0, r.output
    assert (req.quality, req.params.lang, req.fmt) == ("low", "hu", "png")


def test_help_shows_the_configured_default(captured, tmp_path):
    write(tmp_path / "illustrated-rnn.toml", 'decimals = 4\n')
    r = CliRunner().invoke(cli, ["render", "--help"])
    assert r.exit_code == 0
    assert "[default: 4;" in " ".join(r.output.split())


def test_pyproject_table_and_which_file_wins(captured, tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.illustrated-rnn]\n'
                                       'quality = "low"\nshow_units = 5\n')
    r, req = captured("render", "rnn-cell")
    assert r.exit_code == 0, r.output
    assert (req.quality, req.params.show_units) == ("low", 5)
    write(tmp_path / "illustrated-rnn.toml", 'quality = "high"\n')
    r, req = captured("render", "rnn-cell")
    assert (req.quality, req.params.show_units) == ("high", 5)


def test_pyproject_without_the_table_is_ignored(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n[tool.other]\nqualty = 1\n')
    assert default_map(cli.commands, tmp_path) == {}


@pytest.mark.parametrize("text, message", [
    ('qualty = "low"\n', "illustrated-rnn.toml: unknown key 'qualty' (did you mean 'quality'?)"),
    ('lang = "xx"\n', "illustrated-rnn.toml: lang: 'xx' is not one of 'en', 'hu'"),
    ('decimals = 9\n', "illustrated-rnn.toml: decimals: 9 is not in the range 0<=x<=6"),
    ('lang = ["en", "hu"]\n', "illustrated-rnn.toml: lang: takes one value, not a list"),
    ('sections = 1\n', "illustrated-rnn.toml: sections: is a flag; use true or false"),
    ('output = "a.mp4"\n', "illustrated-rnn.toml: output: cannot have a default"),
    ('quality = \n', "illustrated-rnn.toml: not valid TOML"),
])
def test_a_bad_config_is_one_clear_error_line(captured, tmp_path, text, message):
    write(tmp_path / "illustrated-rnn.toml", text)
    r, req = captured("render", "rnn-cell")
    assert r.exit_code == 2 and req is None
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: " + message), r.output


def test_a_bad_key_in_pyproject_names_the_table(captured, tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.illustrated-rnn]\nfoo = 1\n')
    r, _ = captured("list")
    assert r.exit_code == 2
    assert r.output.startswith("error: pyproject.toml [tool.illustrated-rnn]: unknown key 'foo'")
