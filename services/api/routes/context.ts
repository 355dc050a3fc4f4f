/** What every route module receives from buildApp. */
import type { GraphAccess } from '../graph.js';
import type { ResolvedConfig } from '../config.js';
import type { ApiMetrics } from '../plugins/metrics.js';
import type { WebhookService } from '../webhooks/service.js';
import type { QueryTemplate } from '../explorer/templates.js';
import type { ResponseCache } from '../response-cache.js';

export interface RouteContext {
  graph: GraphAccess;
  config: ResolvedConfig;
  metrics: ApiMetrics;
  webhooks: WebhookService;
  templates: () => Promise<Map<string, QueryTemplate>>;
  /** Serialised answers of read-only routes, reused until the next commit to the store. */
  responses: ResponseCache;
}

/** Builds `WHERE` conditions and their parameters together so they cannot drift apart. */
export class Conditions {
  readonly parts: string[] = [];
  readonly params: Record<string, unknown> = {};
  private counter = 0;
  add(condition: string, params: Record<string, unknown> = {}): this {
    this.parts.push(condition);
    Object.assign(this.params, params);
    return this;
  }
  /** A fresh parameter name, for conditions built in loops. */
  param(value: unknown): string {
    const name = `p${this.counter++}`;
    this.params[name] = value;
    return '$' + name;
  }
  /** `x.scope` equals the scope or lies below it (aws:<account> covers aws:<account>:<region>). */
  scope(variable: string, scope: string | undefined): this {
    if (!scope) return this;
    const exact = this.param(scope);
    const prefix = this.param(scope + ':');
    return this.add(`(${variable}.scope = ${exact} OR ${variable}.scope STARTS WITH ${prefix})`);
  }
  where(): string {
    return this.parts.length ? 'WHERE ' + this.parts.join(' AND ') : '';
  }
}
