#!/usr/bin/env bash
# Makes sure axe-core (the accessibility checker, from the npm registry) is there for the
# browser tests, which inject it into the pages they open. Installed into var/axe/, never
# committed; the version is pinned here.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=4.10.3
DEST=var/axe
if [[ -f "$DEST/node_modules/axe-core/axe.min.js" ]] \
  && grep -q "\"version\": \"$VERSION\"" "$DEST/node_modules/axe-core/package.json"; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "npm is missing: the accessibility checks of the browser tests will be skipped" >&2
  [[ "${CI:-}" == "true" ]] && exit 1
  exit 0
fi
echo "== installing axe-core $VERSION (npm registry) into $DEST"
mkdir -p "$DEST"
npm install --silent --no-audit --no-fund --no-save --prefix "$DEST" "axe-core@$VERSION"
