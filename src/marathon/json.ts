/**
 * Defensive readers for untrusted JSON. Input that breaks the schema is reported by the
 * validator; these readers make sure the normalizer then simply skips a value of the wrong
 * type instead of crashing or passing it on.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * Numbers Kubernetes can hold. Out-of-range values are reported by the schema validator (every
 * integer in the schemas is capped at INT32_MAX, see validate.ts); the model treats them as
 * absent, so a mapper never writes e.g. an int32 field from 1e29.
 */
export const INT32_MAX = 2147483647;

/** A whole number within [min, max], else undefined. */
export function int(v: unknown, min = 0, max = INT32_MAX): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
}

/** A port number (0 = dynamic). */
export function port(v: unknown): number | undefined {
  return int(v, 0, 65535);
}

/**
 * The largest resources a definition may ask for: far beyond any machine, small enough that a
 * Kubernetes quantity can hold them. The schemas (schemas/*.schema.json) have the same
 * maximums, so a larger value is reported there and the model treats it as absent.
 */
export const MAX_RESOURCES = { cpus: 1e6, mib: 1e12, gpus: 1e4 } as const;

/** A finite number within [min, max] (resources: MiB, cpus), else undefined. */
export function amount(v: unknown, min = 0, max: number = MAX_RESOURCES.mib): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : undefined;
}

export function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

export function arr(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

export function strArr(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

/** A string→string map; entries of other types are left out. */
export function kv(v: unknown): Record<string, string> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

/** Copies the keys whose value is not undefined (keeps the model free of explicit undefineds). */
export function compact<T extends object>(o: T): T {
  const out = {} as T;
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
