"""A value vector: a small column of boxes with one number each, as in the article.

At most `show_units` boxes are drawn; a wider state gets a '+N more' mark underneath.
The texts are given already formatted (scenes read them from the trace via `num`).
"""

from manim import DOWN, LEFT, RIGHT, UP, Rectangle, VGroup

from scenes.parts.fit import min_font_size
from scenes.parts.labels import math_label
from scenes.parts.strings import say
from scenes.parts.text import cached_text
from scenes.parts.theme import SIZES, Theme


NUMBER_PAD = 0.09
CHAR_PT = 0.185 / 22   # width of one monospaced character (DejaVu Sans Mono), per point


def vector_width(texts) -> float:
    """A box wide enough for the longest number, never narrower than the default."""
    return max(SIZES.box_w, 2 * NUMBER_PAD + CHAR_PT * SIZES.number * max(len(t) for t in texts))


MORE_BUFF = 0.08     # between a vector's boxes and its '+N more' mark


def more_mark(n: int, theme: Theme, lang: str = "en"):
    """'+N more' (in `lang`) for the entries a vector does not show, never below readable."""
    return cached_text(say("more_units", lang, n=n), font=theme.font,
                       font_size=max(SIZES.number * 0.8, min_font_size(theme.font)), color=theme.text)


class ValueVector(VGroup):
    def __init__(self, texts: list, theme: Theme, more: int = 0, lang: str = "en",
                 label: str | None = None, box_w: float | None = None,
                 fill: list | None = None, horizontal: bool = False, columns: int | None = None,
                 scale: float = 1.0):
        """`horizontal`: boxes side by side, wrapped into lines of `columns` if given.
        `scale` shrinks the boxes and numbers only: the label and the '+N more' mark keep
        their size, so they stay readable where the boxes must be small."""
        super().__init__()
        width = box_w or vector_width(texts)
        columns = (columns or len(texts)) if horizontal else 1
        self.boxes, self.numbers = VGroup(), VGroup()
        for k, text in enumerate(texts):
            box = Rectangle(width=width, height=SIZES.box_h, stroke_color=theme.box_stroke,
                            stroke_width=1.6, fill_color=(fill[k] if fill else theme.box_fill),
                            fill_opacity=1)
            box.shift(RIGHT * (k % columns) * width + DOWN * (k // columns) * SIZES.box_h)
            num = cached_text(text, font=theme.mono, font_size=SIZES.number, color=theme.text)
            num.move_to(box).align_to(box, RIGHT).shift(LEFT * NUMBER_PAD)  # decimal points align
            self.boxes.add(box)
            self.numbers.add(num)
        self.add(self.boxes, self.numbers)
        if scale != 1.0:
            VGroup(self.boxes, self.numbers).scale(scale, about_point=self.boxes[0].get_corner(UP + LEFT))
        self.more = None
        if more > 0:
            self.more = more_mark(more, theme, lang)
            self.more.next_to(self.boxes, RIGHT if horizontal else DOWN, buff=MORE_BUFF)
            self.add(self.more)
        self.label = None
        if label:
            self.label = math_label(label, theme.text, SIZES.label, theme.font)
            self.label.next_to(self.boxes, UP, buff=0.1)
            self.add(self.label)
