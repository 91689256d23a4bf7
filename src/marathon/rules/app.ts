/**
 * App rules (AppValidation.scala): the cross-field checks of a Marathon app that its JSON Schema
 * cannot express simply. See rules/common.ts for the helpers and the rules shared with pods.
 */
import { got } from '../schema-messages.js';
import type { SchemaIssue } from '../validate.js';
import {
  cmdWithArgs, envSecretRefs, is, isObj, isResident, issue, limitsVersusRequests, list, missingSecret,
  namesOf, networkMode, networkRules, nonEmpty, num, obj, type Obj, persistentInfoRules, ptr, repeats, type Rule,
  runSpecIdRules, str, unreachableEnabled, unreachableOrder, volumeSecretRefs,
} from './common.js';

/** Marathon's default container type is DOCKER when a container is given without a type. */
function containerType(app: Obj): 'DOCKER' | 'MESOS' | undefined {
  if (!isObj(app.container)) return undefined;
  return is(app.container.type, 'MESOS') ? 'MESOS' : 'DOCKER';
}

function appVolumes(app: Obj): unknown[] {
  return list(obj(app.container).volumes);
}

/** Something must say what to run: cmd, args, or a container image (or a MESOS sandbox). */
function commandOrContainer(app: Obj, at: string): SchemaIssue[] {
  if (typeof app.cmd === 'string' || nonEmpty(app.args)) return [];
  const c = obj(app.container);
  if (isObj(c.docker) || isObj(c.appc) || is(c.type, 'MESOS')) return [];
  return [issue(ptr(at, 'cmd'), 'an app needs cmd, args or a container image')];
}

/** env {"secret": name}, secret volumes and docker.pullConfig must name a declared secret. */
function appSecretRefs(app: Obj, at: string): SchemaIssue[] {
  const out = envSecretRefs(app.env, app.secrets, ptr(at, 'env'));
  out.push(...volumeSecretRefs(appVolumes(app), app.secrets, ptr(at, 'container', 'volumes')));
  const pull = obj(obj(obj(app.container).docker).pullConfig);
  out.push(...missingSecret(app.secrets, pull.secret, ptr(at, 'container', 'docker', 'pullConfig', 'secret')));
  return out;
}

/** Port names are unique within portDefinitions and within portMappings (they become
 * $PORT_<NAME> variables). */
function duplicatePortNames(app: Obj, at: string): SchemaIssue[] {
  const container = obj(app.container);
  const lists: [unknown, string[]][] = [
    [app.portDefinitions, ['portDefinitions']],
    [container.portMappings, ['container', 'portMappings']],
    [obj(container.docker).portMappings, ['container', 'docker', 'portMappings']],
    [obj(obj(app.ipAddress).discovery).ports, ['ipAddress', 'discovery', 'ports']],
  ];
  const out: SchemaIssue[] = [];
  for (const [ports, path] of lists) {
    const names = list(ports).map((p) => (isObj(p) ? str(p.name) : undefined));
    for (const [i, first] of repeats(names)) {
      out.push(issue(ptr(at, ...path, i, 'name'), `port name "${names[i]}" is already used by ${ptr('', ...path, first)}`));
    }
  }
  return out;
}

/** Non-zero ports / portDefinitions ports must be unique (0 means "assign one"). */
function duplicatePortNumbers(app: Obj, at: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const check = (values: unknown[], path: string[], read: (v: unknown) => number | undefined) => {
    const ports = values.map((v) => read(v)).map((port) => (port === 0 ? undefined : port));
    for (const [i, first] of repeats(ports)) {
      out.push(issue(ptr(at, ...path, i), `port ${ports[i]} is already used by ${ptr('', ...path, first)}`));
    }
  };
  check(list(app.ports), ['ports'], num);
  check(list(app.portDefinitions), ['portDefinitions'], (v) => (isObj(v) ? num(v.port) : undefined));
  return out;
}

function appResourceLimits(app: Obj, at: string): SchemaIssue[] {
  return limitsVersusRequests(app.resourceLimits, num(app.cpus) ?? 1, num(app.mem) ?? 128, ptr(at, 'resourceLimits'));
}

function singleReadinessCheck(app: Obj, at: string): SchemaIssue[] {
  const checks = list(app.readinessChecks);
  return checks.length > 1 ? [issue(ptr(at, 'readinessChecks', 1), `at most one readiness check is allowed (got ${checks.length})`)] : [];
}

