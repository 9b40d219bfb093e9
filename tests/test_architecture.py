"""The package's layers (pyproject.toml, [tool.importlinter]; ARCHITECTURE.md): checked with import-linter."""

from __future__ import annotations

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
