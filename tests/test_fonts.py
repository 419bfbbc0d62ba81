"""Our families are drawn from our files only, whatever fonts the machine has.

A system copy of one of our families used to win wherever it matched better (Debian's
fonts-inter has an Inter Bold that `<b>` preferred to our SemiBold), so key frames
depended on the machine. Here a stand-in for such a font is made with fontTools and put
where fontconfig finds it; the same bold text must keep the outlines of our SemiBold.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scenes.fonts import FAMILIES, FONT_DIR, font_files

fontTools = pytest.importorskip("fontTools.ttLib")
ROOT = Path(__file__).resolve().parent.parent

OUTLINE = """
import hashlib, sys
import manimpango, numpy as np
sys.path.insert(0, {root!r})
from manim import MarkupText, config
config.media_dir = sys.argv[1]            # Manim keeps each text's SVG there: a fresh one
import scenes.fonts as fonts
if sys.argv[2] == "isolated":
    fonts.register_fonts()
else:                                     # what we did before: register the files only
    for f in fonts.font_files():
        manimpango.register_font(str(f))
m = MarkupText("<b>Cho et al. (2014)</b> variant", font="Inter", font_size=20)
print(hashlib.sha256(np.concatenate([p.points for p in m.submobjects]).round(6).tobytes()).hexdigest())
"""


def shadow_inter_bold(folder: Path) -> Path:
    """A font that calls itself Inter Bold (DejaVu Sans Mono Bold's outlines, renamed)."""
    font = fontTools.TTFont(FONT_DIR / "DejaVuSansMono-Bold.ttf")
    names = font["name"]
    for rec in list(names.names):
        if rec.nameID in (16, 17, 21, 22):
            names.removeNames(nameID=rec.nameID)
    for name_id, text in ((1, "Inter"), (2, "Bold"), (4, "Inter Bold"), (6, "Inter-Bold")):
        names.setName(text, name_id, 3, 1, 0x409)
        names.setName(text, name_id, 1, 0, 0)
    font["OS/2"].usWeightClass = 700
    folder.mkdir()
    path = folder / "Inter-Bold.ttf"
    font.save(path)
    return path


def outline(tmp_path: Path, mode: str, fontconfig_file: Path | None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("FONTCONFIG_FILE", "ILLUSTRATED_RNN_FONTCONFIG")}
    if fontconfig_file:
        env["FONTCONFIG_FILE"] = str(fontconfig_file)
    media = tmp_path / f"media-{mode}-{bool(fontconfig_file)}"
    out = subprocess.run([sys.executable, "-c", OUTLINE.format(root=str(ROOT)), str(media), mode],
                         env=env, capture_output=True, text=True, check=True, cwd=tmp_path)
    return out.stdout.split()[-1]


def test_a_system_inter_bold_does_not_replace_ours(tmp_path):
    shadow = shadow_inter_bold(tmp_path / "system-fonts")
    machine = tmp_path / "machine.conf"          # this machine's configuration plus the shadow
    machine.write_text('<?xml version="1.0"?>\n<fontconfig>\n'
                       '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                       f"  <dir>{shadow.parent}</dir>\n</fontconfig>\n")
    ours = outline(tmp_path, "isolated", None)
    assert outline(tmp_path, "isolated", machine) == ours
    # the control: registering our files alone lets the shadow win
    assert outline(tmp_path, "registered", machine) != ours


def test_every_shipped_font_is_of_a_family_we_isolate():
    for f in font_files():
        names = fontTools.TTFont(f)["name"]
        family = names.getDebugName(16) or names.getDebugName(1)
        assert family in FAMILIES, f"{f.name}: family {family!r} is not in scenes.fonts.FAMILIES"


def test_the_configuration_names_our_files_and_the_users_own(tmp_path, monkeypatch):
    import scenes.fonts as fonts
    user = tmp_path / "it's & mine.conf"
    user.write_text("<fontconfig/>\n")
    monkeypatch.setenv("FONTCONFIG_FILE", str(user))
    monkeypatch.delenv("ILLUSTRATED_RNN_FONTCONFIG", raising=False)
    fonts.isolate_fonts()
    path = Path(os.environ["FONTCONFIG_FILE"])
    assert path != user and os.environ["ILLUSTRATED_RNN_FONTCONFIG"] == str(path)
    from xml.etree import ElementTree
    root = ElementTree.parse(path).getroot()     # well-formed despite the path's characters
    assert [e.text for e in root.iter("include")] == [str(user)]
    accepted = [e.text for e in root.iter("string") if e.text.startswith("/")]
    assert accepted == [str(f) for f in font_files()]
    fonts.isolate_fonts()                        # again: ours already, nothing changes
    assert os.environ["FONTCONFIG_FILE"] == str(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest()[:16] in path.name
