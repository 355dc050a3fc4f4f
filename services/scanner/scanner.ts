/**
 * The scanner the long-running services share: one scan at a time (ingest + evaluation + webhook dispatch), on
 * request and on a schedule. Used by the main command and by the ingest worker.
 */
import type { Driver } from 'neo4j-driver';
import type { ProductConfig } from '../config.js';
import { defaultSource, runScan, type ScanOutcome, type ScanSource } from '../scan/run-scan.js';
import type { LifecycleEvent } from '../evaluate/evaluate.js';

export interface ScannerOptions {
  driver: Driver;
  config: ProductConfig;
  version: string;
  source?: ScanSource;
  /**
   * Called with the lifecycle events of every finished scan (the API's webhook dispatch). Not awaited: deliveries
   * and their retries run after the scan has ended; a failure is logged as `webhooks.failed`.
   */
  onEvents?: (events: LifecycleEvent[]) => Promise<unknown>;
  log: (event: Record<string, unknown>) => void;
}

/** Counts deliveries by state when the dispatcher returns delivery records (the API's does). */
function deliverySummary(result: unknown): Record<string, number> {
  if (!Array.isArray(result)) return {};
  const counts: Record<string, number> = {};
  for (const record of result as { state?: unknown }[]) {
    const state = typeof record?.state === 'string' ? record.state : 'unknown';
    counts[state] = (counts[state] ?? 0) + 1;
  }
  return counts;
}

export class Scanner {
  private running: Promise<ScanOutcome> | null = null;
  private timer: NodeJS.Timeout | null = null;
  last: ScanOutcome | null = null;

  constructor(private readonly options: ScannerOptions) {}

  /** Whether a scan (scheduled or requested) is running now: the API answers POST /v1/scans with 409 meanwhile. */
  get scanning(): boolean {
    return this.running !== null;
  }

  get source(): ScanSource {
    return this.options.source ?? defaultSource(this.options.config);
  }

  /** Runs a scan, or joins the one already running. */
  scan(): Promise<ScanOutcome> {
    this.running ??= this.runOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runOnce(): Promise<ScanOutcome> {
    const { driver, config, version, log } = this.options;
    const started = Date.now();
    log({ event: 'scan.started', source: this.source.kind });
    const outcome = await runScan(driver, this.source, config, { version, database: config.neo4jDatabase });
    this.last = outcome;
    log({
      event: 'scan.finished',
      scanId: outcome.load.scanId,
      status: outcome.load.status,
      ms: Date.now() - started,
      findings: outcome.report.summary.findings,
      attackPaths: outcome.report.summary.attackPaths,
      events: outcome.evaluation.events.length,
      staleScopes: outcome.load.scopes.filter((s) => s.status === 'stale').map((s) => s.scope),
    });
    if (this.options.onEvents && outcome.evaluation.events.length > 0) {
      // Retries back off for up to minutes; the scan (and the next one) must not wait for a slow receiver.
      const events = outcome.evaluation.events;
      void Promise.resolve()
        .then(() => this.options.onEvents!(events))
        .then(
          (result) => {
            const states = deliverySummary(result);
            log({ event: states.failed ? 'webhooks.failed' : 'webhooks.dispatched', events: events.length, ...states });
          },
          (error: unknown) => log({ event: 'webhooks.failed', message: error instanceof Error ? error.message : String(error) }),
        );
    }
    return outcome;
  }

  /** Scans every `minutes` (0 = never). */
  schedule(minutes: number): void {
    if (minutes <= 0) return;
    this.timer = setInterval(() => {
      this.scan().catch((error: unknown) => this.options.log({ event: 'scan.failed', message: error instanceof Error ? error.message : String(error) }));
    }, minutes * 60_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
