/**
 * The evaluation: derive shared facts (graph/cypher/derive), run every recommendation and attack path query, and
 * persist the results as Finding / AttackPath nodes with ticket-friendly lifecycles (docs/findings-model.md).
 * Everything goes through neo4j-driver, so it runs the same on Neo4j and on the embedded server.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import { CYPHER_ROOT, loadPathKinds, loadRules, type PathDefinition, type RuleDefinition, type Severity } from './rule-files.js';
import { findingId, pathId } from './ids.js';
import { assessRisk, type PathFactors } from './risk.js';
import { toPlain } from './plain.js';
import { loadActiveExemptions, matchExemption, type Exemption } from './exemptions.js';
import { NODE_KIND_BY_LABEL, derivedRelationshipTypes } from '../../graph/schema/index.js';

export type LifecycleStatus = 'new' | 'active' | 'resolved' | 'reopened';

export interface FindingResult {
  id: string;
  ruleId: string;
  title: string;
  severity: Severity;
  cloud: string;
  resourceId: string;
  resourceName: string | null;
  resourceLabel: string;
  scope: string | null;
  evidence: Record<string, unknown>;
  status: LifecycleStatus;
  firstSeen: string;
  lastSeen: string;
  exempted: boolean;
  exemptionId: string | null;
}

export interface PathNode {
  id: string;
  label: string;
}

export interface AttackPathResult {
  id: string;
  kind: string;
  title: string;
  risk: Severity;
  riskScore: number;
  riskFactors: string[];
  entryId: string;
  identityId: string | null;
  targetId: string | null;
  nodes: PathNode[];
  factors: PathFactors;
  evidence: Record<string, unknown>;
  status: LifecycleStatus;
  firstSeen: string;
  lastSeen: string;
  exempted: boolean;
  exemptionId: string | null;
}

export interface LifecycleEvent {
  id: string;
  subjectId: string;
  subjectKind: 'finding' | 'path';
  change: 'new' | 'resolved' | 'reopened';
  scanId: string;
  at: string;
}

export interface QueryTiming {
  file: string;
  kind: 'derive' | 'rule' | 'path';
  ms: number;
  rows: number;
}

export interface EvaluationResult {
  scanId: string;
  evaluatedAt: string;
  findings: FindingResult[];
  /** Findings that were open before and are not seen any more. */
  resolvedFindings: string[];
  attackPaths: AttackPathResult[];
  resolvedPaths: string[];
  events: LifecycleEvent[];
  timings: QueryTiming[];
}

export interface EvaluateOptions {
  /** Defaults to the latest ScanRun's id, else a fresh id. */
  scanId?: string;
  now?: Date;
  database?: string;
  rules?: RuleDefinition[];
  pathKinds?: PathDefinition[];
  /** Rows per write batch. */
  batchSize?: number;
}

export const DERIVE_DIR = join(CYPHER_ROOT, 'derive');

