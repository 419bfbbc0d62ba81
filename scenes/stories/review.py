"""The review intuition (article item 1): a customer review on a card; the words fade but
those that decide what a reader takes away.

Which words stay is decided by a trained review model (--model, default review-lstm; see
cells/zoo.py): each word's score is its leave-one-out influence on the model's logit (the
logit minus the logit with the word replaced by <unk>), drawn as the word's opacity,
OPACITY_FLOOR + (1 − OPACITY_FLOOR)·sqrt(|influence| / the largest |influence|). The
review is --text (default: the article's cereal review, in English, the language the model
reads, whatever --lang is); the captions state the model's verdict and the words that moved
it most, and the manifest's "review" block lists every token's span, influence and opacity.

--keywords "a|b|c" is the manual override: those phrases stay, everything else fades, and
no model is asked (the review then defaults to the article's, in --lang). Matching is
case-insensitive and never starts or ends inside a word; a keyword that does not occur in
the review is an error.
"""

import re

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Circle, RoundedRectangle, VGroup)

from cells import InputError, zoo
from cells.inputs import token_spans

from scenes.engines.base import IllustratedScene
from scenes.parts.motion import Appear, Dim
from scenes.parts.strings import STRINGS
from scenes.registry import SCENES
from scenes.parts.text import cached_text, pieces
from scenes.parts.theme import SIZES, TIMING

MAX_CHARS = 600
CARD_W, CARD_MAX_H = 11.0, 4.6
TEXT_SIZE = 34
LINE_GAP = 1.55          # line pitch in units of the font's cap height
DIMMED = 0.16            # the faded words (keywords mode)
OPACITY_FLOOR = 0.16     # a word with no influence (model mode)
TOP_WORDS = 3            # named in the caption


def influence_opacity(scores) -> np.ndarray:
    """Each word's opacity from its influence: the floor plus the rest by sqrt of the share
    of the largest |influence| (sqrt: a word with a quarter of the top influence is half lit)."""
    a = np.abs(np.asarray(scores, dtype=float))
    top = a.max() if a.size and a.max() > 0 else 1.0
    return OPACITY_FLOOR + (1 - OPACITY_FLOOR) * np.sqrt(a / top)


def find_spans(text: str, keywords: list) -> list:
    """[(start, end)] of every occurrence of every keyword, case-insensitive, whole words."""
    spans = []
    for kw in keywords:
        pre = r"(?<!\w)" if re.match(r"\w", kw) else ""
        post = r"(?!\w)" if re.search(r"\w$", kw) else ""
        found = [m.span() for m in re.finditer(pre + re.escape(kw) + post, text, re.IGNORECASE)]
        if not found:
            raise InputError("--keywords", f"{kw!r} does not occur in the review text")
        spans += found
    return sorted(spans)


def kept_runs(text: str, kept: set) -> list:
    """[(start, end)] of the runs of non-space characters that are all kept or all not
    (the indexes in `kept`): a word is cut where a kept phrase begins or ends inside it."""
    runs = [m.span() for m in re.finditer(r"\S+", text)]
    out = []
    for a, b in runs:
        start = a
        for i in range(a + 1, b):
            if (i in kept) != (i - 1 in kept):
                out.append((start, i))
                start = i
        out.append((start, b))
    return out


def parse_keywords(text: str) -> list:
    kws = [k.strip() for k in text.split("|")]
    if not any(kws):
        raise InputError("--keywords", "is empty; give phrases separated by |")
    if not all(kws):
        raise InputError("--keywords", "has an empty phrase (two | in a row, or one at an end)")
    return kws


