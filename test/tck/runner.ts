/**
 * Runs TCK scenarios against the embedded graph server through neo4j-driver, one scenario at a
 * time, each on an empty graph.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { compareTables, type ResultTable } from './compare.js';
import { fromDriver, toDriverParam, type DriverParam } from './driver-values.js';
import { matchError, errorClass, type RaisedError } from './errors.js';
import type { TckScenario } from './features.js';
import { hostGraphServer, type HostedServer, type HostingMode } from './server-host.js';
import { compareSideEffects, diffSnapshots, emptySnapshot, snapshotOf, type GraphSnapshot, type ObservedEntity } from './side-effects.js';
import type { Step } from './steps.js';
import { render, type TckValue } from './tck-value.js';

export type Outcome = 'passed' | 'failed' | 'skipped';

/** Why a scenario failed, coarse enough to group by. */
export type FailureKind =
  | 'unexpected-error' // a result was expected, the query raised an error
  | 'wrong-result' // rows or columns differ
  | 'missing-error' // an error was expected, the query returned a result
  | 'wrong-error-type' // an error was raised, of another class
  | 'side-effects' // the result was right, the graph changes were not
  | 'setup-failed' // a `having executed:` query failed
  | 'timeout' // the query did not finish in time (server restarted)
  | 'crash' // a DatabaseError or a lost connection
  | 'runner'; // the runner could not load the scenario

export interface ScenarioResult {
  id: string;
  folder: string;
  file: string;
  feature: string;
  name: string;
  expectsError: boolean;
  outcome: Outcome;
  failureKind?: FailureKind;
  /** A normalised one-line cause used to group failures (error code + message shape, or a kind). */
  cause?: string;
  message?: string;
  query?: string;
  /** For error-expecting scenarios that passed: did the TCK detail (e.g. UndefinedVariable) match too? */
  detailMatched?: boolean;
  /** The error step, as `Type at phase: Detail`, for scenarios that expect one. */
  expectedError?: string;
  /** The error the query raised, for scenarios that expect one (passed or not). */
  raisedError?: { code: string; message: string; phase: 'run' | 'pull' };
  durationMs: number;
}

export interface RunnerOptions {
  serverModule: string;
  hosting: HostingMode;
  /** Transaction timeout sent with every query (the server aborts the query after it). */
  txTimeoutMs: number;
  /** Client-side limit after which the server is considered stuck and restarted. */
  watchdogMs: number;
}

type QueryOutcome = { ok: true; table: ResultTable } | { ok: false; error: RaisedError };

class WatchdogTimeout extends Error {
  override name = 'WatchdogTimeout';
}

class ScenarioFailure extends Error {
  constructor(readonly kind: FailureKind, message: string, readonly group: string) {
    super(message);
  }
}

const CONNECTION_CODES = new Set(['ServiceUnavailable', 'SessionExpired', 'ECONNRESET', 'ECONNREFUSED']);
const SCHEMA_QUERY = /\b(CONSTRAINT|INDEX)\b/i;

export class TckRunner {
  private server: HostedServer | null = null;
  private driver: Driver | null = null;

  constructor(private readonly options: RunnerOptions) {}

  async start(): Promise<void> {
    this.server = await hostGraphServer(this.options.serverModule, this.options.hosting);
    this.driver = neo4j.driver(this.server.url, neo4j.auth.basic(this.server.username, this.server.password), {
      useBigInt: true,
      maxConnectionPoolSize: 4,
      connectionAcquisitionTimeout: this.options.watchdogMs,
      logging: { level: 'error', logger: () => {} },
    });
  }

  async stop(force = false): Promise<void> {
    const driver = this.driver;
    const server = this.server;
    this.driver = null;
    this.server = null;
    if (driver) await withTimeout(driver.close(), 2000).catch(() => {});
    if (server) await server.stop(force).catch(() => {});
  }

  private async restart(): Promise<void> {
    await this.stop(true);
    await this.start();
  }

