"""The deck as a self-contained folder: index.html, the clips (MP4 + WebM + poster), deck.json.

Nothing is loaded from the network when the deck is shown: the styles and the script
are inline, fonts are the system's, every file is beside index.html. Keys: → / Space /
PageDown / Enter next, ← / PageUp / Backspace back, Home / End, N the notes panel,
R replays the clip, F full screen; a click on the right two thirds goes on, on the left
third back. A slide's clip starts from the beginning whenever the slide is entered
(muted, which browsers allow to autoplay; the clips have no sound). `#7` in the address
opens slide 7. `window.deck` (go, next, prev, current, count) is there for scripts.
"""

import html
import json
import re
import shutil
from pathlib import Path

from pipeline.workflows.slides import DECK_INDEX, Slide, first_frame, to_webm

STYLE = """
:root { --bg: #111; --fg: #eee; --muted: #999; --panel: #1c1c1c; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; background: var(--bg); color: var(--fg);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
body { display: flex; overflow: hidden; }
#stage { position: relative; flex: 1; height: 100%; cursor: pointer; user-select: none; }
.slide { position: absolute; inset: 0; display: none; align-items: center; justify-content: center; }
.slide.active { display: flex; }
.slide video { width: 100%; height: 100%; object-fit: contain; background: #fff; }
.title { flex-direction: column; background: #fff; color: #1f1f1f; text-align: center; padding: 5vh 8vw; }
.title h1 { font-size: 6vh; font-weight: 600; margin: 0 0 3vh; }
.title p { font-size: 2.6vh; color: #666; margin: 0; }
#notes { width: 0; overflow: auto; background: var(--panel); transition: width .15s; font-size: 16px;
  line-height: 1.5; }
body.notes-open #notes { width: min(32vw, 460px); padding: 16px 20px; border-left: 1px solid #333; }
#notes h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .08em; color: var(--muted);
  margin: 0 0 10px; }
#notes p { margin: 0 0 10px; white-space: pre-wrap; }
#notes p + p { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 14px; }
#bar { position: absolute; left: 0; right: 0; bottom: 0; display: flex; justify-content: space-between;
  padding: 4px 10px; font-size: 12px; color: var(--muted); opacity: 0; transition: opacity .2s;
  background: rgba(0,0,0,.55); pointer-events: none; }
#stage:hover #bar { opacity: 1; }
"""

SCRIPT = """
(function () {
  const slides = Array.from(document.querySelectorAll('.slide'));
  const notes = document.getElementById('notes-text');
  const counter = document.getElementById('counter');
  let current = -1;
  function go(i) {
    i = Math.max(0, Math.min(slides.length - 1, i));
    if (i === current) return;
    if (current >= 0) {
      slides[current].classList.remove('active');
      const old = slides[current].querySelector('video');
      if (old) old.pause();
    }
    current = i;
    const s = slides[i];
    s.classList.add('active');
    notes.innerHTML = s.querySelector('template.notes').innerHTML;
    counter.textContent = (i + 1) + ' / ' + slides.length;
    const v = s.querySelector('video');
    if (v) { v.currentTime = 0; const p = v.play(); if (p) p.catch(function () {}); }
    if (location.hash !== '#' + (i + 1)) history.replaceState(null, '', '#' + (i + 1));
  }
  function fromHash() { const n = parseInt(location.hash.slice(1), 10); return isNaN(n) ? 0 : n - 1; }
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const k = e.key;
    if (k === 'ArrowRight' || k === 'ArrowDown' || k === 'PageDown' || k === ' ' || k === 'Enter') go(current + 1);
    else if (k === 'ArrowLeft' || k === 'ArrowUp' || k === 'PageUp' || k === 'Backspace') go(current - 1);
    else if (k === 'Home') go(0);
    else if (k === 'End') go(slides.length - 1);
    else if (k === 'n' || k === 'N') document.body.classList.toggle('notes-open');
    else if (k === 'r' || k === 'R') { const v = slides[current].querySelector('video');
      if (v) { v.currentTime = 0; v.play(); } }
    else if (k === 'f' || k === 'F') { if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen(); }
    else return;
    e.preventDefault();
  });
  document.getElementById('stage').addEventListener('click', function (e) {
    const box = this.getBoundingClientRect();
    go(current + (e.clientX - box.left < box.width / 3 ? -1 : 1));
  });
  window.addEventListener('hashchange', function () { go(fromHash()); });
  window.deck = { go: go, next: function () { go(current + 1); }, prev: function () { go(current - 1); },
                  current: function () { return current; }, count: slides.length };
  go(fromHash());
})();
"""


