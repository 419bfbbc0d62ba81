"""The review intuition (article item 1): a customer review on a card; every word fades
except the phrases a reader remembers.

The review is --text (default: the article's cereal review, or its Hungarian version with
--lang hu) and the kept phrases are --keywords "a|b|c" (default: the article's three).
Matching is case-insensitive and never starts or ends inside a word; a keyword that does
not occur in the review is an error. This scene shows no computed numbers: its manifest
has a "review" block with the text, the keywords and the character spans kept.
"""

import re

from manim import (DOWN, LEFT, UP, Circle, RoundedRectangle, VGroup)

from cells import InputError

from scenes.engines.base import IllustratedScene
from scenes.parts.motion import Appear, Dim
from scenes.parts.text import cached_text
from scenes.parts.theme import SIZES, TIMING

MAX_CHARS = 600
CARD_W, CARD_MAX_H = 11.0, 4.6
TEXT_SIZE = 34
LINE_GAP = 1.55          # line pitch in units of the font's cap height
DIMMED = 0.16


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


def parse_keywords(text: str) -> list:
    kws = [k.strip() for k in text.split("|")]
    if not any(kws):
        raise InputError("--keywords", "is empty; give phrases separated by |")
    if not all(kws):
        raise InputError("--keywords", "has an empty phrase (two | in a row, or one at an end)")
    return kws


class Review(IllustratedScene):
    scene_id = "review"
    cell = "rnn"
    shows_numbers = False

    def review_input(self) -> tuple:
        """(text, keywords): the user's, or the article's review in the scene's language."""
        text = self.params.run.text
        text = " ".join((text if text is not None else self.say("review_text")).split())
        if not text:
            raise InputError("--text", "is empty")
        if len(text) > MAX_CHARS:
            raise InputError("--text", f"has {len(text)} characters; at most {MAX_CHARS} fit on the card")
        kws = self.params.keywords
        if kws is None:
            if self.params.run.text is not None:
                raise InputError("--keywords", "a custom review needs --keywords \"a|b|c\": "
                                               "the phrases a reader remembers")
            kws = self.say("review_keywords")
        return text, parse_keywords(kws)

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
        text, keywords = self.review_input()
        spans = find_spans(text, keywords)
        self.blocks["review"] = {"text": text, "keywords": keywords,
                                 "spans": [list(s) for s in spans],
                                 "kept": [text[a:b] for a, b in spans]}
        title = self.title_block()
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
        body = VGroup(*[c for c, ch in zip(chars, text) if not ch.isspace()])
        body.next_to(avatar, DOWN, buff=0.3).align_to(avatar, LEFT)
        kept = set()
        for a, b in spans:
            kept.update(range(a, b))
        self.kept_glyphs = VGroup(*[chars[i] for i in sorted(kept) if not text[i].isspace()])
        self.faded_glyphs = VGroup(*[c for i, c in enumerate(chars)
                                     if i not in kept and not text[i].isspace()])
        self.add(title)

        # 1. the review
        self.section("read", self.say("cap_review_read"))
        self.play(Appear(card), Appear(VGroup(avatar, header)), Appear(body), run_time=TIMING.fade * 2)
        self.wait(TIMING.read)

        # 2. all but the kept phrases fade
        self.section("remember", self.say("cap_review_keep"))
        self.play(Dim(self.faded_glyphs, 1.0, DIMMED), Dim(header, 1.0, DIMMED),
                  Dim(avatar, 1.0, DIMMED), run_time=TIMING.move * 1.5)
        self.wait(TIMING.read)
