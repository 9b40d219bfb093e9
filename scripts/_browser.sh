#!/usr/bin/env bash
# Make sure Debian's Chromium and CJK fonts are there for the browser tests: install them with
# apt-get when running as root, otherwise stop with the exact command to run.
set -euo pipefail
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || packages+=(fonts-noto-cjk)  # not grep -q: with pipefail, fc-list killed by SIGPIPE read as "missing"
[ ${#packages[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "fangcheng: installing ${packages[*]} for the browser tests / 正在安装浏览器测试所需的软件包" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
else
  echo "fangcheng: the browser tests need ${packages[*]}. Run / 请先运行:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${packages[*]}" >&2
  exit 1
fi
