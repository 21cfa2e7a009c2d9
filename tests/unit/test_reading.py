"""The petition form reads typed answers as a person would: yes and no in every form, categories
in the citizen's words, names, places and corrections, and what takes a citizen out of the form."""

from __future__ import annotations

import datetime as dt

import pytest

from actions.petition_turn import (
    Turn,
    opening_description,
    read_activation,
    read_turn,
    required_slots,
)
from actions.reading.anonymity import read_anonymity_wish
from actions.reading.aspects import asked_part, clear_aspect
from actions.reading.categories import clear_category, read_category
from actions.reading.corrections import read_correction
from actions.reading.cues import wants_an_official, wants_to_cancel
from actions.reading.joining import read_join_answer
from actions.reading.kinds import (
    about_one_sent,
    asks_for_a_petition,
    kind_described,
    read_kind,
    tells_of_wrongdoing,
)
from actions.reading.names import find_name, looks_like_bare_name
from actions.reading.not_fixed import says_marked_done_but_not, says_not_fixed
from actions.reading.places import find_place, read_place_answer
from actions.reading.questions import plainly_asks_a_procedure
from actions.reading.reception import booking_code, read_day_choice, reception_request
from actions.reading.updates import updates_wanted
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
    # the road into a hamlet, the lane from one: where the problem is
    assert find_place("Cầu vào xóm Đồng, xã Tây Cốc bị gãy lan can") == "xóm Đồng, xã Tây Cốc"
    assert (
        find_place("duong tu thon Ha ra cho xa Son Thuy o ga nhieu lam")
        == "thon Ha ra cho xa Son Thuy"
    )
    # "vào ban đêm", "từ hôm qua" name no unit
    assert find_place("xe tải chạy vào ban đêm từ hôm qua rất ồn") is None


def test_corrections_typed_at_the_summary() -> None:
    place = read_correction("sửa địa chỉ thành ngõ 12 Cù Chính Lan")
    assert place is not None and (place.slot, place.value) == (
        "petition_place",
        "ngõ 12 Cù Chính Lan",
    )
    phone = read_correction("sai số rồi, đúng là 0987 111 222")
    assert phone is not None and phone.value == "+84987111222"
    assert read_correction("ok gửi đi") is None
    # "ghi tên … là": write the name as
    name = read_correction("nhờ ad ghi tên em là Lò Thị Mai")
    assert name is not None and (name.slot, name.value) == ("petition_name", "Lò Thị Mai")


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


@pytest.mark.parametrize(
    ("typed", "asks"),
    [
        ("Cho tôi gửi phản ánh", True),
        ("ad ơi pa chút", True),
        ("alo ad ơi, mình muốn gửi ý kiến", True),
        ("I need to denounce an official", True),
        ("I want to file a complaint", True),
        ("phản ánh của tôi đã xử lý chưa", False),
        ("đã có phản hồi gì về góp ý của tôi chưa", False),
        ("tra cứu phản ánh", False),
        ("check my report", False),
        ("can you recommend a good phone", False),
        ("thủ tục đăng ký kết hôn", False),
    ],
)
def test_a_request_for_a_petition_is_told_from_a_question_about_one(typed: str, asks: bool) -> None:
    assert asks_for_a_petition(typed) is asks


@pytest.mark.parametrize(
    ("description", "kind"),
    [
        ("Cán bộ địa chính nhận tiền của dân mới ký giấy", "to_cao"),
        ("xã ra quyết định xử phạt sai, tôi không đồng ý quyết định này", "khieu_nai"),
        ("Đề nghị lắp thêm đèn ở ngõ 4", "kien_nghi"),
        ("It would be great if the ward put recycling bins by the lake", "kien_nghi"),
        ("My application for a building permit was refused with no reason given", "khieu_nai"),
        ("hồ sơ xin cấp sổ của tôi bị trả lại mà không nói lý do", "khieu_nai"),
        ("nhà máy xả nước thải ra sông bốc mùi", None),
        ("đường hỏng nặng đề nghị chính quyền xử lý", None),
    ],
)
def test_a_description_tells_its_kind_when_none_was_named(description: str, kind: str) -> None:
    assert kind_described(description) == kind


@pytest.mark.parametrize(
    ("typed", "wish"),
    [
        ("cho tôi phản ánh ẩn danh", True),
        ("không muốn để lộ tên", True),
        ("I don't want my name on it", True),
        ("I want to report something but I don't want to give my name.", True),
        ("xin giữ kín tên giúp tôi", True),
        ("không ẩn danh, ghi tên tôi", False),
        ("put my name", False),
        ("ok", None),
    ],
)
def test_a_wish_to_stay_unnamed_is_read_from_any_message(typed: str, wish: bool | None) -> None:
    assert read_anonymity_wish(typed) is wish


def test_an_opening_that_names_only_a_topic_still_asks_what_happened() -> None:
    opening = read_activation(_turn("Mình muốn phản ánh việc lấn chiếm lòng đường", None))
    assert "petition_description" not in opening.updates
    assert opening.updates["petition_category"] == "trat_tu"
    answer = read_turn(
        _turn(
            "Gara ô tô rửa xe tràn ra đường, dầu mỡ chảy khắp nơi",
            "petition_description",
            petition_kind="phan_anh",
            petition_topic=opening.updates["petition_topic"],
        )
    )
    assert answer.updates["petition_description"].startswith("lấn chiếm lòng đường. Gara")
    assert "dầu mỡ" in answer.updates["petition_description"]


