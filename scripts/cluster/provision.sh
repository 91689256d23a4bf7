#!/usr/bin/env bash
# Provision the Kubernetes 1.20 binaries for the integration tests: kube-apiserver and
# kube-controller-manager (the control-plane-only cluster of up.sh) and kubelet, kube-scheduler and
# kube-proxy (the real node of `up.sh --node`), all five from ONE build.
#
# No Kubernetes server binary is packaged for Debian bookworm and the machine can only reach the
# package registries, so we build one from Debian's own `kubernetes` source package. Idempotent:
#   - apt packages are installed only when missing;
#   - the binaries are cached in ~/.cache/marathon2k8s/kube-<source version>/bin-<set built> and
#     the build is skipped when they are there (so every run after the first takes a second);
#   - the cache is checked BEFORE the provisioning lock is taken, and while waiting for the lock
#     the holder (pid, command, since when) is printed, so a test run never hangs silently.
# Non-interactive, meant to run as root (as on the developer machines and in CI).
# --node: also the Debian packages of the real node (containerd, runc, CNI plugins, iptables…).
#
# Prints the cache's bin directory on its last line of stdout; progress goes to stderr.
set -euo pipefail

KUBE_SRC_PKG=kubernetes
KUBE_SRC_VERSION="1.20.5+really1.20.2-1.1+deb12u1"
# The upstream release inside that source package; the build stamps it into /version, which is
# what `diff`/`apply` discovery reads ("1.20").
KUBE_GIT_VERSION_STAMP="v1.20.2"
# Needed to run the cluster (up.sh), and only to build it.
RUNTIME_PACKAGES=(etcd-server curl openssl)
# Needed by the real node (`up.sh --node`, `provision.sh --node`): container runtime, pod
# network, kube-proxy's tools, the test images' busybox.
NODE_PACKAGES=(containerd runc containernetworking-plugins iptables conntrack iproute2 busybox-static util-linux)
BUILD_PACKAGES=(golang-go rsync jq golang-github-modern-go-reflect2-dev dpkg-dev gcc libc6-dev)
REFLECT2_SRC=/usr/share/gocode/src/github.com/modern-go/reflect2

CACHE_ROOT="${MARATHON2K8S_CACHE:-${HOME:-/root}/.cache/marathon2k8s}"
KUBE_DIR="${CACHE_ROOT}/kube-${KUBE_SRC_VERSION}"
# Every binary is built in one make (the Go build cache lives in the source tree, which is removed
# afterwards, so building them separately would compile the shared packages twice).
KUBE_BINARIES=(kube-apiserver kube-controller-manager kubelet kube-scheduler kube-proxy)
# The cache directory is keyed by the set built: a change of the set rebuilds.
BIN_DIR="${KUBE_DIR}/bin-$(printf '%s\n' "${KUBE_BINARIES[@]}" | sha256sum | cut -c1-12)"
# Longest wait for another provisioning run (a cold build takes 15-30 minutes).
LOCK_TIMEOUT="${MARATHON2K8S_PROVISION_LOCK_TIMEOUT:-3600}"
export DEBIAN_FRONTEND=noninteractive

log() { printf '[provision] %s\n' "$*" >&2; }

need_sudo() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
    log "not root and no sudo: cannot run: $*"; return 1; fi
}

binaries_cached() {
  local b
  for b in "${KUBE_BINARIES[@]}" pause; do [ -x "${BIN_DIR}/$b" ] || return 1; done
}

packages_installed() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || return 1
  done
}

install_apt_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  log "installing apt packages: ${missing[*]}"
  need_sudo apt-get update -qq >&2
  need_sudo apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends "${missing[@]}" >&2
}

