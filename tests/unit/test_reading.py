"""The petition form reads typed answers as a person would: yes and no in every form, categories
in the citizen's words, names, places and corrections, and what takes a citizen out of the form."""

from __future__ import annotations

import pytest

from actions.petition_turn import Turn, read_activation, read_turn
from actions.reading.categories import read_category
from actions.reading.corrections import read_correction
from actions.reading.cues import wants_an_official, wants_to_cancel
from actions.reading.kinds import read_kind
from actions.reading.names import find_name, looks_like_bare_name
from actions.reading.places import find_place
from actions.reading.yes_no import read_yes_no


@pytest.mark.parametrize("typed", ["có", "co", "ừ", "uh", "ok", "dc", "đúng rồi", "yes", "dạ vâng"])
def test_yes_in_every_form_people_type_it(typed: str) -> None:
    assert read_yes_no(typed) is True


@pytest.mark.parametrize("typed", ["không", "ko", "k", "hông", "no", "nope", "dạ không", "chưa"])
def test_no_in_every_form_people_type_it(typed: str) -> None:
    assert read_yes_no(typed) is False


@pytest.mark.parametrize(
    ("typed", "category"),
    [
        ("rác", "moi_truong"),
        ("ổ gà", "giao_thong"),
        ("đèn đường tắt", "chieu_sang"),
        ("karaoke ồn", "trat_tu"),
        ("lấn chiếm vỉa hè", "trat_tu"),
        ("cán bộ gây khó dễ", "can_bo"),
        ("xay nha trai phep", "xay_dung"),
        ("tranh chấp đất", "dat_dai"),
        ("potholes on the road", "giao_thong"),
        ("3", "moi_truong"),
        ("khác", "khac"),
    ],
)
def test_a_category_typed_in_the_citizens_words(typed: str, category: str) -> None:
    assert read_category(typed, answering=True) == category


def test_kinds_by_name_and_by_number() -> None:
    assert read_kind("tố cáo", answering=True) == "to_cao"
    assert read_kind("khieu nai", answering=True) == "khieu_nai"
    assert read_kind("2", answering=True) == "kien_nghi"
    # "đề nghị" closes many reports; it is a proposal only when it answers "which kind?"
    assert read_kind("đường hỏng, đề nghị xã sửa") is None


def test_a_name_introduced_or_typed_alone() -> None:
    assert find_name("tôi là Lê Văn Hùng ở xóm Chiềng, sđt 0912 334 556") == "Lê Văn Hùng"
    assert find_name("my name is Pham Minh Duc and I live here") == "Pham Minh Duc"
    assert looks_like_bare_name("bui van thang ạ")
    assert not looks_like_bare_name("không ẩn danh")


def test_a_place_mentioned_in_passing_needs_a_commune_or_ward() -> None:
    assert (
        find_place("tôi ở xóm Chiềng, xã Mai Châu, sđt 0912 334 556") == "xóm Chiềng, xã Mai Châu"
    )
    # "xả" (discharge) is not "xã", and "cán bộ xã" is not a place
    assert find_place("nhà máy gần nhà xả nước thải ra sông") is None
    assert find_place("Cán bộ địa chính xã đòi 5 triệu mới ký") is None


def test_corrections_typed_at_the_summary() -> None:
    place = read_correction("sửa địa chỉ thành ngõ 12 Cù Chính Lan")
    assert place is not None and (place.slot, place.value) == (
        "petition_place",
        "ngõ 12 Cù Chính Lan",
    )
    phone = read_correction("sai số rồi, đúng là 0987 111 222")
    assert phone is not None and phone.value == "+84987111222"
    assert read_correction("ok gửi đi") is None


def test_cancel_and_an_official_read_from_the_words() -> None:
    assert wants_to_cancel("thôi hủy đi") and wants_to_cancel("k gửi nữa đâu")
    assert not wants_to_cancel("thôi được, gửi đi")
    assert wants_an_official("cho tôi gặp cán bộ") and not wants_an_official("cán bộ gây khó dễ")


def _turn(text: str, requested: str | None, **slots: object) -> Turn:
    return Turn(
        text=text, intent="inform", confidence=0.5, entities={}, requested=requested, slots=slots
    )


def test_a_first_message_that_describes_a_problem_is_its_description() -> None:
    reading = read_activation(_turn("nhà máy gần nhà xả nước thải ra sông bốc mùi quá", None))
    assert reading.updates["petition_kind"] == "phan_anh"
    assert reading.updates["petition_category"] == "moi_truong"
    assert reading.updates["petition_description"].startswith("nhà máy")
    assert "petition_place" not in reading.updates


def test_a_name_typed_for_the_anonymity_question_is_the_name() -> None:
    reading = read_turn(_turn("Nguyễn Văn An", "petition_anonymous", petition_kind="phan_anh"))
    assert reading.updates == {"petition_anonymous": False, "petition_name": "Nguyễn Văn An"}


def test_a_phone_given_with_the_place_fills_both() -> None:
    reading = read_turn(
        _turn("ở ngõ 3 Trần Hưng Đạo, có gì gọi mình 0977 123 456", "petition_place")
    )
    assert reading.updates["petition_place"] == "ngõ 3 Trần Hưng Đạo"
    assert reading.updates["petition_phone"] == "+84977123456"


def test_cancel_in_plain_words_closes_the_form_without_filing() -> None:
    assert read_turn(_turn("thôi không gửi nữa", "petition_place")).outcome == "cancelled"
