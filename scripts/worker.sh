#!/usr/bin/env bash
# Keeps one `chidao run-worker` running: whenever it exits (a crash, kill -9, out of memory) it
# is started again, after a pause that grows from 1 to 30 seconds while it keeps dying within
# a minute of starting. Arguments go to `chidao run-worker`.
#
# scripts/serve.sh (`make run`) starts this beside the web server and passes
# --exit-with <its own pid>: the worker, and then this loop, stop when the server script is
# gone, even if it was killed outright. SIGTERM or Ctrl-C stops the worker and the loop.
# In production, systemd does this job instead (docs/deployment.md).
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

watched=
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ "${args[i]}" == "--exit-with" ]] && watched="${args[i + 1]:-}"
done

child=
stop() {
  trap - INT TERM
  [[ -n "$child" ]] && kill -TERM "$child" 2>/dev/null
  wait 2>/dev/null
  exit 0
}
trap stop INT TERM

pause=1
while :; do
  if [[ -n "$watched" ]] && ! kill -0 "$watched" 2>/dev/null; then
    exit 0
  fi
  started=$SECONDS
  "$BIN/chidao" run-worker --exit-with-parent "$@" &
  child=$!
  wait "$child"
  status=$?
  child=
  if [[ -n "$watched" ]] && ! kill -0 "$watched" 2>/dev/null; then
    exit 0
  fi
  if ((SECONDS - started >= 60)); then
    pause=1
  fi
  echo "$(date -u +%FT%TZ) chidao run-worker exited with status $status; restarting in ${pause} s" >&2
  sleep "$pause" &
  child=$!
  wait "$child"
  child=
  pause=$((pause * 2 > 30 ? 30 : pause * 2))
done