# The Debian mirror this machine already uses (deb822 or one-line format), so deb-src comes from
# the same place as the binary packages.
debian_mirror() {
  local uri
  uri=$(grep -hsE '^\s*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk '{for (i = 2; i <= NF; i++) print $i}' | grep -E '/debian/?$' | head -n1 || true)
  if [ -z "$uri" ]; then
    uri=$(grep -hsE '^\s*deb\s' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      sed -E 's/\[[^]]*\]//' | awk '{print $2}' | grep -E '/debian/?$' | head -n1 || true)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

fetch_source() {
  local work="$1" mirror apt_dir keyring
  mirror=$(debian_mirror)
  apt_dir="${work}/apt"
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  mkdir -p "${apt_dir}/lists/partial" "${apt_dir}/cache/archives/partial" "${apt_dir}/sources.list.d"
  # A private apt configuration: the system's sources.list(.d) and package lists stay untouched.
  {
    echo "deb-src [signed-by=${keyring}] ${mirror} bookworm main"
    echo "deb-src [signed-by=${keyring}] ${mirror} bookworm-updates main"
  } >"${apt_dir}/sources.list"
  local opts=(
    -o "Dir::Etc::sourcelist=${apt_dir}/sources.list"
    -o "Dir::Etc::sourceparts=${apt_dir}/sources.list.d"
    -o "Dir::State::Lists=${apt_dir}/lists"
    -o "Dir::Cache=${apt_dir}/cache"
    -o "APT::Sandbox::User=root"
  )
  log "fetching source ${KUBE_SRC_PKG}=${KUBE_SRC_VERSION} from ${mirror}"
  apt-get "${opts[@]}" update -qq >&2
  (cd "$work" && apt-get "${opts[@]}" source -qq "${KUBE_SRC_PKG}=${KUBE_SRC_VERSION}" >&2)
}

# reflect2 1.0.1 (vendored) crashes under Go >= 1.18 ("fatal error: fault" in runtime.mapiternext
# on the first custom-resource request); Debian's 1.0.2 is API compatible.
patch_reflect2() {
  local vendored="$1/vendor/github.com/modern-go/reflect2"
  [ -d "$vendored" ] || { log "no vendored reflect2 at $vendored"; return 1; }
  find "$vendored" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' \) -delete
  find "$REFLECT2_SRC" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' \) ! -name '*_test.go' \
    -exec cp {} "$vendored/" \;
}

build() {
  local work="${CACHE_ROOT}/build-${KUBE_SRC_VERSION}" src
  rm -rf "$work"
  mkdir -p "$work"
  fetch_source "$work"
  src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name "${KUBE_SRC_PKG}-*" | head -n1)
  [ -n "$src" ] || { log "source tree not found under $work"; return 1; }
  patch_reflect2 "$src"
  log "building ${KUBE_BINARIES[*]} (15-30 minutes on 2 cores; log: ${work}/build.log)"
  local started=$SECONDS buildlog="${work}/build.log"
  # Not a git checkout: the version is given explicitly so /version reports 1.20.
  if ! (cd "$src" && env GOPROXY=off GOTOOLCHAIN=local GOFLAGS=-mod=vendor GO111MODULE=on \
      KUBE_GIT_VERSION="$KUBE_GIT_VERSION_STAMP" KUBE_GIT_TREE_STATE=clean \
      make WHAT="$(printf 'cmd/%s ' "${KUBE_BINARIES[@]}")" >"$buildlog" 2>&1); then
    tail -n 60 "$buildlog" >&2
    log "build failed; full log: $buildlog"
    return 1
  fi
  log "build took $((SECONDS - started)) s"
  local out b
  out=$(find "$src/_output" -type f -name kube-apiserver -path '*bin*' | head -n1)
  [ -n "$out" ] || { log "kube-apiserver not found in $src/_output"; return 1; }
  mkdir -p "${BIN_DIR}.tmp"
  for b in "${KUBE_BINARIES[@]}"; do cp "$(dirname "$out")/$b" "${BIN_DIR}.tmp/"; done
  # The pod sandbox ("pause") of the real node's test images, from the same source tree.
  gcc -static -O2 -DVERSION=v3.4.1-marathon2k8s -o "${BIN_DIR}.tmp/pause" "$src/build/pause/linux/pause.c"
  rm -rf "$BIN_DIR"
  mv "${BIN_DIR}.tmp" "$BIN_DIR"
  # The source tree is ~1 GB once built; the Go build cache keeps rebuilds fast anyway.
  rm -rf "$work"
}

# take_lock: the provisioning lock, saying who holds it while waiting, and giving up after
# LOCK_TIMEOUT seconds instead of hanging a test run.
take_lock() {
  local lock="${CACHE_ROOT}/provision.lock" waited=0
  exec 9>>"$lock"
  if flock -n 9; then echo "$$ $(date -u +%FT%TZ) $0" >"${lock}.holder"; return 0; fi
  while ! flock -w 30 9; do
    waited=$((waited + 30))
    log "waiting for the provisioning lock (${waited} s), held by: $(cat "${lock}.holder" 2>/dev/null || echo unknown)"
    if ((waited >= LOCK_TIMEOUT)); then
      log "gave up after ${LOCK_TIMEOUT} s (MARATHON2K8S_PROVISION_LOCK_TIMEOUT); remove ${lock} if its holder is gone"
      return 1
    fi
  done
  echo "$$ $(date -u +%FT%TZ) $0" >"${lock}.holder"
}

main() {
  if [ "${1:-}" = --node ]; then RUNTIME_PACKAGES+=("${NODE_PACKAGES[@]}"); fi
  mkdir -p "$CACHE_ROOT"
  # The common case (binaries cached, packages installed) needs no lock at all.
  if binaries_cached && packages_installed "${RUNTIME_PACKAGES[@]}"; then
    echo "$BIN_DIR"
    return 0
  fi
  # Jest workers or parallel shells may call this at once: build only once.
  take_lock
  if binaries_cached; then
    install_apt_packages "${RUNTIME_PACKAGES[@]}"
  else
    install_apt_packages "${RUNTIME_PACKAGES[@]}" "${BUILD_PACKAGES[@]}"
    build
  fi
  command -v etcd >/dev/null || { log "etcd not on PATH after install"; exit 1; }
  echo "$BIN_DIR"
}

main "$@"
