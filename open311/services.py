"""The service types Open311 lists: the petition categories, with their group and the words
people use for them, and the two questions every request may answer (its kind, anonymity)."""

from __future__ import annotations

from typing import Any

from core.labels import CATEGORIES, PETITION_KINDS

# (group, keywords) per category, each in Vietnamese and English
_GROUPS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "giao_thong": (
        ("Hạ tầng", "Infrastructure"),
        ("ổ gà, đường hỏng, cầu, vỉa hè", "pothole, road, bridge, pavement"),
    ),
    "chieu_sang": (
        ("Hạ tầng", "Infrastructure"),
        ("đèn đường, cột đèn, chiếu sáng", "street light, lamp post, lighting"),
    ),
    "xay_dung": (
        ("Hạ tầng", "Infrastructure"),
        ("xây dựng trái phép, giấy phép xây dựng", "illegal building, building permit"),
    ),
    "moi_truong": (
        ("Môi trường", "Environment"),
        ("rác, ngập, cống, ô nhiễm", "rubbish, flooding, drain, pollution"),
    ),
    "trat_tu": (
        ("Trật tự đô thị", "Public order"),
        ("tiếng ồn, lấn chiếm vỉa hè, karaoke", "noise, blocked pavement, karaoke"),
    ),
    "dat_dai": (("Đất đai", "Land"), ("lấn chiếm đất, tranh chấp đất", "land encroachment")),
    "y_te": (
        ("Dịch vụ công", "Public services"),
        ("bệnh viện, trạm y tế, thuốc, tiêm chủng", "hospital, clinic, medicine, vaccination"),
    ),
    "giao_duc": (
        ("Dịch vụ công", "Public services"),
        ("trường học, học phí, dạy thêm, tuyển sinh", "school, fees, extra classes, enrolment"),
    ),
    "can_bo": (
        ("Hành chính", "Administration"),
        ("cán bộ, thái độ, nhũng nhiễu", "official, conduct, harassment"),
    ),
    "khac": (("Hành chính", "Administration"), ("khác", "other")),
}
# what another system may file: a report or a proposal (complaints and denunciations have
# their own legal procedure and identity rules, and are filed in person or through the chat)
FILED_KINDS = ("phan_anh", "kien_nghi")
ANONYMITY = {"yes": ("Có", "Yes"), "no": ("Không", "No")}


def _pick(pair: tuple[str, str], locale: str) -> str:
    return pair[1] if locale == "en" else pair[0]


def known(service_code: str) -> bool:
    return service_code in CATEGORIES


def service_list(locale: str) -> list[dict[str, Any]]:
    return [
        {
            "service_code": code,
            "service_name": _pick(names, locale),
            "description": _pick(names, locale),
            "metadata": True,
            "type": "realtime",
            "keywords": _pick(_GROUPS[code][1], locale),
            "group": _pick(_GROUPS[code][0], locale),
        }
        for code, names in CATEGORIES.items()
    ]


def definition(service_code: str, locale: str) -> dict[str, Any]:
    kind_words = ("Loại: phản ánh một sự việc hay kiến nghị", "A report or a proposal")
    anonymous_words = (
        "Gửi ẩn danh: cán bộ không thấy tên và số điện thoại",
        "Anonymous: officials see no name or phone",
    )
    return {
        "service_code": service_code,
        "attributes": [
            {
                "variable": True,
                "code": "kind",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": None,
                "order": 1,
                "description": _pick(kind_words, locale),
                "values": [
                    {"key": kind, "name": _pick(PETITION_KINDS[kind], locale)}
                    for kind in FILED_KINDS
                ],
            },
            {
                "variable": True,
                "code": "anonymous",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": None,
                "order": 2,
                "description": _pick(anonymous_words, locale),
                "values": [
                    {"key": key, "name": _pick(names, locale)} for key, names in ANONYMITY.items()
                ],
            },
        ],
    }