/** A readiness check's timeout must be shorter than its interval (defaults 10 and 30). */
function readinessTimeouts(app: Obj, at: string): SchemaIssue[] {
  return list(app.readinessChecks).flatMap((c, i) => {
    if (!isObj(c)) return [];
    const timeout = num(c.timeoutSeconds) ?? 10;
    const interval = num(c.intervalSeconds) ?? 30;
    return timeout >= interval ? [issue(ptr(at, 'readinessChecks', i, 'timeoutSeconds'), `must be less than intervalSeconds (${timeout} ≥ ${interval})`)] : [];
  });
}

/** Local persistent volumes live in the sandbox: containerPath is a single relative directory,
 * the mode is RW, and the volume info follows persistentInfoRules. */
function persistentVolumePaths(app: Obj, at: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  appVolumes(app).forEach((v, i) => {
    if (!isObj(v) || !isObj(v.persistent)) return;
    const path = str(v.containerPath);
    if (path !== undefined && (path.includes('/') || path === '.' || path === '..')) {
      out.push(issue(ptr(at, 'container', 'volumes', i, 'containerPath'),
        `a persistent volume's containerPath must be a single relative directory name such as "data" (got ${JSON.stringify(path)})`));
    }
    if (typeof v.mode === 'string' && !is(v.mode, 'RW')) out.push(issue(ptr(at, 'container', 'volumes', i, 'mode'), 'persistent volumes must be mounted RW'));
    out.push(...persistentInfoRules(v.persistent, ptr(at, 'container', 'volumes', i, 'persistent')));
  });
  return out;
}

/** Resident apps (with persistent volumes) are pinned to reserved resources: Marathon requires
 * acceptedResourceRoles ["*"], unreachableStrategy "disabled" and maximumOverCapacity 0. */
function residentApp(app: Obj, at: string): SchemaIssue[] {
  if (!isResident(appVolumes(app))) return [];
  const out: SchemaIssue[] = [];
  const roles = list(app.acceptedResourceRoles);
  if (roles.length > 0 && !(roles.length === 1 && roles[0] === '*')) {
    out.push(issue(ptr(at, 'acceptedResourceRoles'), 'an app with persistent volumes must use ["*"]'));
  }
  if (unreachableEnabled(app.unreachableStrategy)) {
    out.push(issue(ptr(at, 'unreachableStrategy'), 'an app with persistent volumes must use "disabled"'));
  }
  const over = num(obj(app.upgradeStrategy).maximumOverCapacity);
  if (over !== undefined && over !== 0) {
    out.push(issue(ptr(at, 'upgradeStrategy', 'maximumOverCapacity'), `must be 0 for an app with persistent volumes (got ${over})`));
  }
  return out;
}

/** The deprecated network API (ipAddress, docker.network) must not be mixed with networks, and
 * IP-per-task apps get no host ports. */
function deprecatedNetworkMixing(app: Obj, at: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const docker = obj(obj(app.container).docker);
  const hasNetworks = nonEmpty(app.networks);
  if (isObj(app.ipAddress) && hasNetworks) out.push(issue(ptr(at, 'ipAddress'), 'must not be combined with networks (cannot mix the deprecated and the 1.5 network APIs)'));
  if (typeof docker.network === 'string' && hasNetworks) out.push(issue(ptr(at, 'container', 'docker', 'network'), 'must not be combined with networks (cannot mix the deprecated and the 1.5 network APIs)'));
  if (isObj(app.ipAddress) && (nonEmpty(app.ports) || nonEmpty(app.portDefinitions))) {
    out.push(issue(ptr(at, nonEmpty(app.ports) ? 'ports' : 'portDefinitions'), 'must be empty when ipAddress is set (IP-per-task apps declare ports in ipAddress.discovery or portMappings)'));
  }
  if (is(docker.network, 'NONE')) out.push(issue(ptr(at, 'container', 'docker', 'network'), 'NONE is not supported (Marathon 1.5+ rejects it)'));
  return out;
}

