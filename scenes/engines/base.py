"""The base of every scene: theme, strings, the trace, captions, sections and the manifest.

Numbers reach the screen only through `num()`/`nums()`, which read a value by its path in
the trace JSON, format it, and record (path, text, label) for the manifest, so a test can
check every number drawn against the data it came from.

Captions change only through `set_caption`/`clear_caption`: the old one fades out before the
new one fades in, and not before it has been fully visible for its reading time
(TIMING.reading); the manifest's "captions" list gives each one's fully visible interval.
"""

import json
from functools import reduce
from pathlib import Path

from manim import DOWN, UP, Scene, VGroup, config

from cells import InputError, gates, make_trace

from scenes.engines.about_run import AboutRun
from scenes.parts.atomic_files import write_atomic
from scenes.parts.fit import MORE_H, LABEL_H, balanced_halves, fit_rows, least_scale, safe_width, shorten_longest_list
from scenes.parts.fonts import register_fonts
from scenes.parts.labels import rich
from scenes.parts.motion import Appear, Vanish, replace
from scenes.parts.numbers import fixed_width, fmt, format_value
from scenes.params import SceneParams
from scenes.registry import SCENES
from scenes.parts.strings import LANGS, say
from scenes.parts.text import cached_markup, cached_text
from scenes.parts.text_boxes import frame_layout
from scenes.parts.theme import SIZES, STYLES, THEMES, TIMING, use_style
from scenes.parts.vectors import ValueVector, vector_width


def lookup(data, path):
    return reduce(lambda d, k: d[k], path, data)


SHRINK_LEAST = 0.85     # a caption shrinks this far at most before it takes two lines
CAPTION_BASE, CAPTION_PITCH = 0.45, 0.52    # the bottom caption's centre over the frame's edge;
                                            # the next line's distance above it


