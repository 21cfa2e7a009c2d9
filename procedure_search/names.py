"""The names a procedure is known by: the catalogue entry's and the NLU training data's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def names_of(entry: dict[str, Any]) -> list[str]:
    return [entry["name_vi"], entry["name_en"], *entry.get("aliases", [])]


def synonyms_from_training_data(path: Path) -> dict[str, list[str]]:
    """The `procedure` synonyms of the NLU training data: more ways people name each procedure."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found: dict[str, list[str]] = {}
    for item in data.get("nlu", []):
        if "synonym" in item and isinstance(item.get("examples"), str):
            lines = [ln.strip()[2:].strip() for ln in item["examples"].splitlines() if ln.strip()]
            found.setdefault(str(item["synonym"]), []).extend(lines)
    return found