  async runScenario(scenario: TckScenario): Promise<ScenarioResult> {
    const started = performance.now();
    const base = {
      id: scenario.id,
      folder: scenario.folder,
      file: scenario.file,
      feature: scenario.feature,
      name: scenario.name,
      expectsError: scenario.expectsError,
    };
    const errorStep = scenario.steps.find((s): s is Extract<Step, { type: 'error' }> => s.type === 'error');
    const mainQuery = scenario.steps.find((s): s is Extract<Step, { type: 'query' }> => s.type === 'query')?.query;
    const finish = (partial: Partial<ScenarioResult> & { outcome: Outcome }): ScenarioResult => ({
      ...base,
      query: mainQuery,
      expectedError: errorStep ? `${errorStep.errorType} at ${errorStep.phase}: ${errorStep.detail}` : undefined,
      durationMs: Math.round(performance.now() - started),
      ...partial,
    });
    if (scenario.loadError) {
      return finish({ outcome: 'failed', failureKind: 'runner', cause: 'runner: step not understood', message: scenario.loadError });
    }
    if (scenario.skipReason) return finish({ outcome: 'skipped', message: scenario.skipReason });

    const observed: { error?: RaisedError } = {};
    const raisedError = () =>
      observed.error ? { code: observed.error.code, message: observed.error.message, phase: observed.error.phase ?? 'run' } : undefined;
    try {
      const detailMatched = await this.execute(scenario, observed);
      return finish({ outcome: 'passed', detailMatched, raisedError: raisedError() });
    } catch (err) {
      if (err instanceof ScenarioFailure) {
        return finish({ outcome: 'failed', failureKind: err.kind, cause: err.group, message: err.message, raisedError: raisedError() });
      }
      if (err instanceof WatchdogTimeout) {
        await this.restart();
        return finish({ outcome: 'failed', failureKind: 'timeout', cause: 'timeout: server restarted', message: err.message });
      }
      const message = err instanceof Error ? err.message : String(err);
      return finish({ outcome: 'failed', failureKind: 'crash', cause: `runner exception: ${shapeOf(message)}`, message });
    } finally {
      if (scenario.steps.some((s) => (s.type === 'query' || s.type === 'setup') && SCHEMA_QUERY.test(s.query))) {
        // Constraints and indexes outlive DETACH DELETE; a fresh in-memory server is the simplest clean slate.
        await this.restart();
      }
    }
  }

