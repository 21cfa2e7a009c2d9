"""Asking after a petition already sent, without its code, and saying a petition marked done is
not: read from the words, as citizens type them."""

from __future__ import annotations

import pytest

from actions.reading.kinds import about_one_sent
from actions.reading.not_fixed import says_marked_done_but_not
from actions.reading.status import asks_about_progress


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("đơn khiếu nại tôi nộp tháng trước đã có ai xem chưa ạ", True),
        ("phan anh cua minh ve nuoc thai toi dau roi ad", True),
        ("tiến độ kiến nghị làm đường của xóm em thế nào rồi", True),
        ("My complaint about the noisy bar, any news?", True),
        ("em gửi phản ánh hôm thứ hai, bao giờ mới được giải quyết", True),
        ("cái đơn kiến nghị về mương thoát nước ở bản Mỗ đã giải quyết chưa hả anh", True),
        ("don phan anh cua xom e ve rac da duoc xem xet chua", True),
        ("I complained about smoke from the brick kiln last week, has it been dealt with?", True),
        ("I reported a dead tree on the road on Monday, is it being looked at?", True),
        # petitions in general, or a new one: not a status question
        ("gửi phản ánh thì bao lâu có kết quả", False),
        ("cho tôi gửi đơn tố cáo", False),
        ("làm hồ sơ đăng ký kết hôn thế nào", False),
        ("how long does a complaint take to be answered?", False),
        ("I want to report a tree that fell on the road", False),
        ("thủ tục khiếu nại đã sửa đổi chưa", False),
    ],
)
def test_a_question_about_a_petition_already_sent(text: str, asks: bool) -> None:
    assert asks_about_progress(text) is asks


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("hệ thống báo đã xử lý xong mà cống vẫn tắc", True),
        ("phản ánh của tôi bị đóng nhưng đèn vẫn chưa sáng", True),
        ("ghi la da giai quyet ma dat van do tran ra duong", True),
        ("you marked it as done but the pothole is still there", True),
        ("my complaint about the sawmill got closed but they still run it at night", True),
        ("the report was resolved they say, but the drain overflows again", True),
        # a status question, or a satisfied citizen: not a complaint about the closing
        ("phản ánh của tôi đã xử lý chưa", False),
        ("báo đã xử lý xong rồi, cảm ơn cán bộ", False),
    ],
)
def test_a_petition_marked_done_that_is_not(text: str, says: bool) -> None:
    assert says_marked_done_but_not(text) is says


def test_a_criminal_record_check_is_a_procedure_not_a_check_on_a_file() -> None:
    assert not about_one_sent("Can someone else apply for my criminal record check on my behalf?")
    assert about_one_sent("can I check my report from last week")
