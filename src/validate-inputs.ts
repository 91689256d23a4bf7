/** The `validate` command's work: parse, detect and schema-check inputs without converting. */
import { finding, type Finding } from './findings.js';
import { readDocument } from './marathon/documents.js';
import { readInputs, type ReadResult } from './marathon/load.js';
import { validateMarathon } from './marathon/validate.js';

export interface ValidationResult {
  findings: Finding[];
  checked: number;
}

export async function validateInputs(inputs: string[], remote?: ReadResult): Promise<ValidationResult> {
  const read = await readInputs(inputs);
  const result: ValidationResult = { findings: [...(remote?.errors ?? []), ...read.errors], checked: 0 };
  for (const source of [...(remote?.sources ?? []), ...read.sources]) {
    const doc = readDocument(source);
    if (!doc.ok) {
      result.findings.push(doc.error);
      continue;
    }
    for (const object of doc.objects) {
      result.checked++;
      const id = typeof object.raw.id === 'string' ? object.raw.id : undefined;
      for (const issue of validateMarathon(object.kind, object.raw)) {
        result.findings.push(finding('schema-violation', object.pointer + issue.pointer, issue.message, { file: source.file, ...(id ? { app: id } : {}) }));
      }
    }
  }
  return result;
}
