/**
 * The app's secret references: which Marathon secret names the app reads, through which key,
 * from which DC/OS path. Every reference marks its declaration in `secrets` as consumed; a name
 * missing from `secrets` (Marathon rejects it, and the validator already says so) still gets a
 * key, so the output stays usable once the Secret exists, plus one finding saying so.
 */
import { escapePointerToken } from '../../findings.js';
import type { AppContext } from '../context.js';
import { secretKeyFor } from './keys.js';

/** One key of a Secret the cluster must provide. */
export interface SecretKeyNeed {
  key: string;
  /** The DC/OS secret store path, when the app declares one. */
  source?: string;
  /** Where the value comes from when it is not a DC/OS path (e.g. a legacy registry login). */
  origin?: string;
}

export class SecretRefs {
  /** Marathon secret name → key, declarations first (input order), then undeclared names. */
  private readonly keys = new Map<string, string>();
  /** Names read through env or files: the keys of the app Secret. */
  private readonly inAppSecret = new Set<string>();
  /** Names read by anything (env, files, pullConfig). */
  private readonly read = new Set<string>();

  constructor(private readonly ctx: AppContext) {
    for (const name of Object.keys(ctx.app.secrets ?? {})) this.assignKey(name);
  }

  /** The DC/OS path of a declared secret. */
  source(name: string): string | undefined {
    const secrets = this.ctx.app.secrets;
    return secrets && Object.hasOwn(secrets, name) ? secrets[name]!.source : undefined;
  }

  /** A secret read as a value of the app Secret (env var or file); returns its key. */
  valueRef(name: string, pointer: string, secretName: string): string {
    this.assignKey(name);
    this.touch(name, pointer, `key "${this.keys.get(name)}" of Secret ${secretName}`);
    this.inAppSecret.add(name);
    return this.keys.get(name)!;
  }

  /**
   * A secret read by something other than the app Secret (pullConfig, or a file that could not
   * be mounted); returns its DC/OS path if declared. `usedAs` says what became of it.
   */
  wholeRef(name: string, pointer: string, usedAs: string): string | undefined {
    this.touch(name, pointer, usedAs);
    return this.source(name);
  }

  /** The keys of the app Secret, in declaration order. */
  appSecretKeys(): SecretKeyNeed[] {
    const out: SecretKeyNeed[] = [];
    for (const [name, key] of this.keys) {
      if (!this.inAppSecret.has(name)) continue;
      const source = this.source(name);
      out.push(source !== undefined ? { key, source } : { key, origin: `DC/OS path unknown: "${name}" is not declared in secrets` });
    }
    return out;
  }

  /** Declared secrets nothing references: consumed, with a finding (nothing to migrate). */
  reportUnused(): void {
    for (const name of Object.keys(this.ctx.app.secrets ?? {})) {
      if (this.read.has(name)) continue;
      const pointer = `/secrets/${escapePointerToken(name)}`;
      this.ctx.use(pointer);
      this.ctx.report('secret-unused', pointer,
        `secret "${name}" (DC/OS ${this.source(name)}) is declared but nothing in the app reads it; it is not migrated`);
    }
  }

  private touch(name: string, pointer: string, usedAs: string): void {
    if (this.read.has(name)) return;
    this.read.add(name);
    if (this.source(name) !== undefined) {
      this.ctx.use(`/secrets/${escapePointerToken(name)}`);
      return;
    }
    this.ctx.report('secret-undeclared', pointer,
      `secret "${name}" is not declared in secrets, so its DC/OS path is unknown; it is still referenced as ${usedAs}`,
      { hint: 'declare it in secrets, or put the right value there when creating the Secret' });
  }

  private assignKey(name: string): void {
    if (this.keys.has(name)) return;
    let key = secretKeyFor(name);
    const taken = new Set(this.keys.values());
    for (let i = 2; taken.has(key); i++) key = `${secretKeyFor(name)}-${i}`;
    this.keys.set(name, key);
  }
}
