"""How a number is written on screen: fixed decimals, a real minus sign, stable width.

Numbers are drawn in the monospaced font, and positive values keep a figure-space where
the minus would be, so a column of values never jumps when a sign changes.
"""

MINUS = "\u2212"
FIGURE_SPACE = "\u2007"


def fmt(value: float, decimals: int = 2, pad_sign: bool = False) -> str:
    """'−0.46', '0.10'; with pad_sign a leading figure space for non-negatives."""
    s = f"{value:.{decimals}f}"
    if s.startswith("-"):
        if float(s) == 0.0:          # -0.00 reads as zero
            s = s[1:]
        else:
            return MINUS + s[1:]
    return (FIGURE_SPACE + s) if pad_sign else s


def parse(text: str) -> float:
    """The inverse of fmt, for tests that check what was drawn."""
    return float(text.replace(MINUS, "-").replace(FIGURE_SPACE, "").strip())
