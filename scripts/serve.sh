#!/usr/bin/env bash
# Serves chidao: the background worker (`chidao run-worker`: reminders and other background
# jobs) next to the web server (gunicorn). Arguments go to gunicorn, e.g.
#   bash scripts/serve.sh --bind 127.0.0.1:8000 --workers 2 --access-logfile -
# The worker runs under scripts/worker.sh, which starts it again whenever it dies. It is
# stopped when the server exits (trap), and stops by itself should this script be killed
# outright (--exit-with). Ctrl-C or SIGTERM stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

bash scripts/worker.sh --exit-with $$ &
worker=$!
server=

stop() {
  trap - EXIT INT TERM
  [[ -n "$server" ]] && kill -TERM "$server" 2>/dev/null || true
  kill -TERM "$worker" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

# gunicorn runs as a child rather than through exec, so that this shell is still there to
# stop the worker when the server exits.
"$BIN/gunicorn" chidao.wsgi "$@" &
server=$!
status=0
wait "$server" || status=$?
exit "$status"
