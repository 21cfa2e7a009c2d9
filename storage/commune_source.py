"""A province's communes and wards from maintained packages, for `make db`.

`vietnam-provinces` lists the units after the 1 July 2025 reorganisation (two tiers: province,
then commune or ward). `vietnamadminunits` gives each unit's centre and converts every
pre-2025 ward, commune and town of the provinces merged into this one to the unit it is now part
of, so "phường Đồng Tiến, TP Hòa Bình" still finds its commune.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from vietnam_provinces import Province, Ward
from vietnamadminunits import convert_address
from vietnamadminunits.database import query

from core.text import fold

UNIT_PREFIXES = ("phuong_", "xa_", "dac_khu_")


@dataclass(frozen=True)
class CommuneRecord:
    code: str
    name: str
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class FormerName:
    name: str  # "Phường Đồng Tiến"
    district: str  # "Thành phố Hòa Bình"
    commune_code: str


def _bare_province(name: str) -> str:
    return fold(name).removeprefix("tinh ").removeprefix("thanh pho ")


def _province(name: str) -> Province:
    wanted = _bare_province(name)
    for province in Province.iter_all():
        if _bare_province(province.name) == wanted:
            return province
    raise ValueError(f"no province named {name!r} in vietnam-provinces")


def commune_code(codename: str) -> str:
    """The deployment's code for a unit: its codename without the unit word ("viet_tri")."""
    for prefix in UNIT_PREFIXES:
        if codename.startswith(prefix):
            return codename[len(prefix) :]
    return codename


@lru_cache(maxsize=4)
def _centres(province_code: str) -> dict[str, tuple[float, float]]:
    rows = query(
        f"SELECT wardCode, wardLat, wardLon FROM admin_units WHERE provinceCode = '{province_code}'"  # noqa: S608 (a two-digit code from the package)
    )
    return {str(r["wardCode"]): (r["wardLat"], r["wardLon"]) for r in rows if r["wardLat"]}


def province_communes(province_name: str) -> list[CommuneRecord]:
    """Every commune and ward of the province, as the 2025 reorganisation made them."""
    province = _province(province_name)
    centres = _centres(f"{province.code.value:02d}")
    records = []
    for ward in Ward.iter_all():
        if ward.province_code != province.code:
            continue
        latitude, longitude = centres.get(f"{ward.code.value:05d}", (None, None))
        records.append(CommuneRecord(commune_code(ward.codename), ward.name, latitude, longitude))
    return records


def former_names(province_name: str) -> list[FormerName]:
    """Every pre-2025 ward, commune and town now inside the province, with the unit it became."""
    province = _province(province_name)
    by_name = {
        fold(ward.name): commune_code(ward.codename)
        for ward in Ward.iter_all()
        if ward.province_code == province.code
    }
    target = _bare_province(province.name)
    legacy = query("SELECT DISTINCT province, district, ward FROM admin_units_legacy")
    merged: dict[str, bool] = {}
    found: list[FormerName] = []
    for row in legacy:
        old_province = str(row["province"])
        address = f"{row['ward']}, {row['district']}, {old_province}"
        if old_province not in merged:
            # provinces were merged whole: one unit tells where a former province went
            merged[old_province] = _bare_province(convert_address(address).province or "") == target
        if not merged[old_province]:
            continue
        now = convert_address(address).ward
        code = by_name.get(fold(now or ""))
        if code is not None:
            found.append(FormerName(str(row["ward"]), str(row["district"]), code))
    return found