def test_an_opening_with_facts_fills_them_and_is_not_the_description() -> None:
    reading = read_activation(
        _turn(
            "Tôi là Lò Văn Hùng ở xóm Chiềng Sại, xã Mai Châu, sđt 0912 334 556, muốn phản ánh",
            None,
        )
    )
    assert reading.updates["petition_name"] == "Lò Văn Hùng"
    assert reading.updates["petition_phone"] == "+84912334556"
    assert reading.updates["petition_place"] == "xóm Chiềng Sại, xã Mai Châu"
    assert "petition_description" not in reading.updates


def test_a_name_with_huy_is_not_a_cancel_and_a_firm_cancel_beats_a_description() -> None:
    assert read_turn(_turn("Bui Quang Huy", "petition_name")).updates["petition_name"] == (
        "Bui Quang Huy"
    )
    gave_up = read_turn(_turn("Thôi, tôi đổi ý rồi, không phản ánh nữa", "petition_description"))
    assert gave_up.outcome == "cancelled"


def test_a_name_and_phone_typed_for_the_anonymity_question() -> None:
    reading = read_turn(_turn("Vũ Văn Khoa 0357 604 218", "petition_anonymous"))
    assert reading.updates["petition_anonymous"] is False
    assert reading.updates["petition_name"] == "Vũ Văn Khoa"
    assert reading.updates["petition_phone"] == "+84357604218"


@pytest.mark.parametrize(
    ("typed", "category"),
    [
        ("đèn", "chieu_sang"),
        ("cống", "moi_truong"),
        ("public order", "trat_tu"),
        ("Đất đai", "dat_dai"),
    ],
)
def test_one_word_or_an_options_title_answers_which_area(typed: str, category: str) -> None:
    assert read_category(typed, answering=True) == category


def test_thanks_typed_at_the_area_question_is_not_an_answer() -> None:
    turn = Turn(
        text="cảm ơn",
        intent="thank",
        confidence=0.9,
        entities={},
        requested="petition_category",
        slots={},
    )
    assert "petition_category" not in read_turn(turn).updates


def test_english_places_and_capitalised_names_inside_places() -> None:
    assert find_place("I'm Tuan from hamlet 3, Luong Son commune, phone 0792") == (
        "hamlet 3, Luong Son commune"
    )
    assert find_place("Chỗ này ở thôn Hạ Mạo, xã Lâm Thao.") == "thôn Hạ Mạo, xã Lâm Thao"
    assert read_place_answer("Da river embankment, Hoa Binh ward").startswith("Da river")


@pytest.mark.parametrize(
    ("question", "aspect"),
    [
        ("đăng ký thường trú làm thế nào", "ask_procedure"),
        ("nộp ở xã hay ở đâu", "ask_where"),
        ("dang ky ket hon thi ra xa nha trai hay nha gai vay", "ask_where"),
        ("lệ phí bao nhiêu", "ask_fee"),
        ("ở đâu, cần giấy tờ gì", None),
        # whether one may or must: the conditions, in the whole procedure
        ("bố đi vắng, mẹ tự đi làm khai sinh cho con được không", "ask_procedure"),
        ("xe máy điện có phải đăng ký biển số không ad", "ask_procedure"),
        ("Do I have to bring my old passport?", "ask_procedure"),
        ("nộp trực tuyến được không", "ask_where"),  # online is where it is done
        ("lệ phí bao nhiêu, có phải nộp không", None),
    ],
)
def test_the_one_aspect_a_question_asks(question: str, aspect: str | None) -> None:
    assert clear_aspect(question) == aspect


def test_a_follow_up_names_the_part_it_asks_for() -> None:
    assert asked_part("cần mang theo những giấy gì") == "documents"
    assert asked_part("các bước thế nào") == "steps"
    assert asked_part("bao lâu thì xong") is None


@pytest.mark.parametrize(
    ("text", "wish"),
    [
        ("I'm happy to give my name, no need for anonymity", False),
        ("tôi không cần ẩn danh", False),
        ("khong can giau ten dau", False),
    ],
)
def test_a_wish_to_be_named_is_read_in_both_languages(text: str, wish: bool) -> None:
    assert read_anonymity_wish(text) is wish


def test_an_introduction_with_a_phone_and_no_anonymity_is_a_request_without_a_description() -> None:
    text = "Cho tôi gửi kiến nghị, số của tôi là 0913.820.457, tôi không cần ẩn danh"
    assert asks_for_a_petition(text)
    assert opening_description(text) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("chao ad, mik ten la Nguyen Duc Manh, sdt 0392 175 604", "Nguyen Duc Manh"),
        ("e tên là Lò Thị Xuân ạ", "Lò Thị Xuân"),
    ],
)
def test_shorthand_introductions_give_the_name(text: str, name: str) -> None:
    assert find_name(text) == name


def test_the_last_sentence_decides_what_a_long_question_asks() -> None:
    text = (
        "Con gái tôi bị bại não từ nhỏ, mấy hôm trước cô giáo bảo cháu được hưởng trợ cấp mà "
        "nhà tôi chưa làm bao giờ. Muốn làm hồ sơ cho cháu thì cần chuẩn bị những giấy tờ gì ạ?"
    )
    assert clear_aspect(text) == "ask_procedure"
    assert clear_aspect("Làm căn cước mất bao lâu?") == "ask_processing_time"


def test_english_report_of_a_bribe_is_a_denunciation() -> None:
    assert read_kind("I want to report an officer who asked me for money") == "to_cao"
    assert read_kind("I want to report a pothole") == "phan_anh"


@pytest.mark.parametrize("text", ["khoan gửi đã", "wait, don't send it yet", "đợi chút nhé"])
def test_waiting_is_neither_yes_nor_no(text: str) -> None:
    assert read_yes_no(text) is None


