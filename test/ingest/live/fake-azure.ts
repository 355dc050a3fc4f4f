/**
 * A fake Azure control plane for the live collector tests: a node:http server speaking the Resource Graph protocol
 * (POST /providers/Microsoft.ResourceGraph/resources, `$top`/`$skipToken` paging, `resultTruncated` as a string,
 * quota headers, 429 + Retry-After) and an HTTPS server (self-signed certificate made with openssl) speaking the ARM
 * authConfigs list (GET …/containerApps/{app}/authConfigs, nextLink paging, 429). Rows come from a snapshot.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Row = Record<string, any>;

export interface GraphRequestLog {
  kind: 'arg';
  table: string;
  subscriptions?: string[];
  top?: number;
  skipToken?: string;
  authorizationScopeFilter?: string;
  apiVersion: string | null;
  status: number;
  quotaRemaining?: number;
}

export interface ArmRequestLog {
  kind: 'arm';
  path: string;
  status: number;
}

export const FAKE_TOKEN = 'fake-token-for-tests';

/** A TokenCredential that hands out a fixed fake token (and records the scopes asked for). */
export function fakeCredential(scopes: string[] = []) {
  return {
    getToken: async (scope: string | string[]) => {
      scopes.push(...(Array.isArray(scope) ? scope : [scope]));
      return { token: FAKE_TOKEN, expiresOnTimestamp: Date.now() + 3600_000 };
    },
  };
}

function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fake-arm-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += chunk;
  return body;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

export class FakeAzure {
  readonly log: (GraphRequestLog | ArmRequestLog)[] = [];
  /** Subscriptions the credential may not query: any ARG request naming one gets a 403. */
  readonly forbiddenSubscriptions = new Set<string>();
  /** Answer the n-th ARG request (1-based) with 429 + these headers. */
  readonly throttleGraphRequests = new Map<number, Record<string, string>>();
  /** Quota remaining reported on the n-th ARG response (default: plenty). */
  readonly quotaRemaining = new Map<number, number>();
  /** Auth config list calls answered first with 429 (by app name). */
  readonly throttleAuthConfigsOnce = new Set<string>();
  /** Apps whose auth config list is split over two pages. */
  readonly pagedAuthConfigs = new Set<string>();
  /** Tables whose answers are truncated (no skip token) when a request names more than one subscription. */
  readonly truncateMultiSubscription = new Set<string>();
  /** Apps whose auth config call fails with 403. */
  readonly forbiddenAuthConfigs = new Set<string>();
  graphUrl = '';
  armUrl = '';
  certificate = '';
  private graphRequests = 0;
  private servers: Server[] = [];

  constructor(
    readonly tables: Record<'resources' | 'authorizationresources' | 'resourcecontainers', Row[]>,
    readonly authConfigs: Row[],
  ) {}

  private rowsFor(table: keyof FakeAzure['tables'], subscriptions: string[] | undefined, scopeFilter: string | undefined): Row[] {
    const all = [...this.tables[table]].sort((a, b) => String(a.id).toLowerCase().localeCompare(String(b.id).toLowerCase()));
    if (!subscriptions) return all;
    const wanted = new Set(subscriptions.map((s) => s.toLowerCase()));
    return all.filter((row) => {
      if (wanted.has(String(row.subscriptionId).toLowerCase())) return true;
      // Management-group (and root) scoped role assignments/definitions only come with AtScopeAboveAndBelow.
      return table === 'authorizationresources' && !row.subscriptionId && scopeFilter === 'AtScopeAboveAndBelow';
    });
  }

