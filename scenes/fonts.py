"""The fonts shipped in assets/fonts, and only those, for the families we draw with.

Pango only warns and falls back when a font is missing, so the files we ship are
registered. That alone is not enough: fontconfig merges them with the system's fonts, and
a system copy of one of our families wins wherever it matches better. Debian's
fonts-inter, for one, adds an Inter Bold that `<b>` prefers to our SemiBold, which made
every bold heading wider and moved whatever was laid out beside it (the reason key
frames differed between machines). So before Pango starts, FONTCONFIG_FILE points at a
configuration that reads the system's (or the user's) configuration as usual but rejects
every font of our families that is not one of our files. Characters our fonts lack still
fall back to the system's fonts.
"""

import hashlib
import os
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import manimpango

FONT_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"
SANS = "Inter"
MONO = "DejaVu Sans Mono"
FAMILIES = (SANS, "DejaVu Sans", MONO)     # every family of a shipped file (tested)

# Where fontconfig's own configuration usually lives (Debian, Homebrew, /usr/local).
SYSTEM_CONFIGS = ("/etc/fonts/fonts.conf", "/opt/homebrew/etc/fonts/fonts.conf",
                  "/usr/local/etc/fonts/fonts.conf")
_OURS = "ILLUSTRATED_RNN_FONTCONFIG"       # FONTCONFIG_FILE's value when it is ours

_registered = False


def font_files() -> list[Path]:
    return sorted(FONT_DIR.glob("*.[ot]tf"))


def fontconfig_xml(includes) -> str:
    """A configuration that includes `includes`, adds our folder, and lets our families
    come from our files only."""
    inc = "".join(f'  <include ignore_missing="yes">{escape(str(p))}</include>\n' for p in includes)
    accept = "".join(f'      <pattern><patelt name="file"><string>{escape(str(f))}</string></patelt></pattern>\n'
                     for f in font_files())
    reject = "".join(f'      <pattern><patelt name="family"><string>{escape(f)}</string></patelt></pattern>\n'
                     for f in FAMILIES)
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
            "<!-- written by illustrated-rnn (scenes/fonts.py) -->\n<fontconfig>\n"
            f'{inc}  <dir>{escape(str(FONT_DIR))}</dir>\n'
            '  <cachedir prefix="xdg">fontconfig</cachedir>\n'
            f"  <selectfont>\n    <acceptfont>\n{accept}    </acceptfont>\n"
            f"    <rejectfont>\n{reject}    </rejectfont>\n  </selectfont>\n</fontconfig>\n")


def _private_dir() -> Path:
    """A folder of this user's under the temporary folder (made once, 0700), or a fresh one."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"illustrated-rnn-{uid}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        st = os.lstat(folder)
        if os.path.isdir(folder) and not os.path.islink(folder) and st.st_uid == uid and not st.st_mode & 0o022:
            return folder
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix="illustrated-rnn-fonts-"))


def isolate_fonts() -> None:
    """Point FONTCONFIG_FILE at our configuration (before fontconfig reads its own).

    A configuration the user set is included in ours, not replaced. Child processes
    inherit the variable; if its file has gone, it is written again."""
    current = os.environ.get("FONTCONFIG_FILE")
    ours = os.environ.get(_OURS)
    if current and current == ours and Path(current).is_file():
        return
    includes = [current] if current and current != ours else SYSTEM_CONFIGS
    xml = fontconfig_xml(includes)
    path = _private_dir() / f"fonts-{hashlib.sha256(xml.encode()).hexdigest()[:16]}.conf"
    try:
        if not path.is_file() or path.read_text() != xml:
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w") as fh:
                fh.write(xml)
            os.replace(tmp, path)
    except OSError:
        return                               # no writable temporary folder: registration only
    os.environ["FONTCONFIG_FILE"] = os.environ[_OURS] = str(path)


def register_fonts() -> None:
    """Isolate our families, then register the files (which also covers a process whose
    fontconfig was started before we could isolate it, e.g. by a notebook's own Text)."""
    global _registered
    if _registered:
        return
    isolate_fonts()
    for f in font_files():
        if not manimpango.register_font(str(f)):
            raise RuntimeError(f"could not register the font {f}")
    _registered = True
