"""The layout holds: domains import one way, faces stay thin, migrations stand alone."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def copied_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package and its contracts, to break on purpose."""
    tree = tmp_path_factory.mktemp("tree")
    shutil.copytree(ROOT / "minutes", tree / "minutes", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_the_import_contracts_hold() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        (
            "minutes/meetings/rules.py",
            "from minutes.review import service as _review_service",
            "minutes.meetings is not allowed to import minutes.review",
        ),
        (
            "minutes/orgs/service.py",
            "from minutes.web import flash as _flash",
            "minutes.orgs.service is not allowed to import minutes.web",
        ),
        (
            "minutes/meetings/service.py",
            "from minutes.meetings import screen as _screen",
            "No cycles are allowed in minutes.meetings.",
        ),
        (
            "minutes/review/pages.py",
            "from minutes.meetings import pages as _meetings_pages",
            "minutes.review.pages is not allowed to import minutes.meetings.pages",
        ),
    ],
)
def test_a_forbidden_import_breaks_the_contract(
    copied_tree: Path, module: str, line: str, broken: str
) -> None:
    target = copied_tree / module
    original = target.read_text(encoding="utf-8")
    try:
        target.write_text(f"{original}\n{line}\n", encoding="utf-8")
        result = _lint_imports(copied_tree)
    finally:
        target.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert broken in result.stdout


def test_migrations_import_no_application_code_beyond_column_types() -> None:
    for path in sorted((ROOT / "minutes" / "migrations" / "versions").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert all(name in ("minutes.db",) or not name.startswith("minutes") for name in names), (
                f"{path.name} imports {names}"
            )


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in sorted((ROOT / "minutes").rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}