class IllustratedScene(AboutRun, Scene):
    """Subclasses set `scene_id` and `cell`, and implement `construct()`."""

    scene_id = ""
    cell = "lstm"
    params = SceneParams()
    default_units = 3           # entries per vector without --show-units (room for three)
    capture_keyframes = False   # tests: keep the frame at the end of every section
    part = None                 # (k, n): draw only sections whose index % n == k (parallel renders)
    one_line_captions = False   # the bottom has room for one caption line only (equations
                                # above it, or a chart under the title reaching down)

    # ---- set-up -------------------------------------------------------------------
    def setup(self):
        register_fonts()
        p = self.params
        if p.theme not in THEMES:
            raise InputError("--theme", f"unknown theme {p.theme!r}; choose one of {', '.join(THEMES)}")
        if p.lang not in LANGS:
            raise InputError("--lang", f"unknown language {p.lang!r}; choose one of {', '.join(LANGS)}")
        if p.style not in STYLES:
            raise InputError("--style", f"unknown style {p.style!r}; choose one of {', '.join(STYLES)}")
        self.theme = THEMES[p.theme]
        use_style(p.style)
        self.camera.background_color = self.theme.background
        self.shown = []            # manifest entries
        self.blocks = {}           # extra manifest blocks (grads, traces, activation ...)
        self.sections = []         # [{"name", "caption", "equations"?}] in order
        self.about = []            # the lines saying what computed the numbers (about_run.py)
        self.caption_lines = {}    # line number -> the caption shown there
        self._pending_captions = {}
        self.clock = 0.0           # seconds of video so far
        self.captions = []         # [{"line", "text", "section", "start", "end"}]: fully visible
        self._showing = {}         # line number -> its entry in `captions` while it is shown
        # A still (preview) shows one frame, drawn at the end: skip the work for others.
        self._lazy_captions = config.format == "png" and not self.capture_keyframes
        if self._lazy_captions:
            self._draw_only_the_last_frame()
        self._trace = None
        self.keyframes = []        # [(section name, RGB array)] when capture_keyframes
        self.layouts = []          # text boxes per section end and caption change (manifest)
        # Section 0 is everything before the scene's first `section()`; naming it here makes
        # serial and parallel renders cut the same clips.
        self._section_index = 0
        self.next_section("intro", skip_animations=not self._draws(0))

    def _draw_only_the_last_frame(self) -> None:
        """Manim draws the static mobjects at every play call, and the moving ones for each
        wait, even when it skips the animations of a still; only its final, full
        `update_frame(scene)` is needed. Saves about a third of a preview."""
        renderer = self.renderer
        renderer.save_static_frame_data = lambda scene, static_mobjects: None
        full_update = renderer.update_frame

        def update_frame(scene, mobjects=None, *args, **kwargs):
            if mobjects is None:          # the final frame (and only it) is drawn
                full_update(scene, mobjects, *args, **kwargs)

        renderer.update_frame = update_frame

    def play(self, *args, **kwargs):
        """Scene.play, advancing `clock` by its run time, drawn or skipped alike, so every
        process of a parallel render keeps the same clock."""
        self.duration = 0.0
        super().play(*args, **kwargs)
        self.clock += self.duration

    def _draws(self, index: int) -> bool:
        """Whether this process draws section `index` (all of them unless rendering a part)."""
        return self.part is None or index % self.part[1] == self.part[0]

    def say(self, key: str, **fmt_args) -> str:
        return say(key, self.params.lang, **fmt_args)

    def title_text(self) -> str:
        """The scene's title: its registry entry's, in --lang."""
        return SCENES[self.scene_id].title_in(self.params.lang)

    def title_block(self, subtitle: str | None = None) -> VGroup:
        """The scene's title at the top of the frame, and a subtitle under it: in two lines
        when one would be smaller than readable in the frame's safe width."""
        th = self.theme
        title = cached_text(self.title_text(), font=th.font,
                            font_size=SIZES.title, color=th.text).to_edge(UP, buff=0.3)
        block = VGroup(title)
        if subtitle is not None:
            sub = cached_text(subtitle, font=th.font, font_size=SIZES.legend, color=th.text)
            if sub.width * least_scale(th.font, SIZES.legend, False) > safe_width():
                sub = VGroup(*[cached_text(s, font=th.font, font_size=SIZES.legend, color=th.text)
                               for s in balanced_halves(subtitle)]).arrange(DOWN, buff=0.08)
            if sub.width > safe_width():
                sub.scale_to_fit_width(safe_width())
            block.add(sub.next_to(title, DOWN, buff=0.12))
        self.title_bottom = block.get_bottom()[1]     # what sits under it starts below this
        return block

    # ---- data -----------------------------------------------------------------------
    def run_options(self):
        """The run this scene shows: the user's, or its registry entry's default input."""
        info = SCENES.get(self.scene_id)       # None for a scene made up by a test
        run = info.run_for(self.params.run) if info else self.params.run
        return run.with_cell(self.cell)

    @property
    def trace(self):
        """The trace of this scene's cell for the user's input (computed once)."""
        if self._trace is None:
            self._trace = make_trace(self.run_options())
            self.data = self._trace.to_json()
        return self._trace

    @property
    def trained(self) -> bool:
        """Are these a model's weights (--model, --weights), not untrained seeded ones?"""
        return self.trace.model is not None or bool(self.run_options().weights)

    @property
    def step_index(self) -> int:
        """The 0-based index of `--step` (1-based). Default: the last step, or where the
        scene's entry says "decisive" and the weights are trained, the step where the keep
        gate's units disagree most (cells.gates.decisive_step), so the default shows a gate
        that keeps and one that forgets."""
        T = self.trace.steps
        s = self.params.step
        if s is None:
            info = SCENES.get(self.scene_id)
            if info is not None and info.default_step == "decisive" and self.trained:
                return gates.decisive_step(self.trace) - 1
            return T - 1
        if not 1 <= s <= T:
            raise InputError("--step", f"is {s} but the input has {T} step{'s' * (T != 1)} (1..{T})")
        return s - 1

    def num(self, path, label: str | None = None, block: str = "trace",
            pad_sign: bool = False, style: str = "fixed", decimals: int | None = None,
            digits: int = 3) -> str:
        """Format the value at `path` of a data block and record that it was shown.

        style "fixed" writes `decimals` places (default --decimals), "sci" `digits`
        significant digits with an exponent (1.23e−5), "plain" a user's parameter as
        typed (3, 0.001); the manifest entry records the style so tests can re-format it.
        """
        if block == "trace":
            self.trace  # noqa: B018  (make sure data exists)
        data = self.data if block == "trace" else self.blocks[block]
        text = format_value(float(lookup(data, path)), style,
                            self.params.decimals if decimals is None else decimals, digits, pad_sign)
        entry = {"path": list(path), "text": text, "label": label}
        if block != "trace":
            entry["block"] = block
        if style != "fixed":
            entry["style"] = style
            if style == "sci":
                entry["digits"] = digits
        elif decimals is not None:
            entry["decimals"] = decimals
        self.shown.append(entry)
        return text

    def nums(self, path, label: str | None = None, block: str = "trace", **style):
        """(texts, hidden_count) for the first `--show-units` entries of a vector."""
        if block == "trace":
            self.trace  # noqa: B018  (make sure data exists)
        data = self.data if block == "trace" else self.blocks[block]
        vec = lookup(data, path)
        k = min(len(vec), self.show_units)
        return [self.num(list(path) + [j], label, block, **style) for j in range(k)], len(vec) - k

    @property
    def show_units(self) -> int:
        """--show-units, or this scene's default (fewer with --style projector)."""
        if self.params.show_units is None:
            return max(1, round(self.default_units * SIZES.units))
        return self.params.show_units

    @property
    def box_w(self) -> float:
        """One box width for every vector of the scene: fits '−0.00' (and '≈−1') at --decimals."""
        return vector_width(["0" * fixed_width(self.params.decimals)])

    def column_fit(self, paths, width: float, height: float):
        """(entries [(path, j)] up to --show-units of each path, their box width, the Fit of
        their column in width x height under a title; scenes/parts/fit.py)."""
        sizes = [len(lookup(self.data, p)) for p in paths]
        entries = [(p, j) for p, n in zip(paths, sizes) for j in range(min(n, self.show_units))]
        # the widest of the entries that could be shown decides the box (recorded when drawn)
        box_w = max(self.box_w, vector_width([fmt(float(lookup(self.data, p + [j])), self.params.decimals)
                                              for p, j in entries]))
        fit = fit_rows(sum(sizes), len(entries), 1, SIZES.box_h, height - LABEL_H, width,
                       least_scale(self.theme.mono, SIZES.number, False), gap=0, box_h=box_w,
                       more_w=MORE_H, max_lines=1)
        return entries, box_w, fit

    def fitted_vector(self, path, label: str, width: float, height: float, title: str | None = "",
                      **kw) -> ValueVector:
        """A column vector of the trace in a width x height region: its boxes shrink to fit
        but never below the readable size, past which fewer entries are shown and '+N more'
        says so (column_fit); the title and the mark keep their size. `label` names the
        values in the manifest; `title` is drawn over the boxes (default: the label)."""
        entries, box_w, fit = self.column_fit([list(path)], width, height)
        texts = [self.num(p + [j], label) for p, j in entries[:fit.shown]]
        return ValueVector(texts, self.theme, len(lookup(self.data, path)) - fit.shown, self.params.lang,
                           label=label if title == "" else title, box_w=box_w, scale=fit.scale, **kw)

    def vec_text(self, path, label: str | None = None) -> str:
        """'[0.12, −0.50, 0.33]' (with '…' past --show-units) for captions and equations."""
        texts, more = self.nums(path, label)
        return "[" + ", ".join(texts) + (", …" if more else "") + "]"

    # ---- sections and captions -------------------------------------------------------
    def section(self, name: str, caption: str):
        """Start a named section (one clip of a slide deck) and show its caption."""
        self._hold_caption(0)      # the previous section's caption is read in its own clip
        self._keyframe()
        self._section_index += 1
        self.next_section(name, skip_animations=not self._draws(self._section_index))
        self.sections.append({"name": name, "caption": caption})
        self.set_caption(caption)

    def set_caption(self, text: str, run_time: float = TIMING.fade, line: int = 0, along=()):
        """Show `text` on caption line 0 (bottom) or 1 (above it, for equations), with the
        animations `along` (an equation arrives with the result it states)."""
        if line == 1 and self.sections:    # the section's equations, for a deck's speaker notes
            self.sections[-1].setdefault("equations", []).append(text)
        if self._lazy_captions:
            # A preview draws one frame, at the end: build only the captions it shows
            # (a caption is the most expensive text of a scene to lay out).
            old = self.caption_lines.pop(line, None)
            if old is not None:
                self.remove(old)
            self._pending_captions[line] = text
            if along:
                self.play(*along, run_time=run_time)
            return
        new = self._caption_mobject(text, line)
        old = self.caption_lines.get(line)
        if old is None:
            self.play(Appear(new), *along, run_time=run_time)
        else:
            self._hold_caption(line)
            self.bring_to_front(old)     # on top, so fading it redraws only the two captions
            # old out, then new in: a frame taken mid-change never shows both in one place
            self.play(*replace(old, new), *along, run_time=run_time)
        self.caption_lines[line] = new
        self._showing[line] = {"line": line, "text": text, "start": self.clock, "end": None,
                               "section": self.sections[-1]["name"] if self.sections else "intro"}
        self.captions.append(self._showing[line])
        self._record_layout("caption")

    def clear_caption(self, line: int) -> list:
        """Animations that remove the caption of `line` (none when it is empty), once it has
        been read."""
        self._pending_captions.pop(line, None)
        old = self.caption_lines.pop(line, None)
        if old is None:
            return []
        self._hold_caption(line)
        return [Vanish(old)]

    def _hold_caption(self, line: int) -> None:
        """Wait as long as the caption of `line` still needs to be read (TIMING.reading),
        and note that it goes now."""
        entry = self._showing.pop(line, None)
        if entry is None:
            return
        short = entry["start"] + TIMING.reading(entry["text"]) - self.clock
        if short > 1e-9:
            self.wait(short)
        entry["end"] = self.clock

    def _flush_captions(self) -> None:
        for line, text in sorted(self._pending_captions.items()):
            self.caption_lines[line] = self._caption_mobject(text, line)
            self.add(self.caption_lines[line])
        self._pending_captions = {}

    def _caption_mobject(self, text: str, line: int):
        """The caption, scaled to the frame's safe width but never below the readable size:
        a caption still too wide drops entries of its longest vector ('…' stands for them),
        and one without a vector to shorten breaks into two lines. Where the scene keeps no
        line for equations, a caption that would shrink visibly (below SHRINK_LEAST) takes
        two lines at its size instead, so captions do not jump in size."""
        room = safe_width()
        build = lambda s: cached_markup(rich(s), font=self.theme.font,  # noqa: E731
                                        font_size=SIZES.caption, color=self.theme.text)
        fits = lambda m: m.width * least_scale(self.theme.font, SIZES.caption, "<sub>" in m.text) <= room  # noqa: E731
        halves = lambda s: VGroup(*map(build, balanced_halves(s))).arrange(DOWN, buff=0.1)  # noqa: E731
        new = build(text)
        if line == 0 and not self.one_line_captions and new.width * SHRINK_LEAST > room \
                and (two := halves(text)).width <= room:
            return self._at_caption_line(two, line)
        while not fits(new) and (shorter := shorten_longest_list(text)) is not None:
            text = shorter
            new = build(text)
        lines = VGroup(new) if fits(new) else halves(text)
        if lines.width > room:
            lines.scale_to_fit_width(room)
        return self._at_caption_line(lines, line)

    @staticmethod
    def _at_caption_line(lines, line: int):
        y = -config.frame_height / 2 + CAPTION_BASE + CAPTION_PITCH * line   # the (last) line
        return lines.shift([-lines.get_x(), y - lines[-1].get_y(), 0])

    @staticmethod
    def caption_top(line: int) -> float:
        """The top of caption line `line` (0 bottom, 1 the equations above it): what a
        scene keeps its dots above."""
        return -config.frame_height / 2 + CAPTION_BASE + CAPTION_PITCH * (line + 0.5)

    # ---- manifest --------------------------------------------------------------------
    def manifest(self) -> dict:
        out = {"scene": self.scene_id, "trace": getattr(self, "data", None), "values": self.shown,
               "sections": self.sections, "about": self.about, "captions": self.captions,
               "style": self.params.style, "layout": self.layouts}
        out.update(self.blocks)
        return out

    def _record_layout(self, at: str) -> None:
        """Every visible text's box and size now ("end" of a section or a "caption" change),
        for the manifest's readability check; only when someone will read it, and not while
        a still's captions wait to be built for its one frame."""
        wanted = self.capture_keyframes or self.params.manifest
        if wanted and not self._pending_captions and self._draws(self._section_index):
            name = self.sections[-1]["name"] if self.sections else "intro"
            self.layouts.append({"section": name, "at": at,
                                 **frame_layout(self.mobjects + self.foreground_mobjects)})

    def _keyframe(self):
        """The frame that ends the current section (graphical regression tests)."""
        self._record_layout("end")
        if self.capture_keyframes:
            name = self.sections[-1]["name"] if self.sections else "intro"
            self.renderer.update_frame(self, ignore_skipping=True)
            self.keyframes.append((name, self.renderer.get_frame()[:, :, :3].copy()))

    def tear_down(self):
        for line in sorted(self._showing):     # the last captions are read before the end
            self._hold_caption(line)
        self._flush_captions()
        self._keyframe()
        path = self.params.manifest
        if path:
            write_json_atomic(Path(path), self.manifest())


def write_json_atomic(path: Path, obj) -> None:
    """Write JSON to `path` whole or not at all (atomic_files.write_atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(obj).encode())
