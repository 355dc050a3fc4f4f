/**
 * Estate snapshot files (format snapshot/v1, see docs/snapshot-format.md in ../shared).
 *
 * A snapshot is held in memory as a map from the file's path relative to the snapshot root (always with `/`
 * separators, e.g. `aws/123456789012/us-east-1/ecs/DescribeServices.json`) to the parsed JSON body. The live
 * collectors build the same map, so record mode, replay mode and live scans share one way into the ingest.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/** Relative snapshot path → parsed JSON body of that file. */
export type SnapshotFiles = Map<string, unknown>;

/** Something a reader skipped: `source` names the file and, where known, the element path inside it. */
export interface Problem {
  source: string;
  message: string;
}

export const SNAPSHOT_FORMAT = 'snapshot/v1';

export interface SnapshotManifest {
  format: string;
  createdAt: string;
  scopes: string[];
  /** Recorders may note anything else (tool version, failed calls, ...); readers ignore what they do not know. */
  [note: string]: unknown;
}

/** Which relative paths the format defines; anything else in the directory is ignored (newer recorders stay readable). */
const KNOWN_PATHS: readonly RegExp[] = [
  /^aws\/[^/]+\/global\/(sts|iam)\/[A-Za-z]+\.json$/,
  /^aws\/[^/]+\/[a-z0-9-]+\/(ecs|ec2|elbv2|ecr)\/[A-Za-z]+\.json$/,
  /^azure\/[^/]+\/(resources|authorizationresources|resourcecontainers|authconfigs)\.json$/,
  /^vulnerabilities\/[^/]+\.json$/,
];

export function isSnapshotPath(relativePath: string): boolean {
  return KNOWN_PATHS.some((pattern) => pattern.test(relativePath));
}

async function listFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) found.push(full);
    }
  }
  await walk(root);
  return found.sort();
}

function toSnapshotPath(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}

function defaultManifest(files: SnapshotFiles): SnapshotManifest {
  return { format: SNAPSHOT_FORMAT, createdAt: new Date(0).toISOString(), scopes: scopesOfFiles(files) };
}

/** The scopes a set of files describes, in the ingest's scope notation (`aws:<account>:<region>`, `azure-tenant:<tenant>`). */
export function scopesOfFiles(files: Iterable<string> | SnapshotFiles): string[] {
  const paths = files instanceof Map ? files.keys() : files;
  const scopes = new Set<string>();
  for (const path of paths) {
    const parts = path.split('/');
    if (parts[0] === 'aws' && parts.length >= 4) scopes.add(`aws:${parts[1]}:${parts[2]}`);
    else if (parts[0] === 'azure' && parts.length >= 3) scopes.add(`azure-tenant:${parts[1]}`);
  }
  return [...scopes].sort();
}

/**
 * Reads a snapshot directory. A file that cannot be read or is not valid JSON becomes a problem naming the file and
 * the rest is read; files the format does not define are ignored. A missing or unreadable manifest is replaced by a
 * default one (the manifest is optional).
 */
export async function readSnapshot(
  dir: string,
): Promise<{ files: SnapshotFiles; manifest: SnapshotManifest; problems: Problem[] }> {
  const files: SnapshotFiles = new Map();
  const problems: Problem[] = [];
  let manifest: SnapshotManifest | undefined;
  for (const file of await listFiles(dir)) {
    const path = toSnapshotPath(dir, file);
    const isManifest = path === 'manifest.json';
    if (!isManifest && !isSnapshotPath(path)) continue;
    let body: unknown;
    try {
      body = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      problems.push({ source: path, message: `unreadable or invalid JSON: ${(error as Error).message}` });
      continue;
    }
    if (isManifest) {
      if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
        manifest = body as SnapshotManifest;
        if (typeof manifest.format === 'string' && manifest.format !== SNAPSHOT_FORMAT) {
          problems.push({ source: path, message: `unknown format ${manifest.format}; reading it as ${SNAPSHOT_FORMAT}` });
        }
      } else {
        problems.push({ source: path, message: 'manifest is not a JSON object; ignored' });
      }
      continue;
    }
    files.set(path, body);
  }
  const fallback = defaultManifest(files);
  const merged: SnapshotManifest = {
    ...fallback,
    ...(manifest ?? {}),
    scopes: Array.isArray(manifest?.scopes) ? manifest.scopes : fallback.scopes,
  };
  return { files, manifest: merged, problems };
}

/** Writes a snapshot directory: every file as pretty JSON under its relative path, plus manifest.json (snapshot/v1). */
export async function writeSnapshot(
  dir: string,
  files: SnapshotFiles,
  manifest: Partial<SnapshotManifest> = {},
): Promise<void> {
  for (const [path, body] of files) {
    if (path.includes('..') || path.startsWith('/')) throw new Error(`snapshot path escapes the snapshot: ${path}`);
    const target = join(dir, ...path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, `${JSON.stringify(body, null, 2)}\n`);
  }
  const complete: SnapshotManifest = {
    ...manifest,
    format: SNAPSHOT_FORMAT,
    createdAt: manifest.createdAt ?? new Date().toISOString(),
    scopes: manifest.scopes ?? scopesOfFiles(files),
  };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(complete, null, 2)}\n`);
}
