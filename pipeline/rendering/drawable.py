"""What a drawing can show, checked before anything is drawn, by the option that brings it.

Numbers are drawn with fixed decimals (scenes/parts/numbers.py), so an input of 1e308
would be a 309-digit string running off the frame; words are laid out by Pango, which
above about 150 characters without a space lays out fewer glyphs than there are
characters, and the render failed half-way. `render.py trace` and `grads` have no such
limits: they print numbers, they do not draw them.
"""

import numpy as np

from cells import InputError
from cells.fields import option_fields, option_flag
from cells.inputs import parse_vector, tokenize
from cells.options import source_of

MAX_DRAWN = 1e6           # drawn as '1000000.00' at most: ten characters in a value box
MAX_WORD = 100            # characters of one word; 150 failed in Pango, 100 draws (shrunk)


def _refuse_large(option: str, what: str, values) -> None:
    values = np.asarray(values, dtype=np.float64)
    if values.size and np.max(np.abs(values)) >= MAX_DRAWN:
        raise InputError(option, f"{what} reaches {np.max(np.abs(values)):.3g}; a drawing shows numbers "
                                 f"below {MAX_DRAWN:,.0f} (`render.py trace` prints any size)")


def check_drawable(params, trace) -> None:
    """Refuse what the scene could not draw: long words, numbers too large to write out."""
    run = params.run
    for word in tokenize(run.text or ""):
        if len(word) > MAX_WORD:
            raise InputError("--text", f"the word {word[:24]!r}... has {len(word)} characters; a drawn "
                                       f"word may have at most {MAX_WORD}: shorten or split it")
    for f, meta in option_fields(type(params)):
        if f.type is float:
            _refuse_large(option_flag(f, meta), "the value", [getattr(params, f.name)])
    if params.values is not None:
        _refuse_large("--values", "the vector", parse_vector("--values", params.values))
    source = "--weights" if run.weights else source_of(run)
    _refuse_large(source_of(run), "the input", trace.x)
    for name, v in [("h0", trace.h0), ("c0", trace.c0), ("h", trace.h), ("c", trace.c),
                    *((f"the pre-activation {k}", a) for k, a in trace.pre.items()),
                    *trace.parts.items()]:
        if v is not None:
            _refuse_large(source, f"{name} of the trace", v)
