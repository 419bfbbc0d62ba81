"""The deck as a self-contained folder: index.html, clips/ (MP4 + WebM + poster + subtitles),
fonts/, deck.json.

Nothing is loaded from the network when the deck is shown: the style and the script
(deck/deck.css, deck/deck.js) are inlined, the clips' own fonts are beside index.html,
so it works offline and from a USB stick. Keys: → / Space / PageDown / Enter next,
← / PageUp / Backspace back, Home / End, P the presenter view (a second window: this
slide, the next, the notes with their numbers, the time; both windows follow each
other), N the notes panel, R replays, C subtitles, F full screen; a click on the right
two thirds goes on, on the left third back, and a swipe does on a touch screen. A clip
starts from the beginning whenever its slide is entered (muted, which browsers allow to
autoplay; the clips have no sound). `#7` in the address opens slide 7. Printing gives
the handout: one page per section, its last frame, caption and equations.
`window.deck` (go, next, prev, current, count, openPresenter) is there for scripts.

Hand-written rather than reveal.js: every label, the presenter's view included, must be
in --lang (reveal.js's speaker view is English-only), and a deck of one video per slide
needs none of its fragments, Markdown or themes (README).
"""

import hashlib
import html
import json
import shutil
import urllib.parse
from fractions import Fraction
from pathlib import Path

import av

from scenes.parts.fonts import FONT_DIR, MARKS, MONO, SANS
from scenes.parts.strings import say

from pipeline.media.encoders import ENCODER_OPTIONS
from pipeline.media.label_text import runs
from pipeline.workflows.slides import DECK_INDEX, Slide

HERE = Path(__file__).resolve().parent / "deck"
# the shipped files the deck's text is set in: file -> (family, weight)
FONTS = {"Inter-Regular.otf": (SANS, 400), "Inter-SemiBold.otf": (SANS, 600),
         "DejaVuSans.ttf": (MARKS, 400), "DejaVuSansMono.ttf": (MONO, 400)}
LICENCES = ("LICENSE-Inter.txt", "LICENSE-DejaVu.txt")
SCRIPT_STRINGS = {"slide": "deck_slide", "end": "deck_end", "presenter": "deck_presenter",
                  "popup_blocked": "deck_popup_blocked"}


def to_webm(clip: Path, webm: Path) -> None:
    """The same frames as VP9 WebM, with the renders' own WebM settings."""
    with av.open(str(clip)) as src, av.open(str(webm), "w", format="webm") as out:
        vin = src.streams.video[0]
        rate = vin.average_rate or vin.guessed_rate or Fraction(30)
        vout = out.add_stream("libvpx-vp9", rate=rate)
        vout.width, vout.height, vout.pix_fmt = vin.width, vin.height, "yuv420p"
        vout.options = dict(ENCODER_OPTIONS["webm"])
        for n, frame in enumerate(src.decode(vin)):
            frame.pts, frame.time_base = n, 1 / Fraction(rate)
            out.mux(vout.encode(frame))
        out.mux(vout.encode())


def rich(line: str) -> str:
    """Escaped HTML with inline labels as subscripts: 'h_{t-1}' -> 'h<sub>t−1</sub>'."""
    return "".join(f"<sub>{html.escape(t)}</sub>" if sub else html.escape(t) for t, sub in runs(line))


def _equations(slide: Slide) -> str:
    """A section's equations in monospace, by their own list: a section without a caption
    must not show its first equation as prose (notes and handout alike)."""
    return "".join(f'<p class="equation">{rich(e)}</p>' for e in slide.equations)


def _notes(slide: Slide, lang: str) -> str:
    """The notes of a slide as HTML, headed by the slide's title; equations in monospace."""
    if slide.kind == "section":
        body = (f"<p>{rich(slide.caption)}</p>" if slide.caption else "") + _equations(slide)
    else:
        body = "".join(f"<p>{rich(line)}</p>" for line in slide.notes(lang).splitlines())
    return f'<div class="notes-body"><h3>{rich(slide.title)}</h3>{body}</div>'


def _title_card(slide: Slide) -> str:
    sub = f"<p>{rich(slide.subtitle)}</p>" if slide.subtitle else ""
    return f'<div class="title-card"><h1>{rich(slide.title)}</h1>{sub}</div>'


def _copy_clip(slide: Slide, folder: Path, rel: str) -> None:
    clip = slide.clip
    shutil.copyfile(clip.video, folder / f"{rel}.mp4")
    to_webm(clip.video, folder / f"{rel}.webm")
    shutil.copyfile(clip.poster, folder / f"{rel}.png")
    shutil.copyfile(clip.subtitles, folder / f"{rel}.vtt")


def _data_url(vtt: Path) -> str:
    """The track inline: Chromium refuses to load a <track> file from a file:// page
    (the deck's clips/ folder keeps the .vtt for other players)."""
    return "data:text/vtt;charset=utf-8," + urllib.parse.quote(vtt.read_text(encoding="utf-8"))


def _clip_slide(slide: Slide, rel: str, lang: str, loop: bool) -> str:
    src = html.escape(rel)
    return (f'<section class="slide clip" data-poster="{src}.png">'
            f'<h2 class="slide-title">{rich(slide.title)}</h2><div class="frame">'
            f'<video muted playsinline preload="auto"{" loop" if loop else ""} poster="{src}.png">'
            f'<source src="{src}.mp4" type="video/mp4"><source src="{src}.webm" type="video/webm">'
            f'<track kind="subtitles" srclang="{lang}" label="{html.escape(say("deck_language", lang))}" '
            f'src="{_data_url(slide.clip.subtitles)}"></video></div>'
            f'<template class="notes">{_notes(slide, lang)}</template></section>')