def test_dont_is_a_no() -> None:
    assert read_yes_no("I don't want that") is False


@pytest.mark.parametrize(
    "text",
    [
        "chưa sửa gì cả",
        "vẫn còn nguyên ổ gà",
        "den van tat nhu cu ad oi",
        "It's still broken",
        "not fixed",
        "cong van tac nhu cu",
        "báo đã xử lý mà vẫn hỏng nguyên",
        "you marked it resolved but the light is still off",
    ],
)
def test_still_not_put_right_is_read(text: str) -> None:
    assert says_not_fixed(text)


@pytest.mark.parametrize(
    "text",
    [
        "đã sửa xong rồi, cảm ơn",
        "vẫn còn câu hỏi về thủ tục",
        "karaoke hát đến 1h sáng, gọi công an xã không thấy ai đến",
        "tôi muốn hỏi làm căn cước",
    ],
)
def test_other_messages_are_not_read_as_not_fixed(text: str) -> None:
    assert not says_not_fixed(text)


@pytest.mark.parametrize(
    "text",
    [
        "phan anh cua e bi dong roi ma van chua sua xong",
        "báo cáo là xử lý xong rồi nhưng thực tế chẳng có gì thay đổi",
        "ket qua xu ly ko dung su that, hang quan van lan chiem via he",
    ],
)
def test_marked_done_but_not_in_the_citizens_words(text: str) -> None:
    assert says_marked_done_but_not(text)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("tắt thông báo", False),
        ("ad ơi tắt thông báo giúp em", False),
        ("không muốn nhận thông báo nữa", False),
        ("stop updates", False),
        ("bật thông báo", True),
        ("resume updates", True),
        ("đèn đường tắt cả tuần", None),
        ("thông báo lịch tiếp dân tháng này", None),
    ],
)
def test_a_citizen_turns_the_messages_about_their_petitions_off_and_on(
    text: str, wanted: bool | None
) -> None:
    assert updates_wanted(text) is wanted


@pytest.mark.parametrize(
    ("typed", "follows"),
    [
        ("theo dõi chung", True),
        ("theo doi chung nhe", True),
        ("ừ gộp vào đi", True),
        ("đúng rồi chỗ đó", True),
        ("ok", True),
        ("Follow it", True),
        ("yes, same problem", True),
        ("gửi riêng", False),
        ("không, gửi riêng", False),
        ("ko phai, cho khac", False),
        ("không phải chỗ đó", False),
        ("send my own", False),
        ("no, it's a different one", False),
        ("hả?", None),
    ],
)
def test_following_an_earlier_report_or_sending_ones_own(typed: str, follows: bool | None) -> None:
    assert read_join_answer(typed) is follows


def test_the_join_question_comes_after_the_place_only_when_a_report_was_found() -> None:
    slots = {
        "petition_kind": "phan_anh",
        "petition_description": "Đèn đường hỏng",
        "petition_category": "chieu_sang",
        "petition_place": "ngõ 12 Lê Lai",
        "petition_commune": "viet_tri",
    }
    assert "petition_join" not in required_slots(slots)
    asked = required_slots({**slots, "petition_duplicate": "ABCD-2345"})
    assert asked.index("petition_join") == asked.index("petition_place") + 1
    turn = Turn(
        text="ko, gui rieng",
        intent="deny",
        confidence=0.9,
        entities={},
        requested="petition_join",
        slots={**slots, "petition_duplicate": "ABCD-2345"},
    )
    assert read_turn(turn).updates == {"petition_join": False}


@pytest.mark.parametrize(
    "typed",
    [
        "Thôi để tôi bàn với cả thôn rồi làm đơn tập thể gửi sau, giờ dừng lại nhé",
        "thoi de mai toi gui sau nhe",
    ],
)
def test_putting_it_off_for_later_cancels_even_where_free_text_is_asked(typed: str) -> None:
    assert wants_to_cancel(typed, firmly=True)


def test_stopping_in_a_description_is_not_cancelling() -> None:
    assert not wants_to_cancel("xe tải dừng lại giữa đường rồi đổ rác xuống mương", firmly=True)


@pytest.mark.parametrize(
    "typed",
    [
        "Chào anh chị, tôi phản ánh việc xả nước thải ra mương",
        "Tôi muốn báo cột đèn đường bị nghiêng sắp đổ",
        "cho em báo việc cây đổ chắn đường",
    ],
)
def test_a_request_after_a_greeting_or_with_bao_asks_for_a_petition(typed: str) -> None:
    assert asks_for_a_petition(typed)


@pytest.mark.parametrize(
    "typed", ["Bố tôi mất, đi báo tử ở đâu ạ?", "làm hộ chiếu mất bao nhiêu tiền"]
)
def test_registering_a_death_or_asking_a_price_is_no_petition(typed: str) -> None:
    assert not asks_for_a_petition(typed)


@pytest.mark.parametrize(
    ("typed", "aspect"),
    [
        ("lam ho chieu mat bn ngay moi co", "ask_processing_time"),
        ("làm hộ chiếu mất bao nhiêu tiền", "ask_fee"),
        (
            "mở quán tạp hóa ở đầu chợ có phải đăng ký kinh doanh không, làm như thế nào ạ?",
            "ask_procedure",
        ),
    ],
)
def test_days_are_time_and_the_head_of_the_market_is_not_where(typed: str, aspect: str) -> None:
    assert clear_aspect(typed) == aspect


