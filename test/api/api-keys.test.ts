/**
 * API key management over real HTTP: an admin creates a key (shown once), lists keys (never a hash or a key),
 * revokes one (which stops working at once), cannot revoke the key it is using; readers and anonymous callers
 * are refused; bad bodies get validation problems; the `api-key` command works on the same file.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startHarness, problemOf, type Harness } from './harness.js';
import { readKeys } from '../../services/api/keys.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('API key management', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { SAP_ADMIN_API_KEY: 'sap_env_automation-key-with-enough-entropy-0123456789' } });
  });
  afterAll(async () => h?.close());

  it('an admin creates a reader key that is shown once and works at once', async () => {
    const response = await h.call('/v1/api-keys', { method: 'POST', key: h.adminKey, json: { name: 'ci', role: 'reader' } });
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const created = (await response.json()) as { id: string; name: string; role: string; createdAt: string; key: string };
    expect(created).toEqual({ id: expect.any(String), name: 'ci', role: 'reader', createdAt: expect.any(String), key: expect.stringMatching(/^sap_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/) });
    expect(created.key.startsWith(`sap_${created.id}_`)).toBe(true);
    expect(response.headers.get('location')).toBe(`/v1/api-keys/${created.id}`);

    expect((await h.call('/v1/findings', { key: created.key })).status).toBe(200);
    const refused = await h.call('/v1/api-keys', { key: created.key });
    expect(refused.status).toBe(403);
    await problemOf(refused);

    // Only the hash is stored, never the key; the file stays private.
    const file = await readFile(join(h.dataDir, 'api-keys.json'), 'utf8');
    expect(file).not.toContain(created.key);
    expect((await stat(join(h.dataDir, 'api-keys.json'))).mode & 0o777).toBe(0o600);
  });

  it('lists keys with id, name, role and creation time only', async () => {
    const response = await h.call('/v1/api-keys', { key: h.adminKey });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: Record<string, unknown>[] };
    expect(body.items.map((k) => k.name)).toEqual(expect.arrayContaining(['test reader', 'test admin', 'ci']));
    for (const item of body.items) expect(Object.keys(item).sort()).toEqual(['createdAt', 'id', 'name', 'role']);
    const stored = await readKeys(h.dataDir);
    const text = JSON.stringify(body);
    for (const key of stored) expect(text).not.toContain(key.hash);
  });

  it('an admin key made through the API has the admin role', async () => {
    const created = (await (await h.call('/v1/api-keys', { method: 'POST', key: h.adminKey, json: { name: 'ops', role: 'admin' } })).json()) as { key: string };
    expect((await h.call('/v1/api-keys', { key: created.key })).status).toBe(200);
  });

  it('revokes a key, which is refused with 401 from then on; a second revoke is 404', async () => {
    const created = (await (await h.call('/v1/api-keys', { method: 'POST', key: h.adminKey, json: { name: 'short-lived', role: 'reader' } })).json()) as { id: string; key: string };
    expect((await h.call('/v1/findings', { key: created.key })).status).toBe(200);
    const revoked = await h.call(`/v1/api-keys/${created.id}`, { method: 'DELETE', key: h.adminKey });
    expect(revoked.status).toBe(204);
    const after = await h.call('/v1/findings', { key: created.key });
    expect(after.status).toBe(401);
    await problemOf(after);
    const again = await h.call(`/v1/api-keys/${created.id}`, { method: 'DELETE', key: h.adminKey });
    expect(again.status).toBe(404);
    expect((await problemOf(again)).type).toBe('/problems/not-found');
    const listed = (await (await h.call('/v1/api-keys', { key: h.adminKey })).json()) as { items: { id: string }[] };
    expect(listed.items.map((k) => k.id)).not.toContain(created.id);
  });

  it('an admin cannot revoke the key it is using (409), but another admin credential can', async () => {
    const created = (await (await h.call('/v1/api-keys', { method: 'POST', key: h.adminKey, json: { name: 'self', role: 'admin' } })).json()) as { id: string; key: string };
    const self = await h.call(`/v1/api-keys/${created.id}`, { method: 'DELETE', key: created.key });
    expect(self.status).toBe(409);
    expect((await problemOf(self)).type).toBe('/problems/conflict');
    expect((await h.call('/v1/api-keys', { key: created.key })).status).toBe(200);
    const byEnvKey = await h.call(`/v1/api-keys/${created.id}`, { method: 'DELETE', key: 'sap_env_automation-key-with-enough-entropy-0123456789' });
    expect(byEnvKey.status).toBe(204);
  });

  it('refuses readers (403) and anonymous callers (401) on every key route', async () => {
    const routes: [string, string, unknown?][] = [
      ['POST', '/v1/api-keys', { name: 'x', role: 'admin' }],
      ['GET', '/v1/api-keys'],
      ['DELETE', '/v1/api-keys/abc'],
    ];
    for (const [method, path, json] of routes) {
      const asReader = await h.call(path, { method, json });
      expect(asReader.status).toBe(403);
      expect((await problemOf(asReader)).type).toBe('/problems/forbidden');
      const anonymous = await h.call(path, { method, json, key: null });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
    }
    // A reader cannot escalate by minting an admin key.
    expect((await readKeys(h.dataDir)).some((k) => k.name === 'x')).toBe(false);
  });

  it('validates the body: role, name, unknown fields', async () => {
    const bodies = [{ name: 'x', role: 'owner' }, { role: 'reader' }, { name: '', role: 'reader' }, { name: '   ', role: 'reader' }, { name: 'x', role: 'reader', hash: 'abc' }];
    for (const json of bodies) {
      const response = await h.call('/v1/api-keys', { method: 'POST', key: h.adminKey, json });
      expect(response.status).toBe(400);
      expect((await problemOf(response)).type).toBe('/problems/validation');
    }
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await (await h.call('/openapi.json')).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(Object.keys(doc.paths['/v1/api-keys']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/v1/api-keys']!.post!.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403']));
    expect(Object.keys(doc.paths['/v1/api-keys/{id}']!.delete!.responses)).toEqual(expect.arrayContaining(['204', '404', '409']));
  });

  it('loses no key when the API and the api-key command create keys at the same time', async () => {
    const tsx = join(ROOT, 'node_modules/.bin/tsx');
    const env = { ...process.env, SAP_DATA_DIR: h.dataDir };
    let cliDone = false;
    const cli = run(tsx, [join(ROOT, 'services/api/keys-cli.ts'), 'create', '--name', 'burst-cli', '--role', 'reader'], { cwd: ROOT, env, timeout: 60_000 }).finally(() => {
      cliDone = true;
    });
    // Keep the API writing, four at a time, for as long as the command runs, so their writes overlap.
    const names: string[] = [];
    while (!cliDone) {
      const batch = Array.from({ length: 4 }, (_, i) => `burst-${names.length + i}`);
      names.push(...batch);
      await Promise.all(batch.map((name) => h.call('/v1/api-keys', { method: 'POST', key: h.adminKey, json: { name, role: 'reader' } }).then((r) => expect(r.status).toBe(201))));
    }
    const key = (await cli).stdout.trim();
    const stored = (await readKeys(h.dataDir)).map((k) => k.name);
    expect(stored).toEqual(expect.arrayContaining([...names, 'burst-cli']));
    expect((await h.call('/v1/findings', { key })).status).toBe(200);
  });

  it('the api-key command creates, lists and revokes keys in the same file, and the API accepts them', async () => {
    const tsx = join(ROOT, 'node_modules/.bin/tsx');
    const cli = join(ROOT, 'services/api/keys-cli.ts');
    const env = { ...process.env, SAP_DATA_DIR: h.dataDir };
    const created = await run(tsx, [cli, 'create', '--name', 'from-cli', '--role', 'reader'], { cwd: ROOT, env, timeout: 60_000 });
    const key = created.stdout.trim();
    expect(key).toMatch(/^sap_[0-9a-f]{12}_/);
    expect((await h.call('/v1/findings', { key })).status).toBe(200);
    const id = key.split('_')[1]!;
    const listed = await run(tsx, [cli, 'list'], { cwd: ROOT, env, timeout: 60_000 });
    expect(listed.stdout).toContain(`${id}\treader\t`);
    expect(listed.stdout).not.toContain(key);
    await run(tsx, [cli, 'revoke', id], { cwd: ROOT, env, timeout: 60_000 });
    expect((await h.call('/v1/findings', { key })).status).toBe(401);
    await expect(run(tsx, [cli, 'revoke', id], { cwd: ROOT, env, timeout: 60_000 })).rejects.toMatchObject({ code: 1 });
    await expect(run(tsx, [cli, 'create', '--name', 'bad', '--role', 'owner'], { cwd: ROOT, env, timeout: 60_000 })).rejects.toMatchObject({ code: 1 });
  });
});
