/**
 * The scan report: what `scan` prints and writes, in table, JSON, CSV or SARIF form. The JSON shape is the
 * pipeline contract (README "Scan from the command line"): findings[] and attackPaths[] with stable ids.
 */
import type { AttackPathResult, EvaluationResult, FindingResult } from '../evaluate/evaluate.js';
import type { RuleDefinition, Severity } from '../evaluate/rule-files.js';

export type ReportFormat = 'table' | 'json' | 'csv' | 'sarif';
export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'json', 'csv', 'sarif'];

export interface ScopeReport {
  scope: string;
  status: 'loaded' | 'stale' | 'failed';
  reason?: string;
  resources?: number;
}

export interface ScanReport {
  tool: { name: string; version: string };
  scanId: string;
  source: string;
  evaluatedAt: string;
  scopes: ScopeReport[];
  problems: { source: string; message: string }[];
  summary: {
    findings: number;
    findingsBySeverity: Record<Severity, number>;
    attackPaths: number;
    attackPathsByRisk: Record<Severity, number>;
  };
  findings: FindingResult[];
  attackPaths: AttackPathResult[];
}

const SEVERITY_ORDER: Record<Severity, number> = { Critical: 0, High: 1, Medium: 2, Low: 3 };

function countBy<T>(items: readonly T[], key: (item: T) => Severity): Record<Severity, number> {
  const counts: Record<Severity, number> = { Critical: 0, High: 0, Medium: 0, Low: 0 };
  for (const item of items) counts[key(item)] += 1;
  return counts;
}

export function buildReport(
  evaluation: EvaluationResult,
  context: { source: string; version: string; scopes: ScopeReport[]; problems: { source: string; message: string }[] },
): ScanReport {
  const findings = [...evaluation.findings].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.ruleId.localeCompare(b.ruleId) || a.resourceId.localeCompare(b.resourceId),
  );
  const attackPaths = [...evaluation.attackPaths].sort((a, b) => b.riskScore - a.riskScore || a.id.localeCompare(b.id));
  return {
    tool: { name: 'serverless-attack-paths', version: context.version },
    scanId: evaluation.scanId,
    source: context.source,
    evaluatedAt: evaluation.evaluatedAt,
    scopes: context.scopes,
    problems: context.problems,
    summary: {
      findings: findings.length,
      findingsBySeverity: countBy(findings, (f) => f.severity),
      attackPaths: attackPaths.length,
      attackPathsByRisk: countBy(attackPaths, (p) => p.risk),
    },
    findings,
    attackPaths,
  };
}

function shortName(id: string): string {
  const slash = id.lastIndexOf('/');
  return slash >= 0 && slash < id.length - 1 ? id.slice(slash + 1) : id;
}