def test_the_commune_office_in_an_english_story_is_no_place() -> None:
    story = "The land officer at the commune office said I had to pay him 3 million dong in cash"
    assert find_place(story) is None
    assert find_place("Pothole on the road in Luong Son commune since last week") == (
        "Luong Son commune"
    )
    assert find_place("Hello, I live in residential group 4, Kỳ Sơn ward. I'd like to") == (
        "residential group 4, Kỳ Sơn ward"
    )


def test_an_english_name_given_as_its_and_a_street_named_after_a_person() -> None:
    assert find_name("It's Le Hoang Nam, you can put my name on it") == "Le Hoang Nam"
    assert find_name("It's Le Loi street near the market") is None


@pytest.mark.parametrize(
    "text",
    [
        "Hồ sơ khai sinh cho cháu nộp hôm qua đã được duyệt chưa ạ",
        "don khieu nai gui thang truoc co kq chua vay",
        "Xem trạng thái phản ánh giúp mình",
    ],
)
def test_a_question_about_one_already_sent_is_no_new_petition(text: str) -> None:
    assert about_one_sent(text) and not asks_for_a_petition(text)


def test_a_marital_status_certificate_is_no_status_check() -> None:
    assert not about_one_sent("cần giấy xác nhận tình trạng hôn nhân thì làm thế nào")


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        ("khi nào chủ tịch xã tiếp dân", "ask"),
        ("dat lich gap chu tich xa", "ask"),
        ("when can I meet the commune chairman", "ask"),
        ("hủy lịch TD-4K7M2P", "cancel"),
        ("cancel my appointment", "cancel"),
        ("cho e doi lich hen", "move"),
        ("tôi muốn phản ánh cán bộ không tiếp dân đúng lịch", None),
        ("cho tôi hỏi thủ tục khai sinh", None),
        # an official now, in the chat: a handoff, not a meeting
        ("Cho tôi nói chuyện trực tiếp với cán bộ tiếp dân", None),
    ],
)
def test_reception_asked_cancelled_or_moved_in_words(typed: str, wanted: str | None) -> None:
    assert reception_request(typed) == wanted


def test_a_day_picked_from_the_offered_ones() -> None:
    offered = [dt.date(2026, 12, 3), dt.date(2026, 12, 10), dt.date(2026, 12, 17)]
    assert read_day_choice("2", offered) == offered[1]
    assert read_day_choice("hôm 17/12 nhé", offered) == offered[2]
    assert read_day_choice("ngày 10", offered) == offered[1]
    assert read_day_choice("the first one", offered) == offered[0]
    # every offered day is a Thursday: "thứ năm" picks none of them alone
    assert read_day_choice("thứ năm", offered) is None
    assert booking_code("huy lich td-4k7m2p nhe") == "TD-4K7M2P"


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Lã Thị Thanh Tâm", "Lã Thị Thanh Tâm"),
        ("La Van Cau", "La Van Cau"),
        ("Đà Văn Sơn", "Đà Văn Sơn"),
        ("dạ, tên là Hà Thị Mai", "Hà Thị Mai"),
        ("la nguyen van binh a", "nguyen van binh"),
    ],
)
def test_a_surname_that_reads_like_a_polite_word_is_kept(typed: str, name: str) -> None:
    assert read_turn(_turn(typed, "petition_name")).updates["petition_name"] == name


@pytest.mark.parametrize(
    ("typed", "anonymous"),
    [
        ("không, ghi tên tôi", False),  # the button's own words, typed
        ("Không, ghi tên tôi (giữ bí mật)", False),
        ("không ghi tên", True),
        ("ẩn danh, không ghi tên", True),
        ("tôi không muốn ẩn danh, cứ ghi tên", False),
        ("lúc đầu định để tên nhưng thôi, cho tôi ẩn danh nhé, sợ bị để ý", True),
    ],
)
def test_a_no_then_a_name_is_not_a_wish_to_stay_unnamed(typed: str, anonymous: bool) -> None:
    reading = read_turn(_turn(typed, "petition_anonymous", petition_kind="to_cao"))
    assert reading.updates["petition_anonymous"] is anonymous


@pytest.mark.parametrize(
    ("typed", "category"),
    [
        ("gthong", "giao_thong"),
        ("mt", "moi_truong"),
        ("den dg", "chieu_sang"),
        ("xe tai qua tai pha nat dg lang", "giao_thong"),
        ("e bao vu vut lon chet xuong suoi", "moi_truong"),
        ("Nhà vệ sinh học sinh ở trường hỏng bồn cầu hai tháng nay", "giao_duc"),
    ],
)
def test_areas_typed_in_chat_shorthand_or_told_by_what_happened(typed: str, category: str) -> None:
    assert read_category(typed, answering=True) == category


@pytest.mark.parametrize(
    "typed", ["Tạm biệt, chúc cán bộ một ngày tốt lành", "cam on can bo nhieu", "chào cán bộ"]
)
def test_addressing_an_official_politely_names_no_area(typed: str) -> None:
    assert read_category(typed) is None


def test_a_request_that_names_no_topic_leaves_the_description_to_be_asked() -> None:
    vague = read_activation(_turn("Tôi muốn tố cáo một việc nhưng xin được giấu tên", None))
    assert vague.updates == {"petition_kind": "to_cao", "petition_anonymous": True}
    topic = read_activation(_turn("chao ad, e phan anh ve tram y te xa", None))
    assert "petition_description" not in topic.updates
    assert topic.updates["petition_topic"] == "tram y te xa"
    assert topic.updates["petition_category"] == "y_te"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Trưởng thôn thu mỗi hộ 500 nghìn tiền làm đường mà không có phiếu thu", "can_bo"),
        ("ban đêm có máy xúc đến xúc đất đồi mang đi bán, đất rừng phòng hộ", "dat_dai"),
    ],
)
def test_village_heads_and_digging_out_hills_are_read_by_what_they_are(
    text: str, category: str
) -> None:
    assert read_category(text) == category


