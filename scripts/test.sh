#!/usr/bin/env bash
# Runs the suite on SQLite, and with CI=true on PostgreSQL as well.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

echo "== test suite on SQLite"
DATABASE_URL="sqlite:///$(pwd)/var/test.sqlite3" $BIN/pytest -m "not browser" "$@"

echo "== browser tests (Chromium through Playwright, live server)"
DATABASE_URL="sqlite:///$(pwd)/var/test.sqlite3" $BIN/pytest -m browser "$@"

if [[ "${CI:-}" == "true" || -n "${CHIDAO_TEST_POSTGRES:-}" ]]; then
  if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    echo "== starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
    for _ in $(seq 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
  echo "== test suite on PostgreSQL"
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/chidao" $BIN/pytest -m "not browser" "$@"
fi