def _handout(slides: list[Slide], posters: dict[int, str], lang: str) -> str:
    """The printed pages: a cover for the deck's title, then one page per section."""
    pages = []
    sections = [k for k, s in enumerate(slides) if s.kind == "section"]
    for n, k in enumerate(sections, start=1):
        s = slides[k]
        lead = f"<p>{html.escape(say('deck_equations', lang))}</p>" if s.equations else ""
        pages.append(f'<article class="page"><header><span>{rich(s.scene_title)}</span>'
                     f'<span>{html.escape(say("deck_page", lang, n=n, count=len(sections)))}</span></header>'
                     f'<img src="{html.escape(posters[k])}.png" alt="">'
                     f'<h2>{rich(s.title)}</h2><p>{rich(s.caption)}</p>{lead}{_equations(s)}</article>')
    if slides and slides[0].kind == "deck":
        pages.insert(0, f'<article class="page cover">{_title_card(slides[0])}</article>')
    return '<div id="handout">' + "".join(pages) + "</div>"


def _script_json(data: dict) -> str:
    """JSON that cannot close the <script> element it is in."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def _font_faces() -> str:
    return "".join(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                   f'src: url("fonts/{name}"); }}\n' for name, (family, weight) in FONTS.items())


def build_html(slides: list[Slide], folder: Path, lang: str = "en", loop: bool = False) -> None:
    """Fill the new folder `folder` with the deck: index.html, clips/, fonts/, deck.json."""
    (folder / "clips").mkdir(parents=True)
    (folder / "fonts").mkdir()
    for name in (*FONTS, *LICENCES):
        shutil.copyfile(FONT_DIR / name, folder / "fonts" / name)
    body, index, posters = [], [], {}
    scene_dirs: dict[str, str] = {}
    for k, slide in enumerate(slides):
        entry = {"n": k + 1, "kind": slide.kind, "scene": slide.scene, "title": slide.title,
                 "notes": slide.notes(lang)}
        if slide.kind == "section":
            if slide.scene not in scene_dirs:
                scene_dirs[slide.scene] = f"clips/{len(scene_dirs) + 1:02d}-{slide.scene}"
                (folder / scene_dirs[slide.scene]).mkdir()
            rel = f"{scene_dirs[slide.scene]}/{slide.clip.video.stem}"
            _copy_clip(slide, folder, rel)
            posters[k] = rel
            entry.update(clip=rel, duration=slide.clip.duration, caption=slide.caption,
                         equations=list(slide.equations))
            body.append(_clip_slide(slide, rel, lang, loop))
        else:
            body.append(f'<section class="slide title">{_title_card(slide)}'
                        f'<template class="notes">{_notes(slide, lang)}</template></section>')
        index.append(entry)
    deck_json = json.dumps({"lang": lang, "slides": index}, indent=2, ensure_ascii=False) + "\n"
    data = {"id": hashlib.sha256(deck_json.encode()).hexdigest()[:16],
            "strings": {key: say(name, lang) for key, name in SCRIPT_STRINGS.items()}}
    heading = slides[0].title if slides and slides[0].kind == "deck" else \
        " · ".join(s.title for s in slides if s.kind == "scene")
    style = _font_faces() + (HERE / "deck.css").read_text(encoding="utf-8")
    presenter = (f'<div id="presenter"><h3 class="p-label" id="p-now">{html.escape(say("deck_current", lang))}</h3>'
                 f'<div class="p-column">'
                 f'<section id="p-next"><h3 class="p-label">{html.escape(say("deck_next", lang))}</h3>'
                 f'<div id="p-next-view"></div></section>'
                 f'<section id="p-notes"><h3 class="p-label">{html.escape(say("deck_notes", lang))}</h3>'
                 f'<div id="p-notes-text"></div></section></div>'
                 f'<footer id="p-bar"><span>{html.escape(say("deck_elapsed", lang))} <b id="p-elapsed"></b></span>'
                 f'<span>{html.escape(say("deck_clock", lang))} <b id="p-clock"></b></span>'
                 f'<b id="p-counter"></b>'
                 f'<span class="hint">{html.escape(say("deck_presenter_hint", lang))}</span></footer></div>')
    page = (f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{html.escape(heading)}</title>\n<style>\n{style}</style>\n'
            f'<script type="application/json" id="deck-data">{_script_json(data)}</script>\n'
            f'</head>\n<body>\n<main id="stage">\n' + "\n".join(body) +
            f'\n<div id="bar"><span>{html.escape(say("deck_hint", lang))}</span>'
            f'<span id="counter"></span></div>\n</main>\n'
            f'<aside id="notes"><div id="notes-text"></div></aside>\n{presenter}\n'
            f'{_handout(slides, posters, lang)}\n'
            f'<script>\n{(HERE / "deck.js").read_text(encoding="utf-8")}</script>\n</body>\n</html>\n')
    (folder / "index.html").write_text(page, encoding="utf-8")
    (folder / DECK_INDEX).write_text(deck_json, encoding="utf-8")