async function deriveFiles(): Promise<{ name: string; query: string }[]> {
  let names: string[];
  try {
    names = (await readdir(DERIVE_DIR)).filter((n) => n.endsWith('.cypher')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return Promise.all(names.map(async (name) => ({ name, query: await readFile(join(DERIVE_DIR, name), 'utf8') })));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Label names come from rule headers and path rows: only plain identifiers may be spliced into Cypher. */
function safeLabel(label: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(label)) throw new Error(`invalid label '${label}'`);
  return label;
}

/** A rule may return `resourceLabel` per row (e.g. a standalone task where the rule is about services). */
function resourceLabelOf(value: unknown, rule: RuleDefinition): string {
  if (typeof value === 'string' && NODE_KIND_BY_LABEL.has(value)) return value;
  return rule.resourceType;
}

function nextStatus(previous: string | undefined): LifecycleStatus {
  if (previous === undefined) return 'new';
  if (previous === 'resolved') return 'reopened';
  return 'active';
}

export async function evaluate(driver: Driver, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const now = (options.now ?? new Date()).toISOString();
  const database = options.database;
  const batchSize = options.batchSize ?? 2000;
  const session = driver.session({ database });
  const timings: QueryTiming[] = [];
  try {
    const scanId =
      options.scanId ??
      ((await session.executeRead(async (tx) => {
        const res = await tx.run('MATCH (s:ScanRun) RETURN s.id AS id ORDER BY s.startedAt DESC LIMIT 1');
        return (res.records[0]?.get('id') as string | undefined) ?? null;
      })) ||
        `eval-${now}`);

    // 1. Derived relationships (declared in graph/schema/results.ts) are rebuilt from scratch on every evaluation.
    //    Deleting by type uses the type index instead of scanning every relationship.
    await session.executeWrite((tx) => tx.run(`MATCH ()-[r:${derivedRelationshipTypes().join('|')}]->() WHERE r.derived = true DELETE r`));
    for (const file of await deriveFiles()) {
      const started = performance.now();
      await session.executeWrite((tx) => tx.run(file.query));
      timings.push({ file: `derive/${file.name}`, kind: 'derive', ms: performance.now() - started, rows: 0 });
    }

    // 2. Recommendations.
    const rules = options.rules ?? (await loadRules());
    const pathKinds = options.pathKinds ?? (await loadPathKinds());
    const rawFindings: Omit<FindingResult, 'status' | 'firstSeen' | 'lastSeen' | 'exempted' | 'exemptionId'>[] = [];
    for (const rule of rules) {
      const started = performance.now();
      const records = await session.executeRead(async (tx) => (await tx.run(rule.query)).records);
      timings.push({ file: `recommendations/${rule.id}.cypher`, kind: 'rule', ms: performance.now() - started, rows: records.length });
      const seen = new Set<string>();
      for (const record of records) {
        const resourceId = record.get('resourceId') as string | null;
        if (!resourceId || seen.has(resourceId)) continue;
        seen.add(resourceId);
        rawFindings.push({
          id: findingId(rule.id, resourceId),
          ruleId: rule.id,
          title: rule.title,
          severity: rule.severity,
          cloud: rule.cloud,
          resourceId,
          resourceName: (record.has('resourceName') ? (record.get('resourceName') as string | null) : null) ?? null,
          resourceLabel: resourceLabelOf(record.has('resourceLabel') ? record.get('resourceLabel') : null, rule),
          scope: (record.has('scope') ? (record.get('scope') as string | null) : null) ?? null,
          evidence: (toPlain(record.has('evidence') ? record.get('evidence') : {}) as Record<string, unknown>) ?? {},
        });
      }
    }

    // 3. Attack paths.
    const rawPaths: Omit<AttackPathResult, 'status' | 'firstSeen' | 'lastSeen' | 'exempted' | 'exemptionId'>[] = [];
    for (const kind of pathKinds) {
      const started = performance.now();
      const records = await session.executeRead(async (tx) => (await tx.run(kind.query)).records);
      timings.push({ file: `attack-paths/${kind.id}.cypher`, kind: 'path', ms: performance.now() - started, rows: records.length });
      const seen = new Set<string>();
      for (const record of records) {
        const nodeIds = toPlain(record.get('nodeIds')) as string[];
        const nodeLabels = toPlain(record.get('nodeLabels')) as string[];
        const id = pathId(kind.id, nodeIds);
        if (seen.has(id)) continue;
        seen.add(id);
        const factors = (toPlain(record.has('factors') ? record.get('factors') : {}) ?? {}) as PathFactors;
        rawPaths.push({
          id,
          kind: kind.id,
          title: kind.title,
          ...assessRisk(factors),
          entryId: record.get('entryId') as string,
          identityId: (record.has('identityId') ? (record.get('identityId') as string | null) : null) ?? null,
          targetId: (record.has('targetId') ? (record.get('targetId') as string | null) : null) ?? null,
          nodes: nodeIds.map((nodeId, i) => ({ id: nodeId, label: nodeLabels[i] ?? 'Unknown' })),
          factors,
          evidence: (toPlain(record.has('evidence') ? record.get('evidence') : {}) ?? {}) as Record<string, unknown>,
        });
      }
    }

    // 4. Lifecycle: compare with what the graph already holds. The stored properties and links are read too, so that
    //    persisting can skip rewriting what has not changed (most findings and paths of a rescan).
    const previous = await session.executeRead(async (tx) => {
      // A finding's links are checked where it is touched (persistFindings): cheaper than shipping them here.
      const f = await tx.run('MATCH (f:Finding) RETURN f.id AS id, f {.*} AS props');
      const p = await tx.run(
        `MATCH (p:AttackPath)
         RETURN p.id AS id, p {.*} AS props, [(p)-[s:STEP]->(x) | [s.order, x.id, labels(x)]] AS steps`,
      );
      const findings = new Map<string, StoredFinding>();
      for (const r of f.records) {
        const props = r.get('props') as Record<string, unknown>;
        findings.set(r.get('id') as string, { status: props.status as string, firstSeen: props.firstSeen as string, props });
      }
      const paths = new Map<string, StoredPath>();
      for (const r of p.records) {
        const props = r.get('props') as Record<string, unknown>;
        paths.set(r.get('id') as string, {
          status: props.status as string, firstSeen: props.firstSeen as string, props,
          steps: (r.get('steps') as [unknown, string, string[]][]).map(([order, id, labels]) => ({ order: toPlain(order) as number | null, id, labels })),
        });
      }
      return { findings, paths };
    });
    const exemptions = await loadActiveExemptions(session, now);
    const events: LifecycleEvent[] = [];
    const event = (subjectId: string, subjectKind: 'finding' | 'path', change: LifecycleEvent['change']) =>
      events.push({ id: `e-${scanId}-${subjectId}-${change}`, subjectId, subjectKind, change, scanId, at: now });

    const findings: FindingResult[] = rawFindings.map((raw) => {
      const before = previous.findings.get(raw.id);
      const status = nextStatus(before?.status);
      if (status === 'new' || status === 'reopened') event(raw.id, 'finding', status);
      const exemption: Exemption | null = matchExemption(exemptions, { id: raw.id, ruleId: raw.ruleId, resourceId: raw.resourceId, scope: raw.scope });
      return { ...raw, status, firstSeen: before?.firstSeen ?? now, lastSeen: now, exempted: exemption !== null, exemptionId: exemption?.id ?? null };
    });
    const attackPaths: AttackPathResult[] = rawPaths.map((raw) => {
      const before = previous.paths.get(raw.id);
      const status = nextStatus(before?.status);
      if (status === 'new' || status === 'reopened') event(raw.id, 'path', status);
      const exemption = matchExemption(exemptions, { id: raw.id, ruleId: raw.kind, resourceId: raw.entryId, scope: null });
      return { ...raw, status, firstSeen: before?.firstSeen ?? now, lastSeen: now, exempted: exemption !== null, exemptionId: exemption?.id ?? null };
    });
    const currentFindings = new Set(findings.map((f) => f.id));
    const resolvedFindings = [...previous.findings].filter(([id, p]) => !currentFindings.has(id) && p.status !== 'resolved').map(([id]) => id);
    resolvedFindings.forEach((id) => event(id, 'finding', 'resolved'));
    const currentPaths = new Set(attackPaths.map((p) => p.id));
    const resolvedPaths = [...previous.paths].filter(([id, p]) => !currentPaths.has(id) && p.status !== 'resolved').map(([id]) => id);
    resolvedPaths.forEach((id) => event(id, 'path', 'resolved'));

    // 5. Persist.
    await persistRules(driver, database, rules);
    await persistFindings(driver, database, findings, previous.findings, resolvedFindings, scanId, now, batchSize);
    await persistPaths(driver, database, attackPaths, previous.paths, resolvedPaths, scanId, now, batchSize);
    await linkExemptions(driver, database, [...findings, ...attackPaths], batchSize);
    for (const batch of chunks(events, batchSize)) {
      await session.executeWrite((tx) =>
        tx.run(
          `UNWIND $rows AS row
           MERGE (e:FindingEvent {id: row.id})
           SET e += row, e.name = row.change + ' ' + row.subjectId, e.cloud = 'none', e.scope = 'bookkeeping'`,
          { rows: batch },
        ),
      );
    }
    return { scanId, evaluatedAt: now, findings, resolvedFindings, attackPaths, resolvedPaths, events, timings };
  } finally {
    await session.close();
  }
}

async function write(driver: Driver, database: string | undefined, work: (tx: ManagedTransaction) => Promise<unknown>): Promise<void> {
  const session = driver.session({ database });
  try {
    await session.executeWrite(work);
  } finally {
    await session.close();
  }
}

/** (Exemption)-[:EXEMPTS]->(Finding|AttackPath) mirrors each subject's exemptionId (docs/findings-model.md). */
async function linkExemptions(
  driver: Driver, database: string | undefined, subjects: { id: string; exemptionId: string | null }[], batchSize: number,
): Promise<void> {
  await write(driver, database, (tx) => tx.run('MATCH (:Exemption)-[x:EXEMPTS]->() DELETE x'));
  const exempted = subjects.filter((s) => s.exemptionId !== null).map((s) => ({ id: s.id, exemptionId: s.exemptionId }));
  for (const batch of chunks(exempted, batchSize)) {
    await write(driver, database, (tx) =>
      tx.run(
        `UNWIND $rows AS row
         MATCH (e:Exemption {id: row.exemptionId})
         OPTIONAL MATCH (f:Finding {id: row.id})
         OPTIONAL MATCH (p:AttackPath {id: row.id})
         WITH e, coalesce(f, p) AS subject
         WHERE subject IS NOT NULL
         MERGE (e)-[:EXEMPTS]->(subject)`,
        { rows: batch },
      ),
    );
  }
}

async function persistRules(driver: Driver, database: string | undefined, rules: RuleDefinition[]): Promise<void> {
  const rows = rules.map((r) => ({
    id: r.id, name: r.id, title: r.title, severity: r.severity, platform: r.platform, cloud: r.cloud,
    resourceType: r.resourceType, description: r.description, remediation: r.remediation, references: r.references,
    source: r.source, kind: 'recommendation', scope: 'bookkeeping',
  }));
  await write(driver, database, (tx) => tx.run('UNWIND $rows AS row MERGE (r:Rule {id: row.id}) SET r = row', { rows }));
}

/** What the lifecycle step read of a finding already in the graph. */
interface StoredFinding {
  status: string;
  firstSeen: string;
  props: Record<string, unknown>;
}

/** What the lifecycle step read of a path already in the graph. */
interface StoredPath {
  status: string;
  firstSeen: string;
  props: Record<string, unknown>;
  steps: { order: number | null; id: string; labels: string[] }[];
}

/**
 * The properties that change on every scan of a subject seen again. A subject whose other stored properties equal
 * what would be written, with its links in place, only gets these set (no full rewrite, no relinking).
 */
const PER_SCAN = new Set(['status', 'lastSeen', 'lastScanId']);

function sameValue(stored: unknown, next: unknown): boolean {
  if (Array.isArray(next)) {
    return Array.isArray(stored) && stored.length === next.length && next.every((item, i) => sameValue(stored[i], item));
  }
  return toPlain(stored) === next;
}

/**
 * Whether `SET n = next` would leave the stored properties as they are, apart from the per-scan ones. A null in
 * `next` removes the property (as SET n = map does), so it matches an absent one; an extra stored property would be
 * removed, so it counts as a change.
 */
export function unchangedProperties(stored: Record<string, unknown>, next: Record<string, unknown>): boolean {
  for (const [key, value] of Object.entries(next)) {
    if (PER_SCAN.has(key)) continue;
    if (value === null || value === undefined) {
      if (stored[key] != null) return false;
    } else if (!sameValue(stored[key], value)) return false;
  }
  for (const key of Object.keys(stored)) {
    if (!PER_SCAN.has(key) && (next[key] === null || next[key] === undefined) && stored[key] != null) return false;
  }
  return true;
}

function findingProps(f: FindingResult, scanId: string): Record<string, unknown> {
  return {
    id: f.id, name: `${f.ruleId} ${f.resourceName ?? f.resourceId}`, ruleId: f.ruleId, title: f.title, severity: f.severity,
    cloud: f.cloud, resourceId: f.resourceId, resourceName: f.resourceName, resourceLabel: f.resourceLabel, scope: f.scope,
    status: f.status, firstSeen: f.firstSeen, lastSeen: f.lastSeen, resolvedAt: null, lastScanId: scanId,
    evidence: JSON.stringify(f.evidence), exempted: f.exempted, exemptionId: f.exemptionId,
  };
}

function pathProps(p: AttackPathResult, scanId: string): Record<string, unknown> {
  return {
    id: p.id, name: `${p.kind} ${p.entryId}`, kind: p.kind, title: p.title, risk: p.risk, riskScore: p.riskScore,
    riskFactors: p.riskFactors, entryId: p.entryId, identityId: p.identityId, targetId: p.targetId,
    nodeIds: p.nodes.map((n) => n.id), nodeLabels: p.nodes.map((n) => n.label), status: p.status,
    firstSeen: p.firstSeen, lastSeen: p.lastSeen, resolvedAt: null, lastScanId: scanId, evidence: JSON.stringify(p.evidence),
    exempted: p.exempted, exemptionId: p.exemptionId, cloud: p.nodes.some((n) => n.id.startsWith('arn:')) ? 'aws' : 'azure',
    scope: 'bookkeeping',
  };
}

/** A stored path's STEP links are exactly its nodes in order, each to a node of the path's label for it. */
function stepsInPlace(stored: StoredPath, path: AttackPathResult): boolean {
  if (stored.steps.length !== path.nodes.length) return false;
  const byOrder = [...stored.steps].sort((a, b) => (a.order ?? -1) - (b.order ?? -1));
  return path.nodes.every((node, i) => byOrder[i]!.order === i && byOrder[i]!.id === node.id && byOrder[i]!.labels.includes(node.label));
}

/**
 * Subjects seen again and otherwise unchanged: only their per-scan properties are set. `unlinked` (a Cypher predicate
 * on `n` and `row`) picks those whose links are not in place; their ids are returned, to be written in full.
 */
async function touch(
  driver: Driver, database: string | undefined, label: 'Finding' | 'AttackPath', subjects: Record<string, unknown>[],
  scanId: string, now: string, batchSize: number, unlinked = 'false',
): Promise<string[]> {
  const needWrite: string[] = [];
  for (const batch of chunks(subjects, batchSize)) {
    await write(driver, database, async (tx) => {
      const res = await tx.run(
        `UNWIND $rows AS row
         MATCH (n:${label} {id: row.id})
         SET n.status = row.status, n.lastSeen = $now, n.lastScanId = $scanId
         WITH n, row WHERE ${unlinked}
         RETURN n.id AS id`,
        { rows: batch, now, scanId },
      );
      for (const record of res.records) needWrite.push(record.get('id') as string);
    });
  }
  return needWrite;
}

/** A finding VIOLATES its rule and AFFECTS a node of its resource's label with its resource id. */
const FINDING_UNLINKED = `NOT (n)-[:VIOLATES]->(:Rule {id: row.ruleId})
  OR NOT any(labels IN [(n)-[:AFFECTS]->(x) WHERE x.id = row.resourceId | labels(x)] WHERE row.resourceLabel IN labels)`;

async function persistFindings(
  driver: Driver, database: string | undefined, findings: FindingResult[], stored: Map<string, StoredFinding>, resolved: string[],
  scanId: string, now: string, batchSize: number,
): Promise<void> {
  const changed: { finding: FindingResult; props: Record<string, unknown> }[] = [];
  const unchanged: FindingResult[] = [];
  for (const finding of findings) {
    const props = findingProps(finding, scanId);
    const before = stored.get(finding.id);
    if (before !== undefined && unchangedProperties(before.props, props)) unchanged.push(finding);
    else changed.push({ finding, props });
  }
  const touched = unchanged.map((f) => ({ id: f.id, status: f.status, ruleId: f.ruleId, resourceId: f.resourceId, resourceLabel: f.resourceLabel }));
  const unlinked = new Set(await touch(driver, database, 'Finding', touched, scanId, now, batchSize, FINDING_UNLINKED));
  for (const finding of unchanged) if (unlinked.has(finding.id)) changed.push({ finding, props: findingProps(finding, scanId) });
  for (const batch of chunks(changed, batchSize)) {
    await write(driver, database, (tx) =>
      tx.run(
        `UNWIND $rows AS row
         MERGE (f:Finding {id: row.id})
         SET f = row.props
         WITH f, row
         MATCH (r:Rule {id: row.props.ruleId})
         MERGE (f)-[:VIOLATES]->(r)`,
        { rows: batch.map(({ finding, props }) => ({ id: finding.id, props })) },
      ),
    );
    await linkToGraph(driver, database, 'Finding', 'AFFECTS', batch.map(({ finding: f }) => ({ from: f.id, label: f.resourceLabel, to: f.resourceId })));
  }
  await markResolved(driver, database, 'Finding', resolved, scanId, now, batchSize);
}

async function persistPaths(
  driver: Driver, database: string | undefined, paths: AttackPathResult[], stored: Map<string, StoredPath>, resolved: string[],
  scanId: string, now: string, batchSize: number,
): Promise<void> {
  const changed: { path: AttackPathResult; props: Record<string, unknown> }[] = [];
  const unchanged: { id: string; status: string }[] = [];
  for (const path of paths) {
    const props = pathProps(path, scanId);
    const before = stored.get(path.id);
    if (before !== undefined && stepsInPlace(before, path) && unchangedProperties(before.props, props)) unchanged.push({ id: path.id, status: path.status });
    else changed.push({ path, props });
  }
  await touch(driver, database, 'AttackPath', unchanged, scanId, now, batchSize);
  for (const batch of chunks(changed, batchSize)) {
    await write(driver, database, (tx) =>
      tx.run(
        `UNWIND $rows AS row
         MERGE (p:AttackPath {id: row.id})
         SET p = row
         WITH p
         OPTIONAL MATCH (p)-[s:STEP]->()
         DELETE s`,
        { rows: batch.map(({ props }) => props) },
      ),
    );
    await linkToGraph(driver, database, 'AttackPath', 'STEP', batch.flatMap(({ path: p }) => p.nodes.map((node, order) => ({ from: p.id, label: node.label, to: node.id, order }))));
  }
  await markResolved(driver, database, 'AttackPath', resolved, scanId, now, batchSize);
}

/**
 * Links result nodes to graph nodes of any label: grouped by the target's label, so every lookup uses that label's
 * id constraint (labels cannot be parameters). Path steps are created afresh (a path's old steps were deleted, and a
 * node may recur at two positions); AFFECTS is merged.
 */
async function linkToGraph(
  driver: Driver, database: string | undefined, fromLabel: 'Finding' | 'AttackPath', type: 'AFFECTS' | 'STEP',
  links: { from: string; label: string; to: string; order?: number }[],
): Promise<void> {
  const byLabel = new Map<string, typeof links>();
  for (const link of links) {
    const list = byLabel.get(link.label) ?? [];
    list.push(link);
    byLabel.set(link.label, list);
  }
  for (const [label, rows] of byLabel) {
    await write(driver, database, (tx) =>
      tx.run(
        `UNWIND $rows AS row
         MATCH (s:${fromLabel} {id: row.from})
         MATCH (x:${safeLabel(label)} {id: row.to})
         ${type === 'STEP' ? 'CREATE (s)-[:STEP {order: row.order}]->(x)' : 'MERGE (s)-[:AFFECTS]->(x)'}`,
        { rows: rows.map((row) => ({ ...row, order: row.order ?? null })) },
      ),
    );
  }
}

/** Findings or paths no longer seen: status resolved, with when. */
async function markResolved(
  driver: Driver, database: string | undefined, label: 'Finding' | 'AttackPath', ids: string[], scanId: string, now: string, batchSize: number,
): Promise<void> {
  for (const batch of chunks(ids, batchSize)) {
    await write(driver, database, (tx) =>
      tx.run(
        `UNWIND $ids AS id
         MATCH (n:${label} {id: id})
         SET n.status = 'resolved', n.resolvedAt = $now, n.lastScanId = $scanId`,
        { ids: batch, now, scanId },
      ),
    );
  }
}