@pytest.mark.parametrize("opening", ["loud bar next door", "ad oi co cay do chan ngang duong"])
def test_a_thin_opening_description_is_asked_about_once_more(opening: str) -> None:
    reading = read_activation(_turn(opening, None))
    assert reading.updates["petition_description"]
    assert reading.updates["petition_details_wanted"] is True
    assert required_slots(reading.updates).index("petition_details") == 2


def test_a_described_opening_and_a_full_answer_ask_nothing_more() -> None:
    opening = read_activation(_turn("nhà máy gần nhà xả nước thải ra sông bốc mùi quá", None))
    assert "petition_details_wanted" not in opening.updates
    answer = read_turn(_turn("đèn ngõ 12 tắt ba hôm nay", "petition_description"))
    assert "petition_details_wanted" not in answer.updates
    assert "petition_details" not in required_slots({"petition_description": "đèn"})


def test_the_details_are_added_to_the_description_and_may_show_a_proposal() -> None:
    slots = {
        "petition_description": "xe tai qua tai pha nat dg lang",
        "petition_kind": "phan_anh",
        "petition_kind_assumed": True,
        "petition_details_wanted": True,
    }
    reading = read_turn(
        _turn(
            "xe cho dat da chay suot, dg be tong nat het r, de nghi cam xe >10 tan",
            "petition_details",
            **slots,
        )
    )
    assert reading.updates["petition_description"] == (
        "xe tai qua tai pha nat dg lang. xe cho dat da chay suot, dg be tong nat het r, "
        "de nghi cam xe >10 tan"
    )
    assert reading.updates["petition_kind"] == "kien_nghi"


@pytest.mark.parametrize("typed", ["đủ rồi", "vậy thôi ạ", "ko", "that's all", "nothing more"])
def test_nothing_more_to_add_keeps_the_description(typed: str) -> None:
    slots = {"petition_description": "den dg hong", "petition_details_wanted": True}
    reading = read_turn(_turn(typed, "petition_details", **slots))
    assert reading.updates == {"petition_details": ""}


@pytest.mark.parametrize(
    ("typed", "place"),
    [
        ("e o to 3 p Hoa Binh, sdt 0398 217 540", "to 3 p Hoa Binh"),
        ("nha o xom Bai x.Cao Son", "xom Bai x.Cao Son"),
        ("nha o ngo 5, P. Tan Hoa. co viec gi goi e", "ngo 5, P. Tan Hoa"),
    ],
)
def test_a_commune_or_ward_abbreviated_before_its_name_is_a_place(typed: str, place: str) -> None:
    assert find_place(typed) == place


def test_a_car_is_no_place_although_ô_tô_folds_like_ở_tổ() -> None:
    assert find_place("Phó chủ tịch xã dùng xe ô tô công của xã đưa đón con đi học") is None


def test_a_cancel_said_first_counts_whatever_reason_follows() -> None:
    long_reason = (
        "Thôi hủy đi, tôi vừa gọi tổng đài điện lực, họ bảo việc này bên điện lực xử lý và "
        "chiều nay cử người xuống rồi"
    )
    assert wants_to_cancel(long_reason)
    story = (
        "Cây đổ phá hủy mái nhà tôi, dây điện võng thấp sát đầu người đi qua, đề nghị điện lực "
        "xuống xử lý sớm kẻo nguy hiểm cho trẻ con đi học"
    )
    assert not wants_to_cancel(story)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        (
            "À xin lỗi, địa chỉ lúc nãy tôi ghi nhầm, xóm Chiềng thuộc xã Cao Phong chứ không "
            "phải Tân Lạc, sửa giúp tôi",
            "xóm Chiềng thuộc xã Cao Phong",
        ),
        (
            "I said roads earlier but it's really about the street lighting, can you change the "
            "area to street lighting?",
            "street lighting",
        ),
        ("change the place to Tan Lac market, not Cao Phong", "Tan Lac market"),
    ],
)
def test_a_correction_keeps_the_new_value_alone(typed: str, value: str) -> None:
    correction = read_correction(typed)
    assert correction is not None
    assert correction.value == value


def test_an_earlier_answer_said_wrong_mid_form_is_put_right_and_the_question_waits() -> None:
    slots = {"petition_place": "xóm Chiềng, xã Tân Lạc", "petition_name": "Đinh Công Hậu"}
    reading = read_turn(
        _turn(
            "À xin lỗi, địa chỉ lúc nãy tôi ghi nhầm, xóm Chiềng thuộc xã Cao Phong chứ không "
            "phải Tân Lạc, sửa giúp tôi",
            "petition_phone",
            **slots,
        )
    )
    assert reading.updates == {"petition_place": "xóm Chiềng thuộc xã Cao Phong"}


def test_funds_not_made_public_is_no_wish_about_the_name() -> None:
    assert (
        read_anonymity_wish("Cho tôi tố cáo trưởng thôn thu tiền làm đường mà không công khai")
        is None
    )
    assert read_anonymity_wish("tôi muốn gửi công khai") is False


@pytest.mark.parametrize(
    ("typed", "aspect"),
    [
        ("làm thủ tục sang tên sổ đỏ mất bao lâu thì cầm được sổ mới?", "ask_processing_time"),
        ("How does the land transfer process work?", "ask_procedure"),
        ("muốn xin bản trích lục thì đến đâu xin?", "ask_where"),
        ("cap so do lan dau thi phai nop nhung khoan tien gi ad", "ask_fee"),
        ("thủ tục làm sổ đỏ", "ask_procedure"),
    ],
)
def test_the_aspect_asked_beside_the_word_for_procedure(typed: str, aspect: str) -> None:
    assert clear_aspect(typed) == aspect


