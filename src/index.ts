/**
 * marathon2k8s as a library (the package's `main`): convert Marathon inputs to Kubernetes
 * objects, write them as YAML/JSON, build the migration report. The command line is built on
 * these same calls.
 *
 *   import { convertSources, DEFAULT_OPTIONS, toYamlStream } from 'marathon2k8s';
 *   const result = convertSources([{ file: 'web.json', text }], DEFAULT_OPTIONS);
 *   process.stdout.write(toYamlStream(result.objects));
 */
export { convertInputs, convertSources, type ConversionResult, type ConvertedUnit, type RunHooks } from './pipeline.js';
export { DEFAULT_OPTIONS, DEFAULT_KUBE_VERSION, type ConvertOptions, type ServiceType } from './options.js';
export { FINDING_CODES, formatFinding, type Finding, type FindingCode, type Severity } from './findings.js';
export { readInputs, type ReadOptions, type ReadResult, type Source } from './marathon/load.js';
export { addPositions } from './marathon/positions.js';
export { duplicateIdFindings } from './marathon/duplicates.js';
export { selectResult, selects } from './marathon/select.js';
export { toJson, toNames, toYaml, toYamlStream } from './emit/serialize.js';
export { buildReport, type MigrationReport, type ReportStatus } from './report/model.js';
export { renderJson } from './report/json.js';
export { renderText } from './report/text.js';
export { renderMarkdown } from './report/markdown.js';
export { renderHtml } from './report/html.js';
export type { KubeObject } from './kube/types.js';
