# Sourced by the scripts in this folder: creates .venv with the pinned dependencies when it is
# missing or their lock changed, and installs this project into it (editable: the package in
# scripts/fangcheng is used in place, and MkDocs finds the fangcheng plugin by its entry point).
# The lock is requirements.lock (what a build needs), or what FANGCHENG_LOCK names before this file is
# sourced (./scripts/test: requirements-dev.lock, the runtime plus the test tools).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
export NO_MKDOCS_2_WARNING=1 PYTHONDONTWRITEBYTECODE=1

_find_python() {
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "fangcheng: Python 3.11 or newer is needed / 需要 Python 3.11 或更高版本" >&2
  return 1
}

if [ ! -x "$VENV/bin/python" ]; then
  echo "fangcheng: creating .venv / 正在创建 .venv" >&2
  "$(_find_python)" -m venv "$VENV"
fi
_lock="${FANGCHENG_LOCK:-requirements.lock}"
_stamp() { cat "$ROOT/$1" "$ROOT/pyproject.toml" "$ROOT/scripts/fangcheng/__init__.py" | sha256sum | cut -c1-64; }
if [ "$(cat "$VENV/.fangcheng-installed-$_lock" 2>/dev/null)" != "$(_stamp "$_lock")" ]; then
  echo "fangcheng: installing pinned dependencies ($_lock) / 正在安装依赖" >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes -r "$ROOT/$_lock"
  # The project itself, editable, with the setuptools pinned in the lock (no download, no isolation).
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation \
    -e "$ROOT"
  rm -f "$VENV"/.fangcheng-installed*
  echo "$(_stamp "$_lock")" > "$VENV/.fangcheng-installed-$_lock"
  if [ "$_lock" = requirements-dev.lock ]; then  # pinned with requirements.lock as constraints: it holds the runtime
    echo "$(_stamp requirements.lock)" > "$VENV/.fangcheng-installed-requirements.lock"
  fi
fi
PYTHON="$VENV/bin/python"
