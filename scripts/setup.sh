#!/usr/bin/env bash
# Installs what the repository needs with nothing but Node and npm on the machine:
# pnpm (into ./.tools when it is not on PATH), the workspace's dependencies, and a build.
# Sourced by quickstart.sh and test.sh; safe to run again (pnpm and turbo skip what is done).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# Nothing here may phone home: turbo's telemetry and update check stay off.
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1 DO_NOT_TRACK=1

pnpm_version="$(node -p "require('./package.json').packageManager.split('@')[1]")"

# better-sqlite3 is a native addon. Where Node's headers are installed locally (Debian's nodejs
# package puts them in /usr/include/node), build against them instead of downloading headers.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$pnpm_version" ]; then
  if [ ! -x "$root/.tools/node_modules/.bin/pnpm" ] || [ "$("$root/.tools/node_modules/.bin/pnpm" --version)" != "$pnpm_version" ]; then
    echo "setup: installing pnpm $pnpm_version into .tools/" >&2
    npm install --silent --no-audit --no-fund --prefix "$root/.tools" "pnpm@$pnpm_version" >&2
  fi
  export PATH="$root/.tools/node_modules/.bin:$PATH"
fi

echo "setup: pnpm install" >&2
pnpm install --frozen-lockfile=${CI:-false} --reporter=append-only >&2
echo "setup: build" >&2
pnpm exec turbo run build --output-logs=errors-only >&2
