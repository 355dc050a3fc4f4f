/**
 * Answers reused until the next commit, and API keys read again when their file changes: a cached attack-path list
 * or path follows an exemption (a commit through the API) and a write by another client of the store at once; a
 * key revoked outside the API (the `api-key` command's file functions) is refused from the next request on, even
 * when the rewritten file keeps its size and modification time.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { startHarness, type Harness } from './harness.js';
import { seed, PATH_A, PATH_B } from './fixture.js';
import { createApiKey, revokeApiKey } from '../../services/api/keys.js';
import { StoreVersion } from '../../services/api/response-cache.js';

describe('response cache and key cache', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await seed(h);
  });
  afterAll(async () => h?.close());

  const listIds = async () => ((await (await h.call('/v1/attack-paths')).json()) as { items: { id: string; riskScore: number }[] }).items;

  it('serves a repeated list from the cache, and a commit by another client shows at once', async () => {
    const first = await listIds();
    expect(first.map((p) => p.id)[0]).toBe(PATH_A);
    expect(await listIds()).toEqual(first);
    // Another writer of the store (an evaluator in another process would be the same to the API).
    await h.cypher('MATCH (p:AttackPath {id: $id}) SET p.riskScore = 99', { id: PATH_B });
    const after = await listIds();
    expect(after[0]).toMatchObject({ id: PATH_B, riskScore: 99 });
    const drawn = (await (await h.call(`/v1/attack-paths/${PATH_B}`)).json()) as { path: { riskScore: number } };
    expect(drawn.path.riskScore).toBe(99);
    await h.cypher('MATCH (p:AttackPath {id: $id}) SET p.riskScore = 70', { id: PATH_B });
    expect(((await (await h.call(`/v1/attack-paths/${PATH_B}`)).json()) as { path: { riskScore: number } }).path.riskScore).toBe(70);
    expect((await listIds()).map((p) => p.id)).toEqual(first.map((p) => p.id));
  });

  it('a cached resource posture follows an exemption made through the API', async () => {
    const before = (await (await h.call('/v1/attack-paths?exempted=true')).json()) as { items: unknown[] };
    expect(before.items).toHaveLength(0);
    const created = await h.call('/v1/exemptions', { method: 'POST', key: h.adminKey, json: { findingId: PATH_A, reason: 'accepted' } });
    expect(created.status).toBe(201);
    const after = (await (await h.call('/v1/attack-paths?exempted=true')).json()) as { items: { id: string }[] };
    expect(after.items.map((p) => p.id)).toEqual([PATH_A]);
  });

  it('shares one version probe among requests that arrive while one runs, and starts it after they arrived', async () => {
    let probes = 0;
    const releases: (() => void)[] = [];
    const versions = new StoreVersion(() => {
      probes++;
      const number = probes;
      return new Promise((resolve) => releases.push(() => resolve(`FB:embedded:${number}`)));
    });
    const early = versions.current();
    const late = [versions.current(), versions.current(), versions.current()];
    expect(probes).toBe(1);
    releases[0]!();
    expect(await early).toBe('FB:embedded:1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(probes).toBe(2); // the requests that arrived during probe 1 wait for probe 2
    releases[1]!();
    expect(await Promise.all(late)).toEqual(['FB:embedded:2', 'FB:embedded:2', 'FB:embedded:2']);
  });

  it('refuses a key revoked outside the API on the next request, even with the old size and modification time', async () => {
    const file = join(h.dataDir, 'api-keys.json');
    const made = await createApiKey(h.dataDir, 'short-lived', 'reader');
    const other = await createApiKey(h.dataDir, 'other', 'reader');
    expect((await h.call('/v1/attack-paths', { key: made.key })).status).toBe(200);
    expect((await h.call('/v1/attack-paths', { key: made.key })).status).toBe(200);
    const before = await stat(file);
    expect(await revokeApiKey(h.dataDir, made.id)).toBe(true);
    await utimes(file, before.atime, before.mtime);
    expect((await h.call('/v1/attack-paths', { key: made.key })).status).toBe(401);
    expect((await h.call('/v1/attack-paths', { key: other.key })).status).toBe(200);
  });
});
