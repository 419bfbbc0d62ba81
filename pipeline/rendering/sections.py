"""One clip per section, named `NN-name.EXT`, plus an index.json a slide deck can read.

Manim (save_sections=True) writes `<stem>_0000_<name>.<ext>` clips and a JSON list of
them; we rename them in order, convert them to GIF when asked, and add each section's
caption and the equations shown during it with their numbers (which only the scene
knows), and its measured duration.
"""

import json
import re
import unicodedata
from pathlib import Path

from pipeline.media.gif import video_to_gif
from pipeline.media.probe import probe
from pipeline.rendering.outputs import SECTIONS_INDEX


def slug(name: str) -> str:
    """A file-name-safe form of a section name (words kept, Unicode letters too)."""
    s = re.sub(r"[^\w]+", "-", unicodedata.normalize("NFKC", name).lower())
    return s.strip("-_") or "section"


AUTOCREATED, INTRO = "autocreated", "intro"


def _matched(manim_names: list[str], scene_sections: list[dict]) -> list[dict]:
    """The scene's entry of each of Manim's sections, matched by name, in order.

    Manim drops empty sections and adds an "autocreated" one for animations played
    before the first `next_section`; that one has no caption ({} stands in).
    """
    pending = list(scene_sections)
    matched = []
    for name in manim_names:
        i = next((k for k, s in enumerate(pending) if s["name"] == name), None)
        matched.append(pending[i] if i is not None else {})
        if i is not None:
            del pending[:i + 1]
    return matched


def build_sections(manim_index: Path, scene_sections: list[dict], fmt: str, fps: int | None,
                   scene_id: str, dest: Path) -> None:
    """Fill the empty folder `dest` with `01-name.fmt`, ... and index.json."""
    clips = json.loads(manim_index.read_text())
    matched = _matched([c["name"] for c in clips], scene_sections)
    width = max(2, len(str(len(clips))))
    entries = []
    for n, (clip, scene_section) in enumerate(zip(clips, matched), start=1):
        src = manim_index.parent / clip["video"]
        section = INTRO if clip["name"] == AUTOCREATED else clip["name"]
        name = f"{n:0{width}d}-{slug(section)}.{fmt}"
        if fmt == "gif":
            video_to_gif(src, dest / name, fps)
        else:
            src.rename(dest / name)
        entries.append({"file": name, "name": section, "caption": scene_section.get("caption", ""),
                        "equations": list(scene_section.get("equations", [])),
                        "duration": round(probe(dest / name).duration, 3)})
    index = {"scene": scene_id, "format": fmt, "sections": entries}
    (dest / SECTIONS_INDEX).write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n")
