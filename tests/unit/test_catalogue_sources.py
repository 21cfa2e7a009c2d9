"""Every catalogue entry says where each of its changing facts comes from, names its legal basis,
cites no text known to be superseded, and tells the truth about when it was checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from actions.procedure_catalogue import fee_summary

CATALOGUE = Path(__file__).resolve().parents[2] / "storage" / "seed" / "procedures"
FACTS = ("documents", "fee", "time", "where", "online")
# texts the team knows were replaced, with what replaced them
SUPERSEDED = {
    "Thông tư 12/2017/TT-BGTVT": "Thông tư 12/2025/TT-BCA (driving licences, from 1 March 2025)",
    "Thông tư 35/2024/TT-BGTVT": "Thông tư 12/2025/TT-BCA (driving licences, from 1 March 2025)",
    "Thông tư 35/2024/TT-BCA": "no such circular: Thông tư 12/2025/TT-BCA",
    "Thông tư 15/2014/TT-BCA": "Thông tư 79/2024/TT-BCA (vehicle registration)",
    "Thông tư 24/2023/TT-BCA": "Thông tư 79/2024/TT-BCA (vehicle registration)",
    "Nghị định 136/2013/NĐ-CP": "Nghị định 20/2021/NĐ-CP (social allowances)",
    "Nghị định 01/2021/NĐ-CP": "Nghị định 168/2025/NĐ-CP (enterprise registration)",
    "Luật Đất đai 2013": "Luật Đất đai 2024",
    "Luật Cư trú 2006": "Luật Cư trú 2020",
    "Thông tư 15/2015/TT-BTP": "Thông tư 04/2020/TT-BTP (civil status)",
}


def entries() -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(CATALOGUE.glob("*.yml"))]


@pytest.mark.parametrize("entry", entries(), ids=lambda e: e["code"])
def test_each_fact_has_a_source_and_the_entry_a_legal_basis(entry: dict[str, Any]) -> None:
    sources = entry.get("sources") or {}
    for fact in FACTS:
        assert str(sources.get(fact) or "").strip(), f"{entry['code']}: no source for {fact}"
    assert entry.get("legal_basis"), f"{entry['code']}: no legal basis"


@pytest.mark.parametrize("entry", entries(), ids=lambda e: e["code"])
def test_no_entry_cites_a_superseded_text(entry: dict[str, Any]) -> None:
    cited = " ".join(
        [
            *entry.get("legal_basis", []),
            entry.get("source", ""),
            *(entry.get("sources") or {}).values(),
        ]
    )
    for old, new in SUPERSEDED.items():
        assert old not in cited, f"{entry['code']} cites {old}, replaced by {new}"


@pytest.mark.parametrize("entry", entries(), ids=lambda e: e["code"])
def test_a_check_date_is_never_in_the_future(entry: dict[str, Any]) -> None:
    today = dt.date.today()
    assert entry["checked_on"] <= today
    verified = entry.get("verified_on")
    assert verified is None or verified <= today


def test_a_marriage_registration_does_not_ask_for_a_marital_status_certificate() -> None:
    marriage = next(e for e in entries() if e["code"] == "ket_hon")
    papers = " ".join(d["name_vi"] for d in marriage["documents"]).lower()
    assert "tình trạng hôn nhân" not in papers
    status = next(e for e in entries() if e["code"] == "xac_nhan_hon_nhan")
    assert not any("để kết hôn" in a and "nước ngoài" not in a for a in status["aliases"])


def test_a_fee_summary_keeps_the_case_that_costs_money() -> None:
    fee = "Cấp lần đầu: miễn phí; cấp đổi, cấp lại: 50.000 đồng/thẻ (nộp trực tuyến 25.000 đồng)"
    assert "50.000" in fee_summary(fee)
    assert fee_summary("x " * 200).endswith("…")


def test_a_household_business_is_not_asked_for_the_family_meeting_minutes() -> None:
    # Nghị định 168/2025/NĐ-CP dropped the minutes; the members' authorisation is notarised
    business = next(e for e in entries() if e["code"] == "ho_kinh_doanh")
    papers = " ".join(d["name_vi"] for d in business["documents"]).lower()
    assert "biên bản họp" not in papers
    assert business["portal_code"] != "2.000720", "2.000720 changes a registration"


def test_an_entry_checked_again_says_by_whom_and_an_unchecked_one_names_what_is_missing() -> None:
    for path in sorted(CATALOGUE.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        entry = yaml.safe_load(text)
        if entry.get("verified_on"):
            assert entry.get("verified_by"), f"{entry['code']}: checked by nobody"
            assert entry["checked_on"] == entry["verified_on"], entry["code"]
        else:
            assert "# not confirmed on" in text, f"{entry['code']}: unchecked facts not named"
