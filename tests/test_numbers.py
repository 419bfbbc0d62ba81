"""How numbers are written: fixed decimals that never round a squashed value onto its bound,
short scientific labels, and `parse` inverting both (expectations derived by hand)."""

import math

import pytest

from scenes.parts.numbers import APPROX, FIGURE_SPACE, MINUS, fixed_width, fmt, fmt_sci, parse

S = FIGURE_SPACE


@pytest.mark.parametrize("value, decimals, text", [
    (math.tanh(5), 2, "≈1"),            # 0.99990920: not the bound 1
    (-math.tanh(5), 2, "≈−1"),
    (math.tanh(5), 4, "0.9999"),         # enough decimals to tell it from 1
    (math.tanh(5), 6, "0.999909"),
    (1.0, 2, "1.00"),                    # exactly 1 is 1
    (-1.0, 2, "−1.00"),
    (1.004, 2, "1.00"),                  # outside (−1, 1): plain rounding
    (0.0, 2, "0.00"),                    # an exact zero (h_0) is zero
    (-0.0, 2, "0.00"),
    (-0.004, 2, "≈0"),                   # not zero, rounds to it: no minus, a mark
    (0.00040, 2, "≈0"),                  # sigmoid(−7.8): a gate almost shut, not shut
    (0.00040, 4, "0.0004"),              # enough decimals to see it
    (1e-7, 6, "≈0"),
    (math.tanh(0.1), 2, "0.10"),
    (-0.46211716, 2, "−0.46"),
    (0.6, 0, "≈1"),                      # at 0 decimals every |v| >= 0.5 inside (−1, 1)
    (-0.6, 0, "≈−1"),
    (0.4, 0, "≈0"),
    (1.0, 0, "1"),
    (-3.7, 0, "−4"),
    (0.9999995, 6, "≈1"),
    (0.9999994, 6, "0.999999"),
    (-0.1234564, 6, "−0.123456"),
])
def test_fixed(value, decimals, text):
    assert fmt(value, decimals) == text
    assert fmt(value, decimals, pad_sign=True) == (text if text.startswith(MINUS) or
                                                   text.startswith(APPROX + MINUS) else S + text)
    assert abs(parse(text) - value) <= 0.5 * 10 ** -decimals + 1e-12


@pytest.mark.parametrize("decimals", range(7))
def test_columns_keep_their_width(decimals):
    """Padded texts of a column share one length; the squashed marks ('≈−1', 3 characters;
    '≈0') are never wider than '−0.0', and set the width only at 0 decimals ('−0')."""
    assert {len(fmt(v, decimals, pad_sign=True)) for v in (1.5, -1.5, 0.0, 1.0, -1.0)} == {decimals + 2 + (decimals > 0)}
    widest = max(len(fmt(v, decimals, pad_sign=True)) for v in (0.5, -0.5, math.tanh(9), -math.tanh(9), 1e-9, -1e-9))
    assert widest == fixed_width(decimals) == (3 if decimals == 0 else decimals + 3)


@pytest.mark.parametrize("value, digits, text", [
    (1.7320508, 3, "1.73"), (1.7320508, 2, "1.7"), (0.0017320508, 2, "1.7e−3"),
    (-0.0017320508, 2, "−1.7e−3"), (-1.7320508, 2, "−1.7"), (1.0, 1, "1"), (10.0, 1, "1e1"),
    (9.96, 2, "1.0e1"), (0.0, 3, "0"),
])
def test_scientific_never_writes_e0(value, digits, text):
    assert fmt_sci(value, digits) == text
    assert parse(text) == pytest.approx(value, rel=0.5 * 10 ** -(digits - 1))


def test_a_squashed_value_in_a_sentence_reads_approximately_not_equals_approximately():
    from scenes.parts.strings import say
    text = say("cap_decisive_f", lo=3, hi=2, a="0.00", b="≈1")
    assert "(f_t ≈ 1)" in text and "= ≈" not in text and "(f_t = 0.00)" in text
