#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers for the tests: uses PG_URL's server if one answers,
# otherwise starts the machine's local cluster (Debian's pg_ctlcluster). Under CI=true a server
# that cannot be reached or started is a failure; elsewhere the PostgreSQL tests skip themselves.
set -uo pipefail
host=127.0.0.1 port=5432
if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$host" -p "$port"; then
  exit 0
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  for version in $(ls /etc/postgresql); do
    echo "postgres: starting cluster $version/main" >&2
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  done
  for _ in $(seq 1 30); do
    pg_isready -q -h "$host" -p "$port" && exit 0
    sleep 1
  done
fi
echo "postgres: no server answers on $host:$port and none could be started" >&2
[ "${CI:-}" = "true" ] && exit 1
exit 0
