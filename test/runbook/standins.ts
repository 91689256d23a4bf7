/**
 * Stand-in `dcos` and `kubectl` for running generated runbooks without DC/OS or a cluster.
 * Test aids only: each records its argv (one line per call, arguments separated by \x1f) and
 * acts on directories that play the parts:
 *
 *   ROOT/tasks/<task id>/            a Marathon task's sandbox (MESOS_SANDBOX for `task exec`)
 *   ROOT/claims/<claim>/             a PersistentVolumeClaim's volume (created by `create -f -`)
 *   ROOT/pods/<pod>.map              a helper pod: lines `<mountPath> <claim>`
 *
 * `dcos task exec T sh -c SCRIPT sh ARG…` runs SCRIPT here with MESOS_SANDBOX=ROOT/tasks/T, and
 * `kubectl exec [-i] POD -- sh -c SCRIPT sh PATH` runs it with PATH mapped into the claim the
 * pod mounts there, so the tar streams and checksums of a runbook are real. Failures on demand:
 * DCOS_FAIL_EXEC=<task id> makes `dcos task exec` on that task fail. (`%{` stands for bash's `${`,
 * which a template literal would take as its own.)
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DCOS = String.raw`#!/usr/bin/env bash
set -u
printf 'dcos' >> "$STANDIN_LOG"; printf '\x1f%s' "$@" >> "$STANDIN_LOG"; printf '\n' >> "$STANDIN_LOG"
case "$1 $2" in
  "marathon app")
    case $3 in
      show) printf '{\n  "id": "%s",\n  "instances": 3,\n  "tasks": [\n    {\n      "version": "2024-04-30T08:00:00.000Z"\n    }\n  ],\n  "version": "2024-05-01T10:00:00.000Z"\n}\n' "$4" ;;
      update) cat > "$STANDIN_ROOT/marathon-update.json"; echo "Created deployment 5ed4c0c5-9ff8-4a6f-a0cd-b57f8e2a2b9f" ;;
    esac ;;
  "marathon pod")
    printf '{"id":"%s","instances":[{"id":"data_kv-pod.instance-b2","containers":[{"containerId":"data_kv-pod.instance-b2.server"}]},{"id":"data_kv-pod.instance-a1"},{"id":"data_kv-pod.instance-c3"}]}\n' "$4" ;;
  "marathon deployment") echo "There are no deployments" >&2; exit 1 ;;
  "marathon task") cat "$STANDIN_ROOT/task-list" ;;
  "task exec")
    task=$3; shift 3
    [[ $task == "%{DCOS_FAIL_EXEC:-}" ]] && { echo "Error: task $task is not running" >&2; exit 1; }
    [[ -d $STANDIN_ROOT/tasks/$task ]] || { echo "Error: no task $task" >&2; exit 1; }
    MESOS_SANDBOX="$STANDIN_ROOT/tasks/$task" "$@" ;;
  "task download")
    target=%{5#--target-dir=}
    cp -R "$STANDIN_ROOT/tasks/$3/$4" "$target/" ;;
  *) echo "stand-in dcos: unexpected $*" >&2; exit 2 ;;
esac
`.replaceAll('%{', '${');

const KUBECTL = String.raw`#!/usr/bin/env bash
set -u
log_call() { printf 'kubectl' >> "$STANDIN_LOG"; printf '\x1f%s' "$@" >> "$STANDIN_LOG"; printf '\n' >> "$STANDIN_LOG"; }
# The receiving end of a pipe logs once its input has ended, so the log order does not race the sender.
if [[ " $* " == *" exec -i "* ]]; then
  input=$(mktemp); cat > "$input"; log_call "$@"; exec < "$input"; rm -f "$input"
else
  log_call "$@"
fi
[[ $1 == -n ]] && shift 2
R=$STANDIN_ROOT
case $1 in
  get)
    case $2 in
      pods) ls "$R/workload-pods" 2>/dev/null | sed 's|^|pod/|' ;;
      pvc) [[ -d $R/claims/$3 ]] && echo "persistentvolumeclaim/$3" || { echo "Error from server (NotFound): persistentvolumeclaims \"$3\" not found" >&2; exit 1; } ;;
      *) echo "$2" ;;
    esac ;;
  scale) rm -rf "$R/workload-pods"; echo "$2 scaled" ;;
  rollout) echo "statefulset rolling update complete" ;;
  create)
    manifest=$(cat)
    name=$(printf '%s' "$manifest" | grep -o '"name":"[^"]*"' | head -n 1 | cut -d '"' -f 4)
    if [[ $manifest == *'"kind":"PersistentVolumeClaim"'* ]]; then
      mkdir -p "$R/claims/$name"; echo "persistentvolumeclaim/$name created"
    else
      mkdir -p "$R/pods"
      paste -d ' ' <(printf '%s' "$manifest" | grep -o '"mountPath":"[^"]*"' | cut -d '"' -f 4) \
                   <(printf '%s' "$manifest" | grep -o '"claimName":"[^"]*"' | cut -d '"' -f 4) > "$R/pods/$name.map"
      printf '%s' "$manifest" > "$R/pods/$name.json"
      echo "pod/$name created"
    fi ;;
  delete)
    if [[ $3 == -l ]]; then rm -f "$R"/pods/*; else rm -f "$R/pods/$3.map" "$R/pods/$3.json"; fi ;;
  wait) [[ -f $R/pods/%{3#pod/}.map ]] || { echo "Error: pod not found" >&2; exit 1; }; echo "$3 condition met" ;;
  exec)
    shift; [[ $1 == -i ]] && shift
    pod=$1; shift 2
    [[ -f $R/pods/$pod.map ]] || { echo "Error: pod $pod not found" >&2; exit 1; }
    args=("$@"); last=$((%{#args[@]} - 1))
    # The path argument of "sh -c SCRIPT sh PATH [X]" (or "chown -R U PATH") → the claim's directory.
    for ((i = 0; i <= last; i++)); do
      while read -r mount claim; do
        if [[ %{args[i]} == "$mount" ]]; then args[i]="$R/claims/$claim"; fi
      done < "$R/pods/$pod.map"
    done
    [[ %{args[0]} == chown ]] && exit 0
    "%{args[@]}" ;;
  *) echo "stand-in kubectl: unexpected $*" >&2; exit 2 ;;
esac
`.replaceAll('%{', '${');

export interface Standins {
  bin: string;
  root: string;
  log: string;
  env: Record<string, string>;
  /** The recorded calls, each as [tool, ...argv]. */
  calls(): string[][];
}

export function makeStandins(dir: string): Standins {
  const bin = join(dir, 'bin');
  const root = join(dir, 'root');
  const log = join(dir, 'calls.log');
  mkdirSync(bin, { recursive: true });
  mkdirSync(root, { recursive: true });
  writeFileSync(log, '');
  for (const [name, text] of [['dcos', DCOS], ['kubectl', KUBECTL]] as const) {
    writeFileSync(join(bin, name), text);
    chmodSync(join(bin, name), 0o755);
  }
  return {
    bin, root, log,
    env: { PATH: `${bin}:${process.env.PATH ?? ''}`, STANDIN_LOG: log, STANDIN_ROOT: root, POLL_SECONDS: '0' },
    calls: () => readFileSync(log, 'utf8').split('\n').filter((l) => l !== '').map((l) => l.split('\x1f')),
  };
}

/** A task sandbox with files: `{ 'data/a.db': 'x' }` under ROOT/tasks/<task>/. */
export function makeTask(s: Standins, task: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(s.root, 'tasks', task, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, content);
  }
}
