"""The publishing workflow and the editors' pre-commit hooks are well-formed and call real commands."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def test_workflow_matches_githubs_workflow_schema() -> None:
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_validates_builds_tests_and_deploys() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job.get("steps", [])]
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job.get("steps", [])]
    assert "./scripts/validate --format github" in runs
    assert "./scripts/build" in runs
    assert any(".ci/run" in run for run in runs)
    assert any(use.startswith("actions/deploy-pages@") for use in uses)
    assert workflow["jobs"]["deploy"]["needs"] == ["build", "test"]


def test_pre_commit_hooks_call_existing_scripts_and_the_locked_ruff() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert {hook["id"] for hook in hooks} == {
        "fangcheng-validate",
        "fangcheng-schema",
        "fangcheng-guide",
        "ruff-check",
        "ruff-format",
    }
    locked = re.search(r"^ruff==(\S+)", (ROOT / "requirements-dev.lock").read_text(encoding="utf-8"), re.M)
    assert locked is not None
    for hook in hooks:
        if hook["language"] == "system":
            script = ROOT / hook["entry"].split()[0]
            assert script.is_file() and os.access(script, os.X_OK), hook["entry"]
        else:
            assert hook["entry"].split()[0] == "ruff", hook["id"]
            assert hook["additional_dependencies"] == [f"ruff=={locked.group(1)}"], hook["id"]


def test_schema_check_command_passes_on_the_committed_schema() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fangcheng", "schema", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
