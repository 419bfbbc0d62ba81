"""The layout rules that keep text readable (scenes/parts/fit.py, issue 17)."""

from manim import VGroup

from scenes.parts.fit import (balanced_halves, fit_rows, keep_readable, least_scale, min_font_size,
                              shorten_longest_list)
from scenes.parts.fonts import MONO, SANS
from scenes.parts.text import cached_markup, cached_text, font_size_now
from scenes.parts.text_boxes import SUB_SCALE, cap_per_size
from scenes.parts.theme import SIZES


def test_the_minimum_font_size_gives_14_px_capitals_at_720p():
    for font in (SANS, MONO):
        assert abs(cap_per_size(font) * min_font_size(font) * 90 - 14) < 1e-9   # 720 px / 8 units


def test_a_vector_that_fits_is_drawn_whole_and_full_size():
    fit = fit_rows(3, 3, 1, 1.0, 4.0, 0.42, 0.7, gap=0)
    assert (fit.shown, fit.lines, fit.scale) == (3, 1, 1.0)


def test_a_wide_vector_wraps_before_it_shrinks_where_rows_have_room():
    fit = fit_rows(8, 8, 2, 1.0, 4.0, 3.0, 0.7)
    assert fit.shown == 8 and fit.lines == 2 and fit.columns == 4 and fit.scale == 1.0


def test_a_vector_shrinks_no_further_than_readable_then_shows_fewer():
    fit = fit_rows(8, 8, 9, 1.0, 3.2, 4.5, 0.7, more_h=0.3)
    assert fit.scale >= 0.7 and fit.shown < 8 and fit.lines == 1
    assert fit.shown * 1.0 * fit.scale <= 3.2


def test_hidden_entries_leave_room_for_their_mark():
    whole = fit_rows(4, 4, 1, 1.0, 4.0, 0.42, 0.7, gap=0, more_w=1.0)
    assert whole.shown == 4 and whole.scale == 1.0            # nothing hidden: no mark needed
    cut = fit_rows(8, 4, 1, 1.0, 4.0, 0.42, 0.7, gap=0, more_w=1.0)
    assert cut.shown * cut.scale <= 3.0 + 1e-9                # --show-units 4 of 8: a mark beside


def test_a_column_stays_one_column():
    assert fit_rows(8, 8, 1, 0.42, 1.5, 2.0, 0.7, gap=0, box_h=0.9, max_lines=1).lines == 1


def test_long_captions_give_up_vector_entries_not_words():
    text = "h_t = [0.11, −0.22, 0.33] and W[2,1] of [h_{t−1}, x_t]"
    assert shorten_longest_list(text) == "h_t = [0.11, −0.22, …] and W[2,1] of [h_{t−1}, x_t]"
    assert shorten_longest_list("h = [0.1, …]") is None
    assert shorten_longest_list("no vectors [a, b]") is None


def test_two_lines_are_balanced():
    assert balanced_halves("one two three four") == ["one two", "three four"]
    assert balanced_halves("single") == ["single"]
    # a formula or a bracket is not cut where a break outside it exists
    text = "the RNN state moves most (mean ‖h_t − h_{t−1}‖ = 0.99), the LSTM least"
    assert balanced_halves(text) == ["the RNN state moves most", "(mean ‖h_t − h_{t−1}‖ = 0.99), the LSTM least"]
    assert balanced_halves("(a b)") == ["(a", "b)"]          # no space outside: any space


def test_least_scale_respects_subscripts():
    plain = least_scale(SANS, SIZES.caption, False)
    with_sub = least_scale(SANS, SIZES.caption, True)
    assert with_sub > plain
    assert abs(cap_per_size(SANS) * SIZES.caption * with_sub * SUB_SCALE * 90 - SIZES.min_sub_px) < 1e-9


def test_keep_readable_scales_small_text_back_up_and_leaves_the_rest():
    small = cached_text("1−", font=SANS, font_size=30).scale(0.3)
    big = cached_text("tanh", font=SANS, font_size=30)
    label = cached_markup("h<sub>t</sub>", font=SANS, font_size=30).scale(0.3)
    keep_readable(VGroup(small, big, label))
    assert abs(font_size_now(small) - min_font_size(SANS)) < 1e-6
    assert font_size_now(big) == 30
    assert abs(font_size_now(label) - min_font_size(SANS, SIZES.min_sub_px / SUB_SCALE)) < 1e-6


def test_the_size_survives_removing_glyphs():
    text = cached_text("│abc", font=MONO, font_size=20, glyphs=True)
    text.remove(text[0])
    assert abs(font_size_now(text) - 20) < 1e-9
