"""How a number is written on screen: fixed decimals, a real minus sign, stable width.

Numbers are drawn in the monospaced font, and positive values keep a figure-space where
the minus would be, so a column of values never jumps when a sign changes.

A value strictly inside (−1, 1) that would round to ±1 is written "≈1" / "≈−1": tanh(5) is
0.9999, and "1.00" would say the squashing reached its bound. Likewise a value that is not
zero but rounds to it is "≈0": a sigmoid of 0.0004 is a gate almost shut, not shut, and an
exact zero (h_0) still reads "0.00". The mark is never wider than "−0.0" (and fits the
default box at 0 decimals), so columns keep their width.

Styles (`format_value`): "fixed" (`fmt`, --decimals places), "sci" (`fmt_sci`, a few
significant digits and a short exponent, for tiny gradients: 1.23e−5) and "plain"
(`fmt_plain`, the shortest form of a user's parameter: 3, 0.001, 2.5).
"""

MINUS = "\u2212"
FIGURE_SPACE = "\u2007"
APPROX = "\u2248"


def fmt(value: float, decimals: int = 2, pad_sign: bool = False) -> str:
    """'−0.46', '0.10', '≈1' for 0.9999, '≈0' for 0.0004; with pad_sign a leading figure
    space for non-negatives."""
    s = f"{value:.{decimals}f}"
    negative = s.startswith("-") and float(s) != 0.0      # -0.00 reads as zero
    body = s.lstrip("-")
    squashed = 0 < abs(value) < 1 and float(body) == 1.0   # near the bound, not at it
    if value != 0 and float(body) == 0.0:                  # near zero, not at it
        text = APPROX + "0"
    else:
        text = (APPROX if squashed else "") + (MINUS if negative else "") + ("1" if squashed else body)
    return (FIGURE_SPACE + text) if pad_sign and not negative else text


def fixed_width(decimals: int) -> int:
    """Characters of the widest `fmt` text of a value between −10 and 10 (unpadded)."""
    return max(len(fmt(-9.0, decimals)), len(fmt(-0.9999999, decimals)))


def _short_exponent(s: str) -> str:
    """'1.23e-05' -> '1.23e−5', '4.5e+02' -> '4.5e2', '1.73e+00' -> '1.73' (no e0); the minus
    is a real minus."""
    if "e" in s:
        mant, exp = s.split("e")
        s = mant if int(exp) == 0 else f"{mant}e{int(exp)}"
    return s.replace("-", MINUS)


def fmt_sci(value: float, digits: int = 3) -> str:
    """`digits` significant digits with an exponent: '1.23e−5', '−4.06e2', '1.73', '0'."""
    if value == 0:
        return "0"
    return _short_exponent(f"{value:.{digits - 1}e}")


def fmt_plain(value: float) -> str:
    """The shortest form with up to 6 significant digits: '3', '0.001', '−2.5', '1e−7'."""
    return _short_exponent(f"{value:.6g}")


def format_value(value: float, style: str = "fixed", decimals: int = 2, digits: int = 3,
                 pad_sign: bool = False) -> str:
    if style == "fixed":
        return fmt(value, decimals, pad_sign)
    if style == "sci":
        return fmt_sci(value, digits)
    if style == "plain":
        return fmt_plain(value)
    raise ValueError(f"unknown number style {style!r}")


def parse(text: str) -> float:
    """The inverse of the formatters, for tests that check what was drawn ('≈1' is 1: the
    value it rounds to)."""
    return float(text.replace(MINUS, "-").replace(FIGURE_SPACE, "").replace(APPROX, "").strip())
