#!/usr/bin/env bash
# Makes sure the Prometheus Pushgateway binary that the metrics plugin's tests start is installed
# (Debian's `prometheus-pushgateway`). The tests start and stop their own instance on a free local
# port; this script only installs it, and disables the system service the package may enable so
# nothing else listens on the default port.
set -euo pipefail
bin=/usr/bin/prometheus-pushgateway
if [ -x "$bin" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "pushgateway: $bin is missing and apt-get is not available; metrics push tests will skip" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
echo "pushgateway: installing prometheus-pushgateway" >&2
# Package scripts must not try to start a service inside a container or a CI job.
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends prometheus-pushgateway >/dev/null
if command -v systemctl >/dev/null 2>&1; then
  $sudo systemctl disable --now prometheus-pushgateway >/dev/null 2>&1 || true
fi
[ -x "$bin" ] || { echo "pushgateway: installed, but $bin is not there" >&2; exit 1; }
