"""Consultations typed as citizens type: opting in and out, asking for the open one, and
picking a choice by number, by ordinal, by yes or no, or by the choice's own words."""

from __future__ import annotations

import pytest

from actions.reading.consultation import consultation_request
from actions.reading.consultation_choice import read_choice

ROAD = ["Làm đường mới qua xóm", "Sửa lại đường cũ", "Để tiền xây nhà văn hóa"]
AGREE = ["Đồng ý", "Không đồng ý"]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("nhận tham vấn", "on"),
        ("dang ky nhan tham van xa cao phong", "on"),
        ("cho toi nhan lay y kien xa Tan Lac voi ad", "on"),
        ("Sign me up for consultations", "on"),
        ("dừng nhận tham vấn", "off"),
        ("ko muon nhan tham van nua", "off"),
        ("stop consultations", "off"),
        ("tham vấn", "ask"),
        ("tham van a", "ask"),
        ("có cuộc lấy ý kiến nào không ad", "ask"),
        ("đổi ý kiến tham vấn", "ask"),
        ("change my answer", "ask"),
        ("is there a consultation open?", "ask"),
        # consulting about a procedure, a complaint, feedback: not about consultations
        ("tôi muốn tham vấn về thủ tục đất đai", None),
        ("tôi muốn góp ý về thái độ cán bộ xã", None),
        ("đổi ý, không gửi nữa", None),
        ("lam can cuoc can giay to gi", None),
    ],
)
def test_requests_about_consultations(text: str, wanted: str | None) -> None:
    assert consultation_request(text) == wanted


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("2", 2),
        ("số 2", 2),
        ("phuong an 3 nhe", 3),
        ("toi chon 1", 1),
        ("cái thứ hai", 2),
        ("thu nhat", 1),
        ("thứ ba", 3),
        ("lam duong moi", 1),
        ("sưa lai duong cu", 2),
        ("nha van hoa", 3),
        ("Làm đường mới qua xóm", 1),
        ("4", None),
        ("toi nghi nen sua duong cu vi duong moi ton dat cua dan", None),
        ("duong", None),
    ],
)
def test_a_typed_choice_among_several(text: str, choice: int | None) -> None:
    assert read_choice(text, ROAD) == choice


@pytest.mark.parametrize(
    ("text", "choice"),
    [("ok", 1), ("có", 1), ("dong y", 1), ("ko", 2), ("không đồng ý", 2), ("k", 2), ("2", 2)],
)
def test_yes_or_no_between_agreeing_and_not(text: str, choice: int) -> None:
    assert read_choice(text, AGREE) == choice


def test_words_only_consultations_have_no_choice_to_read() -> None:
    assert read_choice("1", []) is None
