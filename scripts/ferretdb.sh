#!/usr/bin/env bash
# FerretDB v1, a real MongoDB wire-protocol server on SQLite, for the MongoDB tests on machines
# without MongoDB. Telemetry is always disabled.
#
#   scripts/ferretdb.sh build              build once into ${GODWIT_TOOLS_DIR:-<repo>/.tools}; skip if built
#   scripts/ferretdb.sh start <state-dir>  run it on a free 127.0.0.1 port; prints mongodb://127.0.0.1:<port>/
#   scripts/ferretdb.sh stop <state-dir>   stop the server started with that state folder
#   scripts/ferretdb.sh path               print where the binary lives (built or not)
#
# Why not `go install ...@v1.24.2`: it asks the module proxy for the module's version list (the
# deprecation check), which some proxies refuse. And a binary built from the module cache panics at
# start, because the module ships without build/version/version.txt (FerretDB generates it with
# git). So we download exactly v1.24.2, copy its source, write version.txt, and build that.
set -euo pipefail

VERSION=v1.24.2
COMMIT=cda72d440810406a208c4670aa7047f5bc8d528f # the v1.24.2 tag; FerretDB prints it with --version
MODULE=github.com/FerretDB/FerretDB

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${GODWIT_TOOLS_DIR:-$root/.tools}"
bin="$tools/ferretdb-$VERSION/ferretdb"

say() { echo "ferretdb: $*" >&2; }
die() { say "$*"; exit 1; }

find_go() {
  if command -v go >/dev/null 2>&1; then command -v go; return; fi
  if [ -x /usr/local/go/bin/go ]; then echo /usr/local/go/bin/go; return; fi
  return 1
}

built() { [ -x "$bin" ] && "$bin" --version >/dev/null 2>&1; }

build() {
  if built; then return 0; fi
  local go
  go="$(find_go)" || die "Go is not installed; it is needed once to build FerretDB $VERSION (the MongoDB-protocol test server). Install Go 1.22+ from https://go.dev/dl/, or set MONGO_URL to a MongoDB server"
  # global, not local: the EXIT trap runs after this function has returned
  build_dir="$(mktemp -d)"
  trap 'chmod -R u+w "$build_dir" 2>/dev/null; rm -rf "$build_dir"' EXIT
  say "building FerretDB $VERSION into $bin (once; a few minutes)"
  local dir
  dir="$(cd "$build_dir" && GOFLAGS=-mod=mod "$go" mod download -json "$MODULE@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -n "$dir" ] && [ -d "$dir" ] || die "could not download $MODULE@$VERSION (is the Go module proxy reachable? see GOPROXY)"
  cp -R "$dir" "$build_dir/src"
  chmod -R u+w "$build_dir/src"
  echo "$VERSION" >"$build_dir/src/build/version/version.txt"
  echo "$COMMIT" >"$build_dir/src/build/version/commit.txt"
  mkdir -p "$(dirname "$bin")"
  (cd "$build_dir/src" && GOFLAGS=-buildvcs=false "$go" build -trimpath -o "$bin.tmp.$$" ./cmd/ferretdb) || die "go build of FerretDB $VERSION failed (see above)"
  # Rename last, so a concurrent build or start never sees half a binary.
  mv -f "$bin.tmp.$$" "$bin"
  built || die "the built binary does not run: $bin"
  say "built $("$bin" --version | head -1)"
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

is_ours() { [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q ferretdb; }

start() {
  local state="${1:-}"
  [ -n "$state" ] || die "usage: scripts/ferretdb.sh start <state-dir>"
  built || die "not built yet: run scripts/ferretdb.sh build"
  mkdir -p "$state"
  state="$(cd "$state" && pwd)"
  if [ -f "$state/ferretdb.pid" ] && kill -0 "$(cat "$state/ferretdb.pid")" 2>/dev/null; then
    echo "mongodb://127.0.0.1:$(cat "$state/ferretdb.port")/"
    return 0
  fi
  mkdir -p "$state/data"
  # A port picked here could be taken by someone else before FerretDB binds it: try a few times.
  for _ in 1 2 3; do
    local port debug pid
    port="$(free_port)"
    debug="$(free_port)"
    FERRETDB_TELEMETRY=disable nohup "$bin" \
      --handler=sqlite --sqlite-url="file:$state/data/?_pragma=synchronous(off)" \
      --listen-addr="127.0.0.1:$port" --debug-addr="127.0.0.1:$debug" \
      --telemetry=disable --state-dir="$state" --log-level=WARN \
      </dev/null >"$state/ferretdb.log" 2>&1 &
    pid=$!
    echo "$pid" >"$state/ferretdb.pid"
    echo "$port" >"$state/ferretdb.port"
    for _ in $(seq 1 150); do
      if ! kill -0 "$pid" 2>/dev/null; then break; fi
      if accepts "$port"; then
        echo "mongodb://127.0.0.1:$port/"
        return 0
      fi
      sleep 0.1
    done
    kill "$pid" 2>/dev/null || true
    rm -f "$state/ferretdb.pid"
  done
  say "FerretDB did not start; its log ($state/ferretdb.log) ends with:"
  tail -n 20 "$state/ferretdb.log" >&2 || true
  exit 1
}

stop() {
  local state="${1:-}"
  [ -n "$state" ] || die "usage: scripts/ferretdb.sh stop <state-dir>"
  local file="$state/ferretdb.pid"
  [ -f "$file" ] || return 0
  local pid
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null && is_ours "$pid"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$file"
}

case "${1:-}" in
  build) build ;;
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  path) echo "$bin" ;;
  *) die "usage: scripts/ferretdb.sh build | start <state-dir> | stop <state-dir> | path" ;;
esac