  /** Runs the steps; throws ScenarioFailure on the first mismatch. Returns the detail match of an error step. */
  private async execute(scenario: TckScenario, observed: { error?: RaisedError }): Promise<boolean | undefined> {
    await this.resetGraph();
    const measureSideEffects = scenario.steps.some((s) => s.type === 'noSideEffects' || s.type === 'sideEffects');
    let params: Record<string, DriverParam> = {};
    let last: QueryOutcome | null = null;
    let before: GraphSnapshot = emptySnapshot();
    let after: GraphSnapshot = emptySnapshot();
    let detailMatched: boolean | undefined;

    for (const step of scenario.steps) {
      switch (step.type) {
        case 'graph':
        case 'procedure':
          break;
        case 'setup': {
          const outcome = await this.runQuery(step.query, {});
          if (!outcome.ok) {
            throw new ScenarioFailure(
              'setup-failed',
              `setup query failed: ${describeError(outcome.error)}\n${step.query}`,
              `setup failed: ${outcome.error.code} ${shapeOf(outcome.error.message)}`,
            );
          }
          break;
        }
        case 'parameters':
          params = Object.fromEntries(Object.entries(step.params).map(([k, v]) => [k, toDriverParam(v)]));
          break;
        case 'query':
          // Observed even right after the reset, so a reset that left something behind cannot hide.
          if (measureSideEffects) before = await this.snapshot();
          last = await this.runQuery(step.query, params);
          if (measureSideEffects) after = await this.snapshot();
          break;
        case 'controlQuery':
          last = await this.runQuery(step.query, params);
          break;
        case 'result':
        case 'emptyResult': {
          const outcome = requireOutcome(last);
          if (!outcome.ok) {
            throw new ScenarioFailure(
              'unexpected-error',
              `expected a result, got ${describeError(outcome.error)}`,
              `${outcome.error.code}: ${shapeOf(outcome.error.message)}`,
            );
          }
          if (step.type === 'emptyResult') {
            if (outcome.table.rows.length > 0) {
              throw new ScenarioFailure('wrong-result', `expected an empty result, got ${outcome.table.rows.length} row(s): ${renderRows(outcome.table)}`, 'wrong result: rows where none expected');
            }
          } else {
            const diff = compareTables(step.table, outcome.table, { ordered: step.ordered, ignoreListOrder: step.ignoreListOrder });
            if (diff) {
              throw new ScenarioFailure(
                'wrong-result',
                `${diff}\n  expected: ${renderRows(step.table)}\n  got:      ${renderRows(outcome.table)}`,
                diff.startsWith('columns differ') ? 'wrong result: column names' : 'wrong result: values',
              );
            }
          }
          break;
        }
        case 'error': {
          const outcome = requireOutcome(last);
          if (!outcome.ok) observed.error = outcome.error;
          const expected = `${step.errorType} at ${step.phase}: ${step.detail}`;
          if (outcome.ok) {
            throw new ScenarioFailure('missing-error', `expected ${expected}, got a result: ${renderRows(outcome.table)}`, `no error raised (expected ${step.errorType}: ${step.detail})`);
          }
          const match = matchError(step, outcome.error);
          if (!match.typeMatches) {
            const kind: FailureKind = outcome.error.code.startsWith('Neo.ClientError.') ? 'wrong-error-type' : 'crash';
            throw new ScenarioFailure(
              kind,
              `expected ${expected}, got ${describeError(outcome.error)}`,
              `expected ${step.errorType}, got ${errorClass(outcome.error.code)}${kind === 'crash' ? `: ${shapeOf(outcome.error.message)}` : ''}`,
            );
          }
          detailMatched = match.detailMatches;
          break;
        }
        case 'noSideEffects':
        case 'sideEffects': {
          const expected = step.type === 'sideEffects' ? step.expected : {};
          const diff = compareSideEffects(expected, diffSnapshots(before, after));
          if (diff) throw new ScenarioFailure('side-effects', diff, 'side effects differ');
          break;
        }
      }
    }
    return detailMatched;
  }

  private async resetGraph(): Promise<void> {
    const outcome = await this.runQuery('MATCH (n) DETACH DELETE n', {});
    if (!outcome.ok) {
      // A broken reset would leak state into every later scenario: start from a fresh server instead.
      await this.restart();
    }
  }

  private async snapshot(): Promise<GraphSnapshot> {
    const nodes = await this.runRaw('MATCH (n) RETURN n');
    const rels = await this.runRaw('MATCH ()-[r]->() RETURN r');
    const toEntity = (value: unknown): ObservedEntity => {
      const entity = value as { elementId: string; labels?: string[]; properties: Record<string, unknown> };
      const properties: Record<string, TckValue> = {};
      for (const [k, v] of Object.entries(entity.properties)) properties[k] = fromDriver(v);
      return { id: entity.elementId, labels: entity.labels, properties };
    };
    if (!nodes.ok || !rels.ok) {
      const error = !nodes.ok ? nodes.error : (rels as { ok: false; error: RaisedError }).error;
      throw new ScenarioFailure('side-effects', `observer query failed: ${describeError(error)}`, `observer query failed: ${error.code}`);
    }
    return snapshotOf(nodes.values.map(toEntity), rels.values.map(toEntity));
  }

  /** Runs an observer query and returns the first column's raw driver values. */
  private async runRaw(query: string): Promise<{ ok: true; values: unknown[] } | { ok: false; error: RaisedError }> {
    const outcome = await this.runDriver(query, {});
    if (!outcome.ok) return outcome;
    return { ok: true, values: outcome.records.map((r) => r[0]) };
  }

