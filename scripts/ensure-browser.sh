#!/usr/bin/env bash
# Makes sure Debian's Chromium is there for the browser tests (Playwright drives
# /usr/bin/chromium; no browser is ever downloaded). Missing and root: installs it.
# Missing and not root: says what to run, and fails on CI (CI=true).
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then
  exit 0
fi
if [[ "$(id -u)" != "0" ]]; then
  echo "Chromium is missing. As root: apt-get update && apt-get install -y chromium" >&2
  [[ "${CI:-}" == "true" ]] && exit 1
  exit 0
fi
echo "== installing Chromium (Debian package)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium
