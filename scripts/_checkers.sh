#!/usr/bin/env bash
# Make sure the HTML checker the tests run is there: Java 17 (Debian's openjdk-17-jre-headless, and
# npm to fetch the checker) installed with apt-get when running as root, and the Nu HTML Checker
# (npm vnu-jar, pinned in tests/tools/package-lock.json) installed with `npm ci` into .cache/node.
# Otherwise stop with the exact command to run.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
packages=()
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1; }
if ! command -v java >/dev/null || [ "$(java_major)" -lt 17 ] 2>/dev/null; then packages+=(openjdk-17-jre-headless); fi
command -v npm >/dev/null || packages+=(npm)
if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "fangcheng: installing ${packages[*]} for the HTML checker / 正在安装 HTML 检查所需的软件包" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  else
    echo "fangcheng: the HTML checker needs ${packages[*]}. Run / 请先运行:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${packages[*]}" >&2
    exit 1
  fi
fi
# The checker itself: reinstalled only when the pinned lock changes.
tools="$ROOT/.cache/node"
if [ ! -f "$tools/node_modules/vnu-jar/build/dist/vnu.jar" ] || ! cmp -s "$ROOT/tests/tools/package-lock.json" "$tools/package-lock.json"; then
  echo "fangcheng: installing the Nu HTML Checker (vnu-jar) into .cache/node / 正在安装 HTML 检查工具" >&2
  mkdir -p "$tools"
  cp "$ROOT/tests/tools/package.json" "$ROOT/tests/tools/package-lock.json" "$tools/"
  (cd "$tools" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
fi
