/**
 * The conversion options change what is emitted (API versions, namespaces, host ports, stub
 * Secrets, CronJobs for unscheduled jobs…), so the translator's promises are checked under each
 * of them too: over generated apps, pods, group trees and jobs converted in one run, no crash, no
 * internal error, every object valid Kubernetes for the target version, names unique. (A sweep
 * like this found Secret names over 63 characters with --secret-stubs.)
 */
import fc from 'fast-check';
import { formatFinding } from '../../src/findings.js';
import { validateObject } from '../../src/kube/validate.js';
import { DEFAULT_OPTIONS, type ConvertOptions } from '../../src/options.js';
import { convertSources } from '../../src/pipeline.js';
import { appListArb } from '../support/arbitraries.js';
import { groupArb, jobListArb, podListArb } from '../support/arbitraries-pods-jobs.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 15);

const VARIANTS: [string, Partial<ConvertOptions>][] = [
  ['Kubernetes 1.16', { kubeVersion: '1.16' }],
  ['Kubernetes 1.20', { kubeVersion: '1.20' }],
  ['Kubernetes 1.31', { kubeVersion: '1.31' }],
  ['--namespace', { namespace: 'migrated' }],
  ['--namespace-strategy flat', { namespaceStrategy: 'flat' }],
  ['--secret-stubs', { secretStubs: true }],
  ['--keep-host-ports --host-network', { keepHostPorts: true, hostNetwork: true }],
  ['--jobs-as cronjob', { jobsAs: 'cronjob' }],
  ['--include-packages --storage-class', { includePackages: true, storageClass: 'fast-ssd' }],
  ['--service-type NodePort --haproxy-ungrouped external', { serviceType: 'NodePort', haproxyUngrouped: 'external' }],
  ['--host-network --service-type LoadBalancer', { hostNetwork: true, serviceType: 'LoadBalancer' }],
];

/** One run holding every kind: an app export, a pod list, a group tree and a job list. */
const runArb = fc.tuple(appListArb(4), podListArb(2), groupArb, jobListArb(2));

describe.each(VARIANTS)('under %s (property)', (_name, options) => {
  test('no crash, no internal error, every object valid, names unique', () => {
    fc.assert(fc.property(runArb, ([apps, pods, group, jobs]) => {
      const result = convertSources([
        { file: 'apps.json', text: JSON.stringify({ apps }) },
        { file: 'pods.json', text: JSON.stringify({ pods }) },
        { file: 'groups.json', text: JSON.stringify(group) },
        { file: 'jobs.json', text: JSON.stringify(jobs) },
      ], { ...DEFAULT_OPTIONS, ...options });
      expect(result.findings.filter((f) => f.code === 'internal-error' || f.code === 'invalid-object').map(formatFinding)).toEqual([]);
      for (const obj of result.objects) {
        const what = `${obj.kind} ${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
        expect({ what, problems: validateObject(obj) }).toEqual({ what, problems: [] });
      }
      const keys = result.objects.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`);
      expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    }), { numRuns: RUNS });
  });
});
