"""The numeric demos behind the RNN-part scenes, and the number formats they draw."""

import json

import numpy as np
import pytest

from cells import InputError
from cells.demos import (ARTICLE_INPUT, largest_entry, long_input, repeated_scaling,
                         sequence_text)
from cells.inputs import parse_sequence
from scenes.parts.numbers import MINUS, fmt_plain, fmt_sci, format_value, parse


def test_article_numbers_explode_without_tanh():
    r = repeated_scaling([5, 0.01, -0.5], 3.0, 4, squash=False)
    assert r["out"].shape == (5, 3) and r["scaled"].shape == (4, 3)
    np.testing.assert_allclose(r["out"][1:, 0], [15, 45, 135, 405], rtol=0, atol=1e-12)
    np.testing.assert_allclose(r["out"][-1], [405, 0.81, -40.5], rtol=0, atol=1e-12)
    np.testing.assert_array_equal(r["out"][1:], r["scaled"])


def test_with_tanh_every_cell_is_tanh_of_factor_times_previous():
    r = repeated_scaling([5, 0.01, -0.5], 3.0, 4, squash=True)
    np.testing.assert_array_equal(r["out"][0], [5, 0.01, -0.5])
    for k in range(4):
        np.testing.assert_array_equal(r["scaled"][k], 3.0 * r["out"][k])
        np.testing.assert_array_equal(r["out"][k + 1], np.tanh(r["scaled"][k]))
    assert np.all(np.abs(r["out"][1:]) < 1)


@pytest.mark.parametrize("kw, option", [
    ({"x": [1.0], "factor": 1e200, "n": 3}, "--factor"),
    ({"x": [], "factor": 3.0, "n": 2}, "--values"),
    ({"x": [1.0], "factor": 3.0, "n": 0}, "--cells"),
])
def test_bad_demo_inputs_name_their_option(kw, option):
    with pytest.raises(InputError) as e:
        repeated_scaling(kw["x"], kw["factor"], kw["n"], squash=False)
    assert e.value.option == option


def test_long_input_is_the_article_vectors_repeated():
    base = np.asarray(json.loads(ARTICLE_INPUT.read_text()))
    x = long_input()
    assert x.shape == (20, 3)
    np.testing.assert_array_equal(x, np.vstack([base, base]))
    np.testing.assert_array_equal(long_input(13), np.vstack([base, base[:3]]))


def test_sequence_text_round_trips_exactly():
    x = np.array([[0.1, 1 / 3, -2.5e-7], [1e10, 0.0, -0.0]])
    np.testing.assert_array_equal(parse_sequence(sequence_text(x)), x)


def test_largest_entry_takes_magnitude_and_first_tie():
    assert largest_entry([[1, -5], [4, 2]]) == (0, 1)
    assert largest_entry([[3, -3], [3, 0]]) == (0, 0)


@pytest.mark.parametrize("value, digits, text", [
    (1.2345e-5, 3, "1.23e−5"), (2.32e-7, 2, "2.3e−7"), (-406.0, 3, "−4.06e2"),
    (1.7320508, 3, "1.73"), (1.04, 1, "1"), (-0.0017, 2, "−1.7e−3"), (9.996e-6, 3, "1.00e−5"), (0.0, 3, "0"), (1e-6, 1, "1e−6"),
])
def test_fmt_sci(value, digits, text):
    assert fmt_sci(value, digits) == text
    assert format_value(value, "sci", digits=digits) == text
    assert parse(text) == pytest.approx(value, rel=10 ** -(digits - 1), abs=0)


@pytest.mark.parametrize("value, text", [
    (3.0, "3"), (0.001, "0.001"), (-2.5, "−2.5"), (1e-7, "1e−7"), (0.1 + 0.2, "0.3"), (123456789.0, "1.23457e8"),
])
def test_fmt_plain(value, text):
    assert fmt_plain(value) == text
    assert parse(text) == pytest.approx(value, rel=1e-5)


def test_formats_use_the_real_minus():
    assert MINUS in fmt_sci(-1e-9) and "-" not in fmt_sci(-1e-9) + fmt_plain(-3e-9)
