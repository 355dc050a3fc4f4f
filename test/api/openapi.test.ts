/**
 * The OpenAPI document is generated from the route schemas and covers every route; the interactive
 * page works in a plain Node process; /metrics speaks the Prometheus text format.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startHarness, problemOf, type Harness } from './harness.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('OpenAPI and metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('documents every route with its schemas, the problem type and both credential schemes', async () => {
    const doc = (await (await h.call('/openapi.json')).json()) as any;
    expect(doc.openapi).toMatch(/^3\./);
    const paths = Object.keys(doc.paths).sort();
    expect(paths).toEqual([
      '/healthz', '/metrics', '/readyz',
      '/v1/api-keys', '/v1/api-keys/{id}',
      '/v1/attack-paths', '/v1/attack-paths/choke-points', '/v1/attack-paths/{id}',
      '/v1/exemptions', '/v1/exemptions/{id}',
      '/v1/explorer/query', '/v1/explorer/templates', '/v1/explorer/templates/{name}/run',
      '/v1/findings', '/v1/findings/changes', '/v1/findings/export', '/v1/findings/{id}',
      '/v1/recommendations', '/v1/recommendations/{ruleId}/findings',
      '/v1/resources', '/v1/resources/{id}',
      '/v1/scans', '/v1/webhooks', '/v1/webhooks/{id}', '/v1/webhooks/{id}/deliveries',
    ]);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'bearer']);
    expect(doc.components.schemas.Problem.required).toEqual(['type', 'title', 'status', 'detail', 'instance']);
    const findings = doc.paths['/v1/findings'].get;
    expect(findings.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['ruleId', 'severity', 'status', 'resourceId', 'scope', 'exempted', 'limit', 'cursor']));
    expect(findings.responses['200'].content['application/json'].schema.properties.items.type).toBe('array');
    expect(Object.keys(findings.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '429']));
    expect(findings.responses['401'].content['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem');
    const query = doc.paths['/v1/explorer/query'].post;
    expect(query.requestBody.content['application/json'].schema.required).toEqual(['query']);
    expect(doc.paths['/healthz'].get.security).toEqual([]);
  });

  it('serves the interactive page from a plain Node process (Jest cannot load @fastify/static)', async () => {
    const { stdout } = await run(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'test/api/docs-probe.ts')], { cwd: ROOT, timeout: 60_000 });
    const probe = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(probe.page).toEqual({ status: 200, type: 'text/html; charset=utf-8', interactive: true });
    expect(probe.anonymous).toBe(401);
    expect(probe.asset.status).toBe(200);
    expect(probe.spec.paths).toBe(25);
    // Inside Jest the page answers a clear problem instead of failing the boot.
    const response = await h.call('/docs');
    expect(response.status).toBe(503);
    await problemOf(response);
  });

  it('exposes Prometheus metrics by route and status, with a latency histogram', async () => {
    await h.call('/v1/findings');
    await h.call('/v1/findings?limit=0');
    const response = await h.call('/metrics');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('# TYPE sap_api_requests_total counter');
    expect(text).toMatch(/sap_api_requests_total\{method="GET",route="\/v1\/findings",status="200"\} 1/);
    expect(text).toMatch(/sap_api_requests_total\{method="GET",route="\/v1\/findings",status="400"\} 1/);
    expect(text).toContain('# TYPE sap_api_request_duration_seconds histogram');
    expect(text).toMatch(/sap_api_request_duration_seconds_bucket\{method="GET",route="\/v1\/findings",le="\+Inf"\} 2/);
    expect(text).toMatch(/sap_api_request_duration_seconds_count\{method="GET",route="\/v1\/findings"\} 2/);
  });

  it('readyz answers 503 when the store is unreachable', async () => {
    const neo4j = (await import('neo4j-driver')).default;
    const { buildApp } = await import('../../services/api/app.js');
    const driver = neo4j.driver('bolt://127.0.0.1:1', neo4j.auth.basic('neo4j', 'pw'), { connectionTimeout: 1000, maxTransactionRetryTime: 0 });
    const app = await buildApp({ driver, config: { dataDir: h.dataDir, env: {} } });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const response = await fetch(`http://127.0.0.1:${(app.server.address() as { port: number }).port}/readyz`);
      expect(response.status).toBe(503);
      expect((await problemOf(response)).type).toBe('/problems/not-ready');
      // Data routes answer a retryable 503 problem too, not an opaque 500.
      const { createApiKey } = await import('../../services/api/keys.js');
      const { key } = await createApiKey(h.dataDir, 'down', 'reader');
      const data = await fetch(`http://127.0.0.1:${(app.server.address() as { port: number }).port}/v1/findings`, { headers: { authorization: `Bearer ${key}` } });
      expect(data.status).toBe(503);
      expect(data.headers.get('retry-after')).toBe('5');
      expect((await problemOf(data)).type).toBe('/problems/store-unavailable');
    } finally {
      await app.close();
      await driver.close();
    }
  });
});

function join(...parts: string[]): string {
  return parts.join('/').replace(/\/+/g, '/');
}
