#!/usr/bin/env bash
# The quick start: install and build, then apply the sample SQLite project
# (migrations/sqlite-demo) to ./dev.db, Godwit's embedded default database, and show its status.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/setup.sh
unset DATABASE_URL
node apps/cli/dist/bin.js up --dir migrations/sqlite-demo
node apps/cli/dist/bin.js status --dir migrations/sqlite-demo
