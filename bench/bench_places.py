"""Typed places to communes: how often a place written as citizens write it (accented, without
diacritics, abbreviated, pre-2025, English, with typos) finds the right commune of the example
deployment's province, and how fast.

    PYTHONPATH=. .venv/app/bin/python bench/bench_places.py [--show-misses]

The strings in bench/places/ were written without the matcher's code; the communes and their
former names are the ones `make db` loads (vietnam-provinces, vietnamadminunits).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

from core.communes import CommuneIndex
from core.text import fold
from storage.commune_source import former_names, province_communes

PLACES = Path(__file__).resolve().parent / "places" / "phu_tho_places.yml"
PROVINCE = "Tỉnh Phú Thọ"
GOAL = 0.95


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show-misses", action="store_true")
    arguments = parser.parse_args()
    communes = province_communes(PROVINCE)
    code_of = {fold(c.name): c.code for c in communes}
    index = CommuneIndex(
        [(c.code, c.name) for c in communes],
        [(f.name, f.district, f.commune_code) for f in former_names(PROVINCE)],
    )
    places = yaml.safe_load(PLACES.read_text(encoding="utf-8"))["places"]
    right: dict[str, list[bool]] = defaultdict(list)
    timings = []
    for place in places:
        started = time.perf_counter()
        found = index.candidates(place["text"])
        timings.append(time.perf_counter() - started)
        ok = found == [code_of[fold(place["commune"])]]
        right[place["style"]].append(ok)
        if not ok and arguments.show_misses:
            print(
                f"  miss ({place['style']}): {place['text']!r} -> {found}, want {place['commune']}"
            )
    total = [ok for oks in right.values() for ok in oks]
    for style, oks in sorted(right.items()):
        print(f"{style:12} {sum(oks):4}/{len(oks):<4} {sum(oks) / len(oks):6.1%}")
    rate = sum(total) / len(total)
    print(f"{'overall':12} {sum(total):4}/{len(total):<4} {rate:6.1%} (goal {GOAL:.0%})")
    print(
        f"match time: median {statistics.median(timings) * 1000:.2f} ms, "
        f"p95 {sorted(timings)[int(len(timings) * 0.95)] * 1000:.2f} ms "
        f"({len(communes)} communes)"
    )
    return 0 if rate >= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
