"""Finding the procedure a citizen means from what they type, the way they type it.

No database: the index is built from the seed files and the NLU synonyms, as the benchmark
builds it. The sentences here are not the benchmark's queries.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from procedure_search import (
    Match,
    ProcedureIndex,
    Resolution,
    names_of,
    resolve,
    synonyms_from_training_data,
)
from storage.seed import SEED_DIR, read_yaml

SYNONYMS = Path(__file__).resolve().parents[2] / "nlu" / "data" / "nlu" / "entities.yml"


@pytest.fixture(scope="module")
def index() -> ProcedureIndex:
    synonyms = synonyms_from_training_data(SYNONYMS)
    entries = []
    for path in sorted((SEED_DIR / "procedures").glob("*.yml")):
        entry = read_yaml(path)
        entries.append((entry["code"], [*names_of(entry), *synonyms.get(entry["code"], [])]))
    return ProcedureIndex.build(entries)


def answer(index: ProcedureIndex, text: str) -> Resolution:
    return resolve(index.search(text))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("so do", "cap_so_do"),
        ("sổ hồng", "cap_so_do"),
        ("so hong", "cap_so_do"),
        ("lam cccd", "can_cuoc"),
        ("can cuoc", "can_cuoc"),
        ("dang ky tam tru", "tam_tru"),
        ("mình muốn làm căn cước cho con", "can_cuoc"),
    ],
)
def test_shorthand_and_missing_diacritics_find_the_procedure(
    index: ProcedureIndex, text: str, code: str
) -> None:
    assert answer(index, text) == Resolution(code, [])


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("how do I renew my passport", "ho_chieu"),
        ("i lost my passport", "ho_chieu"),
        ("my father died", "khai_tu"),
        ("where do i register my marriage", "ket_hon"),
        ("marriage certificates", "ket_hon"),
        ("i want to start a company", "thanh_lap_doanh_nghiep"),
    ],
)
def test_english_questions_find_the_procedure(index: ProcedureIndex, text: str, code: str) -> None:
    assert answer(index, text) == Resolution(code, [])


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("khai sihn", "khai_sinh"),
        ("giấy phép xây dựg", "giay_phep_xay_dung"),
        ("đăng ký thường chú", "thuong_tru"),
        ("pasport renewal", "ho_chieu"),
    ],
)
def test_typos_and_dialect_spellings_are_mended(
    index: ProcedureIndex, text: str, code: str
) -> None:
    assert answer(index, text) == Resolution(code, [])


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("bố tôi vừa qua đời", "khai_tu"),
        ("lấy vợ", "ket_hon"),
        ("mẹ mới đẻ em bé", "khai_sinh"),
        ("mở tiệm cắt tóc cần đăng ký gì", "ho_kinh_doanh"),
        ("mất căn cước", "can_cuoc"),
        ("mất hộ chiếu", "ho_chieu"),
    ],
)
def test_everyday_words_find_the_procedure(index: ProcedureIndex, text: str, code: str) -> None:
    assert answer(index, text) == Resolution(code, [])


def test_words_that_fold_alike_keep_their_own_meaning(index: ProcedureIndex) -> None:
    # "để" (so that) is not "đẻ" (give birth); "cần" (need) is not "căn" (căn cước)
    assert answer(index, "giấy độc thân để vay vốn") == Resolution("xac_nhan_hon_nhan", [])
    assert answer(index, "cần làm gì") == Resolution(None, [])
    # "mất bao lâu" asks how long, it does not report a loss or a death
    assert answer(index, "làm hộ chiếu mất bao lâu") == Resolution("ho_chieu", [])


def test_the_same_words_point_where_their_neighbours_say(index: ProcedureIndex) -> None:
    assert answer(index, "hộ chiếu hết hạn") == Resolution("ho_chieu", [])
    assert answer(index, "bằng lái hết hạn") == Resolution("doi_giay_phep_lai_xe", [])
    assert answer(index, "giấy xác nhận chưa kết hôn") == Resolution("xac_nhan_hon_nhan", [])
    assert answer(index, "bản sao giấy khai sinh") == Resolution("trich_luc_ho_tich", [])
    assert answer(index, "sửa ngày sinh trong giấy khai sinh") == Resolution(
        "cai_chinh_ho_tich", []
    )


def test_a_name_in_order_outranks_the_same_words_scattered() -> None:
    index = ProcedureIndex.build([("in_order", ["khai tử"]), ("reversed", ["tử khai"])])
    assert [m.code for m in index.search("khai tu")] == ["in_order", "reversed"]
    assert [m.code for m in index.search("tu khai")] == ["reversed", "in_order"]


@pytest.mark.parametrize(
    "text",
    [
        "thời tiết hôm nay thế nào",
        "xin chào",
        "hello",
        "cảm ơn bạn nhiều",
        "thủ tục cần những giấy tờ gì",
        "tôi muốn khiếu nại về đường hỏng",
        "bằng đại học",
        "sinh nhật",
        "mua nhà",
        "",
        "???",
    ],
)
def test_a_question_about_no_procedure_finds_nothing(index: ProcedureIndex, text: str) -> None:
    assert answer(index, text) == Resolution(None, [])


@pytest.mark.parametrize("text", ["đăng ký", "dang ky", "xác nhận", "giấy phép", "cấp lại"])
def test_a_bare_generic_word_gets_no_confident_answer(index: ProcedureIndex, text: str) -> None:
    assert answer(index, text).code is None


def test_two_close_procedures_are_offered_as_choices(index: ProcedureIndex) -> None:
    # a household business or a company: both register "kinh doanh"
    found = answer(index, "đăng ký kinh doanh")
    assert found.code is None
    assert set(found.choices) == {"ho_kinh_doanh", "thanh_lap_doanh_nghiep"}


def test_search_ranks_best_first_within_the_limit(index: ProcedureIndex) -> None:
    matches = index.search("khai sinh cho con", limit=2)
    assert len(matches) == 2
    assert matches[0].code == "khai_sinh"
    assert matches[0].score > matches[1].score


def test_resolve_names_one_clear_winner() -> None:
    assert resolve([Match("a", 8.0), Match("b", 3.0)]) == Resolution("a", [])


def test_resolve_offers_close_seconds_as_choices() -> None:
    matches = [Match("a", 8.0), Match("b", 7.5), Match("c", 7.0), Match("d", 2.0)]
    assert resolve(matches) == Resolution(None, ["a", "b", "c"])


def test_resolve_finds_nothing_in_weak_or_no_matches() -> None:
    assert resolve([Match("a", 1.0), Match("b", 0.9)]) == Resolution(None, [])
    assert resolve([]) == Resolution(None, [])
