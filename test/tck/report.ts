/**
 * Summaries of a TCK run: counts per folder (split by scenarios expecting a result vs an error),
 * the project's bar, failure groups, and floors (per-folder minimum pass counts).
 */
import type { ScenarioResult } from './runner.js';

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export interface FolderSummary {
  folder: string;
  result: Counts;
  error: Counts;
  /** Error-expecting scenarios that passed and whose TCK detail name also matched. */
  detailMatched: number;
}

const zero = (): Counts => ({ passed: 0, failed: 0, skipped: 0 });
export const total = (c: Counts): number => c.passed + c.failed + c.skipped;
export const passedOf = (f: FolderSummary): number => f.result.passed + f.error.passed;

export function summarise(results: ScenarioResult[]): FolderSummary[] {
  const byFolder = new Map<string, FolderSummary>();
  for (const r of results) {
    let summary = byFolder.get(r.folder);
    if (!summary) {
      summary = { folder: r.folder, result: zero(), error: zero(), detailMatched: 0 };
      byFolder.set(r.folder, summary);
    }
    const counts = r.expectsError ? summary.error : summary.result;
    counts[r.outcome]++;
    if (r.expectsError && r.outcome === 'passed' && r.detailMatched) summary.detailMatched++;
  }
  return [...byFolder.values()].sort((a, b) => a.folder.localeCompare(b.folder));
}

export function totals(summaries: FolderSummary[]): Counts {
  const t = zero();
  for (const s of summaries) {
    for (const c of [s.result, s.error]) {
      t.passed += c.passed;
      t.failed += c.failed;
      t.skipped += c.skipped;
    }
  }
  return t;
}

/** The project's bar: clauses/ except call, expressions/ except temporal. */
export function inBar(folder: string): boolean {
  if (folder.startsWith('clauses/')) return folder !== 'clauses/call' && !folder.startsWith('clauses/call/');
  if (folder.startsWith('expressions/')) return folder !== 'expressions/temporal' && !folder.startsWith('expressions/temporal/');
  return false;
}

export interface Bar {
  result: { passed: number; total: number; percent: number };
  error: { passed: number; total: number; percent: number };
}

export function bar(summaries: FolderSummary[]): Bar {
  const r = { passed: 0, total: 0 };
  const e = { passed: 0, total: 0 };
  for (const s of summaries.filter((x) => inBar(x.folder))) {
    r.passed += s.result.passed;
    r.total += total(s.result);
    e.passed += s.error.passed;
    e.total += total(s.error);
  }
  const pct = (p: number, t: number) => (t === 0 ? 0 : Math.round((1000 * p) / t) / 10);
  return { result: { ...r, percent: pct(r.passed, r.total) }, error: { ...e, percent: pct(e.passed, e.total) } };
}

export function formatTable(summaries: FolderSummary[]): string {
  const header = ['folder', 'result: pass', 'fail', 'skip', 'error: pass', 'fail', 'skip', 'detail ok'];
  const rows = summaries.map((s) => [
    s.folder,
    String(s.result.passed), String(s.result.failed), String(s.result.skipped),
    String(s.error.passed), String(s.error.failed), String(s.error.skipped),
    String(s.detailMatched),
  ]);
  const t = summaries.reduce(
    (acc, s) => {
      acc.r.passed += s.result.passed; acc.r.failed += s.result.failed; acc.r.skipped += s.result.skipped;
      acc.e.passed += s.error.passed; acc.e.failed += s.error.failed; acc.e.skipped += s.error.skipped;
      acc.d += s.detailMatched;
      return acc;
    },
    { r: zero(), e: zero(), d: 0 },
  );
  rows.push(['TOTAL', String(t.r.passed), String(t.r.failed), String(t.r.skipped), String(t.e.passed), String(t.e.failed), String(t.e.skipped), String(t.d)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(0, -1).map(line), line(widths.map((w) => '-'.repeat(w))), line(rows[rows.length - 1]!)].join('\n');
}

export interface FailureGroup {
  kind: string;
  cause: string;
  count: number;
  folders: Record<string, number>;
  examples: string[];
}

export function groupFailures(results: ScenarioResult[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const r of results) {
    if (r.outcome !== 'failed') continue;
    const kind = r.failureKind ?? 'unknown';
    const cause = r.cause ?? 'unknown';
    const key = `${kind}\u0000${cause}`;
    let group = groups.get(key);
    if (!group) {
      group = { kind, cause, count: 0, folders: {}, examples: [] };
      groups.set(key, group);
    }
    group.count++;
    group.folders[r.folder] = (group.folders[r.folder] ?? 0) + 1;
    if (group.examples.length < 3) group.examples.push(r.id);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause));
}

export function failuresByKind(results: ScenarioResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) if (r.outcome === 'failed') out[r.failureKind ?? 'unknown'] = (out[r.failureKind ?? 'unknown'] ?? 0) + 1;
  return out;
}

export type Floors = Record<string, number>;

/** Folders whose passed count fell below their floor (a folder absent from the run counts as 0 passed). */
export function checkFloors(summaries: FolderSummary[], floors: Floors): { folder: string; floor: number; passed: number }[] {
  const passed = new Map(summaries.map((s) => [s.folder, passedOf(s)]));
  const below: { folder: string; floor: number; passed: number }[] = [];
  for (const [folder, floor] of Object.entries(floors)) {
    const p = passed.get(folder) ?? 0;
    if (p < floor) below.push({ folder, floor, passed: p });
  }
  return below;
}

export function floorsOf(summaries: FolderSummary[]): Floors {
  const floors: Floors = {};
  for (const s of summaries) floors[s.folder] = passedOf(s);
  return floors;
}
