# The real node of `up.sh --node` (sourced by up.sh and down.sh, not run): containerd + runc, the
# CNI bridge, kubelet, kube-scheduler and kube-proxy next to the control plane, so pods really
# run. Facts behind every choice: ../shared/reference/REAL-NODE.md.
#
# Host state it changes, all recorded in $STATE/host/ and restored by node_down:
#   sysctls        net.ipv4.ip_forward, net.bridge.bridge-nf-call-iptables (set here);
#                  net.ipv4.conf.all.route_localnet (kube-proxy); vm.overcommit_memory,
#                  kernel.panic, kernel.panic_on_oops (kubelet)
#   network        bridge m2k0 (10.244.0.1/24), a route of the Service CIDR to it, the chain
#                  M2K-CONTAIN in mangle/FORWARD, kube-proxy's KUBE-* and portmap's CNI-* chains,
#                  the pods' network namespaces (/var/run/netns/cni-*)
#   paths          /var/log/pods, /var/log/containers, /var/run/netns, /var/lib/cni (fixed
#                  paths of kubelet and CNI: removed only when they did not exist before)
#   cgroups        */kubepods in every cgroup hierarchy
# Traffic never leaves the machine: pods may reach pods, Services and the node, nothing else
# (M2K-CONTAIN), the pod network is not masqueraded, and NodePorts listen on the bridge only.

NODE_NAME=m2k-node
NODE_BRIDGE=m2k0
NODE_IP=10.244.0.1
POD_CIDR=10.244.0.0/24
SERVICE_CIDR=10.0.0.0/24
CONTAIN_CHAIN=M2K-CONTAIN
# containerd's socket path must stay short (unix sockets: 108 bytes) and be on a local fs.
NODE_RUN=/run/marathon2k8s-node
NODE_DAEMONS=(kube-proxy kube-scheduler kubelet containerd) # stop order: dependants first
NODE_SYSCTLS=(net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.ipv4.conf.all.route_localnet
  vm.overcommit_memory kernel.panic kernel.panic_on_oops)
NODE_PATHS=(/var/log/pods /var/log/containers /var/run/netns /var/lib/cni)
CGROUP_ROOT=/sys/fs/cgroup

nlog() { printf '[node] %s\n' "$*" >&2; }

sysctl_path() { echo "/proc/sys/${1//.//}"; }

# --- host state ------------------------------------------------------------------------------
record_host_state() {
  local host="$STATE/host" key p
  mkdir -p "$host"
  [ -f "$host/recorded" ] && return 0 # a half-started node: keep the first, true record
  for key in "${NODE_SYSCTLS[@]}"; do
    p="$(sysctl_path "$key")"
    [ -f "$p" ] && cat "$p" >"$host/sysctl.$key"
  done
  for p in "${NODE_PATHS[@]}"; do [ -e "$p" ] && echo "$p"; done >"$host/paths-existing"
  ls /var/run/netns 2>/dev/null >"$host/netns-existing" || true
  touch "$host/recorded"
}

restore_host_state() {
  local host="$STATE/host" f key p
  [ -f "$host/recorded" ] || return 0
  for f in "$host"/sysctl.*; do
    [ -f "$f" ] || continue
    key="${f##*/sysctl.}"
    p="$(sysctl_path "$key")"
    [ -f "$p" ] && cat "$f" >"$p" 2>/dev/null || true
  done
  for p in "${NODE_PATHS[@]}"; do
    if ! grep -qxF "$p" "$host/paths-existing" && [ -e "$p" ]; then rm -rf "$p"; fi
  done
  rm -rf "$host"
}

# --- network ---------------------------------------------------------------------------------
network_up() {
  if ! ip link show "$NODE_BRIDGE" >/dev/null 2>&1; then
    ip link add "$NODE_BRIDGE" type bridge
    ip addr add "$NODE_IP/24" dev "$NODE_BRIDGE"
  fi
  ip link set "$NODE_BRIDGE" up
  # An untranslated Service IP must never follow the default route out of the machine.
  ip route replace "$SERVICE_CIDR" dev "$NODE_BRIDGE"
  echo 1 >"$(sysctl_path net.ipv4.ip_forward)"
  # Pod-to-Service-to-pod on one bridge: replies must pass through the host's conntrack.
  echo 1 >"$(sysctl_path net.bridge.bridge-nf-call-iptables)"
  # kube-proxy puts its rules ahead of anything in filter/FORWARD: contain in mangle instead.
  iptables -t mangle -N "$CONTAIN_CHAIN" 2>/dev/null || iptables -t mangle -F "$CONTAIN_CHAIN"
  iptables -t mangle -A "$CONTAIN_CHAIN" -d "$POD_CIDR" -j RETURN
  iptables -t mangle -A "$CONTAIN_CHAIN" -j DROP
  iptables -t mangle -C FORWARD -s "$POD_CIDR" -j "$CONTAIN_CHAIN" 2>/dev/null ||
    iptables -t mangle -I FORWARD -s "$POD_CIDR" -j "$CONTAIN_CHAIN"
}

