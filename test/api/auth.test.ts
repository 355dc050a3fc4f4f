/**
 * Authentication and roles on every route: no credential 401 (with WWW-Authenticate), a reader on
 * admin routes 403, both roles where allowed; API keys by both headers, SAP_ADMIN_API_KEY,
 * ensureAdminKey, OIDC tokens against a local JWKS, and the per-key rate limit.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { startHarness, problemOf, type Harness } from './harness.js';
import { seed, findingId, APP1, PATH_A } from './fixture.js';
import { ensureAdminKey, readKeys } from '../../services/api/keys.js';

type Case = { method: string; path: string; role: 'reader' | 'admin'; body?: unknown; ok: number[] };

const encoded = encodeURIComponent(APP1);
const CASES: Case[] = [
  { method: 'GET', path: '/metrics', role: 'reader', ok: [200] },
  { method: 'GET', path: '/openapi.json', role: 'reader', ok: [200] },
  { method: 'GET', path: '/v1/resources', role: 'reader', ok: [200] },
  { method: 'GET', path: `/v1/resources/${encoded}`, role: 'reader', ok: [200] },
  { method: 'GET', path: '/v1/recommendations', role: 'reader', ok: [200] },
  { method: 'GET', path: '/v1/recommendations/aca-public-ingress/findings', role: 'reader', ok: [200] },
  { method: 'GET', path: '/v1/findings', role: 'reader', ok: [200] },
  { method: 'GET', path: `/v1/findings/${findingId('aca-public-ingress', APP1)}`, role: 'reader', ok: [200] },
  { method: 'GET', path: '/v1/findings/changes?since=scan-1', role: 'reader', ok: [200] },
  { method: 'GET', path: '/v1/findings/export?format=csv', role: 'reader', ok: [200] },
  { method: 'GET', path: '/v1/attack-paths', role: 'reader', ok: [200] },
  { method: 'GET', path: `/v1/attack-paths/${PATH_A}`, role: 'reader', ok: [200] },
  { method: 'GET', path: '/v1/attack-paths/choke-points', role: 'reader', ok: [200] },
  { method: 'POST', path: '/v1/explorer/query', role: 'reader', body: { query: 'RETURN 1 AS one' }, ok: [200] },
  { method: 'GET', path: '/v1/explorer/templates', role: 'reader', ok: [200] },
  { method: 'POST', path: '/v1/explorer/templates/paths-by-risk/run', role: 'reader', body: { params: {} }, ok: [200] },
  { method: 'GET', path: '/v1/exemptions', role: 'reader', ok: [200] },
  { method: 'POST', path: '/v1/exemptions', role: 'admin', body: { findingId: findingId('aca-public-ingress', APP1), reason: 'accepted risk' }, ok: [201] },
  { method: 'DELETE', path: '/v1/exemptions/ex-missing', role: 'admin', ok: [404] },
  { method: 'GET', path: '/v1/scans', role: 'reader', ok: [200] },
  { method: 'POST', path: '/v1/scans', role: 'admin', ok: [202, 409] },
  { method: 'POST', path: '/v1/webhooks', role: 'admin', body: { url: 'http://127.0.0.1:9/hook', events: ['finding.new'] }, ok: [201] },
  { method: 'GET', path: '/v1/webhooks', role: 'admin', ok: [200] },
  { method: 'DELETE', path: '/v1/webhooks/wh-missing', role: 'admin', ok: [404] },
  { method: 'GET', path: '/v1/webhooks/wh-missing/deliveries', role: 'admin', ok: [404] },
];

describe('authentication and roles', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { SAP_ADMIN_API_KEY: 'sap_env_automation-key-with-enough-entropy-0123456789' }, triggerScan: () => new Promise((r) => setTimeout(r, 200)) });
    await seed(h);
  });
  afterAll(async () => h?.close());

  it('health checks are anonymous', async () => {
    expect((await h.call('/healthz', { key: null })).status).toBe(200);
    const ready = await h.call('/readyz', { key: null });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  for (const c of CASES) {
    it(`${c.method} ${c.path}: 401 without a key, ${c.role === 'admin' ? '403 for a reader' : 'open to a reader'}, allowed for an admin`, async () => {
      const init = { method: c.method, ...(c.body !== undefined ? { json: c.body } : {}) };
      const anonymous = await h.call(c.path, { ...init, key: null });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect((await problemOf(anonymous)).type).toBe('/problems/unauthorized');

      const bad = await h.call(c.path, { ...init, key: 'sap_nothere_wrongwrongwrong' });
      expect(bad.status).toBe(401);

      const asReader = await h.call(c.path, { ...init, key: h.readerKey });
      if (c.role === 'admin') {
        expect(asReader.status).toBe(403);
        expect((await problemOf(asReader)).detail).toMatch(/admin role/);
      } else {
        expect(c.ok).toContain(asReader.status);
        await asReader.arrayBuffer();
      }
      const asAdmin = await h.call(c.path, { ...init, key: h.adminKey });
      expect(c.ok).toContain(asAdmin.status);
      await asAdmin.arrayBuffer();
    });
  }

  it('accepts X-API-Key and the SAP_ADMIN_API_KEY environment key', async () => {
    const viaHeader = await h.call('/v1/findings?limit=1', { key: null, headers: { 'x-api-key': h.readerKey } });
    expect(viaHeader.status).toBe(200);
    const env = await h.call('/v1/webhooks', { key: 'sap_env_automation-key-with-enough-entropy-0123456789' });
    expect(env.status).toBe(200);
  });

  it('stores keys hashed, never in clear', async () => {
    const text = await readFile(join(h.dataDir, 'api-keys.json'), 'utf8');
    expect(text).not.toContain(h.readerKey);
    expect(text).not.toContain(h.adminKey.split('_')[2]);
    const keys = await readKeys(h.dataDir);
    expect(keys.map((k) => k.role).sort()).toEqual(['admin', 'reader']);
    for (const key of keys) expect(key.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('unknown routes and bad input are problems, not stack traces', async () => {
    const missing = await h.call('/v1/nothing');
    expect(missing.status).toBe(404);
    await problemOf(missing);
    const badLimit = await h.call('/v1/findings?limit=501');
    expect(badLimit.status).toBe(400);
    expect((await problemOf(badLimit)).detail).toMatch(/limit/);
    const badJson = await h.call('/v1/explorer/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(badJson.status).toBe(400);
    await problemOf(badJson);
  });
});

describe('ensureAdminKey', () => {
  it('creates an admin key once, mode 0600, and returns the same key later', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sap-keys-'));
    try {
      const first = await ensureAdminKey(dir);
      expect(first.created).toBe(true);
      expect(first.key).toMatch(/^sap_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
      expect((await stat(first.path)).mode & 0o777).toBe(0o600);
      expect((await readFile(first.path, 'utf8')).trim()).toBe(first.key);
      const second = await ensureAdminKey(dir);
      expect(second).toEqual({ ...first, created: false });
      expect((await readKeys(dir)).filter((k) => k.role === 'admin')).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('OIDC bearer tokens', () => {
  let h: Harness;
  let jwksServer: Server;
  let privateKey: CryptoKey;
  let otherKey: CryptoKey;
  const issuer = 'https://issuer.example.test/';
  const audience = 'sap-api';
  let jwksUrl = '';

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey as CryptoKey;
    otherKey = (await generateKeyPair('RS256')).privateKey as CryptoKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwksServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const port = (jwksServer.address() as { port: number }).port;
    jwksUrl = `http://127.0.0.1:${port}/jwks`;
    h = await startHarness({ oidc: { issuer, audience, jwksUrl, roleClaim: 'roles' } });
  });
  afterAll(async () => {
    await h?.close();
    await new Promise((resolve) => jwksServer?.close(resolve));
  });

  const token = (claims: Record<string, unknown>, key: CryptoKey = privateKey, aud = audience) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(issuer).setAudience(aud).setSubject('alice').setIssuedAt().setExpirationTime('5m').sign(key);

  it('maps the role claim: reader reads, admin administers', async () => {
    const reader = await token({ roles: ['reader'] });
    expect((await h.call('/v1/findings', { key: reader })).status).toBe(200);
    expect((await h.call('/v1/webhooks', { key: reader })).status).toBe(403);
    const admin = await token({ roles: ['admin'] });
    expect((await h.call('/v1/webhooks', { key: admin })).status).toBe(200);
  });

  it('a valid token without a mapped role is 403; a bad signature, audience or expiry is 401', async () => {
    expect((await h.call('/v1/findings', { key: await token({ roles: ['guest'] }) })).status).toBe(403);
    expect((await h.call('/v1/findings', { key: await token({ roles: ['admin'] }, otherKey) })).status).toBe(401);
    expect((await h.call('/v1/findings', { key: await token({ roles: ['admin'] }, privateKey, 'someone-else') })).status).toBe(401);
    const expired = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(issuer).setAudience(audience)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600).setExpirationTime(Math.floor(Date.now() / 1000) - 1800).sign(privateKey);
    const response = await h.call('/v1/findings', { key: expired });
    expect(response.status).toBe(401);
    await problemOf(response);
  });

  it('reads a nested role claim by a dotted name', async () => {
    const nested = await startHarness({ oidc: { issuer, audience, jwksUrl, roleClaim: 'realm_access.roles' } });
    try {
      expect((await nested.call('/v1/webhooks', { key: await token({ realm_access: { roles: ['admin'] } }) })).status).toBe(200);
      expect((await nested.call('/v1/findings', { key: await token({ roles: ['admin'] }) })).status).toBe(403);
    } finally {
      await nested.close();
    }
  });

  it('API keys still work alongside OIDC', async () => {
    expect((await h.call('/v1/findings', { key: h.readerKey })).status).toBe(200);
  });
});

describe('rate limit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rateLimit: { max: 3, timeWindowMs: 60_000 } });
  });
  afterAll(async () => h?.close());

  it('limits per key with a 429 problem; another key has its own budget; health is not limited', async () => {
    for (let i = 0; i < 3; i++) expect((await h.call('/v1/exemptions')).status).toBe(200);
    const limited = await h.call('/v1/exemptions');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await problemOf(limited)).type).toBe('/problems/rate-limited');
    expect((await h.call('/v1/exemptions', { key: h.adminKey })).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await h.call('/healthz', { key: null })).status).toBe(200);
  });
});