function appNetworks(app: Obj, at: string): SchemaIssue[] {
  const out = networkRules(app.networks, at);
  const containerNets = list(app.networks).filter((n) => isObj(n) && networkMode(n) === 'container');
  if (containerType(app) === 'DOCKER' && containerNets.length > 1) {
    out.push(issue(ptr(at, 'networks'), 'the Docker containerizer supports only one container network'));
  }
  return out;
}

/** With explicit 1.5 networks: portDefinitions are for host networking, portMappings are not. */
function portsMatchNetworking(app: Obj, at: string): SchemaIssue[] {
  const nets = list(app.networks).filter(isObj);
  if (nets.length === 0) return [];
  const host = nets.every((n) => is(n.mode, 'host'));
  if (host && nonEmpty(obj(app.container).portMappings)) {
    return [issue(ptr(at, 'container', 'portMappings'), 'portMappings are not allowed with host networking (use portDefinitions)')];
  }
  if (!host && nonEmpty(app.portDefinitions)) {
    return [issue(ptr(at, 'portDefinitions'), 'portDefinitions are only allowed with host networking (use container.portMappings)')];
  }
  return [];
}

/** portMappings[].networkNames must name declared container networks. */
function portMappingNetworkNames(app: Obj, at: string): SchemaIssue[] {
  const declared = namesOf(app.networks);
  const out: SchemaIssue[] = [];
  list(obj(app.container).portMappings).forEach((m, i) => {
    list(isObj(m) ? m.networkNames : undefined).forEach((name, j) => {
      if (typeof name === 'string' && !declared.has(name)) {
        out.push(issue(ptr(at, 'container', 'portMappings', i, 'networkNames', j), `network "${name}" is not declared in networks`));
      }
    });
  });
  return out;
}

/** Docker-only and Mesos-only container features. docker.credential is not flagged: it was the
 * ≤1.4 way to authenticate a Mesos-containerizer pull and is a legacy form we accept. */
function containerizerFeatures(app: Obj, at: string): SchemaIssue[] {
  const type = containerType(app);
  if (!type) return [];
  const docker = obj(obj(app.container).docker);
  const out: SchemaIssue[] = [];
  if (type === 'MESOS') {
    if (nonEmpty(docker.parameters)) out.push(issue(ptr(at, 'container', 'docker', 'parameters'), 'docker parameters are only supported by the Docker containerizer (container.type DOCKER)'));
    if (docker.privileged === true) out.push(issue(ptr(at, 'container', 'docker', 'privileged'), 'privileged is only supported by the Docker containerizer (container.type DOCKER)'));
  } else {
    if (isObj(docker.pullConfig)) out.push(issue(ptr(at, 'container', 'docker', 'pullConfig'), 'pullConfig is only supported by the Mesos containerizer (container.type MESOS)'));
    if ((num(app.gpus) ?? 0) > 0) out.push(issue(ptr(at, 'gpus'), 'GPUs are only supported by the Mesos containerizer (container.type MESOS)'));
  }
  return out;
}

/** uris is the deprecated form of fetch; Marathon rejects an app that has both. Exports from
 * Marathon 0.15-1.4 (GET /v2/apps) write both, uris mirroring fetch, so a mirror is accepted. */
function urisAndFetch(app: Obj, at: string): SchemaIssue[] {
  if (!nonEmpty(app.uris) || !nonEmpty(app.fetch)) return [];
  const fetched = app.fetch.map((f) => (isObj(f) ? f.uri : undefined));
  const mirror = app.uris.length === fetched.length && app.uris.every((u, i) => u === fetched[i]);
  return mirror ? [] : [issue(ptr(at, 'uris'), 'must not be combined with fetch (uris is the deprecated form of fetch)')];
}

const OPERATORS = ['UNIQUE', 'CLUSTER', 'GROUP_BY', 'LIKE', 'UNLIKE', 'MAX_PER', 'IS'];