def test_a_school_or_a_clinic_named_as_a_landmark_does_not_give_the_area() -> None:
    assert read_category("rac do ngay canh truong mam non 3 ngay r chua ai thu gom") == "moi_truong"
    assert read_category("o ga sau giua duong truoc cong truong THCS") == "giao_thong"


def test_two_areas_told_alike_leave_the_question_to_the_citizen() -> None:
    assert clear_category("kiến nghị lắp đèn cho con đường mới mở vào khu tái định cư") is None
    assert clear_category("rác thải đổ bừa bãi ra mương, bốc mùi") == "moi_truong"


def test_a_description_that_says_how_many_days_is_no_question_about_a_procedure() -> None:
    told = (
        "Ở đầu ngõ 112 đường Lê Lợi, phường Hòa Bình, mấy hộ kinh doanh đổ rác thẳng ra lòng "
        "đường, để mấy ngày không ai dọn, bốc mùi rất khó chịu"
    )
    turn = Turn(
        text=told,
        intent="ask_processing_time",
        confidence=0.9,
        entities={},
        requested="petition_description",
        slots={"petition_kind": "phan_anh"},
        names_a_procedure=True,
    )
    reading = read_turn(turn)
    assert reading.aside is None
    assert reading.updates["petition_description"].startswith("Ở đầu ngõ 112")


def test_a_fuller_place_typed_for_the_commune_is_kept_with_the_place() -> None:
    slots = {"petition_place": "chợ xã ngày nào"}
    reading = read_turn(_turn("cạnh chợ trung tâm xã Tân Sơn", "petition_commune", **slots))
    assert reading.commune_answer == "cạnh chợ trung tâm xã Tân Sơn"
    assert reading.updates["petition_place"] == "chợ xã ngày nào, cạnh chợ trung tâm xã Tân Sơn"
    bare = read_turn(_turn("xã Tân Sơn", "petition_commune", **slots))
    assert "petition_place" not in bare.updates


@pytest.mark.parametrize(
    "told",
    [
        "doan duong qua deo Thung Khe co da lan xuong chiem gan nua duong, chua co bien canh bao "
        "gi, toi di qua so chet khiep",
        "Hi, can I report the street vendors blocking the pavement on the bridge approach?",
    ],
)
def test_a_problem_told_with_a_question_word_is_no_procedure_question(told: str) -> None:
    assert not plainly_asks_a_procedure(told)


@pytest.mark.parametrize(
    "asked",
    [
        "mo quan tra sua nho thi dk ho kinh doanh het bao nhiu tien",
        "Bé nhà tôi chưa có thẻ BHYT, làm thẻ cho bé thì ra xã hay ra cơ quan bảo hiểm xã hội ạ?",
    ],
)
def test_a_question_about_a_procedure_is_one_with_or_without_its_mark(asked: str) -> None:
    assert plainly_asks_a_procedure(asked)


@pytest.mark.parametrize(
    "typed",
    ["cái này không thuộc mấy lĩnh vực kia, chắc là khác", "something else, not in the list"],
)
def test_other_said_in_a_sentence_answers_which_area_without_asking_for_more(typed: str) -> None:
    reading = read_turn(
        _turn(
            typed,
            "petition_category",
            petition_kind="kien_nghi",
            petition_description="Đề nghị một cửa làm việc thêm sáng thứ bảy cho người đi làm",
        )
    )
    assert reading.updates == {"petition_category": "khac"}


@pytest.mark.parametrize("opening", ["phản ánh", "tôi muốn gửi kiến nghị", "Phạm Thị Nga"])
def test_a_request_or_a_name_says_nothing_of_the_area(opening: str) -> None:
    assert clear_category(opening) is None


@pytest.mark.parametrize(
    ("description", "category"),
    [
        ("den ngo 12 tat 3 hom", "chieu_sang"),
        ("hát karaoke ồn quá, đêm nào cũng đến 12h", "trat_tu"),
    ],
)
def test_the_whole_description_gives_the_area(description: str, category: str) -> None:
    assert clear_category(description) == category


def test_a_side_remark_the_word_lists_take_for_the_matter_leaves_the_area_to_be_asked() -> None:
    # the lists hear "trường", "học sinh" (schools); the whole description speaks of the road
    road = "Đường Hùng Vương đoạn trước trường bị lún thành vệt dài, xe qua văng nước vào học sinh"
    assert clear_category(road) is None


@pytest.mark.parametrize(
    ("typed", "wish"),
    [
        ("có, đừng để tên tôi", True),
        ("co, dung de ten toi", True),
        ("khỏi ghi tên nhé", True),
        ("yes, don't put my name", True),
        # folded "dung" is also "đúng" (right): without a yes first, it asks to be named
        ("đúng, để tên tôi", False),
        ("khong, de ten toi", False),
    ],
)
def test_dont_put_my_name_is_a_wish_to_stay_unnamed(typed: str, wish: bool) -> None:
    assert read_anonymity_wish(typed) is wish


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("k.nghi", "kien_nghi"),
        ("k nghi a", "kien_nghi"),
        ("kiếnnghị", "kien_nghi"),
        ("đx", "kien_nghi"),
        ("p.anh", "phan_anh"),
        ("k.nai", "khieu_nai"),
        ("tc nhe", "to_cao"),
    ],
)
def test_a_kind_abbreviated_answers_which_kind(typed: str, kind: str) -> None:
    assert read_kind(typed, answering=True) == kind
    # outside that question "k nghi" may be "không nghĩ"
    assert read_kind(typed) is None


