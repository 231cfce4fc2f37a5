"""``core`` is the base every app builds on: it imports no other Accord app. What the shared
pages need from the apps comes through ``accord.core.registry``; models it must read (scope
resolution) come from Django's app registry at run time."""

import ast
from pathlib import Path

import accord.core

CORE = Path(accord.core.__file__).parent


def _type_checking_only(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and ast.unparse(node.test) in {"TYPE_CHECKING", "typing.TYPE_CHECKING"}:
            return True
    return False


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        if not _type_checking_only(node, parents):
            found += [(node.lineno, name) for name in names]
    return found


def test_core_imports_no_other_accord_app():
    modules = [p for p in CORE.rglob("*.py") if "tests" not in p.relative_to(CORE).parts]
    assert len(modules) > 10  # the walk found core's modules
    offending = [
        f"{path.relative_to(CORE.parent.parent)}:{line} imports {name}"
        for path in modules
        for line, name in _imports(path)
        if (name == "accord" or name.startswith("accord."))
        and name not in {"accord", "accord.core"}
        and not name.startswith("accord.core.")
    ]
    assert offending == []


def test_the_check_catches_an_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from accord.plans import models\n"
        "def f():\n    from accord.plans.selectors import x\n"
    )
    assert _imports(module)[-2:] == [(5, "accord.plans.selectors"), (5, "accord.plans.selectors.x")]