_INLINE = re.compile(r"\b([A-Za-z])(~?)_(\{[^}]*\}|[A-Za-z0-9]+)")   # as scenes/parts/labels.py


def pretty(line: str) -> str:
    """Escaped HTML with inline labels as subscripts: 'h_{t-1}' -> 'h<sub>t-1</sub>', 'C~_t' -> C̃."""
    out, last = [], 0
    for m in _INLINE.finditer(line):
        out.append(html.escape(line[last:m.start()]))
        out.append(html.escape(m[1]) + ("\u0303" if m[2] else "") +
                   f"<sub>{html.escape(m[3].strip('{}'))}</sub>")
        last = m.end()
    out.append(html.escape(line[last:]))
    return "".join(out)


def _notes_html(slide: Slide) -> str:
    return "".join(f"<p>{pretty(line)}</p>" for line in slide.notes.splitlines() if line)


def build_html(slides: list[Slide], folder: Path, lang: str = "en") -> None:
    """Fill the new folder `folder` with the deck: index.html, clips/, deck.json."""
    clips = folder / "clips"
    clips.mkdir(parents=True)
    body, index = [], []
    scene_dirs: dict[str, Path] = {}
    for n, slide in enumerate(slides, start=1):
        entry = {"n": n, "scene": slide.scene, "title": slide.title, "notes": slide.notes}
        notes = f'<template class="notes"><h2>{html.escape(slide.title)}</h2>{_notes_html(slide)}</template>'
        if slide.clip is None:
            scene_dirs[slide.scene] = clips / f"{len(scene_dirs) + 1:02d}-{slide.scene}"
            scene_dirs[slide.scene].mkdir()
            body.append(f'<section class="slide title" data-n="{n}"><h1>{html.escape(slide.title)}</h1>'
                        f'<p>{html.escape(slide.subtitle)}</p>{notes}</section>')
        else:
            d = scene_dirs[slide.scene]
            stem = d / slide.clip.stem
            shutil.copyfile(slide.clip, stem.with_suffix(".mp4"))
            to_webm(slide.clip, stem.with_suffix(".webm"))
            first_frame(slide.clip, stem.with_suffix(".png"))
            rel = stem.relative_to(folder).as_posix()
            entry.update(clip=rel, duration=slide.duration)
            body.append(
                f'<section class="slide clip" data-n="{n}" data-duration="{slide.duration}">'
                f'<video muted playsinline preload="metadata" poster="{html.escape(rel)}.png">'
                f'<source src="{html.escape(rel)}.mp4" type="video/mp4">'
                f'<source src="{html.escape(rel)}.webm" type="video/webm"></video>{notes}</section>')
        index.append(entry)
    title = " · ".join(s.title for s in slides if s.clip is None)
    page = (f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n'
            f'<main id="stage">\n' + "\n".join(body) +
            '\n<div id="bar"><span>← → space: slides · N: notes · R: replay · F: full screen</span>'
            '<span id="counter"></span></div>\n</main>\n'
            '<aside id="notes"><div id="notes-text"></div></aside>\n'
            f'<script>{SCRIPT}</script>\n</body>\n</html>\n')
    (folder / "index.html").write_text(page, encoding="utf-8")
    (folder / DECK_INDEX).write_text(json.dumps({"slides": index}, indent=2, ensure_ascii=False) + "\n",
                                     encoding="utf-8")
