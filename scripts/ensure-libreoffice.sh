#!/usr/bin/env bash
# Makes sure LibreOffice is there for the consolidated report's PDF (chidao/officialdocs/pdf.py)
# and its conversion test, which must run on CI (CI=true).
#
# soffice already on PATH: nothing to do. Missing and root: installs Debian's headless Writer
# (libreoffice-writer-nogui) and the Liberation fonts, metric-compatible with Times New Roman,
# the font of Decree 30/2020 documents. Missing and not root: says what to run, and fails on CI.
set -euo pipefail

if command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1; then
  echo "== LibreOffice: $( (soffice --version || libreoffice --version) 2>/dev/null | head -1)"
  exit 0
fi

packages=(libreoffice-writer-nogui fonts-liberation2)
if [[ "$(id -u)" != "0" ]]; then
  echo "LibreOffice (soffice) is missing. As root: apt-get update &&" \
       "apt-get install -y --no-install-recommends ${packages[*]}" >&2
  if [[ "${CI:-}" == "true" ]]; then
    exit 1
  fi
  exit 0
fi

echo "== installing LibreOffice (${packages[*]})"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}"
soffice --version | head -1
