"""The shape the README's layout promises: the desk never imports the gateway, and the gateway
knows the desk at one place only, where it mounts it."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_packages(folder: str) -> dict[str, set[str]]:
    """Each module of `folder` and the top-level packages it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def test_the_desk_never_imports_the_gateway() -> None:
    offenders = [module for module, names in imported_packages("desk").items() if "bot" in names]
    assert offenders == []


def test_the_gateway_imports_the_desk_only_where_it_mounts_it() -> None:
    importers = [module for module, names in imported_packages("bot").items() if "desk" in names]
    assert importers == ["bot/app.py"]


def test_open311_stands_on_storage_alone() -> None:
    offenders = [
        module
        for module, names in imported_packages("open311").items()
        if names & {"bot", "desk", "actions"}
    ]
    assert offenders == []
