/**
 * API keys. A key is `sap_<id>_<secret>` with 32 random bytes of secret; only the SHA-256 of the
 * whole key is stored (a high-entropy secret needs no slow hash). `<dataDir>/api-keys.json` holds
 * `{ id, name, role, hash, createdAt }` per key. SAP_ADMIN_API_KEY in the environment is accepted as
 * an admin key for automation.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink, writeFile, chmod } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Role } from './config.js';

export interface StoredKey {
  id: string;
  name: string;
  role: Role;
  hash: string;
  createdAt: string;
}

export const KEY_FILE = 'api-keys.json';
export const ADMIN_KEY_FILE = 'admin-api-key';
export const ENV_ADMIN_KEY = 'SAP_ADMIN_API_KEY';

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests of equal length. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

export async function readKeys(dataDir: string): Promise<StoredKey[]> {
  try {
    const parsed = JSON.parse(await readFile(join(dataDir, KEY_FILE), 'utf8')) as { keys?: StoredKey[] };
    return parsed.keys ?? [];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function writeKeys(dataDir: string, keys: StoredKey[]): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const target = join(dataDir, KEY_FILE);
  const temporary = `${target}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ keys }, null, 2), { mode: 0o600 });
  await rename(temporary, target);
}

/**
 * Read-modify-write of the key file, one writer at a time: a promise queue within this process (two API calls)
 * and a lock file across processes (the API and the `api-key` command), so no writer loses another's key.
 */
let keyFileQueue: Promise<unknown> = Promise.resolve();
function serialised<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  const locked = () => withLockFile(join(dataDir, `${KEY_FILE}.lock`), work);
  const next = keyFileQueue.then(locked, locked);
  keyFileQueue = next.catch(() => undefined);
  return next;
}

/** A lock older than this was left by a writer that died mid-write (a write takes milliseconds). */
const STALE_LOCK_MS = 30_000;

async function withLockFile<T>(path: string, work: () => Promise<T>): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > STALE_LOCK_MS) await unlink(path).catch(() => undefined);
      else if (Date.now() > deadline) throw new Error(`${path} is held by another writer; remove it if no key command or API is writing`);
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  try {
    return await work();
  } finally {
    await unlink(path).catch(() => undefined);
  }
}

/** What may be shown about a key: never its hash, never the key. */
export interface KeySummary {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
}

export async function listApiKeys(dataDir: string): Promise<KeySummary[]> {
  return (await readKeys(dataDir)).map(({ id, name, role, createdAt }) => ({ id, name, role, createdAt }));
}

/** Creates a key, stores its hash, and returns the key itself: the only time it is visible. */
export async function createApiKey(dataDir: string, name: string, role: Role): Promise<{ key: string; id: string; createdAt: string }> {
  return serialised(dataDir, async () => {
    const id = randomBytes(6).toString('hex');
    const key = `sap_${id}_${randomBytes(32).toString('base64url')}`;
    const createdAt = new Date().toISOString();
    const keys = await readKeys(dataDir);
    keys.push({ id, name, role, hash: hashKey(key), createdAt });
    await writeKeys(dataDir, keys);
    return { key, id, createdAt };
  });
}

/** Removes a key; false when no key has this id. The API notices at its next request (it watches the file). */
export async function revokeApiKey(dataDir: string, id: string): Promise<boolean> {
  return serialised(dataDir, async () => {
    const keys = await readKeys(dataDir);
    const remaining = keys.filter((k) => k.id !== id);
    if (remaining.length === keys.length) return false;
    await writeKeys(dataDir, remaining);
    return true;
  });
}

/**
 * On first start, creates an admin key and writes it to `<dataDir>/admin-api-key` (mode 0600) so that
 * the main command can print it. Later starts return the key from that file when it is still valid;
 * `created` says whether it was made now.
 */
export async function ensureAdminKey(dataDir: string): Promise<{ key: string; created: boolean; path: string }> {
  const path = join(dataDir, ADMIN_KEY_FILE);
  const keys = await readKeys(dataDir);
  try {
    const existing = (await readFile(path, 'utf8')).trim();
    if (keys.some((k) => k.role === 'admin' && sameHash(k.hash, hashKey(existing)))) {
      return { key: existing, created: false, path };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { key } = await createApiKey(dataDir, 'initial admin', 'admin');
  await writeFile(path, key + '\n', { mode: 0o600 });
  await chmod(path, 0o600); // writeFile's mode only applies when it creates the file
  return { key, created: true, path };
}

export interface KeyPrincipal {
  id: string;
  name: string;
  role: Role;
}

/** Looks a presented key up; every stored hash is compared so timing says nothing about which matched. */
export function matchKey(presented: string, keys: readonly StoredKey[], envAdminKey: string | undefined): KeyPrincipal | null {
  const digest = hashKey(presented);
  let found: KeyPrincipal | null = null;
  for (const stored of keys) {
    if (sameHash(stored.hash, digest) && !found) found = { id: stored.id, name: stored.name, role: stored.role };
  }
  if (envAdminKey && sameHash(hashKey(envAdminKey), digest) && !found) {
    found = { id: 'env-admin', name: ENV_ADMIN_KEY, role: 'admin' };
  }
  return found;
}
