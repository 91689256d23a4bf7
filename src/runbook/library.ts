/**
 * The part of every runbook that does not depend on the app: the step functions, the argument
 * parser, the helper pods, the copy and the check. script.ts puts the app's variables in front.
 *
 * Written as bash in a raw string with `%{` standing for bash's `${` (a template literal would
 * take `${` as its own); LIBRARY replaces them. Everything the steps run goes through `run` (or
 * `run_in` with a stdin text, `run_pipe` for a pipe) so that --dry-run prints the very commands
 * a real run executes.
 */

const SOURCE = String.raw`
# ---------------------------------------------------------------------------------------------
# Below: the same in every runbook.

# What runs inside the containers (POSIX sh; Marathon task, helper pod and this machine alike).
# A relative path is the task's sandbox ($MESOS_SANDBOX); an absolute one is used as it is.
SOURCE_TAR='cd "%{MESOS_SANDBOX:-.}" && exec tar -cf - -C "$1" .'
TARGET_TAR='exec tar -xf - --numeric-owner -C "$1"'
TARGET_EMPTY='ls -A "$1" | grep -v "^lost+found$" | head -n 1'
TARGET_WIPE='find "$1" -mindepth 1 -maxdepth 1 ! -name lost+found -exec rm -rf {} +'
SUMMARY='cd "%{MESOS_SANDBOX:-.}" && cd "$1" && printf "files=%s bytes=%s sha256=%s\n" "$(find . -type f | wc -l | tr -d " ")" "$(find . -type f -exec cat {} + | wc -c | tr -d " ")" "$(find . -type f -exec sha256sum {} + | LC_ALL=C sort | sha256sum | cut -d " " -f 1)"'

STEPS=(preflight stop-writes prepare copy verify finish)
DRY_RUN="%{DRY_RUN:-0}"
ASSUME_YES="%{ASSUME_YES:-0}"
HELPERS=()
TASK_IDS=()
read -r -a DCOS_CMD <<< "$DCOS"
read -r -a KUBECTL_CMD <<< "$KUBECTL"

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
# show CMD...: prints the command as a person would type it (kube/dcos: the real command line).
show() {
  local -a argv=("$@")
  case $1 in
    kube) argv=("%{KUBECTL_CMD[@]}" -n "$NAMESPACE" "%{@:2}") ;;
    dcos) argv=("%{DCOS_CMD[@]}" "%{@:2}") ;;
  esac
  local w out="+"
  for w in "%{argv[@]}"; do
    if [[ $w =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then out+=" $w"; else out+=" '%{w//\'/\'\\\'\'}'"; fi
  done
  printf '%s\n' "$out" >&2
}
run() { show "$@"; [[ $DRY_RUN == 1 ]] || "$@"; }
# run_in TEXT CMD...: CMD with TEXT on its standard input.
run_in() { local text=$1; shift; show "$@"; printf '  (standard input: %s)\n' "$(printf '%s' "$text" | head -c 160)" >&2; [[ $DRY_RUN == 1 ]] || printf '%s\n' "$text" | "$@"; }
# \`command\`: DCOS is usually "dcos", the name of this very function.
dcos() { command "%{DCOS_CMD[@]}" "$@"; }
kube() { command "%{KUBECTL_CMD[@]}" -n "$NAMESPACE" "$@"; }
dry() { [[ $DRY_RUN == 1 ]]; }

confirm() {
  [[ $ASSUME_YES == 1 || $DRY_RUN == 1 ]] && return 0
  [[ -t 0 ]] || die "$1: confirm by running with --yes (standard input is not a terminal)"
  local answer
  read -r -p "$1. Continue? [y/N] " answer
  [[ $answer == y || $answer == Y || $answer == yes ]] || die "stopped; nothing more was done"
}

timeout_seconds() { local t=%{TIMEOUT%s}; [[ $t =~ ^[0-9]+$ ]] || die "TIMEOUT must be seconds, such as 600s (got $TIMEOUT)"; echo "$t"; }

# The claim of volume V at ordinal I (claim templates: <template>-<statefulset>-<ordinal>).
claim_of() { if [[ %{VOLUME_KINDS[$1]} == persistent ]]; then echo "%{VOLUMES[$1]}-$WORKLOAD-$2"; else echo "%{VOLUMES[$1]}"; fi; }
# Whether volume V is copied at ordinal I: each persistent volume at every ordinal, an external one once.
copied_at() { [[ %{VOLUME_KINDS[$1]} == persistent || $2 == 0 ]]; }
helper_of() { echo "$WORKLOAD-copy-$1"; }

cleanup() {
  local h
  for h in %{HELPERS[@]+"%{HELPERS[@]}"}; do
    say "removing helper pod $h"
    kube delete pod "$h" --ignore-not-found --wait=false || printf 'warning: could not remove pod %s: delete it yourself\n' "$h" >&2
  done
  HELPERS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- Marathon ------------------------------------------------------------------------------------

# TASK_IDS: the Marathon tasks in ordinal order, from TASKS or listed (sorted by id) now.
load_tasks() {
  ((%{#TASK_IDS[@]} > 0)) && return 0
  local want=$COPY_INSTANCES listed
  if [[ -n $TASKS ]]; then
    read -r -a TASK_IDS <<< "$TASKS"
  elif dry; then
    local i; for ((i = 0; i < want; i++)); do TASK_IDS+=("<task-$i>"); done
    return 0
  else
    listed=$(list_tasks) || die "could not list the tasks of $MARATHON_ID; set TASKS"
    mapfile -t TASK_IDS < <(printf '%s\n' "$listed" | sed '/^[[:space:]]*$/d' | LC_ALL=C sort)
  fi
  ((%{#TASK_IDS[@]} >= want)) || die "$MARATHON_ID has %{#TASK_IDS[@]} running tasks, $want needed (one per instance); start them, or set TASKS"
  local i
  for ((i = 0; i < want; i++)); do say "ordinal $i ← Marathon task %{TASK_IDS[$i]}"; done
}

# The task that holds volume V at ordinal I (pods: the task of the volume's container).
task_of() {
  local task=%{TASK_IDS[$2]}
  [[ -n %{VOLUME_CONTAINERS[$1]} ]] && task="$task.%{VOLUME_CONTAINERS[$1]}"
  echo "$task"
}

# Waits for a Marathon deployment to end (it is listed until then).
wait_deployment() {
  local id=$1 waited=0 limit listed
  limit=$(timeout_seconds)
  dry && return 0
  while :; do
    listed=$(dcos marathon deployment list --json 2>/dev/null) || listed=""
    [[ $listed == *"$id"* ]] || break
    ((waited < limit)) || die "deployment $id of $MARATHON_ID still runs after $TIMEOUT: see dcos marathon deployment list"
    sleep "$POLL_SECONDS"; waited=$((waited + POLL_SECONDS))
  done
  say "deployment $id done"
}

# marathon_update TEXT ARGS...: runs dcos ARGS (TEXT on its standard input unless empty) and waits for the deployment.
marathon_update() {
  local text=$1 out id; shift
  if dry; then
    if [[ -n $text ]]; then run_in "$text" dcos "$@"; else run dcos "$@"; fi
    return 0
  fi
  if [[ -n $text ]]; then
    show dcos "$@"
    out=$(printf '%s\n' "$text" | dcos "$@") || die "dcos $* failed: $out"
  else
    show dcos "$@"
    out=$(dcos "$@") || die "dcos $* failed: $out"
  fi
  printf '%s\n' "$out"
  id=$(printf '%s\n' "$out" | sed -n 's/.*[Cc]reated deployment \([^ ]*\).*/\1/p' | head -n 1)
  [[ -n $id ]] || die "no deployment id in the answer of dcos (above)"
  wait_deployment "$id"
}

# ---- Kubernetes ----------------------------------------------------------------------------------

wait_no_pods() {
  local waited=0 limit pods
  limit=$(timeout_seconds)
  dry && return 0
  while :; do
    pods=$(kube get pods -l "$SELECTOR" -o name)
    [[ -z $pods ]] && break
    ((waited < limit)) || die "pods of $WORKLOAD still run after $TIMEOUT: $pods"
    sleep "$POLL_SECONDS"; waited=$((waited + POLL_SECONDS))
  done
  say "no pod of $WORKLOAD runs"
}

claim_manifest() {
  local v=$1 claim=$2
  printf '{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"%s","namespace":"%s","labels":%s},"spec":%s}' \
    "$claim" "$NAMESPACE" "%{VOLUME_LABELS[$v]}" "%{VOLUME_SPECS[$v]}"
}

# The helper pod of ordinal I: the claims of that ordinal mounted at /data/<volume>.
helper_manifest() {
  local i=$1 v mounts="" volumes="" sep=""
  for ((v = 0; v < %{#VOLUMES[@]}; v++)); do
    copied_at "$v" "$i" || continue
    mounts+="$sep{\"name\":\"v$v\",\"mountPath\":\"/data/%{VOLUMES[$v]}\"}"
    volumes+="$sep{\"name\":\"v$v\",\"persistentVolumeClaim\":{\"claimName\":\"$(claim_of "$v" "$i")\"}}"
    sep=","
  done
  printf '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"%s","labels":{"app.kubernetes.io/managed-by":"marathon2k8s","marathon2k8s.io/runbook":"%s"}},' \
    "$(helper_of "$i")" "$NAMESPACE" "$WORKLOAD"
  printf '"spec":{"restartPolicy":"Never","terminationGracePeriodSeconds":0,"containers":[{"name":"copy","image":"%s","command":["sleep","86400"],"volumeMounts":[%s]}],"volumes":[%s]}}' \
    "$HELPER_IMAGE" "$mounts" "$volumes"
}

start_helper() {
  local i=$1 name h
  name=$(helper_of "$i")
  for h in %{HELPERS[@]+"%{HELPERS[@]}"}; do [[ $h == "$name" ]] && return 0; done
  run kube delete pod "$name" --ignore-not-found --wait=true
  HELPERS+=("$name")
  run_in "$(helper_manifest "$i")" kube create -f -
  run kube wait --for=condition=Ready "pod/$name" --timeout="$TIMEOUT"
}

# ---- the steps -----------------------------------------------------------------------------------

step_preflight() {
  local tool
  for tool in "%{DCOS_CMD[0]}" "%{KUBECTL_CMD[0]}"; do
    dry || command -v "$tool" >/dev/null || die "$tool not found: install it, or set DCOS / KUBECTL"
  done
  dry || mkdir -p "$WORK_DIR"
  run kube get "$WORKLOAD_KIND/$WORKLOAD" -o name
  show dcos marathon "$MARATHON_KIND" show "$MARATHON_ID"
  dry && return 0
  dcos marathon "$MARATHON_KIND" show "$MARATHON_ID" > "$WORK_DIR/marathon-definition.json" || die "$MARATHON_ID not found in Marathon (dcos marathon $MARATHON_KIND show)"
  say "saved the definition of $MARATHON_ID in $WORK_DIR/marathon-definition.json"
  [[ $MARATHON_KIND == app ]] || return 0
  local version=$ORIGINAL_VERSION
  [[ -n $version ]] || version=$(sed -n 's/^  "version": "\([^"]*\)".*/\1/p' "$WORK_DIR/marathon-definition.json" | head -n 1)
  [[ -n $version ]] || die "no version in $WORK_DIR/marathon-definition.json: set ORIGINAL_VERSION"
  printf '%s\n' "$version" > "$WORK_DIR/original-version"
  say "its version is $version: the rollback step restores it"
}

step_stop_writes() {
  if [[ $MARATHON_KIND == pod ]]; then
    say "make $MARATHON_ID stop writing while keeping its instances running (a stopped instance cannot be read):"
    say "  e.g. dcos marathon pod update $MARATHON_ID with each container's exec.command.shell set to 'sleep 2147483647' and no health checks"
    confirm "$MARATHON_ID no longer writes to its volumes"
    return 0
  fi
  confirm "deploy a sleeping version of $MARATHON_ID: its tasks restart running 'sleep' on the same agents and volumes, and stop serving"
  marathon_update "$SLEEPER" marathon app update "$MARATHON_ID"
}

step_prepare() {
  local v i claim
  run kube scale "$WORKLOAD_KIND/$WORKLOAD" --replicas=0
  wait_no_pods
  for ((v = 0; v < %{#VOLUMES[@]}; v++)); do
    for ((i = 0; i < COPY_INSTANCES; i++)); do
      copied_at "$v" "$i" || continue
      claim=$(claim_of "$v" "$i")
      show kube get pvc "$claim" -o name
      if ! dry && kube get pvc "$claim" -o name >/dev/null 2>&1; then
        say "claim $claim exists"
      else
        run_in "$(claim_manifest "$v" "$claim")" kube create -f -
      fi
    done
  done
}

copy_volume() {
  local v=$1 i=$2 task helper dest empty
  task=$(task_of "$v" "$i"); helper=$(helper_of "$i"); dest="/data/%{VOLUMES[$v]}"
  say "ordinal $i, volume %{VOLUMES[$v]}: Marathon task $task (%{TASK_PATHS[$v]}) → claim $(claim_of "$v" "$i")"
  show kube exec "$helper" -- sh -c "$TARGET_EMPTY" sh "$dest"
  if ! dry; then
    empty=$(kube exec "$helper" -- sh -c "$TARGET_EMPTY" sh "$dest")
    if [[ -n $empty ]]; then
      [[ $OVERWRITE == 1 ]] || die "claim $(claim_of "$v" "$i") is not empty (it holds $empty): set OVERWRITE=1 to empty it before copying"
      run kube exec "$helper" -- sh -c "$TARGET_WIPE" sh "$dest"
    fi
  fi
  if [[ $COPY_METHOD == exec ]]; then
    show dcos task exec "$task" sh -c "$SOURCE_TAR" sh "%{TASK_PATHS[$v]}"
    printf '  | ' >&2; show kube exec -i "$helper" -- sh -c "$TARGET_TAR" sh "$dest"
    dry || dcos task exec "$task" sh -c "$SOURCE_TAR" sh "%{TASK_PATHS[$v]}" | kube exec -i "$helper" -- sh -c "$TARGET_TAR" sh "$dest"
  else
    local dir="$WORK_DIR/download/$i/%{VOLUMES[$v]}"
    dry || { rm -rf "$dir" && mkdir -p "$dir"; }
    run dcos task download "$task" "%{TASK_PATHS[$v]}" --target-dir="$dir"
    show tar -cf - -C "$dir/$(basename "%{TASK_PATHS[$v]}")" .
    printf '  | ' >&2; show kube exec -i "$helper" -- sh -c "$TARGET_TAR" sh "$dest"
    dry || tar -cf - -C "$dir/$(basename "%{TASK_PATHS[$v]}")" . | kube exec -i "$helper" -- sh -c "$TARGET_TAR" sh "$dest"
  fi
  if [[ -n $CHOWN ]]; then run kube exec "$helper" -- chown -R "$CHOWN" "$dest"; fi
}

step_copy() {
  local i v
  load_tasks
  for ((i = 0; i < COPY_INSTANCES; i++)); do
    start_helper "$i"
    for ((v = 0; v < %{#VOLUMES[@]}; v++)); do
      if copied_at "$v" "$i"; then copy_volume "$v" "$i"; fi
    done
  done
  say "copied; the verify step compares both sides"
}

# The summary (files, bytes, sha256 of the sorted per-file sums) of volume V at ordinal I in Marathon.
source_summary() {
  local v=$1 i=$2
  if [[ $COPY_METHOD == exec ]]; then
    run dcos task exec "$(task_of "$v" "$i")" sh -c "$SUMMARY" sh "%{TASK_PATHS[$v]}"
  else
    run sh -c "$SUMMARY" sh "$WORK_DIR/download/$i/%{VOLUMES[$v]}/$(basename "%{TASK_PATHS[$v]}")"
  fi
}

step_verify() {
  local i v src dst bad=0
  load_tasks
  for ((i = 0; i < COPY_INSTANCES; i++)); do
    start_helper "$i"
    for ((v = 0; v < %{#VOLUMES[@]}; v++)); do
      copied_at "$v" "$i" || continue
      src=$(source_summary "$v" "$i") || die "could not read volume %{VOLUMES[$v]} of ordinal $i in Marathon"
      dst=$(run kube exec "$(helper_of "$i")" -- sh -c "$SUMMARY" sh "/data/%{VOLUMES[$v]}") || die "could not read claim $(claim_of "$v" "$i")"
      dry && continue
      src=$(printf '%s\n' "$src" | grep '^files=' | tail -n 1); dst=$(printf '%s\n' "$dst" | grep '^files=' | tail -n 1)
      if [[ -n $src && $src == "$dst" ]]; then
        say "ordinal $i, volume %{VOLUMES[$v]}: same on both sides ($src)"
      else
        printf 'MISMATCH ordinal %s, volume %s:\n  Marathon: %s\n  claim %s: %s\n' "$i" "%{VOLUMES[$v]}" "$src" "$(claim_of "$v" "$i")" "$dst" >&2
        bad=$((bad + 1))
      fi
    done
  done
  ((bad == 0)) || die "$bad volume(s) differ: copy again (OVERWRITE=1 --step copy), then verify"
  say "every volume matches"
}

step_finish() {
  run kube delete pod -l "marathon2k8s.io/runbook=$WORKLOAD" --ignore-not-found
  HELPERS=()
  run kube scale "$WORKLOAD_KIND/$WORKLOAD" --replicas="$REPLICAS"
  run kube rollout status "$WORKLOAD_KIND/$WORKLOAD" --timeout="$TIMEOUT"
  say "$WORKLOAD_KIND/$WORKLOAD (namespace $NAMESPACE) runs on the copied data."
  say "$MARATHON_ID still runs 'sleep' on its volumes: once the new app serves, stop it (dcos marathon $MARATHON_KIND stop keeps the volumes)"
  say "or remove it (dcos marathon $MARATHON_KIND remove destroys the volumes and their data)."
}

step_rollback() {
  local version=$ORIGINAL_VERSION
  [[ -n $version || ! -f $WORK_DIR/original-version ]] || version=$(cat "$WORK_DIR/original-version")
  [[ -n $version ]] || dry || die "no saved version (the preflight step saves it): set ORIGINAL_VERSION"
  confirm "scale $WORKLOAD_KIND $NAMESPACE/$WORKLOAD to 0 and restore $MARATHON_ID at version $version"
  run kube scale "$WORKLOAD_KIND/$WORKLOAD" --replicas=0
  if [[ $MARATHON_KIND == pod ]]; then
    say "restore $MARATHON_ID yourself from $WORK_DIR/marathon-definition.json (dcos marathon pod update)"
  else
    marathon_update "" marathon app update "$MARATHON_ID" "version=$version"
  fi
}

list_steps() {
  local i
  for ((i = 0; i < %{#STEPS[@]}; i++)); do printf '%d %s\n' "$((i + 1))" "%{STEPS[$i]}"; done
  printf '  rollback (only with --step rollback)\n'
}

step_index() {
  local i
  [[ $1 =~ ^[0-9]+$ ]] && ((1 <= $1 && $1 <= %{#STEPS[@]})) && { echo "$1"; return 0; }
  for ((i = 0; i < %{#STEPS[@]}; i++)); do [[ %{STEPS[$i]} == "$1" ]] && { echo "$((i + 1))"; return 0; }; done
  die "no step $1 (see --list)"
}

main() {
  local only="" from=1 i
  while (($# > 0)); do
    case $1 in
      --step) (($# > 1)) || die "--step needs a step"; only=$2; shift 2 ;;
      --step=*) only=%{1#*=}; shift ;;
      --from) (($# > 1)) || die "--from needs a step"; from=$(step_index "$2"); shift 2 ;;
      --from=*) from=$(step_index "%{1#*=}"); shift ;;
      -n | --dry-run) DRY_RUN=1; shift ;;
      -y | --yes) ASSUME_YES=1; shift ;;
      --list) list_steps; exit 0 ;;
      -h | --help) sed -n '2,/^[^#]/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
      *) die "unknown argument $1 (see --help)" ;;
    esac
  done
  [[ $COPY_METHOD == exec || $COPY_METHOD == download ]] || die "COPY_METHOD must be exec or download (got $COPY_METHOD)"
  dry && say "dry run: the commands are printed, none is run"
  if [[ $only == rollback ]]; then step_rollback; return 0; fi
  if [[ -n $only ]]; then
    i=$(step_index "$only")
    say "step $i: %{STEPS[$((i - 1))]}"
    "step_%{STEPS[$((i - 1))]//-/_}"
    return 0
  fi
  for ((i = from; i <= %{#STEPS[@]}; i++)); do
    say "step $i: %{STEPS[$((i - 1))]}"
    "step_%{STEPS[$((i - 1))]//-/_}"
  done
  say "done"
}

main "$@"
`;

/** The shared part of every runbook (bash). */
export const LIBRARY = SOURCE.replaceAll('%{', '${');