def test_a_name_after_tôi_or_opening_a_clause_with_tên() -> None:
    assert find_name("Chào bạn, số của tôi là 0982 135 792, tên Lò Thị Xuân.") == "Lò Thị Xuân"
    assert find_name("Tôi Đinh Văn Khải, điện thoại 0336.559.882, nhà ở xóm Mít") == "Đinh Văn Khải"
    assert find_name("tôi mai đi làm") is None
    assert find_name("em muốn đổi tên Trần Văn A thành Trần Văn B") is None
    assert find_name("tên đường là Lê Lợi") is None


def test_the_problem_gone_is_a_cancel_even_with_its_reason() -> None:
    text = "À thôi không cần nữa, vừa thấy điện lực đến thay bóng xong rồi."
    assert wants_to_cancel(text, firmly=True)


@pytest.mark.parametrize(
    "typed",
    ["food safety", "pa ve ve sinh thuc pham", "quán bún bán đồ ăn thiu", "phòng khám chui"],
)
def test_food_safety_and_clinics_are_health(typed: str) -> None:
    assert read_category(typed) == "y_te"


@pytest.mark.parametrize(
    "typed",
    ["đề nghị thêm điểm dừng xe buýt trước cổng bệnh viện", "the bus stop outside the hospital"],
)
def test_a_hospital_named_as_the_place_is_not_health(typed: str) -> None:
    assert read_category(typed) != "y_te"


def test_an_opinion_to_send_asks_for_a_petition() -> None:
    assert asks_for_a_petition("Tôi có ý kiến muốn gửi lên tỉnh")
    assert not asks_for_a_petition("tôi gửi đơn từ tuần trước chưa thấy trả lời")


def test_whether_it_can_be_done_online_is_where() -> None:
    text = (
        "Khoan đã, tiện hỏi luôn, con gái tôi sắp cưới, đăng ký kết hôn có làm online được không?"
    )
    assert clear_aspect(text) == "ask_where"
    assert clear_aspect("nộp online có được giảm phí không") == "ask_fee"


@pytest.mark.parametrize(
    "typed",
    [
        "Đăng ký tạm trú qua ứng dụng được không",
        "doi bang lai lam tren dvc dc k",
        "chung thuc ban sao o buu dien dc ko",
        "lam cccd o cong an xa dc ko",
    ],
)
def test_whether_an_office_or_an_app_will_do_it_is_where(typed: str) -> None:
    assert clear_aspect(typed) == "ask_where"


def test_selling_online_is_not_filing_online() -> None:
    assert clear_aspect("dang ki ho kinh doanh ban hang online co can ko") is None


def test_a_typo_in_the_name_said_in_english_is_a_correction() -> None:
    typed = "Sorry, there's a typo in my name, it should be Dang Quoc Bao, not Boa"
    correction = read_correction(typed)
    assert correction is not None
    assert (correction.slot, correction.value) == ("petition_name", "Dang Quoc Bao")


def test_an_english_village_then_its_commune_is_a_place() -> None:
    typed = (
        "I'm Hannah Do, and I live in Hop Thinh village, Binh Nguyen commune. I'd like to propose"
    )
    assert find_place(typed) == "Hop Thinh village, Binh Nguyen commune"


def test_an_illegal_act_told_without_a_kind_leaves_the_kind_to_the_citizen() -> None:
    told = "mấy thanh niên tụ tập đánh bạc ở nhà văn hóa thôn suốt đêm, sáng ra vứt đầy vỏ bài"
    reading = read_activation(_turn(told, None))
    assert reading.updates["petition_description"].startswith("mấy thanh niên")
    assert "petition_kind" not in reading.updates
    assert required_slots(reading.updates)[0] == "petition_kind"
    pothole = read_activation(_turn("đường vào xóm có ổ gà to, xe máy ngã suốt", None))
    assert pothole.updates["petition_kind"] == "phan_anh"


def test_a_place_put_right_at_the_phone_question_without_naming_the_field() -> None:
    slots = {"petition_place": "xóm Bến, xã Thanh Vinh", "petition_name": "Nguyễn Thị Tâm"}
    typed = "À khoan, chỗ đó là xóm Bến xã Hà Lộc chứ không phải Thanh Vinh, tôi nhầm"
    reading = read_turn(_turn(typed, "petition_phone", **slots))
    assert reading.updates == {"petition_place": "xóm Bến xã Hà Lộc"}
    assert "utter_invalid_phone" not in reading.notes


def test_a_kind_corrected_to_an_area_changes_the_area() -> None:
    area = read_correction(
        "À phần loại vấn đề sửa thành xây dựng trái phép nhé, không phải đất đai"
    )
    assert area is not None and area.slot == "petition_category"
    kind = read_correction("sửa loại đơn thành khiếu nại")
    assert kind is not None and (kind.slot, kind.value) == ("petition_kind", "khiếu nại")


def test_an_english_residential_group_is_a_place() -> None:
    said = "Hello, I live in group 4, Dong Tien ward, Hoa Binh city and I want to report something."
    assert find_place(said) == "group 4, Dong Tien ward, Hoa Binh city"


def test_a_tree_about_to_fall_is_the_environment_not_a_building() -> None:
    assert clear_category("cây bàng sắp đổ") == "moi_truong"
    assert clear_category("nhà bên cạnh bị nghiêng sắp đổ") == "xay_dung"


