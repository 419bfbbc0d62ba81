"""Our fonts are drawn from our files, whatever fonts the machine has.

fontconfig merges the registered files with the system's fonts, and a system font of the
same family wins where it matches better: Debian's fonts-inter has an Inter Bold that
`<b>` preferred to our SemiBold, so key frames depended on the machine. Our families
now carry a prefix (scripts/rename_fonts.py). Here a stand-in for such a font is made
with fontTools and put where fontconfig finds it.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scenes.parts.fonts import FAMILIES, SANS, font_files

fontTools = pytest.importorskip("fontTools.ttLib")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from rename_fonts import rename  # noqa: E402

OUTLINE = """
import hashlib, sys
import numpy as np
sys.path.insert(0, {root!r})
from manim import MarkupText, config
config.media_dir = sys.argv[1]            # Manim keeps each text's SVG there: a fresh one
from scenes.parts.fonts import SANS, register_fonts
register_fonts()
m = MarkupText("<b>Cho et al. (2014)</b> variant", font=SANS, font_size=20)
print(hashlib.sha256(np.concatenate([p.points for p in m.submobjects]).round(6).tobytes()).hexdigest())
"""


def bold_stand_in(folder: Path, family: str) -> Path:
    """A font that calls itself `family` Bold (DejaVu Sans Mono Bold's outlines, renamed)."""
    font = fontTools.TTFont(next(f for f in font_files() if f.name == "DejaVuSansMono-Bold.ttf"))
    names = font["name"]
    for name_id in (16, 17, 21, 22):
        names.removeNames(nameID=name_id)
    for name_id, text in ((1, family), (2, "Bold"), (4, f"{family} Bold"), (6, "Stand-In-Bold")):
        names.setName(text, name_id, 3, 1, 0x409)
        names.setName(text, name_id, 1, 0, 0)
    font["OS/2"].usWeightClass = 700
    folder.mkdir(exist_ok=True)
    path = folder / f"{family}-Bold.ttf"
    font.save(path)
    return path


def outline(tmp_path: Path, system_fonts: Path | None) -> str:
    """The outline digest of a bold text in a fresh process on a machine with `system_fonts`."""
    env = dict(os.environ)
    if system_fonts:
        machine = tmp_path / f"{system_fonts.name}.conf"
        machine.write_text('<?xml version="1.0"?>\n<fontconfig>\n'
                           '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                           f"  <dir>{system_fonts}</dir>\n</fontconfig>\n")
        env["FONTCONFIG_FILE"] = str(machine)
    media = tmp_path / f"media-{system_fonts.name if system_fonts else 'plain'}"
    out = subprocess.run([sys.executable, "-c", OUTLINE.format(root=str(ROOT)), str(media)],
                         env=env, capture_output=True, text=True, check=True, cwd=tmp_path)
    return out.stdout.split()[-1]


def test_a_system_inter_bold_does_not_change_our_text(tmp_path):
    ours = outline(tmp_path, None)
    shadow = tmp_path / "with-inter"
    bold_stand_in(shadow, "Inter")
    assert outline(tmp_path, shadow) == ours
    # the control: a system font of our own family would win, so the test can fail
    same_name = tmp_path / "with-ours"
    bold_stand_in(same_name, SANS)
    assert outline(tmp_path, same_name) != ours


def test_every_shipped_font_has_a_family_of_ours():
    for f in font_files():
        names = fontTools.TTFont(f)["name"]
        family = names.getDebugName(16) or names.getDebugName(1)
        assert family in FAMILIES, f"{f.name}: family {family!r}; run scripts/rename_fonts.py"


def test_renaming_keeps_every_table_but_the_names_and_is_repeatable(tmp_path):
    """The shipped files are what the script makes of the originals (here: of a copy
    whose names are set back), byte for byte, and only their names differ."""
    for f in font_files():
        original = fontTools.TTFont(f, recalcTimestamp=False)
        for record in original["name"].names:
            text = record.toUnicode()
            if text.startswith("IRNN"):
                record.string = text[5:]
        copy = tmp_path / f.name
        original.save(copy)
        assert rename(copy) and not rename(copy)
        assert hashlib.sha256(copy.read_bytes()).digest() == hashlib.sha256(f.read_bytes()).digest()
