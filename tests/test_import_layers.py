"""The layout holds: the import contracts in pyproject.toml are kept, each package's front exports what it
says, no class tower grows back, and the package root stays the front door and the shared basics."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

import drills

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("scenario", "world", "scoring", "reports", "teams", "lint", "seats", "tui")


def test_the_import_contracts_are_kept() -> None:
    """Layers, Textual only in the room, fronts not private modules, no cycles (see [tool.importlinter])."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=REPO, capture_output=True, text=True,
                            check=False, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _front(package: str) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """A package's __all__, its _EXPORTS, and what its TYPE_CHECKING block imports (name -> module)."""
    module = importlib.import_module(f"drills.{package}")
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    typed: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom) and stmt.module
                typed.update({a.name: stmt.module.rpartition(".")[2] for a in stmt.names})
    return module.__all__, module._EXPORTS, typed


@pytest.mark.parametrize("package", PACKAGES)
def test_each_front_exports_what_it_lists(package: str) -> None:
    names, exports, typed = _front(package)
    assert set(names) == set(exports) == set(typed)
    assert exports == typed  # the lazy import and the type checkers' import name the same module
    module = importlib.import_module(f"drills.{package}")
    for name in names:
        assert getattr(module, name) is getattr(importlib.import_module(f"drills.{package}.{exports[name]}"), name)
    with pytest.raises(AttributeError):
        _ = module.no_such_name
    assert module.__doc__ and len(module.__doc__.split()) > 20


def _project_classes() -> list[type]:
    found: list[type] = []
    for info in pkgutil.walk_packages(drills.__path__, "drills."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__:
                found.append(cls)
                found.extend(c for _, c in inspect.getmembers(cls, inspect.isclass)
                             if c.__module__ == module.__name__ and c.__qualname__.startswith(cls.__qualname__ + "."))
    return found


def test_no_class_has_more_than_two_project_ancestors() -> None:
    """Composition over inheritance; pydantic models and the error tree aside."""
    classes = _project_classes()
    assert len(classes) > 50
    deep = {f"{c.__module__}.{c.__qualname__}": [a.__qualname__ for a in c.__mro__[1:]
                                                 if a.__module__.startswith("drills")]
            for c in classes if not issubclass(c, (BaseModel, BaseException))}
    assert {name: ancestors for name, ancestors in deep.items() if len(ancestors) > 2} == {}


def test_the_package_root_is_the_front_door_and_the_shared_basics() -> None:
    root = Path(drills.__file__).parent
    entries = [p for p in root.iterdir() if p.name != "__pycache__"]
    packages = {p.name for p in entries if (p / "__init__.py").is_file()}
    assert packages == set(PACKAGES)
    assert len(entries) - len(packages) <= 8
