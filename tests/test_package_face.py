"""The dashboard uses the loaders through their package face only (what loaders/__init__.py exports)."""
import ast
from pathlib import Path

import pytest

import loaders

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD_FILES = sorted((ROOT / "dashboard").rglob("*.py"))


def loaders_imports(path: Path) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line, module, names) of every import of the loaders package in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "loaders":
            found.append((node.lineno, node.module, tuple(alias.name for alias in node.names)))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name, ()) for alias in node.names
                         if alias.name.split(".")[0] == "loaders")
    return found


# (source, expected (module, names) pairs): the parser itself, on small examples
EXAMPLES = (
    ("from loaders import Corpus, kwic\n", [("loaders", ("Corpus", "kwic"))]),
    ("from loaders.terms import kwic\n", [("loaders.terms", ("kwic",))]),
    ("import loaders.reading\n", [("loaders.reading", ())]),
    ("def f():\n    from loaders.companies import load_gazetteer\n", [("loaders.companies", ("load_gazetteer",))]),
    ("import pandas as pd\nfrom dashboard import cache\n", []),
)


@pytest.mark.parametrize(("source", "expected"), EXAMPLES)
def test_loaders_imports_are_found(tmp_path, source, expected):
    path = tmp_path / "example.py"
    path.write_text(source, encoding="utf-8")
    assert [(module, names) for _, module, names in loaders_imports(path)] == expected


def test_the_dashboard_has_files_to_check():
    assert any(path.name == "app.py" for path in DASHBOARD_FILES)


@pytest.mark.parametrize("path", DASHBOARD_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_dashboard_imports_only_the_package_face(path):
    for line, module, names in loaders_imports(path):
        assert module == "loaders", f"{path.name}:{line} imports {module}; import from `loaders` instead"
        missing = [name for name in names if name not in loaders.__all__]
        assert not missing, f"{path.name}:{line} imports {missing}, which loaders/__init__.py does not export"


def test_every_exported_name_exists():
    assert all(hasattr(loaders, name) for name in loaders.__all__)
