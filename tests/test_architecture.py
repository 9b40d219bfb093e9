"""The package's layers (pyproject.toml, [tool.importlinter]; ARCHITECTURE.md), checked with import-linter; and
the tests' own: shared helpers in tests/conftest.py, Playwright loaded only by the tests that drive a browser."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(package_parent: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(package_parent)},
        timeout=120,
    )


def test_the_layers_hold() -> None:
    result = lint_imports(ROOT / "scripts")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contracts_catch_a_plugin_that_imports_the_command_line_and_pages_that_start_processes(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "fangcheng"
    shutil.copytree(ROOT / "scripts" / "fangcheng", copy, ignore=shutil.ignore_patterns("__pycache__"))
    with (copy / "plugin.py").open("a", encoding="utf-8") as plugin:
        plugin.write("\nfrom fangcheng import cli  # noqa\n")
    with (copy / "render.py").open("a", encoding="utf-8") as render:
        render.write("\nimport multiprocessing  # noqa\n")
    with (copy / "kinds.py").open("a", encoding="utf-8") as kinds:
        kinds.write("\nimport fangcheng.model  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1
    assert "fangcheng.plugin -> fangcheng.cli" in result.stdout
    assert "fangcheng.render -> multiprocessing" in result.stdout
    assert "fangcheng.kinds -> fangcheng.model" in result.stdout


def test_importing_the_shared_helpers_does_not_load_playwright() -> None:
    """tests/conftest.py imports Playwright inside the browser fixtures alone: a test that drives no browser
    never loads it."""
    code = "import sys; sys.path.insert(0, 'tests'); import conftest; print('playwright' in sys.modules)"
    pythonpath = os.pathsep.join(filter(None, [str(ROOT / "scripts"), os.environ.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": pythonpath},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_no_test_module_imports_another() -> None:
    """Helpers shared by test modules live in tests/conftest.py: no file under tests/ imports a test module."""
    offenders = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            offenders += [f"{path.name}:{node.lineno}: {m}" for m in modules if m.split(".")[0].startswith("test_")]
    assert offenders == []
