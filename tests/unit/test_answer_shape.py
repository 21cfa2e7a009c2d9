"""Procedure summaries are cut to what a phone screen shows; the details stay a tap away."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from actions.procedure_catalogue import SUMMARY_ITEM, shorten


def test_a_long_fee_is_cut_to_its_first_sentence() -> None:
    fee = "Cấp lần đầu: miễn phí. Cấp đổi 50.000 đồng; cấp lại 70.000 đồng theo biểu phí hiện hành."
    assert shorten(fee) == "Cấp lần đầu: miễn phí …"


def test_a_short_text_is_left_alone() -> None:
    assert shorten("200.000 đồng/lần cấp") == "200.000 đồng/lần cấp"


@given(st.text(min_size=1, max_size=600))
def test_a_shortened_text_never_exceeds_the_limit_by_more_than_the_ellipsis(text: str) -> None:
    assert len(shorten(text)) <= SUMMARY_ITEM + 2
