"""Questions about procedures, answered from the catalogue through the whole stack."""

from __future__ import annotations

from tests.integration.conftest import WebChat, button_payloads, texts
from tests.servers import Stack


async def test_id_card_question_without_diacritics_gets_the_catalogue_facts(stack: Stack) -> None:
    answer = texts(await WebChat(stack.gateway_url).say("thu tuc lam can cuoc can giay to gi"))
    assert "thẻ căn cước" in answer.lower()
    assert "Lệ phí" in answer
    assert "Nguồn:" in answer and "Căn cứ:" in answer
    # the seed entry was compiled on 20 Nov 2026 and no official has checked it again since
    assert "20/11/2026, chưa được đối chiếu lại" in answer


async def test_same_question_with_diacritics_gets_the_same_procedure(stack: Stack) -> None:
    plain = texts(await WebChat(stack.gateway_url).say("lam ho chieu can giay to gi"))
    accented = texts(await WebChat(stack.gateway_url).say("làm hộ chiếu cần giấy tờ gì"))
    assert "hộ chiếu" in plain.lower()
    assert plain.splitlines()[0] == accented.splitlines()[0]


async def test_follow_up_fee_question_uses_the_procedure_in_the_conversation(stack: Stack) -> None:
    chat = WebChat(stack.gateway_url)
    await chat.say("đăng ký kết hôn cần những gì")
    fee = texts(await chat.say("lệ phí bao nhiêu?"))
    assert "Lệ phí" in fee
    assert "kết hôn" in fee.lower()


async def test_english_question_gets_an_english_answer(stack: Stack) -> None:
    answer = texts(await WebChat(stack.gateway_url).say("how do I apply for a passport"))
    assert "Passport" in answer or "passport" in answer
    assert "Fee:" in answer and "Source:" in answer


async def test_a_button_for_the_full_list_of_papers_answers_in_detail(stack: Stack) -> None:
    chat = WebChat(stack.gateway_url)
    summary = await chat.say("thủ tục khai sinh cho con")
    assert '/ask_procedure{"aspect":"documents"}' in button_payloads(summary)
    documents = texts(await chat.say('/ask_procedure{"aspect":"documents"}'))
    assert "Giấy tờ cần có" in documents
    assert "1." in documents


async def test_choosing_a_procedure_by_button_answers_for_that_procedure(stack: Stack) -> None:
    answer = texts(
        await WebChat(stack.gateway_url).say('/ask_procedure{"procedure":"ly_lich_tu_phap"}')
    )
    assert "lý lịch tư pháp" in answer.lower()


async def test_unknown_procedure_points_to_the_portal(stack: Stack) -> None:
    answer = texts(await WebChat(stack.gateway_url).say("thủ tục xin cấp phép bay flycam thế nào"))
    assert "dichvucong.gov.vn" in answer or "?" in answer


async def test_an_ambiguous_question_offers_choices_and_a_tap_answers_the_chosen_one(
    stack: Stack,
) -> None:
    chat = WebChat(stack.gateway_url)
    offered = await chat.say("đăng ký kinh doanh")
    choices = [p for p in button_payloads(offered) if '"procedure"' in p]
    assert '/ask_procedure{"procedure":"ho_kinh_doanh"}' in choices
    assert '/ask_procedure{"procedure":"thanh_lap_doanh_nghiep"}' in choices
    answer = texts(await chat.say('/ask_procedure{"procedure":"thanh_lap_doanh_nghiep"}'))
    assert "doanh nghiệp" in answer.lower()
    assert "Nguồn:" in answer
