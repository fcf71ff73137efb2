#!/usr/bin/env bash
# Runs the suite on SQLite, and with CI=true on PostgreSQL as well. The PostgreSQL run goes
# beside the SQLite one (each pytest process keeps one of the machine's two cores busy; they
# share no files, ports or databases), its output printed when it ends;
# CHIDAO_TEST_SEQUENTIAL=true runs them one after the other.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
SQLITE_URL="sqlite:///$(pwd)/var/test.sqlite3"
POSTGRES_URL="postgres://postgres@127.0.0.1:5432/chidao"

on_postgres=false
if [[ "${CI:-}" == "true" || -n "${CHIDAO_TEST_POSTGRES:-}" ]]; then
  on_postgres=true
  if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    echo "== starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
    for _ in $(seq 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
fi

postgres_pid=""
postgres_log=""
if $on_postgres && [[ "${CHIDAO_TEST_SEQUENTIAL:-}" != "true" ]]; then
  postgres_log="$(mktemp -t chidao-postgres-suite.XXXXXX)"
  postgres_tmp="$(mktemp -d -t chidao-postgres-tmp.XXXXXX)"
  echo "== test suite on PostgreSQL (beside the SQLite run; output below when it ends)"
  DATABASE_URL="$POSTGRES_URL" $BIN/pytest -m "not browser" --basetemp="$postgres_tmp" "$@" \
    >"$postgres_log" 2>&1 &
  postgres_pid=$!
fi

status=0
echo "== test suite on SQLite"
DATABASE_URL="$SQLITE_URL" $BIN/pytest -m "not browser" "$@" || status=$?

echo "== browser tests (Chromium through Playwright, live server)"
DATABASE_URL="$SQLITE_URL" $BIN/pytest -m browser "$@" || status=$?

if [[ -n "$postgres_pid" ]]; then
  postgres_status=0
  wait "$postgres_pid" || postgres_status=$?
  echo "== test suite on PostgreSQL (exit status $postgres_status)"
  cat "$postgres_log"
  ((postgres_status == 0)) || status=$postgres_status
elif $on_postgres; then
  echo "== test suite on PostgreSQL"
  DATABASE_URL="$POSTGRES_URL" $BIN/pytest -m "not browser" "$@" || status=$?
fi
exit "$status"
