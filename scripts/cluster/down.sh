#!/usr/bin/env bash
# Stop the test clusters started by up.sh: only the processes recorded in their state
# directories, and only while they still run the binaries that were started (pids can be
# reused). Removes the etcd data and the kubeconfig (so the next up.sh starts clean); keeps the
# logs. The real node (`up.sh --node`) is stopped too, and the host restored: its containers,
# cgroups, mounts, network namespaces, bridge, route, iptables chains, sysctls and fixed paths
# (see node.sh).
#
#   down.sh          both the control-plane-only cluster and the node
#   down.sh --node   the node only
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CLUSTER_STATE="${MARATHON2K8S_CLUSTER_DIR:-$REPO/.cache/cluster}"
NODE_STATE="${MARATHON2K8S_NODE_DIR:-$REPO/.cache/node}"
ONLY_NODE=0
for arg in "$@"; do
  case "$arg" in
    --node) ONLY_NODE=1 ;;
    -h | --help) sed -n '2,12p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "down.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

# shellcheck source=lib.sh
source "$HERE/lib.sh"
# shellcheck source=node.sh
source "$HERE/node.sh"

stop_state() { # STATE IS_NODE
  STATE="$1"
  if [ ! -d "$STATE" ]; then
    echo "[cluster] nothing to stop ($STATE does not exist)" >&2
    return 0
  fi
  lock_state "$STATE" "down.sh"
  if [ "$2" = 1 ]; then node_down; fi
  stop_recorded "$STATE"
  rm -rf "$STATE/etcd-data" "$STATE/kubeconfig" "$STATE/kubeconfig.tmp" \
    "$STATE/controller-manager.kubeconfig" "$STATE/node.kubeconfig" "$STATE/env" "$STATE/pki"
  exec 8>&-
  echo "[cluster] down ($STATE)" >&2
}

stop_state "$NODE_STATE" 1
if [ "$ONLY_NODE" = 0 ]; then stop_state "$CLUSTER_STATE" 0; fi
