#!/usr/bin/env bash
# The whole suite on a busy machine: two CPU burners (`node -e 'for(;;);'`) run alongside
# `npm test` with CI=true (a server that cannot start is a failure, not a skip), N times on this
# checkout. A test that only passes on an idle machine fails here.
#
#   scripts/test-under-load.sh [runs]     runs: how many times (default 3)
#
# Prints each run's closing `tests: ...` line and how long it took; each run's full output is
# kept in a log folder it names. Exits 1 when any run failed. The burners are always stopped.
set -uo pipefail

runs="${1:-3}"
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/test-under-load.sh [runs]   (runs: a whole number, default 3)" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
logs="$(mktemp -d "${TMPDIR:-/tmp}/godwit-test-under-load.XXXXXX")"

burners=()
run_pid=''
# Stops what this script started, by process id: a run still going (its own process group, so
# turbo and vitest under it go too) and the burners.
stop_all() {
  local pid
  if [ -n "$run_pid" ]; then
    kill -TERM -- "-$run_pid" 2>/dev/null || kill -TERM "$run_pid" 2>/dev/null
    wait "$run_pid" 2>/dev/null
  fi
  for pid in "${burners[@]}"; do
    kill "$pid" 2>/dev/null
  done
  for pid in "${burners[@]}"; do
    wait "$pid" 2>/dev/null
  done
}
trap stop_all EXIT
# Interrupted or terminated: leave through the EXIT trap, which stops everything started here.
trap 'exit 130' INT
trap 'exit 143' TERM

# Each run in its own process group (setsid), so that an interrupted run can be stopped whole.
detach=()
if command -v setsid >/dev/null 2>&1; then detach=(setsid); fi

for _ in 1 2; do
  node -e 'for(;;);' &
  burners+=("$!")
done
echo "test-under-load: $runs run(s) of npm test with CI=true beside 2 CPU burners (pids ${burners[*]}); logs in $logs" >&2

failed=0
for ((i = 1; i <= runs; i++)); do
  log="$logs/run-$i.log"
  started=$SECONDS
  CI=true "${detach[@]}" npm test >"$log" 2>&1 &
  run_pid=$!
  wait "$run_pid"
  status=$?
  run_pid=''
  took=$((SECONDS - started))
  closing="$(grep -E '^tests: ' "$log" | tail -n 1)"
  [ -n "$closing" ] || closing="tests: no closing line (the run stopped before the summary)"
  verdict=passed
  if [ "$status" -ne 0 ]; then
    verdict="FAILED (exit $status; see $log)"
    failed=$((failed + 1))
  fi
  printf 'run %d/%d: %s in %dm%02ds, %s\n' "$i" "$runs" "$closing" $((took / 60)) $((took % 60)) "$verdict"
done

if [ "$failed" -gt 0 ]; then
  echo "test-under-load: $failed of $runs run(s) failed" >&2
  exit 1
fi
echo "test-under-load: all $runs run(s) passed" >&2
