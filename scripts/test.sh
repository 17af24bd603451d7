#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs pnpm and the dependencies, builds, makes sure
# PostgreSQL runs and FerretDB (the MongoDB-protocol test server) is built, then runs every
# package's tests and prints one closing line with the totals.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/setup.sh

bash scripts/postgres.sh
if [ -x scripts/ferretdb.sh ] || [ -f scripts/ferretdb.sh ]; then
  bash scripts/ferretdb.sh build || { [ "${CI:-}" = "true" ] && exit 1; echo "test: FerretDB could not be built; MongoDB tests will skip" >&2; }
fi
bash scripts/pushgateway.sh || { [ "${CI:-}" = "true" ] && exit 1; }

reports="$root/.test-reports"
rm -rf "$reports" && mkdir -p "$reports"
status=0
GODWIT_TEST_REPORTS="$reports" pnpm exec turbo run test --env-mode=loose --concurrency=2 --continue --output-logs=full "$@" || status=$?

# One closing line over every package's vitest JSON report.
node scripts/test-summary.mjs "$reports" || status=1
exit $status
