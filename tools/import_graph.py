"""The import graph of `webapp`, read from the source: cycles between modules, and imports
placed inside functions. `python tools/import_graph.py` prints both; tests/test_architecture.py
fails on any cycle."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "webapp"


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _targets(node: ast.ImportFrom | ast.Import, known: dict[str, Path]) -> set[str]:
    """The package modules an import statement runs (a module's parent packages run first)."""
    names = []
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif node.module and node.level == 0:
        names = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in known else node.module
                 for alias in node.names]
    targets = set()
    for name in names:
        parts = name.split(".")
        for end in range(1, len(parts) + 1):
            prefix = ".".join(parts[:end])
            if prefix in known and prefix != PACKAGE:
                targets.add(prefix)
    return targets


def graph() -> tuple[dict[str, set[str]], list[tuple[str, int]]]:
    """`(edges, local_imports)`: module-level import edges between package modules, and the
    (module, line) of every import of a package module made inside a function, but for those
    in a feature's `init_app` (which imports the feature's views when the app is built) and
    those whose line carries a comment saying why."""
    known = modules()
    edges: dict[str, set[str]] = {name: set() for name in known}
    local: list[tuple[str, int]] = []
    for name, path in known.items():
        tree = ast.parse(path.read_text(), str(path))

        lines = path.read_text().split("\n")

        def visit(node, in_function: bool, name: str = name, lines: list[str] = lines) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.If) and _is_type_checking(child):
                    continue
                if isinstance(child, ast.Import | ast.ImportFrom):
                    # A module's own packages are already being imported when it runs.
                    ancestors = {".".join(name.split(".")[:end]) for end in range(1, name.count(".") + 1)}
                    targets = _targets(child, known) - {name} - ancestors
                    if in_function and targets and "#" not in lines[child.lineno - 1]:
                        local.append((name, child.lineno))
                    elif not in_function:
                        edges[name] |= targets
                if isinstance(child, ast.FunctionDef) and child.name == "init_app":
                    continue  # imports the feature's views when the app is built: see the package docstrings
                visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef), name)

        visit(tree, False)
    return edges, local


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    sys.setrecursionlimit(10_000)

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return found


if __name__ == "__main__":
    edges, local = graph()
    found = cycles(edges)
    for group in found:
        print("cycle:", " ↔ ".join(group))
    for module, line in local:
        print(f"import inside a function: {module}:{line}")
    print(f"{len(found)} import cycles, {len(local)} imports inside functions")
    sys.exit(1 if found else 0)
