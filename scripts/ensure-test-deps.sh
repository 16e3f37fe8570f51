#!/usr/bin/env bash
# Installs what the tests need beyond the build, all from Debian:
#   chromium            opens, screenshots and prints the HTML report (HTMLBrowserTests fails without it)
#   chromium-driver     drives chromium through the service's pages (Tests/browser/test_service.py)
#   python3-venv        for .build-venv/, where schemathesis and Selenium (PyPI) are installed
#   fonts-noto-cjk      the Chinese glyphs of the screenshots and the PDF
#   poppler-utils       pdfinfo, to count the PDF's pages
#   gdal-bin            ogr2ogr, to convert the GeoJSON findings to shapefiles
#   libreoffice-calc-nogui, python3-openpyxl
#                       the Excel round trip of the CSV report (LibreOffice → xlsx → openpyxl)
#   strace              counts the files a check opens (ReadOnceTests: each file parsed once)
#   postgresql          the throw-away server of the service's store tests (scripts/pg-test.sh)
# Tests whose tool is missing are skipped visibly. As root it runs apt-get; otherwise it prints the
# command and fails.
set -euo pipefail

packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
command -v chromedriver >/dev/null 2>&1 || packages+=(chromium-driver)
/usr/bin/python3 -c "import ensurepip, venv" >/dev/null 2>&1 || packages+=(python3-venv)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || packages+=(fonts-noto-cjk)
command -v pdfinfo >/dev/null 2>&1 || packages+=(poppler-utils)
command -v ogr2ogr >/dev/null 2>&1 || packages+=(gdal-bin)
command -v soffice >/dev/null 2>&1 || packages+=(libreoffice-calc-nogui)
/usr/bin/python3 -c "import openpyxl" >/dev/null 2>&1 || packages+=(python3-openpyxl)
command -v strace >/dev/null 2>&1 || packages+=(strace)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || packages+=(postgresql)
if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "stdcheck: the tests need ${packages[*]}; run: sudo apt-get install -y --no-install-recommends ${packages[*]}" >&2
    exit 1
  fi
  echo "stdcheck: installing ${packages[*]} (for the report, service and browser tests)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  command -v chromium >/dev/null 2>&1 || { echo "stdcheck: chromium installed but not on PATH" >&2; exit 1; }
  # the Debian postgresql package starts a system cluster of its own; the tests never use it (pg-test.sh makes one)
fi

# schemathesis and Selenium, in a virtual environment of the checkout (never system-wide).
bash "$(dirname "$0")/schemathesis.sh" --install
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.build-venv"
if ! "$venv/bin/python" -c "import selenium" >/dev/null 2>&1; then
  echo "stdcheck: installing Selenium into $venv (for Tests/browser/test_service.py)" >&2
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "selenium>=4.20,<5"
fi
