#!/usr/bin/env bash
# Stop the test cluster started by up.sh: only the processes recorded in its state directory,
# and only while they still run the binaries that were started (pids can be reused). Removes the
# etcd data and the kubeconfig (so the next up.sh starts clean); keeps the logs.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
STATE="${MARATHON2K8S_CLUSTER_DIR:-$REPO/.cache/cluster}"

# shellcheck source=lib.sh
source "$HERE/lib.sh"

if [ ! -d "$STATE" ]; then
  echo "[cluster] nothing to stop ($STATE does not exist)" >&2
  exit 0
fi
exec 8>"$STATE/.lock"
flock 8
stop_recorded "$STATE"
rm -rf "$STATE/etcd-data" "$STATE/kubeconfig" "$STATE/kubeconfig.tmp" \
  "$STATE/controller-manager.kubeconfig" "$STATE/env" "$STATE/pki"
echo "[cluster] down" >&2