# delete_chains TABLE PREFIX: flush, unlink and delete every chain of TABLE named PREFIX*.
delete_chains() {
  local table="$1" prefix="$2" chain chains
  chains="$(iptables -t "$table" -S 2>/dev/null | awk -v p="$prefix" '$1 == "-N" && index($2, p) == 1 {print $2}')"
  [ -n "$chains" ] || return 0
  # Rules of the built-in chains that jump to ours, by line number (their comments hold quoted
  # blanks that no re-split of `iptables -S` output survives), last line first.
  local builtin n
  for builtin in $(iptables -t "$table" -S 2>/dev/null | awk '$1 == "-P" {print $2}'); do
    iptables -t "$table" -L "$builtin" -n --line-numbers 2>/dev/null |
      awk -v p="$prefix" 'NR > 2 && index($2, p) == 1 {print $1}' | sort -rn |
      while read -r n; do iptables -t "$table" -D "$builtin" "$n" 2>/dev/null || true; done
  done
  for chain in $chains; do iptables -t "$table" -F "$chain" 2>/dev/null || true; done
  for chain in $chains; do iptables -t "$table" -X "$chain" 2>/dev/null || true; done
}

network_down() {
  local ns
  # Network namespaces of pods (sandbox stops normally remove them; killed ones leave them).
  for ns in $(ls /var/run/netns 2>/dev/null); do
    if ! grep -qxF "$ns" "$STATE/host/netns-existing" 2>/dev/null && [[ "$ns" == cni-* ]]; then
      ip netns delete "$ns" 2>/dev/null || true
    fi
  done
  delete_chains nat KUBE-
  delete_chains filter KUBE-
  delete_chains mangle KUBE-
  delete_chains nat CNI-
  delete_chains filter CNI-
  delete_chains mangle "$CONTAIN_CHAIN"
  ip route del "$SERVICE_CIDR" dev "$NODE_BRIDGE" 2>/dev/null || true
  ip link del "$NODE_BRIDGE" 2>/dev/null || true
  # Leftover veths of killed pods (their peer lived in a deleted namespace: normally gone).
  ip -o link show type veth 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | while read -r v; do
    [ -n "$v" ] && ip link show "$v" 2>/dev/null | grep -q "master $NODE_BRIDGE" && ip link del "$v" 2>/dev/null
  done
  return 0
}

