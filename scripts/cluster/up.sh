#!/usr/bin/env bash
# Start a throw-away Kubernetes control plane for the integration tests: etcd + kube-apiserver
# (+ kube-controller-manager unless --no-controllers), on 127.0.0.1 only, on free ports, with
# token auth, RBAC and a service-account key pair. No scheduler and no kubelet: pods stay Pending.
#
# --node: a real single-node cluster instead (state in <repo>/.cache/node): the same control
# plane plus containerd, the CNI bridge, kubelet, kube-scheduler and kube-proxy (node.sh), with
# the test images imported (images.sh). Pods run; one node per machine.
#
# Reuses a cluster that is already running from the same state directory. Prints the kubeconfig
# path as the last line of stdout; progress and errors go to stderr.
#
# State (pids, logs, certificates, etcd data, kubeconfig): $MARATHON2K8S_CLUSTER_DIR, default
# <repo>/.cache/cluster (git-ignored). `down.sh` stops exactly the processes recorded there.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CACHE_ROOT="${MARATHON2K8S_CACHE:-${HOME:-/root}/.cache/marathon2k8s}"
CONTROLLERS=1
NODE=0
for arg in "$@"; do
  case "$arg" in
    --no-controllers) CONTROLLERS=0 ;;
    --node) NODE=1 ;;
    -h | --help) sed -n '2,10p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "up.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

if [ "$NODE" = 1 ]; then
  STATE="${MARATHON2K8S_NODE_DIR:-$REPO/.cache/node}"
  [ "$CONTROLLERS" = 1 ] || { echo "up.sh: --node needs the controllers" >&2; exit 2; }
else
  STATE="${MARATHON2K8S_CLUSTER_DIR:-$REPO/.cache/cluster}"
fi

log() { printf '[cluster] %s\n' "$*" >&2; }

mkdir -p "$STATE"
# shellcheck source=lib.sh
source "$HERE/lib.sh"
# shellcheck source=node.sh
source "$HERE/node.sh"

# Two test workers asking for a cluster at once must not start two.
lock_state "$STATE" "up.sh $*"

if cluster_running "$STATE" && ready "$STATE" && { [ "$NODE" = 0 ] || { is_ours "$STATE" kubelet && node_ready; }; }; then
  log "reusing the running cluster in $STATE"
  echo "$STATE/kubeconfig"
  exit 0
fi
# Leftovers of a crashed or half-stopped cluster: stop what is ours and start clean.
if [ "$NODE" = 1 ]; then node_down; fi
stop_recorded "$STATE"
rm -rf "$STATE/etcd-data" "$STATE/pki" "$STATE"/*.log "$STATE/kubeconfig" "$STATE/env"

PROVISION_ARGS=()
[ "$NODE" = 1 ] && PROVISION_ARGS=(--node)
BIN="$(bash "$HERE/provision.sh" "${PROVISION_ARGS[@]}" | tail -n1)"
[ -x "$BIN/kube-apiserver" ] || { log "provisioning did not produce kube-apiserver"; exit 1; }
ETCD="$(command -v etcd)"

# --- certificates and keys -------------------------------------------------------------------
PKI="$STATE/pki"
mkdir -p "$PKI"
(
  cd "$PKI"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=marathon2k8s-test-ca" \
    -keyout ca.key -out ca.crt 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" -keyout apiserver.key \
    -out apiserver.csr 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\n' >san.ext
  openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
    -extfile san.ext -out apiserver.crt 2>/dev/null
  openssl genrsa -out sa.key 2048 2>/dev/null
  openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
)
TOKEN="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
# token,user,uid,"group": the admin user is in system:masters (everything allowed under RBAC).
printf '%s,marathon2k8s-admin,marathon2k8s-admin,"system:masters"\n' "$TOKEN" >"$PKI/tokens.csv"
chmod 600 "$PKI"/*.key "$PKI/tokens.csv"

# --- free ports (asked from the kernel, so no guessing) -------------------------------------
read -r ETCD_CLIENT ETCD_PEER API_PORT < <(free_ports 3)
printf 'ETCD_CLIENT=%s\nETCD_PEER=%s\nAPI_PORT=%s\n' "$ETCD_CLIENT" "$ETCD_PEER" "$API_PORT" >"$STATE/env"

# --- etcd --------------------------------------------------------------------------------------
start_daemon "$STATE" etcd "$ETCD" \
  --name default --data-dir "$STATE/etcd-data" \
  --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT" --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
  --initial-cluster "default=http://127.0.0.1:$ETCD_PEER" --initial-cluster-state new
wait_until 30 "etcd" curl -fsS "http://127.0.0.1:$ETCD_CLIENT/health"

# --- kube-apiserver ----------------------------------------------------------------------------
start_daemon "$STATE" kube-apiserver "$BIN/kube-apiserver" \
  --etcd-servers "http://127.0.0.1:$ETCD_CLIENT" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API_PORT" --insecure-port 0 \
  --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
  --client-ca-file "$PKI/ca.crt" --token-auth-file "$PKI/tokens.csv" \
  --authorization-mode RBAC --anonymous-auth=false \
  --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
  --service-account-issuer https://kubernetes.default.svc \
  --service-cluster-ip-range 10.0.0.0/24 --allow-privileged=true --profiling=false \
  --cert-dir "$PKI/generated"

CA_DATA="$(base64 -w0 <"$PKI/ca.crt")"
write_kubeconfig() ( # file server (a subshell, so that its umask stays there)
  umask 077
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: marathon2k8s-test
  cluster:
    server: $2
    certificate-authority-data: $CA_DATA
users:
- name: marathon2k8s-admin
  user:
    token: $TOKEN
contexts:
- name: marathon2k8s-test
  context:
    cluster: marathon2k8s-test
    user: marathon2k8s-admin
current-context: marathon2k8s-test
EOF
)
write_kubeconfig "$STATE/kubeconfig.tmp" "https://127.0.0.1:$API_PORT"
wait_until 90 "kube-apiserver /readyz" curl -fsS --cacert "$PKI/ca.crt" \
  -H "Authorization: Bearer $TOKEN" "https://127.0.0.1:$API_PORT/readyz"

# --- kube-controller-manager (namespace deletion, garbage collection, Deployment controller) ----
if [ "$CONTROLLERS" = 1 ]; then
  cp "$STATE/kubeconfig.tmp" "$STATE/controller-manager.kubeconfig"
  start_daemon "$STATE" kube-controller-manager "$BIN/kube-controller-manager" \
    --kubeconfig "$STATE/controller-manager.kubeconfig" \
    --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
    --use-service-account-credentials=false --leader-elect=false \
    --port 0 --secure-port 0 --controllers '*,-csrsigning,-nodeipam' \
    --service-cluster-ip-range 10.0.0.0/24
fi

if [ "$NODE" = 1 ]; then
  started=$SECONDS
  # A failed bring-up leaves nothing behind: everything started so far is stopped again.
  if ! node_up "$BIN"; then
    log "the node did not come up; logs in $STATE/*.log; stopping what was started"
    node_down
    stop_recorded "$STATE"
    exit 1
  fi
  log "node $NODE_NAME Ready after $((SECONDS - started)) s"
fi

# Only now is the cluster usable: the kubeconfig's presence means "ready".
mv "$STATE/kubeconfig.tmp" "$STATE/kubeconfig"
log "ready: kube-apiserver https://127.0.0.1:$API_PORT (state in $STATE)"
echo "$STATE/kubeconfig"
