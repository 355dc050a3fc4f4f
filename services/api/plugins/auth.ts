/**
 * Authentication and authorisation. Every route but the health checks needs a credential:
 * an API key (`Authorization: Bearer <key>` or `X-API-Key: <key>`) or, when OIDC is configured,
 * a JWT bearer token verified against the issuer's JWKS. Routes declare the role they need in
 * `config.role` ('reader' by default, 'admin', or 'public'). 401 = no or bad credential,
 * 403 = good credential, insufficient role.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { ResolvedConfig, Role, OidcConfig } from '../config.js';
import { ENV_ADMIN_KEY, KEY_FILE, matchKey, readKeys, type StoredKey } from '../keys.js';
import { forbidden, unauthorized } from '../problem.js';

export interface Principal {
  /** Key id, or `oidc:<sub>`; also the rate-limit key. */
  id: string;
  name: string;
  /** null: a valid OIDC token whose claims map to no role (authenticated, allowed nothing). */
  role: Role | null;
  via: 'api-key' | 'oidc';
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Role a route needs; 'public' skips authentication. Default 'reader'. */
    role?: Role | 'public';
  }
}

const ROLE_RANK: Record<Role, number> = { reader: 1, admin: 2 };

/**
 * The stored keys, read again only when api-keys.json changed: every request compares the file's identity
 * (inode, size, modification time) with the one last read, so a key revoked by the API or by the `api-key` command
 * (which replaces the file by rename: a new inode) is refused from the next request on. A synchronous `stat` costs
 * microseconds; the asynchronous one cost a thread-pool round trip per request.
 */
class KeyCache {
  private keys: StoredKey[] = [];
  private stamp: string | null = null;
  private reading: Promise<StoredKey[]> | null = null;
  private readingStamp: string | null = null;
  private readonly path: string;
  constructor(private readonly dataDir: string) {
    this.path = join(dataDir, KEY_FILE);
  }
  async current(): Promise<StoredKey[]> {
    const info = statSync(this.path, { throwIfNoEntry: false, bigint: true });
    const stamp = info ? `${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}` : 'missing';
    if (stamp === this.stamp) return this.keys;
    // Requests that see the same new file share one read.
    if (this.reading === null || this.readingStamp !== stamp) {
      this.readingStamp = stamp;
      const reading = (info ? readKeys(this.dataDir) : Promise.resolve([])).then((keys) => {
        if (this.readingStamp === stamp) {
          this.keys = keys;
          this.stamp = stamp;
        }
        return keys;
      });
      this.reading = reading;
      reading.then(
        () => { if (this.reading === reading) this.reading = null; },
        () => { if (this.reading === reading) this.reading = null; },
      );
    }
    return this.reading;
  }
}

function presentedCredential(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match) return match[1]!;
  }
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim() !== '') return apiKey.trim();
  return null;
}

function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

function roleFromClaims(payload: JWTPayload, oidc: OidcConfig): Role | null {
  // A dotted name reaches into nested claims (Keycloak: realm_access.roles); a claim whose own name has dots wins.
  const name = oidc.roleClaim ?? 'roles';
  const claim = name in payload ? payload[name] : name.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), payload);
  const values = Array.isArray(claim) ? claim.map(String) : typeof claim === 'string' ? claim.split(/[\s,]+/) : [];
  const admin = oidc.adminValues ?? ['admin'];
  const reader = oidc.readerValues ?? ['reader'];
  if (values.some((v) => admin.includes(v))) return 'admin';
  if (values.some((v) => reader.includes(v))) return 'reader';
  return null;
}

export function registerAuth(app: FastifyInstance, config: ResolvedConfig): void {
  const keys = new KeyCache(config.dataDir);
  const oidc = config.oidc;
  const jwks = oidc ? createRemoteJWKSet(new URL(oidc.jwksUrl)) : null;

  async function authenticate(credential: string): Promise<Principal | null> {
    if (oidc && jwks && looksLikeJwt(credential)) {
      try {
        const { payload } = await jwtVerify(credential, jwks, { issuer: oidc.issuer, audience: oidc.audience });
        const role = roleFromClaims(payload, oidc);
        const subject = payload.sub ?? 'unknown';
        // A valid token without a mapped role is authenticated but may do nothing: 403, not 401.
        return { id: `oidc:${subject}`, name: subject, role, via: 'oidc' };
      } catch {
        return null;
      }
    }
    const found = matchKey(credential, await keys.current(), config.env[ENV_ADMIN_KEY]);
    return found ? { ...found, via: 'api-key' } : null;
  }

  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const needed = request.routeOptions.config?.role ?? 'reader';
    if (needed === 'public') return;
    const credential = presentedCredential(request);
    if (!credential) throw unauthorized('An API key (Authorization: Bearer <key> or X-API-Key) or an OIDC bearer token is required.');
    const principal = await authenticate(credential);
    if (!principal) throw unauthorized('The credential is not valid.');
    request.principal = principal;
    const rank = principal.role ? ROLE_RANK[principal.role] : 0;
    if (rank < ROLE_RANK[needed]) {
      throw forbidden(`This operation needs the ${needed} role; the credential has ${principal.role ?? 'no'} role.`);
    }
  });
}
