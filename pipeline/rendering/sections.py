"""One clip (or still) per section, named `NN-name.EXT`, plus an index.json a deck can read.

Manim (save_sections=True) writes `<stem>_0000_<name>.<ext>` clips and a JSON list of
them; we rename them in order, convert them to GIF or to their last frame (PNG) when
asked, give each video clip its caption as a WebVTT track, and add to the index each
section's caption, a short title made from it, the equations shown during it with their
numbers (which only the scene knows), and its measured duration. The same index gives
the whole movie its chapters and subtitles.
"""

import json
import re
import unicodedata
from pathlib import Path

from pipeline.media.frames import last_frame
from pipeline.media.gif import video_to_gif
from pipeline.media.label_text import plain
from pipeline.media.probe import probe
from pipeline.media.subtitles import Cue, srt, webvtt
from pipeline.rendering.outputs import SECTIONS_INDEX
from pipeline.rendering.request import SUBTITLED

AUTOCREATED, INTRO = "autocreated", "intro"
TITLE_CHARS = 64                         # about what one line of a slide title holds


def slug(name: str) -> str:
    """A file-name-safe form of a section name (words kept, Unicode letters too)."""
    s = re.sub(r"[^\w]+", "-", unicodedata.normalize("NFKC", name).lower())
    return s.strip("-_") or "section"


def short_title(caption: str) -> str:
    """A slide or chapter title from a caption, in the caption's language: its lead before
    ': ' ('Forget gate: the sigmoid decides …' -> 'Forget gate'), else its first clause
    (before '; ', ' = ' or ' ('), cut at a word to TITLE_CHARS characters."""
    text = " ".join(caption.split())
    head, colon, _ = text.partition(": ")
    if colon and len(head) <= TITLE_CHARS:
        return head
    for mark in ("; ", " = ", " ("):
        text = text.split(mark)[0]
    if len(text) <= TITLE_CHARS:
        return text
    return text[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


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
                   scene_id: str, dest: Path, hold: float) -> None:
    """Fill the empty folder `dest` with `01-name.fmt` (+ `.vtt`), ... and index.json."""
    clips = json.loads(manim_index.read_text())
    matched = _matched([c["name"] for c in clips], scene_sections)
    width = max(2, len(str(len(clips))))
    entries = []
    for n, (clip, scene_section) in enumerate(zip(clips, matched), start=1):
        src = manim_index.parent / clip["video"]
        section = INTRO if clip["name"] == AUTOCREATED else clip["name"]
        name = f"{n:0{width}d}-{slug(section)}.{fmt}"
        duration = probe(src).duration
        if fmt == "gif":
            video_to_gif(src, dest / name, fps, hold)
        elif fmt == "png":
            last_frame(src, dest / name)
        else:
            src.rename(dest / name)
        caption = scene_section.get("caption", "")
        if fmt in SUBTITLED and caption:
            (dest / name).with_suffix(".vtt").write_text(webvtt([Cue(0.0, duration, caption)]),
                                                         encoding="utf-8")
        entries.append({"file": name, "name": section, "title": short_title(caption),
                        "caption": caption, "equations": list(scene_section.get("equations", [])),
                        "duration": round(duration, 3)})
    index = {"scene": scene_id, "format": fmt, "sections": entries}
    (dest / SECTIONS_INDEX).write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n",
                                       encoding="utf-8")


def read_index(folder: Path) -> dict:
    return json.loads((folder / SECTIONS_INDEX).read_text(encoding="utf-8"))


def timeline(entries: list[dict]) -> list[tuple[float, float, dict]]:
    """(start, end, entry) of each section in the whole movie."""
    out, t = [], 0.0
    for e in entries:
        out.append((t, t + e["duration"], e))
        t += e["duration"]
    return out


def chapters(entries: list[dict]) -> list[tuple[float, float, str]]:
    """The movie's chapters, one per section named by its title (labels with Unicode
    subscripts: players show plain text); the intro, which has no caption, opens the
    first section's chapter instead of being one of its own."""
    spans = [(start, end, plain(e["title"])) for start, end, e in timeline(entries) if e["title"]]
    if spans:
        spans[0] = (0.0,) + spans[0][1:]
    return spans


def movie_subtitles(entries: list[dict], stem: Path) -> list[Path]:
    """Write `stem.vtt` and `stem.srt`: each section's caption while the section plays."""
    cues = [Cue(start, end, e["caption"]) for start, end, e in timeline(entries) if e["caption"]]
    paths = [stem.with_suffix(".vtt"), stem.with_suffix(".srt")]
    paths[0].write_text(webvtt(cues), encoding="utf-8")
    paths[1].write_text(srt(cues), encoding="utf-8")
    return paths