# --- configuration files -----------------------------------------------------------------------
write_node_configs() {
  local kubelet_port="$1" kubelet_healthz="$2"
  mkdir -p "$STATE/containerd" "$STATE/cni/net.d" "$STATE/kubelet" "$NODE_RUN"
  cat >"$STATE/containerd/config.toml" <<EOF
version = 2
root = "$STATE/containerd/root"
state = "$NODE_RUN/state"
oom_score = 0
[grpc]
  address = "$NODE_RUN/containerd.sock"
[ttrpc]
  address = "$NODE_RUN/containerd-ttrpc.sock"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "marathon2k8s.local/pause:3.4.1"
  # root lacks CAP_SYS_RESOURCE here: runc cannot give the sandbox a negative oom_score_adj.
  restrict_oom_score_adj = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni/net.d"
EOF
  # No ipMasq: pod traffic is never rewritten to leave the machine.
  cat >"$STATE/cni/net.d/10-m2k.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "m2k",
  "plugins": [
    {
      "type": "bridge", "bridge": "$NODE_BRIDGE", "isGateway": true, "ipMasq": false, "hairpinMode": true,
      "ipam": { "type": "host-local", "dataDir": "$STATE/cni/ipam", "ranges": [[{ "subnet": "$POD_CIDR", "gateway": "$NODE_IP" }]],
                "routes": [{ "dst": "0.0.0.0/0" }] }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
EOF
  cat >"$STATE/kubelet/config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: $kubelet_port
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $kubelet_healthz
cgroupDriver: cgroupfs
failSwapOn: false
authentication:
  anonymous: { enabled: true }
  webhook: { enabled: false }
authorization: { mode: AlwaysAllow }
resolvConf: /etc/resolv.conf
evictionHard: { memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%" }
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
maxPods: 60
EOF
}

# --- processes ---------------------------------------------------------------------------------
node_ready() { # the Node reports Ready
  local token port
  port="$(sed -n 's/^API_PORT=//p' "$STATE/env")"
  token="$(cut -d, -f1 "$STATE/pki/tokens.csv")"
  curl -fsS --max-time 5 --cacert "$STATE/pki/ca.crt" -H "Authorization: Bearer $token" \
    "https://127.0.0.1:$port/api/v1/nodes/$NODE_NAME" 2>/dev/null |
    tr -d ' \n' | grep -q '"type":"Ready","status":"True"'
}

node_up() {
  local bin="$1" images kubelet_port kubelet_healthz sched_port proxy_healthz proxy_metrics
  if [ -n "$(ls -A /sys/fs/cgroup/memory/kubepods 2>/dev/null)" ] || ip link show "$NODE_BRIDGE" >/dev/null 2>&1; then
    nlog "a node's leftovers are on this machine (bridge $NODE_BRIDGE or kubepods cgroups): run down.sh --node first, or check who runs it"
  fi
  record_host_state
  network_up
  read -r kubelet_port kubelet_healthz sched_port proxy_healthz proxy_metrics < <(free_ports 5)
  write_node_configs "$kubelet_port" "$kubelet_healthz"

  start_daemon "$STATE" containerd "$(command -v containerd)" --config "$STATE/containerd/config.toml"
  wait_until 30 "containerd" ctr --address "$NODE_RUN/containerd.sock" version

  # shellcheck source=images.sh
  source "$HERE/images.sh"
  images="$(build_images "$CACHE_ROOT/images" "$bin/pause")"
  local tarball
  for tarball in "$images"/*.tar; do
    ctr --address "$NODE_RUN/containerd.sock" -n k8s.io images import --no-unpack "$tarball" >/dev/null
  done
  nlog "images imported: $(ctr --address "$NODE_RUN/containerd.sock" -n k8s.io images ls -q | grep -v '^sha256:' | tr '\n' ' ')"

  cp "$STATE/kubeconfig.tmp" "$STATE/node.kubeconfig"
  start_daemon "$STATE" kubelet "$bin/kubelet" \
    --config "$STATE/kubelet/config.yaml" --kubeconfig "$STATE/node.kubeconfig" \
    --container-runtime remote --container-runtime-endpoint "unix://$NODE_RUN/containerd.sock" \
    --root-dir "$STATE/kubelet/root" --cert-dir "$STATE/kubelet/pki" \
    --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" --oom-score-adj 0 --v 1
  start_daemon "$STATE" kube-scheduler "$bin/kube-scheduler" \
    --kubeconfig "$STATE/node.kubeconfig" --leader-elect=false --port 0 \
    --bind-address 127.0.0.1 --secure-port "$sched_port"
  start_daemon "$STATE" kube-proxy "$bin/kube-proxy" \
    --kubeconfig "$STATE/node.kubeconfig" --hostname-override "$NODE_NAME" --proxy-mode iptables \
    --cluster-cidr "$POD_CIDR" --masquerade-all --nodeport-addresses "$NODE_IP/32" --oom-score-adj 0 \
    --conntrack-max-per-core 0 --conntrack-tcp-timeout-established 0 --conntrack-tcp-timeout-close-wait 0 \
    --healthz-bind-address "127.0.0.1:$proxy_healthz" --metrics-bind-address "127.0.0.1:$proxy_metrics"
  wait_until 120 "node $NODE_NAME Ready" node_ready
}

# kill_cgroup_tree DIR: every process in DIR and below, then the directories, deepest first.
kill_cgroup_tree() {
  local dir="$1" f
  [ -d "$dir" ] || return 0
  find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
  find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null || true
}

node_down() {
  local name i hierarchy mnt started=0
  # Nothing of a node was ever started from this state directory: touch nothing on the host.
  [ -f "$STATE/host/recorded" ] && started=1
  for name in "${NODE_DAEMONS[@]}"; do [ -f "$STATE/$name.pid" ] && started=1; done
  [ "$started" = 1 ] || return 0
  stop_recorded "$STATE" "${NODE_DAEMONS[@]}"
  # containerd-shim processes and containers of OUR containerd only (found by its socket).
  pgrep -f "containerd-shim-runc-v2 .*-address $NODE_RUN/containerd.sock" | xargs -r kill -KILL 2>/dev/null || true
  for hierarchy in "$CGROUP_ROOT"/*; do kill_cgroup_tree "$hierarchy/kubepods"; done
  # Mounts under the node's directories (container rootfs, volumes, sandbox shm), deepest first.
  for i in 1 2 3; do
    { findmnt -rn -o TARGET | grep -E "^($STATE|$NODE_RUN)/" || true; } | sort -r | while read -r mnt; do
      umount -l "$mnt" 2>/dev/null || true
    done
  done
  for mnt in $(findmnt -rn -o TARGET | grep -E '^/(var/)?run/netns/cni-' || true); do
    umount -l "$mnt" 2>/dev/null || true
  done
  network_down
  restore_host_state
  rm -rf "$NODE_RUN" "$STATE/kubelet/root" "$STATE/containerd/root" "$STATE/cni/ipam"
}
