#!/usr/bin/env bash
# Installs what the tests need beyond the build: Debian's chromium, which opens the HTML report
# (HTMLBrowserTests fails without it). As root it runs apt-get; otherwise it prints the command and fails.
set -euo pipefail

command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "stdcheck: the tests need chromium; run: sudo apt-get install -y chromium" >&2
  exit 1
fi
echo "stdcheck: installing chromium (for the HTML report test)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium >/dev/null 2>&1 || { echo "stdcheck: chromium installed but not on PATH" >&2; exit 1; }
