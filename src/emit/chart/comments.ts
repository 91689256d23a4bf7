/**
 * The comments values.yaml carries above each key: what the key is and which Marathon field it
 * came from, so a team reading its chart can trace every setting back to its Marathon app.
 * The Marathon side names the app form first, then pods and Metronome jobs where they differ.
 */
export const COMMENTS = {
  replicas: 'Number of pods. Marathon: instances',
  image: 'Container image. Marathon: container.docker.image (pods: containers[].image.id; Metronome: run.docker.image)',
  imageRepository: 'Image name without tag or digest',
  imageTag: 'Image tag ("" = none: Kubernetes then pulls "latest"; pin one)',
  imageDigest: 'Image digest (sha256:…), pinned in Marathon',
  pullPolicy: 'When to pull the image. Marathon: container.docker.forcePullImage (true → Always)',
  command: 'Container command. Marathon: cmd (run through /bin/sh -c)',
  args: 'Container arguments (the image entrypoint is kept). Marathon: args',
  envMap:
    'Environment variables, NAME: value, or NAME: {valueFrom: …} (Secret keys, pod fields); null removes one; new names\n' +
    'come after the converted ones. Marathon: env, secrets, and the variables Marathon set (PORT0, PORT_<NAME>, HOST, …)',
  envList: 'Environment variables (a list, as converted). Marathon: env, secrets, PORTn/HOST variables',
  envFrom: 'Variables from whole ConfigMaps/Secrets',
  ports: 'Container ports. Marathon: portMappings[].containerPort / portDefinitions[].port (name, protocol)',
  resources: 'CPU/memory requests and limits. Marathon: cpus → cpu request, mem → memory request and limit (MiB), disk → ephemeral-storage, gpus, resourceLimits → limits',
  probes: 'Health probes; enabled: false removes one. Marathon: healthChecks (grace, interval, timeout, maxConsecutiveFailures) and readinessChecks',
  liveness: 'Restarts the container when failing. Marathon: the first health check (intervalSeconds → periodSeconds, maxConsecutiveFailures → failureThreshold)',
  readiness: 'Gates traffic and rollouts. Marathon: readinessChecks, else the first health check',
  startup: 'Holds liveness checks back while starting. Marathon: healthChecks[].gracePeriodSeconds',
  volumeMounts: 'Where volumes are mounted. Marathon: container.volumes[].containerPath (pods: volumeMounts), fetch sandbox',
  volumes: 'Pod volumes. Marathon: container.volumes (host → hostPath, secret → Secret volume, ephemeral → emptyDir), fetch/uris → emptyDir.\nSecret names are mapped through existingSecrets.',
  nodeSelector: 'Node labels pods must run on. Marathon: constraints (CLUSTER, IS, literal LIKE), acceptedResourceRoles',
  affinity: 'Pod and node affinity. Marathon: constraints (UNIQUE, MAX_PER, LIKE/UNLIKE)',
  tolerations: 'Taints the pods tolerate. Marathon: unreachableStrategy, acceptedResourceRoles (slave_public)',
  topologySpreadConstraints: 'How pods spread over zones/nodes. Marathon: constraints GROUP_BY',
  imagePullSecrets: 'Secrets with registry credentials (must exist). Marathon: container.docker.pullConfig / credential',
  podLabels: 'Extra labels on the pods. Marathon: labels (valid label syntax)',
  podAnnotations: 'Annotations on the pods. Marathon: labels that are not valid label syntax, and marathon2k8s bookkeeping',
  existingSecrets:
    'Secrets the pods read, which must exist in the release namespace: name used by the conversion → name of the\n' +
    'existing Secret. Marathon: secrets (DC/OS secret store; values are never copied). README.md lists the keys read.',
  containers: 'The pod\'s containers, by name. Marathon: a pod\'s containers',
  initContainers: 'Init containers run before the app. Marathon: fetch / uris (downloads into the sandbox)',
  service: 'The app\'s Service. Marathon: portMappings / portDefinitions (servicePort, VIP_n labels)',
  serviceType: 'Service type: ClusterIP (in-cluster, like a Marathon VIP), NodePort or LoadBalancer ("" = ClusterIP)',
  servicePorts: 'Service ports. Marathon: servicePort / VIP port, container port as targetPort',
  ingress: 'HTTP routing from outside. Marathon: marathon-lb labels (HAPROXY_GROUP, HAPROXY_n_VHOST, HAPROXY_n_PATH)',
  ingressEnabled: 'false leaves the Ingress out',
  ingressClass: 'Ingress class ("" = the cluster default). Marathon: HAPROXY_GROUP (external/internal)',
  ingressAnnotations: 'Annotations for the ingress controller. Marathon: HAPROXY_n_REDIRECT_TO_HTTPS and similar',
  ingressHosts: 'Host names and paths, each routed to a Service port. Marathon: HAPROXY_n_VHOST, HAPROXY_n_PATH',
  ingressRules: 'Ingress rules (as converted). Marathon: HAPROXY_n_VHOST, HAPROXY_n_PATH',
  ingressTls: 'TLS: hosts and the Secret holding the certificate (create it before enabling). Marathon: HAPROXY_n_SSL_CERT / redirect to HTTPS',
  schedule: 'Cron schedule. Marathon (Metronome): schedules[].cron',
  suspend: 'true stops scheduling. Marathon (Metronome): schedules[].enabled (false → suspended)',
  persistence: 'Persistent storage by claim. Marathon: container.volumes[].persistent (StatefulSet) / external volumes',
  size: 'Requested size. Marathon: persistent.size / external.size (MiB)',
  storageClass: 'Storage class of the claim. Marathon: persistent.type / external.provider',
} as const;