/** Constraint operators (any case, Marathon upper-cases them) and their value rules. */
function constraintRules(app: Obj, at: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  list(app.constraints).forEach((c, i) => {
    if (!Array.isArray(c) || typeof c[1] !== 'string') return;
    const op = c[1].toUpperCase();
    const value = typeof c[2] === 'string' && c[2] !== '' ? c[2] : undefined;
    const here = ptr(at, 'constraints', i);
    if (!OPERATORS.includes(op)) {
      out.push(issue(ptr(here, 1), `must be one of ${OPERATORS.join(', ')}${got(c[1])}`));
      return;
    }
    switch (op) {
      case 'UNIQUE':
        if (value !== undefined) out.push(issue(ptr(here, 2), 'UNIQUE takes no value'));
        break;
      case 'LIKE':
      case 'UNLIKE':
        if (value === undefined) out.push(issue(here, `${op} needs a regular expression as value`));
        else if (!validRegex(value)) out.push(issue(ptr(here, 2), `is not a valid regular expression${got(value)}`));
        break;
      case 'MAX_PER':
        if (value === undefined || !/^\d+$/.test(value)) out.push(issue(value === undefined ? here : ptr(here, 2), 'MAX_PER needs an integer value'));
        break;
      case 'GROUP_BY':
        if (value !== undefined && !/^\d+$/.test(value)) out.push(issue(ptr(here, 2), `GROUP_BY takes an optional integer value${got(value)}`));
        break;
      case 'IS':
        if (value === undefined || !/^[a-zA-Z0-9_/.-]*$/.test(value)) out.push(issue(value === undefined ? here : ptr(here, 2), 'IS needs a text or scalar value of letters, digits, "_", "/", "." and "-"'));
        break;
    }
  });
  return out;
}

/** Java regexes mostly parse as JS ones; a leading inline flag group like (?i) does not, so it
 * is stripped before the check rather than reported. */
function validRegex(source: string): boolean {
  try {
    new RegExp(source.replace(/^\(\?[a-zA-Z]+\)/, ''));
    return true;
  } catch {
    return false;
  }
}

/** MARATHON_SINGLE_INSTANCE_APP=true (used by frameworks) ⇒ at most one instance and an
 * upgradeStrategy of {0, 0}. */
function singleInstanceLabel(app: Obj, at: string): SchemaIssue[] {
  if (obj(app.labels).MARATHON_SINGLE_INSTANCE_APP !== 'true') return [];
  const out: SchemaIssue[] = [];
  const instances = num(app.instances);
  if (instances !== undefined && instances > 1) out.push(issue(ptr(at, 'instances'), `must be 0 or 1 with the MARATHON_SINGLE_INSTANCE_APP label (got ${instances})`));
  const upgrade = obj(app.upgradeStrategy);
  for (const key of ['minimumHealthCapacity', 'maximumOverCapacity']) {
    const v = num(upgrade[key]);
    if (v !== undefined && v !== 0) out.push(issue(ptr(at, 'upgradeStrategy', key), `must be 0 with the MARATHON_SINGLE_INSTANCE_APP label (got ${v})`));
  }
  return out;
}

/** DC/OS SDK migration labels: the API version is v1 and two companion labels are required. */
function migrationLabels(app: Obj, at: string): SchemaIssue[] {
  const labels = obj(app.labels);
  if (labels.DCOS_MIGRATION_API_VERSION === undefined) return [];
  const out: SchemaIssue[] = [];
  if (labels.DCOS_MIGRATION_API_VERSION !== 'v1') out.push(issue(ptr(at, 'labels', 'DCOS_MIGRATION_API_VERSION'), `must be "v1"${got(labels.DCOS_MIGRATION_API_VERSION)}`));
  for (const key of ['DCOS_PACKAGE_FRAMEWORK_NAME', 'DCOS_MIGRATION_API_PATH']) {
    if (labels[key] === undefined) out.push(issue(ptr(at, 'labels', key), 'is required with DCOS_MIGRATION_API_VERSION'));
  }
  return out;
}

function appUnreachable(app: Obj, at: string): SchemaIssue[] {
  return unreachableOrder(app.unreachableStrategy, ptr(at, 'unreachableStrategy'));
}

const APP_RULES: Rule[] = [
  runSpecIdRules, cmdWithArgs, commandOrContainer, appSecretRefs, duplicatePortNames, duplicatePortNumbers,
  appResourceLimits, singleReadinessCheck, readinessTimeouts, persistentVolumePaths, residentApp,
  deprecatedNetworkMixing, appNetworks, portsMatchNetworking, portMappingNetworkNames, containerizerFeatures,
  urisAndFetch, constraintRules, singleInstanceLabel, migrationLabels, appUnreachable,
];

export function appRules(app: Obj, at: string): SchemaIssue[] {
  return APP_RULES.flatMap((rule) => rule(app, at));
}