def test_an_introduction_with_a_request_names_no_area() -> None:
    said = "Tôi là Lê Thị Bích, số 0369 770 451, ở thôn Tiên Lữ, xã Xuân Lũng. Tôi muốn khiếu nại."
    reading = read_activation(_turn(said, None))
    assert "petition_category" not in reading.updates
    assert reading.updates["petition_kind"] == "khieu_nai"


def _asked_at_the_name_question(text: str, confidence: float) -> Turn:
    return Turn(
        text=text,
        intent="ask_procedure",
        confidence=confidence,
        entities={},
        requested="petition_name",
        slots={"petition_kind": "to_cao"},
        names_a_procedure=True,
    )


def test_a_procedure_asked_in_words_at_the_name_question_is_answered() -> None:
    asked = "Cho tôi hỏi qua về thủ tục xin giấy phép xây dựng nhà ở với"
    assert read_turn(_asked_at_the_name_question(asked, 0.9)).aside == "procedure"


@pytest.mark.parametrize(
    ("typed", "kind"),
    [("kieu nai", "khieu_nai"), ("khieu nia", "khieu_nai"), ("phan anhh", "phan_anh")],
)
def test_a_kind_misspelt_in_a_short_message_is_still_a_request(typed: str, kind: str) -> None:
    assert read_kind(typed) == kind
    assert asks_for_a_petition(typed)
    assert read_kind("khai sinh") is None and read_kind("tu cao") is None


def test_a_house_number_and_street_in_english_is_a_place() -> None:
    said = "Hi, I'm Thu, phone 0934567210. I live at 25 Tran Phu street, Tan Dan ward, Viet Tri."
    assert find_place(said) == "25 Tran Phu street, Tan Dan ward, Viet Tri"


def test_a_place_put_right_in_two_sentences_keeps_the_new_place() -> None:
    said = "Sorry, the place is wrong. It's Hung Lo commune, Viet Tri, not Kim Duc."
    reading = read_turn(_turn(said, "petition_phone", petition_place="Kim Duc commune"))
    assert reading.updates == {"petition_place": "Hung Lo commune, Viet Tri"}


def test_a_long_description_put_right_at_the_place_question_is_not_the_place() -> None:
    said = (
        "À tôi sửa lại phần nội dung: Con tôi bị trường tiểu học từ chối nhận vào lớp 1 dù nhà "
        "tôi có hộ khẩu thường trú đúng tuyến, trường bảo hết chỉ tiêu nhưng vẫn nhận học sinh "
        "trái tuyến."
    )
    slots = {"petition_kind": "khieu_nai", "petition_description": "Con tôi bị từ chối vào lớp 1"}
    reading = read_turn(_turn(said, "petition_place", **slots))
    assert set(reading.updates) == {"petition_description"}
    assert "trái tuyến" in reading.updates["petition_description"]


@pytest.mark.parametrize(
    "told",
    [
        "Nhà ông Khánh tự ý đổ đất lấn ra mương thủy lợi của hợp tác xã để làm sân",
        "co nguoi la hay tu tap o bai dat sau truong, nghi la chich hut, sang ra thay kim tiem",
    ],
)
def test_an_encroachment_by_a_neighbour_or_drug_use_is_asked_its_kind(told: str) -> None:
    assert "petition_kind" not in read_activation(_turn(told, None)).updates


def test_a_question_marked_at_the_name_question_is_answered_though_the_classifier_hesitates() -> (
    None
):
    asked = (
        "sorry, unrelated: we need a residence confirmation for school, can we request it online?"
    )
    turn = _asked_at_the_name_question(asked, 0.41)
    assert read_turn(turn).aside == "procedure"
    named = Turn(**{**turn.__dict__, "text": "Tran Van Minh", "names_a_procedure": False})
    assert read_turn(named).aside is None


def test_a_place_ends_where_the_citizen_goes_on_to_say_something_else() -> None:
    assert find_place("Ổ gà ở phường Tân Dân, mấy hôm nay xe ngã liên tục") == "phường Tân Dân"
    # after a comma, an address word or a name goes on with the place
    assert find_place("rác đổ ở thôn Bến, xã Cao Xá, Lâm Thao") == "thôn Bến, xã Cao Xá, Lâm Thao"
    # a landmark in front of which it happens
    assert find_place("Ngập nước trước cổng trường xã Tứ Xã, các cháu lội") == (
        "cổng trường xã Tứ Xã"
    )


def test_giving_up_to_go_in_person_or_saying_do_not_send_cancels() -> None:
    assert wants_to_cancel("thôi để tôi ra phường hỏi trực tiếp cho nhanh")
    assert wants_to_cancel("khoan, đừng gửi nữa nhé, em nghĩ lại đã")
    assert wants_to_cancel("never mind, I'll go to the ward office myself")
    assert not wants_to_cancel("đừng để lộ tên tôi")


def test_a_misspelt_kind_after_a_verb_that_sends_it() -> None:
    assert read_kind("cho mình gửi khieu nại ạ nhé ad") == "khieu_nai"
    assert asks_for_a_petition("chao ad e muon gui to caoo")
    # a long message compares only what follows the verb
    assert read_kind("hôm qua tôi gửi tiền cho con ở Hà Nội") is None


def test_an_official_asking_for_money_is_wrongdoing_whose_kind_is_asked() -> None:
    assert tells_of_wrongdoing("cán bộ tư pháp đòi thêm 2 triệu mới đóng dấu")
    assert tells_of_wrongdoing("ông phó chủ tịch nhận phong bì của chủ thầu")
    assert not tells_of_wrongdoing("hàng xóm đòi bồi thường 5 triệu vì cây đổ")
