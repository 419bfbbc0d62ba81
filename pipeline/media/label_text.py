"""Inline labels of captions and equations (h_{t-1}, C~_t, W_f) outside Manim.

Scenes write labels as 'h_{t-1}' and draw them with subscripts (scenes/parts/labels.py,
which needs Manim). Subtitles, speaker notes, the HTML deck and the PDF handout show the
same text, each in its own way: as runs of text and subscript, or as Unicode subscripts.
"""

import re

# the pattern scenes/parts/labels.py draws: one letter, an optional ~, then _x or _{...}
INLINE_LABEL = re.compile(r"\b([A-Za-z])(~?)_(\{[^}]*\}|[A-Za-z0-9]+)")
TILDE = "\u0303"              # combining tilde: C~ -> C̃
MINUS = "\u2212"

_SUBSCRIPTS = dict(zip("0123456789+-\u2212=()aehijklmnoprstuvx",
                       "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))


def runs(text: str) -> list[tuple[str, bool]]:
    """[(text, is_subscript)]: 'f_t = σ(x)' -> [('f', False), ('t', True), (' = σ(x)', False)]."""
    out, last = [], 0
    for m in INLINE_LABEL.finditer(text):
        out.append((text[last:m.start()] + m[1] + (TILDE if m[2] else ""), False))
        out.append((m[3].strip("{}").replace("-", MINUS), True))
        last = m.end()
    out.append((text[last:], False))
    return [(t, sub) for t, sub in out if t]


def plain(text: str) -> str:
    """Readable plain text: Unicode subscripts where every character has one ('hₜ₋₁'),
    else the label as written ('W_f'); for subtitles and PowerPoint notes."""
    out = []
    for t, sub in runs(text):
        if sub and all(c in _SUBSCRIPTS for c in t):
            out.append("".join(_SUBSCRIPTS[c] for c in t))
        elif sub:
            out.append("_" + (t if len(t) == 1 else "{" + t + "}"))
        else:
            out.append(t)
    return "".join(out)
