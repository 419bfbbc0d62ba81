"""Math-like labels without LaTeX: 'C~_{t-1}' -> C̃ with a subscript, via Pango markup."""

import re

from scenes.parts.fonts import MARKS
from scenes.parts.text import cached_markup

_LABEL = re.compile(r"^(?P<base>[^_~]+)(?P<tilde>~)?(?:_\{?(?P<sub>[^}]*)\}?)?$")


def markup(label: str) -> str:
    """'C~_{t-1}' -> 'C\u0303<sub>t\u22121</sub>'; other text passes through escaped."""
    m = _LABEL.match(label)
    if not m:
        return _escape(label)
    out = _escape(m["base"])
    if m["tilde"]:   # Inter misplaces combining marks; DejaVu Sans stacks them properly
        out = f'<span font_family="{MARKS}">{out}\u0303</span>'

    if m["sub"]:
        out += f"<sub>{_escape(m['sub'].replace('-', chr(0x2212)))}</sub>"
    return out


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_INLINE = re.compile(r"\b([A-Za-z])(~?)_(\{[^}]*\}|[A-Za-z0-9]+)")


def rich(text: str) -> str:
    """Markup for running text with inline labels: 'h_t = tanh(W x_t)' -> subscripts."""
    def sub(m):
        return markup(m[1] + m[2] + "_" + m[3].strip("{}"))
    parts, last = [], 0
    for m in _INLINE.finditer(text):
        parts.append(_escape(text[last:m.start()]))
        parts.append(sub(m))
        last = m.end()
    parts.append(_escape(text[last:]))
    return "".join(parts)


def math_label(label: str, color: str, size: float, font: str):
    """A label mobject, laid out once per (label, colour, size, font)."""
    return cached_markup(rich(label), font=font, font_size=size, color=color)
