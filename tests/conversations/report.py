"""`python -m tests.conversations.report [OUT] [--only TEXT]`: every case and every procedure
question against a fresh stack; pass rates per behaviour and per style, and each failure with its
transcript. `make eval` runs it; the figures go in the README."""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from tests.conversations.runner import (
    CaseResult,
    World,
    load_cases,
    load_procedure_questions,
    play_all,
    procedure_cases,
)
from tests.conversations.world import open_world


def rates(results: list[CaseResult], key: str) -> list[str]:
    groups: dict[str, list[CaseResult]] = defaultdict(list)
    for result in results:
        groups[str(result.case.get(key))].append(result)
    lines = [f"| {key} | passed | rate |", "|---|---|---|"]
    for name in sorted(groups):
        passed = sum(r.passed for r in groups[name])
        lines.append(
            f"| {name} | {passed}/{len(groups[name])} | {passed / len(groups[name]):.1%} |"
        )
    return lines


def share(count: int, played: list[Any]) -> str:
    """A rate, or "none played" when `--only` chose none of this kind."""
    return f"{count / len(played):.1%}" if played else "none played"


def summary(conversations: list[CaseResult], questions: list[CaseResult]) -> list[str]:
    passed = sum(r.passed for r in conversations)
    answered = sum(r.passed for r in questions)
    cancelled_but_filed = [
        r
        for r in conversations
        if r.case["expect"].get("outcome") == "no_petition"
        and any("a petition was filed" in p for p in r.problems)
    ]
    lines = [
        f"Conversations: {passed}/{len(conversations)} passed ({share(passed, conversations)});"
        f" cancelled conversations that stored a petition: {len(cancelled_but_filed)}",
        f"Procedure questions: {answered}/{len(questions)} answered with the right procedure and"
        f" aspect ({share(answered, questions)})",
        "",
        *rates(conversations, "behaviour"),
        "",
        *rates(conversations, "style"),
        "",
        *rates(conversations, "channel"),
        "",
        *rates(questions, "style"),
        "",
        *rates(questions, "set"),
    ]
    return lines


def failures(results: list[CaseResult]) -> list[str]:
    lines: list[str] = []
    for result in results:
        if result.passed:
            continue
        lines += [
            f"### {result.case['id']} ({result.case.get('style')}, {result.case.get('channel')})"
        ]
        lines += [f"- {p}" for p in result.problems]
        lines += ["```", *result.lines, "```", ""]
    return lines


def chosen(cases: list[dict[str, Any]], only: str | None) -> list[dict[str, Any]]:
    """The cases whose id or behaviour contains `only` (all of them without it)."""
    if not only:
        return cases
    return [c for c in cases if only in str(c.get("id")) or only in str(c.get("behaviour"))]


async def run(
    world: World, out: Path, only: str | None = None
) -> tuple[list[CaseResult], list[CaseResult]]:
    conversations = await play_all(world, chosen(load_cases(), only))
    # the conversations' figures are written at once: the procedure questions take a while
    out.with_suffix(".partial.md").write_text(
        "\n".join(
            [
                *rates(conversations, "behaviour"),
                *rates(conversations, "style"),
                *failures(conversations),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    questions = await play_all(world, chosen(procedure_cases(load_procedure_questions()), only))
    return conversations, questions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", default="reports/conversations.md", type=Path)
    parser.add_argument("--only", help="play only the cases whose id or behaviour contains this")
    arguments = parser.parse_args()
    out: Path = arguments.out
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data_dir, open_world(Path(data_dir)) as world:
        conversations, questions = asyncio.run(run(world, out, arguments.only))
    head = summary(conversations, questions)
    out.write_text(
        "\n".join(
            [
                "# Conversation suite",
                "",
                *head,
                "",
                "## Failures",
                "",
                *failures(conversations + questions),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    print("\n".join(head))
    print(f"failures with transcripts: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