  private async graph(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.graphUrl);
    const body = JSON.parse(await readBody(request)) as { query: string; subscriptions?: string[]; options?: Row };
    const table = body.query.trim().split(/\s|\|/)[0] as keyof FakeAzure['tables'];
    const n = ++this.graphRequests;
    const entry: GraphRequestLog = {
      kind: 'arg',
      table,
      ...(body.subscriptions ? { subscriptions: body.subscriptions } : {}),
      top: body.options?.$top,
      skipToken: body.options?.$skipToken,
      authorizationScopeFilter: body.options?.authorizationScopeFilter,
      apiVersion: url.searchParams.get('api-version'),
      status: 200,
    };
    this.log.push(entry);
    if (request.headers.authorization !== `Bearer ${FAKE_TOKEN}`) {
      entry.status = 401;
      return send(response, 401, { error: { code: 'AuthenticationFailed', message: 'missing token' } });
    }
    const throttle = this.throttleGraphRequests.get(n);
    if (throttle) {
      entry.status = 429;
      return send(response, 429, { error: { code: 'RateLimiting', message: 'Please provide below info when asking for support' } }, throttle);
    }
    const forbidden = (body.subscriptions ?? []).find((s) => this.forbiddenSubscriptions.has(s));
    if (forbidden) {
      entry.status = 403;
      return send(response, 403, { error: { code: 'AuthorizationFailed', message: `The client does not have authorization to perform action over scope '/subscriptions/${forbidden}'` } });
    }
    if (!['resources', 'authorizationresources', 'resourcecontainers'].includes(table)) {
      entry.status = 400;
      return send(response, 400, { error: { code: 'BadRequest', message: `unknown table ${table}` } });
    }
    const rows = this.rowsFor(table, body.subscriptions, body.options?.authorizationScopeFilter);
    if (this.truncateMultiSubscription.has(table) && (body.subscriptions?.length ?? 0) > 1 && rows.length > 0) {
      entry.status = 206;
      return send(response, 200, { totalRecords: rows.length, count: Math.min(rows.length, 5), data: rows.slice(0, 5), facets: [], resultTruncated: 'true' });
    }
    const top = Math.min(Number(body.options?.$top ?? 1000), 1000);
    const start = body.options?.$skipToken ? Number(Buffer.from(String(body.options.$skipToken), 'base64').toString('utf8')) : 0;
    const data = rows.slice(start, start + top);
    const next = start + top < rows.length ? Buffer.from(String(start + top)).toString('base64') : undefined;
    const remaining = this.quotaRemaining.get(n) ?? 14;
    entry.quotaRemaining = remaining;
    send(
      response,
      200,
      { totalRecords: rows.length, count: data.length, data, facets: [], resultTruncated: 'false', ...(next ? { $skipToken: next } : {}) },
      { 'x-ms-user-quota-remaining': String(remaining), 'x-ms-user-quota-resets-after': remaining === 0 ? '00:00:01' : '00:00:05' },
    );
  }

  private throttledApps = new Set<string>();

  private async arm(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.armUrl);
    const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.App\/containerApps\/([^/]+)\/authConfigs$/i.exec(url.pathname);
    const entry: ArmRequestLog = { kind: 'arm', path: url.pathname + url.search, status: 200 };
    this.log.push(entry);
    if (!match || request.method !== 'GET') {
      entry.status = 404;
      return send(response, 404, { error: { code: 'NotFound', message: 'no such route' } });
    }
    if (request.headers.authorization !== `Bearer ${FAKE_TOKEN}`) {
      entry.status = 401;
      return send(response, 401, { error: { code: 'AuthenticationFailed', message: 'missing token' } });
    }
    const app = match[3]!;
    if (this.throttleAuthConfigsOnce.has(app) && !this.throttledApps.has(app)) {
      this.throttledApps.add(app);
      entry.status = 429;
      return send(response, 429, { error: { code: 'TooManyRequests', message: 'throttled' } }, { 'retry-after-ms': '30', 'retry-after': '1' });
    }
    if (this.forbiddenAuthConfigs.has(app)) {
      entry.status = 403;
      return send(response, 403, { error: { code: 'AuthorizationFailed', message: 'no access to authConfigs' } });
    }
    const appId = url.pathname.replace(/\/authConfigs$/i, '').toLowerCase();
    const configs = this.authConfigs.filter((c) => String(c.id).toLowerCase().startsWith(`${appId}/`));
    if (this.pagedAuthConfigs.has(app) && !url.searchParams.has('page')) {
      const nextLink = `${this.armUrl}${url.pathname}?api-version=${url.searchParams.get('api-version')}&page=2`;
      return send(response, 200, { value: configs.slice(0, 1), nextLink });
    }
    send(response, 200, { value: this.pagedAuthConfigs.has(app) ? configs.slice(1) : configs, nextLink: null });
  }

  async start(): Promise<void> {
    const graphServer = createHttpServer((request, response) => void this.graph(request, response).catch((e) => send(response, 500, { error: { code: 'Fake', message: String(e) } })));
    const { key, cert } = selfSignedCertificate();
    this.certificate = cert;
    const armServer = createHttpsServer({ key, cert }, (request, response) => void this.arm(request, response).catch((e) => send(response, 500, { error: { code: 'Fake', message: String(e) } })));
    for (const server of [graphServer, armServer]) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.graphUrl = `http://127.0.0.1:${(graphServer.address() as AddressInfo).port}`;
    this.armUrl = `https://127.0.0.1:${(armServer.address() as AddressInfo).port}`;
    this.servers = [graphServer, armServer];
  }

  async stop(): Promise<void> {
    for (const server of this.servers) {
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  graphLog(): GraphRequestLog[] {
    return this.log.filter((e): e is GraphRequestLog => e.kind === 'arg');
  }

  armLog(): ArmRequestLog[] {
    return this.log.filter((e): e is ArmRequestLog => e.kind === 'arm');
  }
}