  async runQuery(query: string, params: Record<string, DriverParam>): Promise<QueryOutcome> {
    const outcome = await this.runDriver(query, params);
    if (!outcome.ok) return outcome;
    return { ok: true, table: { columns: outcome.columns, rows: outcome.records.map((r) => r.map(fromDriver)) } };
  }

  private async runDriver(
    query: string,
    params: Record<string, DriverParam>,
  ): Promise<{ ok: true; columns: string[]; records: unknown[][] } | { ok: false; error: RaisedError }> {
    const driver = this.driver;
    if (!driver) throw new Error('runner not started');
    const session = driver.session({ defaultAccessMode: neo4j.session.WRITE });
    // Whether RUN succeeded: a later failure came while streaming (PULL), i.e. at runtime.
    let answeredRun = false;
    try {
      const run = async () => {
        const result = session.run(query, params, { timeout: this.options.txTimeoutMs });
        const columns = await result.keys();
        answeredRun = true;
        const { records } = await result;
        return { ok: true as const, columns: [...columns] as string[], records: records.map((r) => columns.map((c) => r.get(c))) };
      };
      return await withTimeout(run(), this.options.watchdogMs, () => new WatchdogTimeout(`no answer within ${this.options.watchdogMs} ms: ${oneLine(query)}`));
    } catch (err) {
      if (err instanceof WatchdogTimeout) throw err;
      const error: RaisedError = { ...toRaisedError(err), phase: answeredRun ? 'pull' : 'run' };
      if (CONNECTION_CODES.has(error.code)) await this.recoverConnection();
      return { ok: false, error };
    } finally {
      void withTimeout(session.close(), 1000).catch(() => {});
    }
  }

  /** After a lost connection: keep the server if it still answers, otherwise start a new one. */
  private async recoverConnection(): Promise<void> {
    const driver = this.driver;
    if (!driver) return;
    try {
      await withTimeout(driver.executeQuery('RETURN 1'), 2000);
    } catch {
      await this.restart();
    }
  }
}

function requireOutcome(outcome: QueryOutcome | null): QueryOutcome {
  if (!outcome) throw new ScenarioFailure('runner', 'an outcome step came before any query', 'runner: step order');
  return outcome;
}

export function toRaisedError(err: unknown): RaisedError {
  const e = err as { code?: unknown; message?: unknown; gqlStatusDescription?: unknown; diagnosticRecord?: unknown; cause?: unknown };
  const extra: string[] = [];
  if (typeof e.gqlStatusDescription === 'string') extra.push(e.gqlStatusDescription);
  if (e.diagnosticRecord !== undefined) extra.push(safeJson(e.diagnosticRecord));
  if (e.cause && typeof (e.cause as { message?: unknown }).message === 'string') extra.push((e.cause as { message: string }).message);
  return {
    code: typeof e.code === 'string' && e.code ? e.code : 'UnknownError',
    message: typeof e.message === 'string' ? e.message : String(err),
    extra,
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return '';
  }
}

function describeError(error: RaisedError): string {
  return `${error.code}: ${oneLine(error.message)}`;
}

function renderRows(table: ResultTable): string {
  if (table.rows.length === 0) return `[${table.columns.join(', ')}] (no rows)`;
  const shown = table.rows.slice(0, 6).map((row) => `| ${row.map(render).join(' | ')} |`);
  return `[${table.columns.join(', ')}] ${shown.join(' ')}${table.rows.length > 6 ? ` ... (${table.rows.length} rows)` : ''}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The shape of an error message, for grouping: quoted names, numbers and positions are replaced,
 * so "Variable `x` not defined (line 1, column 8)" and "... `y` ..." fall into one group.
 */
export function shapeOf(message: string): string {
  return oneLine(message)
    .replace(/\(line \d+, column \d+ \(offset: \d+\)\)/g, '')
    .replace(/`[^`]*`/g, '`_`')
    .replace(/'[^']*'/g, "'_'")
    .replace(/"[^"]*"/g, '"_"')
    .replace(/\b\d+(\.\d+)?\b/g, 'N')
    .slice(0, 100)
    .trim();
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout?: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout ? onTimeout() : new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
