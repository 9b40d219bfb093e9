# Sourced by the scripts in this folder: creates .venv with the pinned dependencies when it is
# missing or requirements.lock changed, and makes the fangcheng package importable from scripts/.
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
_want="$(cat "$ROOT/requirements.lock" "$ROOT/pyproject.toml" | sha256sum | cut -c1-64)"
if [ "$(cat "$VENV/.fangcheng-installed" 2>/dev/null)" != "$_want" ]; then
  echo "fangcheng: installing pinned dependencies / 正在安装依赖" >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes \
    -r "$ROOT/requirements.lock"
  # The package lives in scripts/fangcheng: a .pth file makes it importable, as an editable
  # install would, without needing a build backend on the machine.
  _site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  echo "$ROOT/scripts" > "$_site/fangcheng-dev.pth"
  echo "$_want" > "$VENV/.fangcheng-installed"
fi
PYTHON="$VENV/bin/python"
