/**
 * Findings and the field ledger: how marathon2k8s makes sure nothing is lost silently.
 *
 * A finding says what happened to a piece of input that could not be migrated exactly:
 * approximated, dropped, or needing a human. Codes are stable kebab-case strings; each one is
 * documented in FINDING_CODES (and in the README, which a test keeps in step).
 *
 * The ledger records which input leaves the translator read. After translation every leaf that
 * no mapper consumed becomes an `unmapped-field` finding, so a Marathon field that no mapper
 * knows can never vanish.
 */

export type Severity = 'info' | 'warning' | 'error';

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export interface Finding {
  severity: Severity;
  /** Stable kebab-case code, a key of FINDING_CODES. */
  code: FindingCode;
  /** The Marathon id of the app/pod/job concerned, when there is one. */
  app?: string;
  /** The input file ('-' for stdin). */
  file?: string;
  /** JSON pointer into the input file ('' for the whole document). */
  pointer: string;
  /** Line and column in the file, for syntax errors. */
  line?: number;
  column?: number;
  message: string;
  /** What the user can do about it. */
  hint?: string;
}

/** Every finding code, its default severity and what it means (documented in the README). */
export const FINDING_CODES = {
  'json-syntax': { severity: 'error', summary: 'The input is not valid JSON; the file is skipped.' },
  'input-unreadable': { severity: 'error', summary: 'A file or directory could not be read.' },
  'no-input': { severity: 'error', summary: 'A directory named as input holds no file to read (no *.json, nor an --include-ext extension); the files it holds are listed.' },
  'input-skipped': { severity: 'info', summary: 'Files under a directory named as input were not read because of their extension (templates, YAML, notes); --include-ext reads them.' },
  'duplicate-id': { severity: 'warning', summary: 'The same Marathon id is defined twice (in two files, or twice in one); both are converted, the second under a name made unique with a hash.' },
  'input-too-deep': { severity: 'error', summary: 'The JSON nests deeper than any Marathon definition (100 levels); the file is skipped.' },
  'unknown-format': { severity: 'error', summary: 'The JSON is not a Marathon app, app list, group, pod or Metronome job.' },
  'schema-violation': { severity: 'error', summary: 'A field breaks the Marathon schema or one of Marathon\'s own validation rules; the app is converted where it safely can be.' },
  'unmapped-field': { severity: 'warning', summary: 'An input field that no mapper consumed: it has no Kubernetes counterpart in this version of the tool and is not in the output.' },
  'name-changed': { severity: 'info', summary: 'The Kubernetes name differs from the Marathon id beyond the usual mapping (sanitized, shortened with a hash, or made unique).' },
  'label-as-annotation': { severity: 'info', summary: 'A Marathon label is not valid Kubernetes label syntax and became an annotation.' },
  'default-image': { severity: 'warning', summary: 'The app has no container image (it ran in the Mesos sandbox on the agent), or an empty image string (which Marathon rejects); the --default-image is used and the command may need tools that image lacks.' },
  'random-host-port-dropped': { severity: 'info', summary: 'A dynamically assigned host port (hostPort 0) is not needed on Kubernetes and was dropped.' },
  'host-port-dropped': { severity: 'warning', summary: 'A fixed host port was dropped (pod networking is used); use --keep-host-ports to keep it.' },
  'container-port-dynamic': { severity: 'info', summary: 'The container port is 0 (assigned by Mesos at launch); a fixed port was chosen and exported as $PORTn.' },
  'network-not-mapped': { severity: 'info', summary: 'Container network labels (CNI arguments) have no pod-level equivalent; the pod uses the cluster network.' },
  'service-port-clash': { severity: 'warning', summary: 'Two ports of an app map to the same Service port and protocol; the second is not exposed by the Service.' },
  'host-reachability-lost': { severity: 'warning', summary: 'The app ran on public agents (slave_public) with host networking or fixed host ports, where clients outside the cluster reached it at the agents\' addresses; its ClusterIP Service is reachable inside the cluster only (use --service-type LoadBalancer or NodePort, or --host-network / --keep-host-ports).' },
  'service-type-changed': { severity: 'info', summary: 'The app was reached at its agents\' addresses (public agents, fixed host ports); its Service is of the --service-type given (NodePort: node ports from the cluster\'s range; a fixed host port inside it is kept).' },
  'host-network-ports': { severity: 'warning', summary: 'With --host-network the app\'s ports are bound on the node: ports Mesos assigned dynamically became one fixed port, so two pods cannot share a node; the pods get a required anti-affinity on the host name and roll out without surge (maxSurge 0).' },
  'health-check-extra': { severity: 'warning', summary: 'Kubernetes has one liveness probe per container; additional health checks are not converted (info for a Mesos-level check after the first one: Mesos ran one health check per task, so it never ran).' },
  'health-check-approximated': { severity: 'info', summary: 'A health check option has no exact probe equivalent (e.g. ignoreHttp1xx, ipProtocol IPv6, maxConsecutiveFailures 0).' },
  'probe-port-unresolved': { severity: 'warning', summary: 'A health or readiness check names a port index or port name that the app does not declare; the probe was not created.' },
  'readiness-status-codes': { severity: 'warning', summary: 'A readiness check accepts status codes a Kubernetes httpGet probe cannot express (it treats 200–399 as ready).' },
  'resource-limit-approximated': { severity: 'info', summary: 'A resource setting was approximated (e.g. GPUs as an extended resource, "unlimited" limits).' },
  'upgrade-strategy-approximated': { severity: 'info', summary: 'Marathon\'s upgradeStrategy was approximated as a RollingUpdate or Recreate strategy.' },
  'user-not-mapped': { severity: 'warning', summary: 'The app\'s `user` is a name, which Kubernetes cannot run as; set runAsUser to its numeric id. (Only where Mesos ran the task as `user`: the Mesos containerizer and commands without image; the Docker containerizer never passed it to docker run.)' },
  'constraint-approximated': { severity: 'info', summary: 'A Marathon constraint was mapped to the nearest Kubernetes placement rule (e.g. MAX_PER n > 1 as an even topology spread, a spread as a preferred anti-affinity on targets before 1.18).' },
  'constraint-regex': { severity: 'warning', summary: 'A LIKE/UNLIKE constraint\'s regular expression is not a short list of literal values, which is all node affinity can express; the constraint is not applied.' },
  'constraint-not-applied': { severity: 'warning', summary: 'A constraint could not be applied (unknown operator, missing value, or a value that cannot be a Kubernetes label value).' },
  'constraint-host-pinned': { severity: 'warning', summary: 'A constraint selects Mesos agents by host name; the pods stay Pending unless Kubernetes nodes carry the same kubernetes.io/hostname.' },
  'node-label-sanitized': { severity: 'info', summary: 'A Mesos attribute name was changed to make a valid node label key; the cluster\'s nodes must carry the changed key.' },
  'public-node': { severity: 'info', summary: 'The app ran on DC/OS public agents (slave_public); it is placed with --public-node-selector and --public-node-toleration.' },
  'resource-role-not-mapped': { severity: 'warning', summary: 'An accepted Mesos role other than "*" and slave_public: reserved resources have no Kubernetes equivalent.' },
  'unreachable-strategy': { severity: 'info', summary: 'unreachableStrategy was mapped to tolerations of unreachable/not-ready nodes, with a difference worth knowing (disabled, or an expungeAfterSeconds Kubernetes cannot express).' },
  'scheduling-not-mapped': { severity: 'info', summary: 'A non-default killSelection, backoffSeconds, backoffFactor or maxLaunchDelaySeconds: Kubernetes has no equivalent (the kubelet\'s CrashLoopBackOff is fixed).' },
  'vip-mapped': { severity: 'info', summary: 'A named DC/OS VIP is served by a Service (the app\'s, or one named after the VIP); the finding gives the address its clients use now.' },
  'vip-ip-not-kept': { severity: 'warning', summary: 'A fixed-IP VIP (ip:port) became the app Service\'s port; the IP itself is not kept, since Kubernetes assigns cluster IPs from its service CIDR.' },
  'vip-invalid': { severity: 'warning', summary: 'A VIP label is not `/name:port` or `ip:port`, or is on a port the app does not have; it is ignored.' },
  'vip-conflict': { severity: 'warning', summary: 'A named VIP gets no Service of its own because its name is another app\'s Service or another app declares the same VIP; its clients use the app\'s Service.' },
  'port-label-kept': { severity: 'info', summary: 'A port label other than a VIP has no Kubernetes meaning; it is kept in the Service annotation marathon2k8s.io/port-labels.' },
  'haproxy-label-not-mapped': { severity: 'warning', summary: 'A marathon-lb (HAPROXY_*) setting has no Ingress equivalent (balance, sticky, templates, auth, TCP mode…); it is reported by name and not migrated.' },
  'haproxy-lb-port': { severity: 'warning', summary: 'marathon-lb served an app port on the load balancer\'s own port (no virtual host); an Ingress cannot, so none was made: use a LoadBalancer or NodePort Service.' },
  'haproxy-group': { severity: 'info', summary: 'The app was in a marathon-lb group other than "external"; its Ingress uses --ingress-class.' },
  'haproxy-no-group': { severity: 'warning', summary: 'A marathon-lb virtual host without HAPROXY_GROUP: marathon-lb (run with --group external, as DC/OS did) never served it, so no Ingress is made; --haproxy-ungrouped external treats such apps as in the default group.' },
  'ingress-path-approximated': { severity: 'info', summary: 'A load balancer path was approximated: marathon-lb matched HAPROXY_n_PATH ignoring case (path_beg -i); Ingress paths are case-sensitive; an exact path has no pathType on targets before 1.18.' },
  'ingress-no-host': { severity: 'warning', summary: 'A load balancer rule names no literal host (Traefik HostRegexp, or a path alone): an Ingress rule without host would take every host\'s traffic on the shared controller, so none was made.' },
  'network-alias-mapped': { severity: 'info', summary: 'A docker --network-alias became a Service of that name selecting the app\'s pods (its container ports), so clients that used the alias on the Docker network find the app; a name already taken (an app\'s or a VIP\'s Service, another app\'s alias) gets none (warning).' },
  'traefik-label-not-mapped': { severity: 'warning', summary: 'A Traefik label or rule matcher has no Ingress equivalent; it is reported by name and not migrated.' },
  'traefik-default-rule': { severity: 'warning', summary: 'The app has Traefik labels but no traefik.frontend.rule, so its host name came from Traefik\'s configuration; no Ingress was made.' },
  'ingress-host-invalid': { severity: 'warning', summary: 'A host name from a load balancer label is not valid for an Ingress (e.g. it contains a path); no rule was made for it.' },
  'ingress-port-unresolved': { severity: 'warning', summary: 'A load balancer label names a port the app does not have (as TCP); no Ingress rule was made for it.' },
  'ingress-controller-specific': { severity: 'info', summary: 'A load balancer setting became an annotation that only one ingress controller (ingress-nginx) reads.' },
  'admin-router-path': { severity: 'warning', summary: 'DCOS_SERVICE_* labels exposed the app under /service/<name> of the DC/OS admin router, which has no Kubernetes counterpart; an Ingress path can replace it.' },
  'dns-name-rewritten': { severity: 'info', summary: 'A Mesos-DNS or DC/OS DNS name (or IP VIP) in cmd, args, env or a command check was replaced by the Service DNS name of the converted app.' },
  'dns-name-not-rewritten': { severity: 'warning', summary: 'A Mesos-DNS or DC/OS DNS name in cmd, args, env or a command check names nothing converted in this run (Mesos masters, another framework, an app not in the input); it is left as is.' },
  'marathon-env-provided': { severity: 'info', summary: 'Every container gets the variables Marathon set in every task (HOST, MESOS_TASK_ID, MARATHON_APP_*, for pods MARATHON_CONTAINER_*…); this says, where the app visibly reads them, what they are now (HOST = pod IP, MESOS_TASK_ID = pod name).' },
  'edgelb-pool-v1': { severity: 'warning', summary: 'An Edge-LB pool of the V1 API (backends select servers with `servers`): it is not translated; rewrite it as a V2 pool (backends with `services`) or write the Ingress by hand.' },
  'edgelb-route-not-mapped': { severity: 'warning', summary: 'An Edge-LB frontend rule has no Ingress form (hostReg that is not a literal or one-label wildcard, pathEnd, SNI rules of a TCP frontend, redirectToHttps exceptions); no rule was made for it.' },
  'edgelb-route-approximated': { severity: 'info', summary: 'An Edge-LB route became the nearest Ingress rule: a literal hostReg or pathReg, a wildcard host, a regex path (ImplementationSpecific with ingress-nginx use-regex, a warning), longest-path matching instead of rule order, a frontend port other than 80/443 (a warning).' },
  'edgelb-backend-unresolved': { severity: 'warning', summary: 'An Edge-LB backend selects servers that cannot be traced to a converted app (another Mesos framework, a pattern matching none or several apps, an unknown address or port, extra selectors of a balanced backend); no route goes to them.' },
  'edgelb-backend-not-in-input': { severity: 'warning', summary: 'An Edge-LB backend names an app that is not in the input: its route goes to the Service and port the converter gives that app; convert the app in the same run to check them.' },
  'edgelb-catch-all': { severity: 'warning', summary: 'An Edge-LB default backend took every request of its frontend: it is an Ingress rule without host, which takes every host no other Ingress of the class serves (give the pool its own --ingress-class).' },
  'edgelb-certificate': { severity: 'warning', summary: 'An Edge-LB certificate became an Ingress TLS entry: a DC/OS secret ($SECRETS) or environment variable ($ENVFILE) → a TLS Secret to create; $AUTOCERT → the controller\'s default certificate (info).' },
  'edgelb-tcp-service': { severity: 'info', summary: 'An Edge-LB TCP frontend became a Service of type LoadBalancer (NodePort with --service-type NodePort) selecting the backend app\'s pods on the frontend\'s port.' },
  'edgelb-frontend-not-translated': { severity: 'warning', summary: 'An Edge-LB frontend made nothing: a TLS frontend (a Service cannot terminate TLS), an unknown protocol, or a TCP frontend without port or backend.' },
  'edgelb-setting-not-mapped': { severity: 'warning', summary: 'An Edge-LB HAProxy setting (balance, miscStrs, rewriteHttp, customCheck, bindModifier, server options, backend protocol HTTPS, environment variables…) has no Ingress equivalent and is not migrated.' },
  'edgelb-pool-deployment': { severity: 'info', summary: 'An Edge-LB pool setting sized or placed the load balancers (count, cpus, mem, role, constraints, virtualNetworks, health checks, stats); on Kubernetes the ingress controller\'s deployment does that.' },
  'invalid-object': { severity: 'error', summary: 'An emitted object fails offline Kubernetes validation. This is a bug in marathon2k8s: please report it.' },
  'internal-error': { severity: 'error', summary: 'Converting one Marathon object failed unexpectedly (a bug); the other inputs are converted.' },
  'dcos-package': { severity: 'warning', summary: 'The app was installed from a DC/OS package (DCOS_PACKAGE_* labels); it is skipped: reinstall the package from its Kubernetes distribution, or pass --include-packages.' },
  'dependency-missing': { severity: 'warning', summary: 'A dependency names an app or group that is not among the converted apps.' },
  'dependency-cycle': { severity: 'warning', summary: 'The dependencies of some apps form a cycle.' },
  'cmd-and-args': { severity: 'error', summary: 'The app has both cmd and args, which Marathon rejects; cmd is used.' },
  'secret-needed': { severity: 'warning', summary: 'The app reads DC/OS secrets: the listed Secrets and keys must be filled with the values from the DC/OS secret store (stubs with --secret-stubs) before it can start.' },
  'secret-undeclared': { severity: 'warning', summary: 'A secret reference names a secret missing from `secrets` (Marathon rejects this); it is still referenced under a key whose DC/OS path is unknown.' },
  'secret-unused': { severity: 'info', summary: 'A secret is declared in `secrets` but nothing in the app reads it; there is nothing to migrate.' },
  'secret-from-store': { severity: 'info', summary: 'With --secret-store-url: a Secret the app reads is made with the values of the DC/OS secret store (applied by apply; written by convert and chart with --write-secret-values).' },
  'secret-missing': { severity: 'error', summary: 'With --secret-store-url: a DC/OS secret the app reads is not in the secret store (404); its Secret is not made (a stub with --secret-stubs) and the app cannot start until the cluster provides it.' },
  'secret-unreadable': { severity: 'error', summary: 'With --secret-store-url: a DC/OS secret could not be read (401: token missing, refused or expired; 403: the identity lacks dcos:secrets:<store>:/<path> read; a timeout or another failure); its Secret is not made.' },
  'secret-invalid': { severity: 'error', summary: 'With --secret-store-url: a DC/OS secret cannot be used for its Secret (a docker pull secret that is not a docker config.json with "auths"); its Secret is not made.' },
  'secret-file-in-sandbox': { severity: 'info', summary: 'A secret file with a relative containerPath (relative to the Mesos sandbox) is mounted under /mnt/mesos/sandbox, with MESOS_SANDBOX set.' },
  'secret-file-not-mounted': { severity: 'warning', summary: 'A secret volume has no usable containerPath, or one already mounted, so it is not mounted.' },
  'registry-credential': { severity: 'warning', summary: 'The legacy docker.credential registry login cannot be used by Kubernetes: its imagePullSecret must be created as a docker config (the password is never copied).' },
  'hostpath-volume': { severity: 'warning', summary: 'A host volume became a hostPath volume: its content is local to each node, and pods may move between nodes.' },
  'sandbox-volume': { severity: 'info', summary: 'A relative hostPath (a directory of the Mesos task sandbox) became an emptyDir that starts empty with each pod.' },
  'persistent-volume-data': { severity: 'warning', summary: 'A local persistent volume became a claim template of a StatefulSet; the data on the Mesos agents is not migrated and must be copied.' },
  'persistent-volume-option': { severity: 'info', summary: 'A persistent volume setting (type, maxSize, profileName, disk constraints) has no claim equivalent; the storage class has to provide it.' },
  'external-volume': { severity: 'warning', summary: 'An external (DVDI/REX-Ray or CSI) volume became a PersistentVolumeClaim; the volume must be re-created or migrated in the cluster\'s storage.' },
  'external-volume-option': { severity: 'info', summary: 'Driver options of an external volume are not carried over; they belong to the storage class.' },
  'residency-ignored': { severity: 'info', summary: 'The deprecated `residency` has no effect (Marathon 1.8+) and no Kubernetes counterpart.' },
  'data-runbook': { severity: 'info', summary: 'convert --out DIR / chart --out DIR wrote a runbook (DIR/runbooks/<namespace>/<app>.sh) that copies the data of the app\'s persistent and external volumes from its Marathon tasks into the new claims, and verifies it.' },
  'fetch-uri-unsupported': { severity: 'warning', summary: 'A fetch URI the init container cannot download (hdfs://, s3://, a file on the Mesos agent, an empty URI); it is skipped and the app must get the file another way.' },
  'fetch-dest-path-invalid': { severity: 'warning', summary: 'A fetch destPath is absolute or leaves the sandbox; the file is saved under the name from its URI instead.' },
  'docker-parameter-not-mapped': { severity: 'warning', summary: 'A Docker parameter (`docker run` option) with no Kubernetes equivalent; it is dropped.' },
  'docker-parameter-approximated': { severity: 'info', summary: 'A Docker parameter was mapped with a difference worth knowing (a hostname without its domain, DNS servers added to the cluster DNS, a label as an annotation…).' },
  'docker-parameter-ignored': { severity: 'info', summary: 'A Docker resource parameter (memory, cpu-shares…) is redundant: the container\'s resources come from cpus, mem and resourceLimits.' },
  'linux-info-approximated': { severity: 'warning', summary: 'container.linuxInfo was mapped with a difference: a named seccomp profile became a Localhost profile every node must carry, or the target version has no seccompProfile.' },
  'check-not-mapped': { severity: 'info', summary: 'A Mesos `check` only reported a status (it never killed the task nor gated a deployment); no probe is made from it.' },
  'role-not-mapped': { severity: 'info', summary: 'The app\'s Mesos role (reservations, quota) has no Kubernetes equivalent.' },
  'executor-not-mapped': { severity: 'warning', summary: 'A custom Mesos executor (or executorResources) has no Kubernetes equivalent: the container runs its command directly.' },
  'dependencies-not-enforced': { severity: 'info', summary: 'Marathon started the app after its dependencies were healthy; Kubernetes starts everything at once. The ids are kept in the marathon2k8s.io/dependencies annotation.' },
  'store-urls-ignored': { severity: 'info', summary: '`storeUrls` (the artifact store of Marathon ≤ 1.4) is ignored, as Marathon 1.5+ does.' },
  'job-schedule-not-converted': { severity: 'error', summary: 'A Metronome schedule\'s cron expression cannot be a CronJob schedule (L, W or # in a day field, a year, values out of range); no CronJob is made for it.' },
  'job-schedule-approximated': { severity: 'warning', summary: 'A Metronome schedule restricts both the day of month and the day of week: Metronome ran on days matching both, a CronJob runs on days matching either.' },
  'job-timezone-not-supported': { severity: 'warning', summary: 'A Metronome schedule\'s time zone cannot be set: CronJob timeZone needs Kubernetes 1.25 (or the zone is unknown), so the schedule runs in kube-controller-manager\'s time zone (usually UTC).' },
  'job-restart-approximated': { severity: 'info', summary: 'Restart policy ON_FAILURE: Metronome relaunched a failed task without counting; the Job restarts its container (restartPolicy OnFailure) with no retry limit.' },
  'job-deadline-approximated': { severity: 'warning', summary: 'restart.activeDeadlineSeconds only bounded Metronome\'s relaunches of failed tasks; a Job\'s activeDeadlineSeconds also stops a pod still running (with restart policy NEVER it had no effect and is not mapped).' },
  'job-unscheduled': { severity: 'info', summary: 'A Metronome job without schedule (run on demand) became a Job, which runs once when applied (a warning: Metronome never ran it unasked), or with --jobs-as cronjob a suspended CronJob to trigger by hand.' },
  'job-dependencies-not-mapped': { severity: 'warning', summary: 'Metronome ran the job after the jobs it depends on had succeeded; Kubernetes has no such trigger. The ids are kept in the marathon2k8s.io/dependencies annotation.' },
  'appc-image-not-mapped': { severity: 'warning', summary: 'An App Container (appc) image of Marathon ≤ 1.4 cannot run on Kubernetes; an OCI image is needed.' },
  'user-not-applied': { severity: 'info', summary: 'The app\'s `user` had no effect on Marathon: the Docker containerizer never passed it to docker run (no --user), so the image\'s USER ran the task; the output keeps the image\'s user too.' },
  'unrendered-placeholder': { severity: 'error', summary: 'A value is an unrendered template placeholder ({{x}}, ${X} where nothing expands it, __X__, <your-value>, CHANGEME…): the definition was never rendered, and Marathon would have run (or rejected) it as written.' },
  'image-reference-invalid': { severity: 'error', summary: 'The image is not a valid image reference (Docker\'s grammar: lower-case repository, optional registry, tag and digest); no runtime can pull it.' },
  'internal-registry-image': { severity: 'warning', summary: 'The image comes from a registry named by a DC/OS-internal name (*.mesos, *.thisdcos.directory) that Kubernetes nodes cannot resolve: the image must move to a registry the cluster reaches.' },
  'registry-login-artifact': { severity: 'warning', summary: 'A fetched .dockercfg or docker.tar.gz was the Docker registry login (Marathon\'s documented way to pull private images), not app data: it is not downloaded; an imagePullSecret must be created from it.' },
  'fetch-tls-unverified': { severity: 'warning', summary: 'The Mesos fetcher verified the TLS certificates of https artifacts; busybox wget in the fetch init container does not (TLS certificate validation is not implemented there).' },
  'mesos-framework': { severity: 'warning', summary: 'The app needs a Mesos master: a Mesos framework (it registers with the master to launch tasks of its own) or a tool reading the master; it cannot run as-is on Kubernetes, which has none.' },
  'max-instances-not-mapped': { severity: 'info', summary: 'A pod\'s scaling.maxInstances bounded autoscaling; a Deployment has no such bound (a HorizontalPodAutoscaler\'s maxReplicas can take it).' },
  'kill-grace-period-max': { severity: 'info', summary: 'The containers of a pod had different lifecycle.killGracePeriodSeconds; a Kubernetes pod has one terminationGracePeriodSeconds, the longest is used.' },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type FindingCode = keyof typeof FINDING_CODES;

/** Builds a finding with the code's default severity unless one is given. */
export function finding(
  code: FindingCode,
  pointer: string,
  message: string,
  extra: { hint?: string; severity?: Severity; app?: string; file?: string } = {},
): Finding {
  const f: Finding = { severity: extra.severity ?? FINDING_CODES[code].severity, code, pointer, message };
  if (extra.app !== undefined) f.app = extra.app;
  if (extra.file !== undefined) f.file = extra.file;
  if (extra.hint !== undefined) f.hint = extra.hint;
  return f;
}

/** The one-line form on stderr: `warning[code] /team/app /healthChecks/1: message (hint)`. */
export function formatFinding(f: Finding): string {
  const position = f.line !== undefined ? `:${f.line}:${f.column ?? 1}` : '';
  const subject = f.app ?? (f.file !== undefined ? f.file + position : '-');
  // (An empty pointer is the whole document: nothing to add; '/' would mean the key "".)
  const where = f.pointer === '' ? subject : `${subject} ${f.pointer}`;
  return `${f.severity}[${f.code}] ${where}: ${f.message}${f.hint ? ` (${f.hint})` : ''}`;
}

/** Highest severity among findings, or undefined when there are none. */
export function maxSeverity(findings: readonly Finding[]): Severity | undefined {
  let best: Severity | undefined;
  for (const f of findings) if (best === undefined || SEVERITY_RANK[f.severity] > SEVERITY_RANK[best]) best = f.severity;
  return best;
}

// ---------------------------------------------------------------------------------------------
// JSON pointers (RFC 6901)

export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  let p = base;
  for (const t of tokens) p += '/' + escapePointerToken(t);
  return p;
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

// ---------------------------------------------------------------------------------------------
// The ledger

/**
 * Tracks which leaves of one Marathon object (as the user wrote it) were consumed.
 *
 * Pointers given to `use` are *canonical* pointers: paths in the normalized model the mappers
 * read. Normalization moves legacy forms (`container.docker.portMappings` →
 * `container.portMappings`, `uris` → `fetch`, …) and registers an alias for each move, so a
 * mapper that reads the canonical field marks the leaf the user actually wrote. Canonical paths
 * that normalization invented (defaults) have no leaf behind them and marking them is harmless.
 *
 * All pointers here are relative to the object's own root; `basePointer` places the object in
 * its file for the findings.
 */
export class Ledger {
  private readonly leaves: string[] = [];
  private readonly used = new Set<string>();
  /** canonical prefix → raw prefix, longest match wins. */
  private readonly aliases = new Map<string, string>();

  constructor(raw: unknown, ignoredTopLevelKeys: ReadonlySet<string> = new Set()) {
    collectLeaves(raw, '', this.leaves, ignoredTopLevelKeys);
  }

  /** Normalization moved the raw subtree at `rawPrefix` to `canonicalPrefix`. */
  alias(canonicalPrefix: string, rawPrefix: string): void {
    this.aliases.set(canonicalPrefix, rawPrefix);
  }

  /** Marks the leaf or whole subtree at a canonical pointer as consumed. */
  use(...canonicalPointers: string[]): void {
    for (const p of canonicalPointers) {
      this.used.add(p);
      const raw = this.toRaw(p);
      if (raw !== p) this.used.add(raw);
    }
  }

  /** Marks a raw pointer directly (normalization consuming a legacy form it fully translated). */
  useRaw(rawPointer: string): void {
    this.used.add(rawPointer);
  }

  /** Raw leaf pointers that nothing consumed, in input order. */
  unconsumed(): string[] {
    // A leaf is consumed when it or an ancestor was used. Leaves come in document order, so
    // siblings share ancestors: remembering each ancestor's answer makes this one set lookup and
    // one parent lookup per leaf, instead of a walk (and a string slice per level) up to the root.
    const ancestorUsed = new Map<string, boolean>();
    const pending: string[] = [];
    const isUsedAbove = (pointer: string): boolean => {
      let p = pointer;
      let answer = false;
      for (;;) {
        const known = ancestorUsed.get(p);
        if (known !== undefined) {
          answer = known;
          break;
        }
        pending.push(p);
        if (this.used.has(p)) {
          answer = true;
          break;
        }
        if (p === '') break;
        p = p.slice(0, p.lastIndexOf('/'));
      }
      // Everything walked shares the answer: used at or above the point where the walk stopped.
      for (const q of pending) ancestorUsed.set(q, answer);
      pending.length = 0;
      return answer;
    };
    return this.leaves.filter((leaf) => !this.used.has(leaf) && (leaf === '' || !isUsedAbove(leaf.slice(0, leaf.lastIndexOf('/')))));
  }

  /** The raw pointer (as the user wrote it) behind a canonical pointer. */
  toRaw(pointer: string): string {
    // Most apps need no alias (only legacy forms are moved): skip the walk up the ancestors.
    if (this.aliases.size === 0) return pointer;
    let p = pointer;
    for (;;) {
      const target = this.aliases.get(p);
      if (target !== undefined) return target + pointer.slice(p.length);
      if (p === '') return pointer;
      p = p.slice(0, p.lastIndexOf('/'));
    }
  }
}

/** Leaves are non-null primitives; null and empty arrays/objects carry nothing to migrate. */
function collectLeaves(root: unknown, rootPointer: string, out: string[], ignoredTop: ReadonlySet<string>): void {
  // Iterative (an explicit stack, children pushed in reverse to keep input order): a hostile
  // input nested thousands of levels deep must not overflow the call stack.
  const stack: [unknown, string][] = [[root, rootPointer]];
  while (stack.length > 0) {
    const [value, pointer] = stack.pop()!;
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], pointer + '/' + i]);
    } else if (typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        if (pointer === '' && ignoredTop.has(k)) continue;
        stack.push([v, pointer + '/' + escapePointerToken(k)]);
      }
    } else {
      out.push(pointer);
    }
  }
}
