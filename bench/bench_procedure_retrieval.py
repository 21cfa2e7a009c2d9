"""Procedure retrieval: top-1 accuracy on bench/data/procedure_queries.yml, and lookup latency
with the catalogue grown to 5,000 procedures (the national catalogue's order of size).

    make bench        # or: PYTHONPATH=. .venv/app/bin/python bench/bench_procedure_retrieval.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

import yaml

from procedure_search import (
    ProcedureIndex,
    names_of,
    resolve,
    synonyms_from_training_data,
)
from storage.seed import SEED_DIR, read_yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "bench" / "data" / "procedure_queries.yml"
SYNONYMS = ROOT / "nlu" / "data" / "nlu" / "entities.yml"
TARGET_ACCURACY = 0.95
TARGET_P95_MS = 20.0

SYLLABLES = (
    "cấp đổi lại giấy phép chứng nhận đăng ký thông báo xác nhận thẩm định phê duyệt điều chỉnh "
    "gia hạn thu hồi hoạt động kinh doanh vận tải hàng hóa dược phẩm thú y thủy sản lâm nghiệp "
    "khoáng sản điện lực viễn thông báo chí xuất bản quảng cáo du lịch lữ hành thể thao văn hóa "
    "di sản giáo dục đào tạo nghề y tế khám chữa bệnh hành nghề luật sư công chứng đấu giá "
    "trọng tài hòa giải thương mại hải quan thuế phí ngân sách đầu tư xây dựng quy hoạch kiến trúc"
).split()


def real_entries() -> list[tuple[str, list[str]]]:
    synonyms = synonyms_from_training_data(SYNONYMS)
    entries = []
    for path in sorted((SEED_DIR / "procedures").glob("*.yml")):
        entry = read_yaml(path)
        entries.append((entry["code"], [*names_of(entry), *synonyms.get(entry["code"], [])]))
    return entries


def synthetic_entries(count: int, seed: int = 2026) -> list[tuple[str, list[str]]]:
    rng = random.Random(seed)
    entries = []
    for n in range(count):
        name = " ".join(rng.sample(SYLLABLES, rng.randint(5, 9)))
        aliases = [" ".join(rng.sample(SYLLABLES, rng.randint(2, 4))) for _ in range(3)]
        entries.append((f"synthetic_{n}", [name, *aliases]))
    return entries


def accuracy(index: ProcedureIndex, queries: list[dict[str, str]]) -> tuple[float, list[str]]:
    misses = []
    for query in queries:
        matches = index.search(query["text"])
        decided = resolve(matches)
        # an offered choice that holds the right answer first counts as found
        got = decided.code or (decided.choices[0] if decided.choices else None)
        if got != query["expect"]:
            top = ", ".join(f"{m.code}:{m.score:.0f}" for m in matches)
            misses.append(f"  {query['text']!r}: expected {query['expect']}, got [{top}]")
    return 1 - len(misses) / len(queries), misses


def latency(index: ProcedureIndex, queries: list[dict[str, str]], rounds: int = 3) -> list[float]:
    timings = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            resolve(index.search(query["text"]))
            timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)


def main() -> int:
    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]
    entries = real_entries()
    index = ProcedureIndex.build(entries)
    top1, misses = accuracy(index, queries)
    print(f"queries: {len(queries)}; procedures: {len(entries)}")
    print(f"top-1 accuracy: {top1:.3f} (target {TARGET_ACCURACY})")
    if misses:
        print("misses:")
        print("\n".join(misses))

    grown = ProcedureIndex.build(entries + synthetic_entries(5000 - len(entries)))
    grown_top1, _ = accuracy(grown, queries)
    timings = latency(grown, queries)
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"5,000 procedures ({len(grown.names)} names): top-1 {grown_top1:.3f}, "
        f"lookup p50 {p50:.2f} ms, p95 {p95:.2f} ms (target p95 < {TARGET_P95_MS} ms)"
    )
    ok = top1 >= TARGET_ACCURACY and p95 < TARGET_P95_MS
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
