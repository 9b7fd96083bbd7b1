"""The project's modules import each other without cycles, and `accounts` stands alone.

Read from the source (ast), so an import inside a function counts: it is a
dependency all the same, and a cycle it hides shows the day it moves to the top.
"""

import ast
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["accounts", "bench", "config", "questions"]
SKIPPED = {"migrations", "__pycache__"}


def project_modules(root, packages):
    """Every module of `packages` under `root`, by dotted name (a package by its own)."""
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if SKIPPED & set(parts):
                continue
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imported_names(module, path):
    """(dotted name, line) for each name imported, most specific candidate first."""
    is_package = path.name == "__init__.py"
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield [alias.name], node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            prefix = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                yield [f"{prefix}.{alias.name}", prefix], node.lineno


def import_graph(root, packages):
    """{module: {project module it imports: line of the first such import}}."""
    modules = project_modules(root, packages)

    def resolve(name):
        parts = name.split(".")
        while parts and ".".join(parts) not in modules:
            parts.pop()
        return ".".join(parts) or None

    graph = {module: {} for module in modules}
    for module, path in modules.items():
        for candidates, line in imported_names(module, path):
            target = next(filter(None, map(resolve, candidates)), None)
            # A module always loads its parent packages first, and a package may
            # re-export its own modules: neither makes a cycle between concerns.
            if target is None or target == module or module.startswith(f"{target}."):
                continue
            if path.name == "__init__.py" and target.startswith(f"{module}."):
                continue
            graph[module].setdefault(target, line)
    return graph


def cycles(graph):
    """One shortest cycle, as a closed path, through each group of modules that import
    each other (strongly connected components, Tarjan)."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = set()
            while module not in component:
                component.add(stack.pop())
            on_stack.difference_update(component)
            if len(component) > 1:
                components.append(component)

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return [shortest_cycle(graph, component) for component in components]


def shortest_cycle(graph, component):
    start = min(component)
    paths, seen = [[start]], {start}
    while paths:
        path = paths.pop(0)
        for target in sorted(graph[path[-1]]):
            if target == start:
                return [*path, start]
            if target in component and target not in seen:
                seen.add(target)
                paths.append([*path, target])
    raise AssertionError(f"no cycle through {start}")


def describe(graph, cycle):
    steps = [f"{a} -> {b} (line {graph[a][b]})" for a, b in pairwise(cycle)]
    return " -> ".join(cycle) + "\n      " + "\n      ".join(steps)


def test_the_project_modules_import_each_other_without_cycles():
    graph = import_graph(ROOT, PACKAGES)
    assert "questions.models" in graph["questions.views"], "the graph must see imports"

    found = cycles(graph)

    assert not found, "import cycles:\n  " + "\n  ".join(describe(graph, c) for c in found)


def test_accounts_imports_nothing_from_questions():
    graph = import_graph(ROOT, PACKAGES)

    imports = [
        f"{module} -> {target} (line {line})"
        for module, targets in sorted(graph.items())
        if module.split(".")[0] == "accounts"
        for target, line in targets.items()
        if target.split(".")[0] == "questions"
    ]

    assert not imports, "accounts imports from questions:\n  " + "\n  ".join(imports)


def test_a_cycle_through_an_import_inside_a_function_is_found_and_named(tmp_path):
    files = {
        "shop/__init__.py": "",
        "shop/models.py": "from shop.cache import bump\n",
        "shop/cache.py": "def bump():\n    from .models import Order\n",
        "shop/views.py": "from . import models\nfrom shop import cache\n",
    }
    for name, source in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source)
    graph = import_graph(tmp_path, ["shop"])

    found = cycles(graph)

    assert found == [["shop.cache", "shop.models", "shop.cache"]]
    assert describe(graph, found[0]) == (
        "shop.cache -> shop.models -> shop.cache\n"
        "      shop.cache -> shop.models (line 2)\n"
        "      shop.models -> shop.cache (line 1)"
    )