class Review(IllustratedScene):
    scene_id = "review"
    cell = "lstm"

    @property
    def manual(self) -> bool:
        """--keywords: the phrases are the user's, no model is asked."""
        return self.params.keywords is not None

    @property
    def shows_numbers(self) -> bool:
        return not self.manual

    def run_options(self):
        """The trained review model's run (registry.py) on the user's --text or the article's review."""
        run = SCENES[self.scene_id].run_for(self.params.run)
        if run.input is not None or run.input_file is not None:
            raise InputError("--input" if run.input is not None else "--input-file",
                             "the review scene reads a text: give it with --text")
        if run.weights:
            raise InputError("--weights", "the review scene reads with a trained review model: "
                                          "--model review-lstm or review-gru")
        card = zoo.card(run.model)
        if not card.get("vocab"):
            raise InputError("--model", f"the review scene needs a model that reads text; "
                                        f"{run.model} reads number sequences")
        self.review_text()      # an empty or too long --text is refused before anything is traced
        return run              # without --text, the card's input: the article's review

    def review_text(self) -> str:
        """The user's --text, or the article's review: in English for the model (what it
        reads), in --lang for the keywords."""
        text = self.params.run.text
        if text is None:
            text = self.say("review_text") if self.manual else STRINGS["review_text"]["en"]
        text = " ".join(text.split())
        if not text:
            raise InputError("--text", "is empty")
        if len(text) > MAX_CHARS:
            raise InputError("--text", f"has {len(text)} characters; at most {MAX_CHARS} fit on the card")
        return text
    def layout(self, text: str):
        """The review as one Text (a glyph per character), words wrapped into lines."""
        th = self.theme
        glyphs = cached_text(text, glyphs=True, font=th.font, font_size=TEXT_SIZE, color=th.text,
                             disable_ligatures=True)
        chars = list(glyphs.submobjects)
        if len(chars) != len(text):       # one submobject per character, spaces included
            raise RuntimeError("the review text did not render one glyph per character")
        words = [m.span() for m in re.finditer(r"\S+", text)]
        cap_h = cached_text("H", font=th.font, font_size=TEXT_SIZE).height
        for scale in (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.42, 0.36):
            lines = self._wrap(chars, words, (CARD_W - 1.0) / scale)
            if len(lines) * cap_h * LINE_GAP * scale <= CARD_MAX_H - 1.2:
                break
        glyphs.scale(scale, about_point=glyphs.get_left())
        pitch = cap_h * LINE_GAP * scale
        y0 = glyphs.get_center()[1]
        for k, line in enumerate(lines):
            x0 = chars[line[0][0]].get_left()[0]
            for a, b in line:
                VGroup(*chars[a:b]).shift([-x0, -k * pitch - y0, 0])
        return glyphs, chars, len(lines) * pitch

    @staticmethod
    def _wrap(chars, words, width):
        lines, cur, x0 = [], [], None
        for a, b in words:
            start, end = chars[a].get_left()[0], chars[b - 1].get_right()[0]
            if cur and end - x0 > width:
                lines.append(cur)
                cur = []
            if not cur:
                x0 = start
            cur.append((a, b))
        lines.append(cur)
        return lines

    def construct(self):
        th = self.theme
        text = self.review_text()
        title = self.title_block(None if self.manual else self.run_note(verdict=False))
        glyphs, chars, text_h = self.layout(text)
        card_h = text_h + 1.3
        card = RoundedRectangle(width=CARD_W, height=card_h, corner_radius=0.25,
                                fill_color=th.card_fill, fill_opacity=1, stroke_color=th.card_stroke,
                                stroke_width=2).move_to([0, 0.3, 0])
        avatar = Circle(radius=0.2, fill_color=th.muted, fill_opacity=1, stroke_width=0)
        header = cached_text(self.say("review_header"), font=th.font, font_size=SIZES.legend,
                             color=th.text, weight="SEMIBOLD")
        avatar.move_to(card.get_corner(UP + LEFT) + [0.5 + 0.2, -0.45, 0])
        header.next_to(avatar, direction=[1, 0, 0], buff=0.2)
        kept = None
        if self.manual:
            keywords = parse_keywords(self.params.keywords)
            spans = find_spans(text, keywords)
            kept = {i for a, b in spans for i in range(a, b)}
        # the words, each a text of its own (the layout record sees each where it is), cut
        # where the scene fades them: at the model's tokens, or around the user's phrases
        words = pieces(glyphs, token_spans(text) if kept is None else kept_runs(text, kept))
        body = VGroup(*words)
        body.next_to(avatar, DOWN, buff=0.3).align_to(avatar, LEFT)
        self.add(title)

        # 1. the review
        self.section("read", self.say("cap_review_read"))
        self.play(Appear(card), Appear(VGroup(avatar, header)), Appear(body), run_time=TIMING.fade * 2)
        self.wait(TIMING.read)
        fade_header = [Dim(header, 1.0, DIMMED), Dim(avatar, 1.0, DIMMED)]

        if self.manual:     # 2. all but the user's phrases fade
            self.blocks["review"] = {"text": text, "keywords": keywords,
                                     "spans": [list(s) for s in spans],
                                     "kept": [text[a:b] for a, b in spans]}
            self.kept_glyphs = VGroup(*[w for w in words if w.span[0] in kept])
            self.faded_glyphs = VGroup(*[w for w in words if w.span[0] not in kept])
            self.section("remember", self.say("cap_review_keep"))
            self.play(Dim(self.faded_glyphs, 1.0, DIMMED), *fade_header, run_time=TIMING.move * 1.5)
            self.wait(TIMING.read)
            return

        # 2. the model's verdict, 3. every word fades by how little it moved it
        influence = self.model_words(text)
        meaning, p = self.verdict_parts()
        verdict = cached_text(self.say("review_verdict", meaning=meaning, p=p), font=th.font,
                              font_size=SIZES.legend, color=th.text, weight="SEMIBOLD")
        verdict.move_to(card.get_corner(UP + RIGHT) + [-0.5, -0.45, 0], aligned_edge=RIGHT)
        self.section("verdict", self.say("cap_review_model", model=self.weights_note(),
                                         meaning=meaning, p=p))
        self.play(Appear(verdict), run_time=TIMING.fade)
        self.wait(TIMING.pause)
        top = self.top_words(influence)
        self.section("remember", self.say("cap_review_influence", words=", ".join(top)))
        self.word_glyphs = words
        self.play(*[Dim(g, 1.0, o) for g, o in zip(self.word_glyphs, influence["opacity"])],
                  *fade_header, run_time=TIMING.move * 1.5)
        self.wait(TIMING.read)

    def model_words(self, text: str) -> dict:
        """Each token's character span, leave-one-out influence and opacity (the manifest's
        "review" block)."""
        tr = self.trace
        _, scores = zoo.load(tr.model).influence(text)
        spans = token_spans(text)
        if [text[a:b].lower() for a, b in spans] != tr.tokens:
            raise RuntimeError("the review's tokens are not the model's")
        block = self.blocks["review"] = {
            "text": text, "model": tr.model, "tokens": tr.tokens, "spans": [list(s) for s in spans],
            "influence": [float(v) for v in scores], "opacity": influence_opacity(scores).tolist(),
            "opacity_rule": f"{OPACITY_FLOOR} + {1 - OPACITY_FLOOR:.2f}·sqrt(|influence| / max |influence|)"}
        return block

    def top_words(self, words: dict) -> list:
        """'definitely +1.62' for the TOP_WORDS tokens of largest |influence|."""
        order = np.argsort(-np.abs(words["influence"]), kind="stable")[:TOP_WORDS]
        out = []
        for k in order:
            v = self.num(["influence", int(k)], f"influence of {words['tokens'][k]!r}", "review")
            sign = "+" if words["influence"][k] >= 0 else ""
            out.append(f"“{words['tokens'][k]}” {sign}{v}")
        return out