function pad(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

export function renderTable(report: ScanReport): string {
  const lines: string[] = [];
  const s = report.summary;
  lines.push(`Scan ${report.scanId} of ${report.source}`);
  lines.push(
    `Findings: ${s.findings} (Critical ${s.findingsBySeverity.Critical}, High ${s.findingsBySeverity.High}, Medium ${s.findingsBySeverity.Medium}, Low ${s.findingsBySeverity.Low})` +
      `   Attack paths: ${s.attackPaths} (Critical ${s.attackPathsByRisk.Critical}, High ${s.attackPathsByRisk.High}, Medium ${s.attackPathsByRisk.Medium}, Low ${s.attackPathsByRisk.Low})`,
  );
  const stale = report.scopes.filter((scope) => scope.status !== 'loaded');
  if (stale.length > 0) lines.push(`Stale scopes: ${stale.map((scope) => `${scope.scope} (${scope.reason ?? scope.status})`).join(', ')}`);
  if (report.problems.length > 0) lines.push(`Skipped input: ${report.problems.length} problem(s); --format json lists them`);
  lines.push('');
  lines.push(`${pad('SEVERITY', 9)} ${pad('RULE', 32)} ${pad('RESOURCE', 40)} STATUS`);
  for (const f of report.findings) {
    lines.push(`${pad(f.severity, 9)} ${pad(f.ruleId, 32)} ${pad(f.resourceName ?? shortName(f.resourceId), 40)} ${f.status}${f.exempted ? ' (exempted)' : ''}`);
  }
  lines.push('');
  lines.push(`${pad('RISK', 9)} ${pad('ATTACK PATH', 36)} NODES`);
  for (const p of report.attackPaths) {
    lines.push(`${pad(p.risk, 9)} ${pad(p.kind, 36)} ${p.nodes.map((n) => `${n.label}:${shortName(n.id)}`).join(' -> ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderJson(report: ScanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** CSV cells: quoted when needed, and neutralised against spreadsheet formula injection. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(report: ScanReport): string {
  const header = ['kind', 'id', 'ruleOrPathKind', 'severityOrRisk', 'resourceId', 'resourceName', 'scope', 'status', 'exempted', 'firstSeen', 'lastSeen', 'details'];
  const rows: unknown[][] = [header];
  for (const f of report.findings) {
    rows.push(['finding', f.id, f.ruleId, f.severity, f.resourceId, f.resourceName, f.scope, f.status, f.exempted, f.firstSeen, f.lastSeen, f.evidence]);
  }
  for (const p of report.attackPaths) {
    rows.push(['attack-path', p.id, p.kind, p.risk, p.entryId, null, null, p.status, p.exempted, p.firstSeen, p.lastSeen, p.nodes.map((n) => n.id).join(' -> ')]);
  }
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { Critical: 'error', High: 'error', Medium: 'warning', Low: 'note' };
const SECURITY_SEVERITY: Record<Severity, string> = { Critical: '9.5', High: '8.0', Medium: '5.5', Low: '3.0' };

export function renderSarif(report: ScanReport, rules: readonly RuleDefinition[], pathKinds: readonly { id: string; title: string; description: string }[]): string {
  const driverRules = [
    ...rules.map((r) => ({
      id: r.id,
      name: r.id,
      shortDescription: { text: r.title },
      fullDescription: { text: r.description },
      help: { text: r.remediation },
      properties: { 'security-severity': SECURITY_SEVERITY[r.severity], tags: ['security', r.platform], references: r.references },
    })),
    ...pathKinds.map((k) => ({
      id: `attack-path/${k.id}`,
      name: k.id,
      shortDescription: { text: k.title },
      fullDescription: { text: k.description },
      properties: { tags: ['security', 'attack-path'] },
    })),
  ];
  const results = [
    ...report.findings.map((f) => ({
      ruleId: f.ruleId,
      level: SARIF_LEVEL[f.severity],
      message: { text: `${f.title}: ${f.resourceName ?? f.resourceId}` },
      locations: [{ logicalLocations: [{ fullyQualifiedName: f.resourceId, name: f.resourceName ?? shortName(f.resourceId), kind: 'resource' }] }],
      partialFingerprints: { findingId: f.id },
      properties: { status: f.status, exempted: f.exempted, scope: f.scope, evidence: f.evidence },
      ...(f.exempted ? { suppressions: [{ kind: 'external', justification: `exemption ${f.exemptionId}` }] } : {}),
    })),
    ...report.attackPaths.map((p) => ({
      ruleId: `attack-path/${p.kind}`,
      level: SARIF_LEVEL[p.risk],
      message: { text: `${p.risk} attack path: ${p.nodes.map((n) => shortName(n.id)).join(' -> ')}` },
      locations: [{ logicalLocations: [{ fullyQualifiedName: p.entryId, name: shortName(p.entryId), kind: 'resource' }] }],
      partialFingerprints: { pathId: p.id },
      properties: { risk: p.risk, riskScore: p.riskScore, riskFactors: p.riskFactors, nodes: p.nodes },
    })),
  ];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: report.tool.name, version: report.tool.version, rules: driverRules } }, results }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
