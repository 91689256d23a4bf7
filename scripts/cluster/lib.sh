# Shared helpers of up.sh / down.sh (sourced, not run). Every process we start is recorded as
# <name>.pid plus <name>.exe (the binary's real path), so stopping can check that a pid still
# belongs to the process we started before signalling it (pids get reused).

DAEMONS=(kube-controller-manager kube-apiserver etcd) # stop order: dependants first

# lock_state STATE WHO: the state directory's lock (fd 8), saying who holds it while waiting and
# giving up after MARATHON2K8S_CLUSTER_LOCK_TIMEOUT seconds (default 300) instead of hanging.
lock_state() {
  local state="$1" who="$2" waited=0 limit="${MARATHON2K8S_CLUSTER_LOCK_TIMEOUT:-300}"
  exec 8>>"$state/.lock"
  if ! flock -n 8; then
    while ! flock -w 15 8; do
      waited=$((waited + 15))
      printf '[cluster] waiting for %s/.lock (%s s), held by: %s\n' "$state" "$waited" \
        "$(cat "$state/.lock.holder" 2>/dev/null || echo unknown)" >&2
      if ((waited >= limit)); then
        printf '[cluster] gave up waiting after %s s\n' "$limit" >&2
        return 1
      fi
    done
  fi
  echo "pid $$ ($who) since $(date -u +%FT%TZ)" >"$state/.lock.holder"
}

# start_daemon STATE NAME BINARY ARGS...: detached (own session), stdio to a log file, so that
# neither the shell, jest nor CI waits on it or on its output pipe.
start_daemon() {
  local state="$1" name="$2" bin="$3"
  shift 3
  setsid "$bin" "$@" </dev/null >"$state/$name.log" 2>&1 8>&- 9>&- &
  echo $! >"$state/$name.pid"
  readlink -f "$bin" >"$state/$name.exe"
}

# is_ours STATE NAME: the recorded pid is alive and still runs the recorded binary.
is_ours() {
  local state="$1" name="$2" pid exe
  [ -f "$state/$name.pid" ] && [ -f "$state/$name.exe" ] || return 1
  pid="$(cat "$state/$name.pid")"
  exe="$(cat "$state/$name.exe")"
  [ -n "$pid" ] && [ "$(readlink -f "/proc/$pid/exe" 2>/dev/null)" = "$exe" ]
}

cluster_running() {
  local state="$1"
  [ -f "$state/kubeconfig" ] && is_ours "$state" etcd && is_ours "$state" kube-apiserver
}

# ready STATE: /readyz answers ok with the recorded credentials.
ready() {
  local state="$1" token port
  [ -f "$state/env" ] && [ -f "$state/pki/tokens.csv" ] || return 1
  port="$(sed -n 's/^API_PORT=//p' "$state/env")"
  token="$(cut -d, -f1 "$state/pki/tokens.csv")"
  curl -fsS --max-time 5 --cacert "$state/pki/ca.crt" -H "Authorization: Bearer $token" \
    "https://127.0.0.1:$port/readyz" >/dev/null 2>&1
}

# stop_recorded STATE [NAME...]: TERM, then KILL after 15 s, each recorded process (default: the
# control plane's DAEMONS) that is still ours.
stop_recorded() {
  local state="$1" name pid i
  shift
  local names=("$@")
  [ "${#names[@]}" -gt 0 ] || names=("${DAEMONS[@]}")
  for name in "${names[@]}"; do
    if is_ours "$state" "$name"; then
      pid="$(cat "$state/$name.pid")"
      kill -TERM "$pid" 2>/dev/null || true
      for i in $(seq 1 150); do is_ours "$state" "$name" || break; sleep 0.1; done
      if is_ours "$state" "$name"; then kill -KILL "$pid" 2>/dev/null || true; fi
      printf '[cluster] stopped %s (pid %s)\n' "$name" "$pid" >&2
    fi
    rm -f "$state/$name.pid" "$state/$name.exe"
  done
}

# free_ports N: N distinct free TCP ports on 127.0.0.1, space separated.
free_ports() {
  node -e '
    const net = require("node:net");
    const n = Number(process.argv[1]);
    const servers = Array.from({ length: n }, () => net.createServer());
    Promise.all(servers.map((s) => new Promise((ok) => s.listen(0, "127.0.0.1", () => ok(s.address().port)))))
      .then((ports) => { console.log(ports.join(" ")); servers.forEach((s) => s.close()); });
  ' "$1"
}

# wait_until SECONDS WHAT COMMAND...: retry COMMAND until it succeeds; fail early, with the log's
# tail, when one of our processes has died.
wait_until() {
  local limit="$1" what="$2" start=$SECONDS name
  shift 2
  until "$@" >/dev/null 2>&1; do
    for name in "${DAEMONS[@]}" ${NODE_DAEMONS[@]+"${NODE_DAEMONS[@]}"}; do
      if [ -f "$STATE/$name.pid" ] && ! is_ours "$STATE" "$name"; then
        printf '[cluster] %s exited; last lines of %s:\n' "$name" "$STATE/$name.log" >&2
        tail -n 30 "$STATE/$name.log" >&2
        return 1
      fi
    done
    if ((SECONDS - start >= limit)); then
      printf '[cluster] %s not ready after %s s\n' "$what" "$limit" >&2
      return 1
    fi
    sleep 0.3
  done
  printf '[cluster] %s ready after %s s\n' "$what" "$((SECONDS - start))" >&2
}
