"""Typed places to communes (core.communes), on a small made-up province."""

from __future__ import annotations

import pytest

from core.communes import CommuneIndex

INDEX = CommuneIndex(
    [
        ("hoa_binh", "Phường Hòa Bình"),
        ("ky_son", "Phường Kỳ Sơn"),
        ("tam_duong", "Xã Tam Dương"),
        ("tam_duong_bac", "Xã Tam Dương Bắc"),
        ("au_co", "Phường Âu Cơ"),
        ("cao_phong", "Xã Cao Phong"),
        ("an_binh", "Xã An Bình"),
        ("thong_nhat", "Phường Thống Nhất"),
        ("viet_tri", "Phường Việt Trì"),
        ("thanh_mieu", "Phường Thanh Miếu"),
    ],
    [
        ("Phường Đồng Tiến", "Thành phố Hòa Bình", "hoa_binh"),
        ("Phường Thống Nhất", "Thành phố Hòa Bình", "thong_nhat"),
        ("Xã Thống Nhất", "Huyện Lạc Thủy", "an_binh"),
        ("Thị trấn Cao Phong", "Huyện Cao Phong", "cao_phong"),
        ("Phường Sông Lô", "Thành phố Việt Trì", "thanh_mieu"),
    ],
)


@pytest.mark.parametrize(
    ("place", "code"),
    [
        ("tổ 7, phường Kỳ Sơn", "ky_son"),
        ("to 7 p.ky son", "ky_son"),
        ("Ky Son ward", "ky_son"),
        ("phường Kì Sơn", "ky_son"),  # the other spelling Vietnamese allows
        ("xa cao phog", "cao_phong"),  # a slipped letter after the unit word
        ("Cao Phong", "cao_phong"),  # a bare name typed alone
        ("x. Tam Dương Bắc", "tam_duong_bac"),  # not the shorter namesake inside it
        ("thôn Đồng, xã Tam Dương", "tam_duong"),
        ("số 5 Lê Lợi, phường Đồng Tiến, TP Hòa Bình", "hoa_binh"),  # a pre-2025 address
        ("xã Thống Nhất, huyện Lạc Thủy, Hòa Bình", "an_binh"),  # its own district, the nearest
        ("đường Âu Cơ, xã Cao Phong", "cao_phong"),  # a street named like a ward
        ("TT Cao Phong, huyện Cao Phong", "cao_phong"),
        # the river, not the former ward of Việt Trì called Sông Lô
        ("bãi sông Lô, phường Việt Trì", "viet_tri"),
        ("phường Sông Lô, TP Việt Trì", "thanh_mieu"),
    ],
)
def test_a_typed_place_finds_its_commune(place: str, code: str) -> None:
    assert INDEX.match(place) == code


def test_a_province_or_former_district_named_alone_is_no_commune() -> None:
    assert INDEX.candidates("tỉnh Hòa Bình") == []
    assert INDEX.match("gần chợ, đường Âu Cơ") is None


def test_two_communes_named_with_unit_words_are_offered_both() -> None:
    assert INDEX.candidates("giữa phường Kỳ Sơn và xã Cao Phong") == ["cao_phong", "ky_son"]
    assert INDEX.match("giữa phường Kỳ Sơn và xã Cao Phong") is None
